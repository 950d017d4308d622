import type { ReshapeParams, Shape } from '../graph/types';
import { countElements } from '../shape/convArithmetic';
import type { Fix } from '../shape/types';
import type { FieldError, InferOutputResult, LayerContext, LayerDefinition } from './layerTypes';
import { MAX_TENSOR_ELEMENTS } from './limits';

const show = (s: readonly number[]) => `[${s.join(', ')}]`;
const count = (n: number) => n.toLocaleString('en-US');

function readTargetShape(raw: Record<string, unknown>, errors: FieldError[]): readonly number[] {
  const v = raw.targetShape;
  if (v === undefined) return [-1];
  const entry = (d: unknown) => typeof d === 'number' && Number.isInteger(d) && (d === -1 || (d >= 1 && d <= MAX_TENSOR_ELEMENTS));
  if (Array.isArray(v) && (v.length === 1 || v.length === 3) && v.every(entry)) {
    if (v.filter((d) => d === -1).length <= 1) return v as number[];
    errors.push({ field: 'targetShape', message: `targetShape may have one -1 (the size inferred from the rest), got ${JSON.stringify(v)}` });
    return [-1];
  }
  let shown: string;
  try { shown = JSON.stringify(v) ?? String(v); } catch { shown = String(v); }
  errors.push({ field: 'targetShape', message: `targetShape must be [h, w, c] or [n] of whole numbers from 1 to ${count(MAX_TENSOR_ELEMENTS)}, one of them may be -1, got ${shown}` });
  return [-1];
}

function countError(ctx: LayerContext, message: string, input: Shape, target: readonly number[]): InferOutputResult {
  const total = countElements(input);
  const fixes: Fix[] = [{ label: `targetShape [${total}] (flatten)`, patch: { type: 'setParams', nodeId: ctx.nodeId, params: { targetShape: [total] } } }];
  // Inferring the last size keeps what the person wrote for the others when it divides.
  if (target.length === 3 && !target.includes(-1) && total % (target[0] * target[1]) === 0) {
    const withLast = [target[0], target[1], -1];
    fixes.unshift({ label: `targetShape ${show(withLast)}`, patch: { type: 'setParams', nodeId: ctx.nodeId, params: { targetShape: withLast } } });
  }
  return { ok: false, diagnostics: [{ nodeId: ctx.nodeId, severity: 'error', code: 'reshape-count-mismatch', field: 'targetShape', message, fixes }] };
}

/**
 * Reshape, Keras semantics: the per-sample tensor in row-major (NHWC) order read into
 * `targetShape` ([h, w, c] or [n]); one entry may be -1 and is inferred. The data does not move
 * (the output is the input's buffer), so a PyTorch model's reshape of an NCHW tensor is not this
 * one without a permute. No weights, 0 MACs; no receptive field (pixels are regrouped).
 */
export const reshape: LayerDefinition<'Reshape'> = {
  kind: 'Reshape',
  category: 'Reshape',
  hint: 'Same values, new shape (-1 inferred)',
  fields: [{ field: 'targetShape', label: 'Target shape', control: 'shape', hint: 'One entry may be -1: inferred from the others' }],
  aliasesInput: true,
  arity: { min: 1, max: 1 },
  nonTrainableWeights: [],
  defaultParams: () => ({ targetShape: [-1] }),
  validateParams(raw) {
    const errors: FieldError[] = [];
    const targetShape = readTargetShape(raw, errors);
    return errors.length > 0 ? { ok: false, errors } : { ok: true, params: { targetShape } };
  },
  inferOutput([input], p, ctx) {
    const total = countElements(input);
    const known = p.targetShape.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
    const free = p.targetShape.indexOf(-1);
    if (free < 0) {
      if (known === total) return { ok: true, shape: p.targetShape, trainableParams: 0, nonTrainableParams: 0, macs: 0, diagnostics: [] };
      return countError(ctx, `${ctx.label}: the input ${show(input)} has ${count(total)} values but targetShape ${show(p.targetShape)} holds ${count(known)}`, input, p.targetShape);
    }
    if (total % known !== 0) {
      return countError(ctx, `${ctx.label}: the input ${show(input)} has ${count(total)} values, not a multiple of ${count(known)} (the product of targetShape ${show(p.targetShape)} without the -1), so no size fits the -1`, input, p.targetShape);
    }
    const shape = p.targetShape.map((d) => (d === -1 ? total / known : d));
    return { ok: true, shape, trainableParams: 0, nonTrainableParams: 0, macs: 0, diagnostics: [] };
  },
  describeParams: (p) => `→ ${show(p.targetShape)}`,
  weightShapes: () => ({}),
  receptiveField: () => ({ type: 'vector' }),
};
