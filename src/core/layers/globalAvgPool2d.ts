import type { LayerDefinition } from './layerTypes';
import { validateNoParams } from './noParams';
import { checkSpatialInput } from './windowChecks';

/** GlobalAvgPool2D: [h, w, c] -> [c], the mean over each channel. No weights, 0 MACs. */
export const globalAvgPool2d: LayerDefinition<'GlobalAvgPool2D'> = {
  kind: 'GlobalAvgPool2D',
  category: 'Pooling',
  hint: 'Mean per channel → vector',
  fields: [],
  arity: { min: 1, max: 1 },
  nonTrainableWeights: [],
  defaultParams: () => ({}),
  validateParams: validateNoParams,
  inferOutput([input], _p, ctx) {
    const rank = checkSpatialInput('GlobalAvgPool2D', input, ctx);
    if (rank) return { ok: false, diagnostics: [rank] };
    return { ok: true, shape: [input[2]], trainableParams: 0, nonTrainableParams: 0, macs: 0, diagnostics: [] };
  },
  describeParams: () => 'mean over h, w',
  weightShapes: () => ({}),
  receptiveField: () => ({ type: 'vector' }),
};
