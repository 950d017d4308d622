import type { LayerDefinition } from './layerTypes';
import { createDefaultPoolParams, describePoolParams, explainPoolArithmetic, inferPoolOutput, POOL_FIELDS, validatePoolParams } from './pool2d';
import { windowReceptiveStep } from './windowSteps';

/** MaxPool2D: the maximum of each window; padded cells never win (TensorFlow semantics). */
export const maxPool2d: LayerDefinition<'MaxPool2D'> = {
  kind: 'MaxPool2D',
  category: 'Pooling',
  hint: 'Largest value per window',
  fields: POOL_FIELDS,
  arity: { min: 1, max: 1 },
  nonTrainableWeights: [],
  defaultParams: createDefaultPoolParams,
  validateParams: validatePoolParams,
  inferOutput: (shapes, p, ctx) => inferPoolOutput('MaxPool2D', shapes, p, ctx),
  describeParams: describePoolParams,
  weightShapes: () => ({}),
  receptiveField: (_p, g) => windowReceptiveStep(g),
  explainArithmetic: explainPoolArithmetic,
};
