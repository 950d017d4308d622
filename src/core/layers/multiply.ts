import type { Shape } from '../graph/types';
import type { InferOutputResult, LayerContext, LayerDefinition } from './layerTypes';
import { formatMergeInputs } from './mergeInputs';
import { validateNoParams } from './noParams';

const sizeOf = (s: Shape): number => s.reduce((a, b) => a * b, 1);
const sameShape = (a: Shape, b: Shape): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/** A per-channel gate of `full`: [c] or [1, 1, c] with c its channel count. */
function isChannelGate(gate: Shape, full: Shape): boolean {
  const c = full[full.length - 1];
  return (gate.length === 1 && gate[0] === c) || (gate.length === 3 && gate[0] === 1 && gate[1] === 1 && gate[2] === c);
}

function mismatch(shapes: readonly Shape[], ctx: LayerContext, full: Shape): InferOutputResult {
  const c = full[full.length - 1];
  return {
    ok: false,
    diagnostics: [{
      nodeId: ctx.nodeId,
      severity: 'error',
      code: 'merge-shape-mismatch',
      message: `${ctx.label}: Multiply needs inputs shaped like [${full.join(', ')}] or per-channel gates [${c}] / [1, 1, ${c}], got ${formatMergeInputs(shapes, ctx)}`,
      fixes: [],
    }],
  };
}

/**
 * Multiply: the element-wise product of >= 2 inputs. The largest input sets the output shape; every
 * other input has that shape or is a per-channel gate ([c] or [1, 1, c]) broadcast over every
 * position, as the squeeze-and-excitation blocks of EfficientNet and MobileNetV3 use it. No weights,
 * 0 MACs (element-wise work, like Add).
 */
export const multiply: LayerDefinition<'Multiply'> = {
  kind: 'Multiply',
  category: 'Merge',
  hint: 'Product; gates [c] broadcast',
  fields: [],
  arity: { min: 2, max: Infinity },
  nonTrainableWeights: [],
  defaultParams: () => ({}),
  validateParams: validateNoParams,
  inferOutput(shapes, _p, ctx) {
    // The largest input, and on a tie the higher rank: [1, 1, c] times a [c] gate stays a map.
    const full = shapes.reduce((best, s) => (sizeOf(s) > sizeOf(best) || (sizeOf(s) === sizeOf(best) && s.length > best.length) ? s : best), shapes[0]);
    const fits = shapes.every((s) => sameShape(s, full) || isChannelGate(s, full));
    if (!fits) return mismatch(shapes, ctx, full);
    return { ok: true, shape: full, trainableParams: 0, nonTrainableParams: 0, macs: 0, diagnostics: [] };
  },
  describeParams: () => 'element-wise',
  weightShapes: () => ({}),
  receptiveField: () => ({ type: 'gate' }),
};
