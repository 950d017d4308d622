import type { LayerDefinition } from './layerTypes';
import { createDefaultPoolParams, describePoolParams, explainPoolArithmetic, inferPoolOutput, POOL_FIELDS, validatePoolParams } from './pool2d';
import { windowReceptiveStep } from './windowSteps';

/** AvgPool2D: the mean of each window; padded cells are not counted (TensorFlow semantics). */
export const avgPool2d: LayerDefinition<'AvgPool2D'> = {
  kind: 'AvgPool2D',
  category: 'Pooling',
  hint: 'Mean value per window',
  fields: POOL_FIELDS,
  arity: { min: 1, max: 1 },
  nonTrainableWeights: [],
  defaultParams: createDefaultPoolParams,
  validateParams: validatePoolParams,
  inferOutput: (shapes, p, ctx) => inferPoolOutput('AvgPool2D', shapes, p, ctx),
  describeParams: describePoolParams,
  weightShapes: () => ({}),
  receptiveField: (_p, g) => windowReceptiveStep(g),
  explainArithmetic: explainPoolArithmetic,
};
