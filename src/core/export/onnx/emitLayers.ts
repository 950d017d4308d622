/**
 * Every layer kind as ONNX ops on NCHW values. The table is typed over every kind, so a new kind
 * does not compile until it says how it exports (or why it cannot).
 */
import type { LayerKind } from '../../graph/types';
import { emitActivation } from './emitActivation';
import { emitConv2D, emitConv2DTranspose, emitDepthwiseConv2D, emitSeparableConv2D, windowAttributes } from './emitConv';
import { emitCropping2D, emitMultiply, emitReshape, emitUpSampling2D, emitZeroPadding2D } from './emitShapeOps';
import type { EmitContext, EmitResult, Emitter } from './emitTypes';
import type { AttributeValue } from './onnxWriter';
import type { ConvGeometry } from '../../shape/types';

const map = (name: string): EmitResult => ({ ok: true, value: { name, layout: 'map' } });
const vector = (name: string): EmitResult => ({ ok: true, value: { name, layout: 'vector' } });
/** Layers that are the identity at inference keep their input's value. */
const passThrough = (ctx: EmitContext<LayerKind>): EmitResult => ({ ok: true, value: ctx.inputs[0] });

function geometry(ctx: EmitContext<'MaxPool2D' | 'AvgPool2D'>) {
  const g = ctx.step.geometry;
  if (!g) throw new Error(`${ctx.step.name}: ${ctx.step.kind} has no resolved geometry`);
  return g;
}

/**
 * MaxPool / AveragePool with explicit pads. ONNX (onnxruntime: "Pad should be smaller than kernel")
 * refuses a pad as large as the window, where a whole window could lie in the padding.
 */
function emitPool(ctx: EmitContext<'MaxPool2D' | 'AvgPool2D'>, op: 'MaxPool' | 'AveragePool', extra: Record<string, AttributeValue>, counted = false): EmitResult {
  const g = geometry(ctx);
  if (Math.max(g.padTop, g.padBottom) >= g.kH || Math.max(g.padLeft, g.padRight) >= g.kW) {
    return {
      ok: false,
      reason: `ONNX pools need every pad smaller than the window: pool ${g.kH}x${g.kW} with pads top ${g.padTop}, bottom ${g.padBottom}, left ${g.padLeft}, right ${g.padRight}; use smaller pads (or 'same'), or a larger poolSize`,
    };
  }
  if (!g.ceilMode) return map(ctx.w.op(op, [ctx.inputs[0].name], ctx.layer, { ...windowAttributes(g, false), ...extra }));
  const ceil = ceilModeAttributes(g, counted);
  if (!ceil.ok) return { ok: false, reason: `${ctx.step.name}: ${ceil.reason}` };
  return map(ctx.w.op(op, [ctx.inputs[0].name], ctx.layer, { ...windowAttributes(g, false), ...ceil.attributes, ...extra }));
}

/**
 * A ceilMode pool as ONNX attributes. onnxruntime drops a last window that would start in the
 * trailing pad, as we and PyTorch do, but onnx's shape inference (1.12) does not, so where that
 * rule fires the pool is written in floor mode with the trailing pads cut to where our last
 * window ends; elsewhere ceil_mode=1, which reads back as ceilMode.
 */
function ceilModeAttributes(g: ConvGeometry, counted: boolean): { ok: true; attributes: Record<string, AttributeValue> } | { ok: false; reason: string } {
  const axes = [
    { size: g.inH, before: g.padTop, after: g.padBottom, k: g.kH, s: g.strideH, out: g.outH },
    { size: g.inW, before: g.padLeft, after: g.padRight, k: g.kW, s: g.strideW, out: g.outW },
  ];
  const dropped = axes.some((a) => Math.ceil((a.size + a.before + a.after - a.k) / a.s) + 1 !== a.out);
  if (!dropped) return { ok: true, attributes: { ceil_mode: { int: 1 } } };
  const reach = axes.map((a) => (a.out - 1) * a.s + a.k - a.size - a.before);
  // A counted mean must not count cells past our padding; a window narrower than its stride cannot be cut to.
  if (reach.some((r, i) => r < 0 || (counted && r > axes[i].after))) {
    return { ok: false, reason: `ceilMode with a last window dropped from the trailing padding (pads top ${g.padTop}, bottom ${g.padBottom}, left ${g.padLeft}, right ${g.padRight}) has no ONNX form that onnx's shape inference accepts; use padding at most half the pool` };
  }
  return { ok: true, attributes: { pads: { ints: [g.padTop, g.padLeft, reach[0], reach[1]] } } };
}

/** Dense: Gemm with B = our kernel [in, units] as it is (no transB). */
function emitDense(ctx: EmitContext<'Dense'>): EmitResult {
  const { w, step, layer } = ctx;
  const p = step.params;
  const features = step.inputShapes[0][0];
  const inputs = [ctx.inputs[0].name, w.weight(`${layer}.weight`, [features, p.units], ctx.weights.kernel)];
  if (p.useBias) inputs.push(w.weight(`${layer}.bias`, [p.units], ctx.weights.bias));
  return vector(emitActivation(w, w.op('Gemm', inputs, layer), p.activation, undefined, layer));
}

/**
 * Flatten of an NCHW map: a Transpose to NHWC first, so the features come in our H, W, C order and
 * the Dense after it keeps our kernel rows. A 1x1 map needs no Transpose; a vector is already flat.
 */
function emitFlatten(ctx: EmitContext<'Flatten'>): EmitResult {
  const { w, step, layer } = ctx;
  const x = ctx.inputs[0];
  if (x.layout === 'vector') return { ok: true, value: x };
  const [h, wd] = step.inputShapes[0];
  const source = h * wd > 1 ? w.op('Transpose', [x.name], layer, { perm: { ints: [0, 2, 3, 1] } }) : x.name;
  return vector(w.op('Flatten', [source], layer, { axis: { int: 1 } }));
}

function emitBatchNorm(ctx: EmitContext<'BatchNorm'>): EmitResult {
  const { w, step, layer } = ctx;
  const shape = step.outputShape;
  const c = shape[shape.length - 1];
  const names = [['gamma', 'weight'], ['beta', 'bias'], ['movingMean', 'running_mean'], ['movingVariance', 'running_var']] as const;
  const inputs = [ctx.inputs[0].name, ...names.map(([ours, theirs]) => w.weight(`${layer}.${theirs}`, [c], ctx.weights[ours]))];
  const y = w.op('BatchNormalization', inputs, layer, { epsilon: { float: step.params.epsilon } });
  return { ok: true, value: { name: y, layout: ctx.inputs[0].layout } };
}

/** Add of two inputs; Sum of more (ONNX's Add takes exactly two). */
function emitAdd(ctx: EmitContext<'Add'>): EmitResult {
  const names = ctx.inputs.map((x) => x.name);
  const y = ctx.w.op(names.length === 2 ? 'Add' : 'Sum', names, ctx.layer);
  return { ok: true, value: { name: y, layout: ctx.inputs[0].layout } };
}

/** Concat on axis 1: the channels of NCHW maps, the features of vectors. */
function emitConcatenate(ctx: EmitContext<'Concatenate'>): EmitResult {
  const y = ctx.w.op('Concat', ctx.inputs.map((x) => x.name), ctx.layer, { axis: { int: 1 } });
  return { ok: true, value: { name: y, layout: ctx.inputs[0].layout } };
}

/**
 * Rescaling: Mul by the scale, then Add of the offset, as PyTorch exports `x * s + o`; the Mul is
 * left out for scale 1 with an offset, the Add for offset 0 (the import reads both forms back).
 */
function emitRescaling(ctx: EmitContext<'Rescaling'>): EmitResult {
  const { scale, offset } = ctx.step.params;
  let y = ctx.inputs[0].name;
  if (scale !== 1 || offset === 0) y = ctx.w.op('Mul', [y, ctx.w.scalar(scale)], ctx.layer);
  if (offset !== 0) y = ctx.w.op('Add', [y, ctx.w.scalar(offset)], ctx.layer);
  return { ok: true, value: { name: y, layout: ctx.inputs[0].layout } };
}

/** How each kind exports (Input is the graph input, written by exportOnnx); a kind without an entry is refused by name. */
export const EMITTERS: { readonly [K in Exclude<LayerKind, 'Input'>]?: Emitter<K> } = {
  Conv2D: emitConv2D,
  DepthwiseConv2D: emitDepthwiseConv2D,
  SeparableConv2D: emitSeparableConv2D,
  Conv2DTranspose: emitConv2DTranspose,
  MaxPool2D: (ctx) => emitPool(ctx, 'MaxPool', {}),
  // count_include_pad=0: the mean over the real pixels of each window, Keras' 'same'; 1 is countIncludePad.
  AvgPool2D: (ctx) => {
    const counted = ctx.step.params.countIncludePad;
    return emitPool(ctx, 'AveragePool', { count_include_pad: { int: counted ? 1 : 0 } }, counted);
  },
  // GlobalAveragePool then Flatten: [N, C, 1, 1] -> [N, C], as PyTorch's avgpool + flatten export.
  GlobalAvgPool2D: (ctx) => vector(ctx.w.op('Flatten', [ctx.w.op('GlobalAveragePool', [ctx.inputs[0].name], ctx.layer)], ctx.layer, { axis: { int: 1 } })),
  Dense: emitDense,
  Flatten: emitFlatten,
  Activation: (ctx) => {
    const y = emitActivation(ctx.w, ctx.inputs[0].name, ctx.step.params.fn, ctx.step.params.alpha, ctx.layer);
    return { ok: true, value: { name: y, layout: ctx.inputs[0].layout } };
  },
  Dropout: passThrough,
  BatchNorm: emitBatchNorm,
  Add: emitAdd,
  Concatenate: emitConcatenate,
  GlobalMaxPool2D: (ctx) => vector(ctx.w.op('ReduceMax', [ctx.inputs[0].name], ctx.layer, { axes: { ints: [2, 3] }, keepdims: { int: 0 } })),
  Multiply: emitMultiply,
  UpSampling2D: emitUpSampling2D,
  ZeroPadding2D: emitZeroPadding2D,
  Cropping2D: emitCropping2D,
  Reshape: emitReshape,
  Rescaling: emitRescaling,
};
