import { countElements } from '../shape/convArithmetic';
import type { LayerDefinition } from './layerTypes';
import { validateNoParams } from './noParams';

/** Flatten: [h, w, c] -> [h*w*c] in NHWC (row-major) order, as Keras. A vector passes unchanged. */
export const flatten: LayerDefinition<'Flatten'> = {
  kind: 'Flatten',
  category: 'Core',
  hint: '[h, w, c] → [h·w·c]',
  fields: [],
  aliasesInput: true,
  arity: { min: 1, max: 1 },
  nonTrainableWeights: [],
  defaultParams: () => ({}),
  validateParams: validateNoParams,
  inferOutput: ([input]) => ({ ok: true, shape: [countElements(input)], trainableParams: 0, nonTrainableParams: 0, macs: 0, diagnostics: [] }),
  describeParams: () => '',
  weightShapes: () => ({}),
  receptiveField: () => ({ type: 'vector' }),
};
