import type { LayerDefinition } from './layerTypes';
import { createDefaultPoolParams, describePoolParams, inferPoolOutput, validatePoolParams } from './pool2d';

/** AvgPool2D: the mean of each window; padded cells are not counted (TensorFlow semantics). */
export const avgPool2d: LayerDefinition<'AvgPool2D'> = {
  kind: 'AvgPool2D',
  category: 'Pooling',
  arity: { min: 1, max: 1 },
  nonTrainableWeights: [],
  defaultParams: createDefaultPoolParams,
  validateParams: validatePoolParams,
  inferOutput: (shapes, p, ctx) => inferPoolOutput('AvgPool2D', shapes, p, ctx),
  describeParams: describePoolParams,
  weightShapes: () => ({}),
};
