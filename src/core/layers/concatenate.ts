import type { LayerDefinition } from './layerTypes';
import { formatMergeInputs } from './mergeInputs';
import { validateNoParams } from './noParams';

/** Concatenate: joins >= 2 inputs along the last axis (channels) in edge order; h and w must match. */
export const concatenate: LayerDefinition<'Concatenate'> = {
  kind: 'Concatenate',
  category: 'Merge',
  hint: 'Stack along channels',
  fields: [],
  arity: { min: 2, max: Infinity },
  nonTrainableWeights: [],
  defaultParams: () => ({}),
  validateParams: validateNoParams,
  inferOutput(shapes, _p, ctx) {
    const first = shapes[0];
    const rank = first.length;
    const fits = shapes.every((s) => s.length === rank && s.every((d, i) => i === rank - 1 || d === first[i]));
    if (!fits) {
      return {
        ok: false,
        diagnostics: [{
          nodeId: ctx.nodeId,
          severity: 'error',
          code: 'merge-shape-mismatch',
          message: `${ctx.label}: Concatenate joins along channels, so all other sizes must match, got ${formatMergeInputs(shapes, ctx)}`,
          fixes: [],
        }],
      };
    }
    let channels = 0;
    for (const s of shapes) channels += s[rank - 1];
    return { ok: true, shape: [...first.slice(0, rank - 1), channels], trainableParams: 0, nonTrainableParams: 0, macs: 0, diagnostics: [] };
  },
  describeParams: () => 'along channels',
  weightShapes: () => ({}),
  receptiveField: () => ({ type: 'same' }),
};
