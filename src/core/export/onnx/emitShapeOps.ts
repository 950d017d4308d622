/** The reshaping and gating kinds as ONNX ops on NCHW maps and [N, F] vectors in our order. */
import { resolveMargins } from '../../layers/margins';
import { toPairValues } from '../../shape/convArithmetic';
import type { EmitContext, EmitResult, OnnxValue } from './emitTypes';
import type { AttributeValue } from './onnxWriter';

const map = (name: string): EmitResult => ({ ok: true, value: { name, layout: 'map' } });

/** Keras' nearest repeats pixels (asymmetric coordinates, floor); bilinear has half-pixel centres. */
export function emitUpSampling2D(ctx: EmitContext<'UpSampling2D'>): EmitResult {
  const { w, step, layer } = ctx;
  const [sh, sw] = toPairValues(step.params.size);
  const scales = w.weight(`${layer}.scales`, [4], Float32Array.of(1, 1, sh, sw));
  const attributes: Record<string, AttributeValue> = step.params.interpolation === 'bilinear'
    ? { mode: { string: 'linear' }, coordinate_transformation_mode: { string: 'half_pixel' } }
    : { mode: { string: 'nearest' }, coordinate_transformation_mode: { string: 'asymmetric' }, nearest_mode: { string: 'floor' } };
  return map(w.op('Resize', [ctx.inputs[0].name, '', scales], layer, attributes));
}

export function emitZeroPadding2D(ctx: EmitContext<'ZeroPadding2D'>): EmitResult {
  const m = resolveMargins(ctx.step.params.padding);
  return map(ctx.w.op('Pad', [ctx.inputs[0].name, ctx.w.int64s([0, 0, m.top, m.left, 0, 0, m.bottom, m.right])], ctx.layer));
}

export function emitCropping2D(ctx: EmitContext<'Cropping2D'>): EmitResult {
  const { w, step } = ctx;
  const m = resolveMargins(step.params.cropping);
  const [h, wd] = step.outputShape;
  return map(w.op('Slice', [ctx.inputs[0].name, w.int64s([m.top, m.left]), w.int64s([m.top + h, m.left + wd]), w.int64s([2, 3])], ctx.layer));
}

/** A [c] gate (an [N, c] vector) becomes [N, c, 1, 1] to broadcast over an NCHW map; [1, 1, c] already is. */
export function emitMultiply(ctx: EmitContext<'Multiply'>): EmitResult {
  const { w, step, layer } = ctx;
  const outIsMap = step.outputShape.length === 3;
  const names = ctx.inputs.map((x: OnnxValue) => (outIsMap && x.layout === 'vector' ? w.op('Unsqueeze', [x.name, w.int64s([2, 3])], layer) : x.name));
  let product = names[0];
  for (const next of names.slice(1)) product = w.op('Mul', [product, next], layer);
  return { ok: true, value: { name: product, layout: outIsMap ? 'map' : 'vector' } };
}

/**
 * Reshape reads the values in our row-major NHWC order: a map is transposed to NHWC first, and a
 * map result is transposed back to NCHW. The batch stays dynamic (-1).
 */
export function emitReshape(ctx: EmitContext<'Reshape'>): EmitResult {
  const { w, step, layer } = ctx;
  const x = ctx.inputs[0];
  const source = x.layout === 'map' ? w.op('Transpose', [x.name], layer, { perm: { ints: [0, 2, 3, 1] } }) : x.name;
  const target = step.outputShape;
  const reshaped = w.op('Reshape', [source, w.int64s([-1, ...target])], layer);
  if (target.length !== 3) return { ok: true, value: { name: reshaped, layout: 'vector' } };
  return map(w.op('Transpose', [reshaped], layer, { perm: { ints: [0, 3, 1, 2] } }));
}
