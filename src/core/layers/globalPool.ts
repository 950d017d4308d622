import type { LayerDefinition } from './layerTypes';
import { validateNoParams } from './noParams';
import { checkSpatialInput } from './windowChecks';

/** A global pooling kind: [h, w, c] -> [c], one value per channel. No weights, 0 MACs. */
export function globalPoolDefinition<K extends 'GlobalAvgPool2D' | 'GlobalMaxPool2D'>(kind: K, hint: string, paramLine: string): LayerDefinition<K> {
  return {
    kind,
    category: 'Pooling',
    hint,
    fields: [],
    arity: { min: 1, max: 1 },
    nonTrainableWeights: [],
    defaultParams: () => ({}),
    validateParams: validateNoParams,
    inferOutput([input], _p, ctx) {
      const rank = checkSpatialInput(kind, input, ctx);
      if (rank) return { ok: false, diagnostics: [rank] };
      return { ok: true, shape: [input[2]], trainableParams: 0, nonTrainableParams: 0, macs: 0, diagnostics: [] };
    },
    describeParams: () => paramLine,
    weightShapes: () => ({}),
    receptiveField: () => ({ type: 'vector' }),
  };
}
