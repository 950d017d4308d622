import type { LayerDefinition } from './layerTypes';
import { formatMergeInputs } from './mergeInputs';
import { validateNoParams } from './noParams';

/** Add: elementwise sum of >= 2 inputs of identical shape (residual connections). No weights. */
export const add: LayerDefinition<'Add'> = {
  kind: 'Add',
  category: 'Merge',
  hint: 'Sum of equal shapes',
  fields: [],
  arity: { min: 2, max: Infinity },
  nonTrainableWeights: [],
  defaultParams: () => ({}),
  validateParams: validateNoParams,
  inferOutput(shapes, _p, ctx) {
    const first = shapes[0];
    const same = shapes.every((s) => s.length === first.length && s.every((d, i) => d === first[i]));
    if (same) return { ok: true, shape: first, trainableParams: 0, nonTrainableParams: 0, macs: 0, diagnostics: [] };
    return {
      ok: false,
      diagnostics: [{
        nodeId: ctx.nodeId,
        severity: 'error',
        code: 'merge-shape-mismatch',
        message: `${ctx.label}: Add needs inputs of identical shape, got ${formatMergeInputs(shapes, ctx)}`,
        fixes: [],
      }],
    };
  },
  describeParams: () => '',
  weightShapes: () => ({}),
  receptiveField: () => ({ type: 'same' }),
};
