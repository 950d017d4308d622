import type { LayerDefinition } from './layerTypes';
import { AVG_POOL_FIELDS, createDefaultAvgPoolParams, describeAvgPoolParams, explainPoolArithmetic, inferPoolOutput, validateAvgPoolParams } from './pool2d';
import { windowReceptiveStep } from './windowSteps';

/**
 * AvgPool2D: the mean of each window. Padded cells are not counted (TensorFlow semantics) unless
 * countIncludePad, which divides by the window clipped to the padded input (PyTorch's
 * count_include_pad: the overhang of ceilMode is never counted).
 */
export const avgPool2d: LayerDefinition<'AvgPool2D'> = {
  kind: 'AvgPool2D',
  category: 'Pooling',
  hint: 'Mean value per window',
  fields: AVG_POOL_FIELDS,
  arity: { min: 1, max: 1 },
  nonTrainableWeights: [],
  defaultParams: createDefaultAvgPoolParams,
  validateParams: validateAvgPoolParams,
  inferOutput: (shapes, p, ctx) => inferPoolOutput('AvgPool2D', shapes, p, ctx),
  describeParams: describeAvgPoolParams,
  weightShapes: () => ({}),
  receptiveField: (_p, g) => windowReceptiveStep(g),
  explainArithmetic: explainPoolArithmetic,
};
