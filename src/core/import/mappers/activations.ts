/**
 * Relu, Sigmoid, Tanh, Softmax, LeakyRelu, Elu, Softplus, HardSigmoid, HardSwish and Clip(0, 6) ->
 * an Activation layer, or the activation of the convolution or Dense they follow.
 */
import { ALPHA_DEFAULTS } from '../../graph/types';
import { readFloat, readInt, readString, shortestFloat32 } from '../attributes';
import { OK, activationAvailable, constInput, foldTarget, inputRef, readConstFloats, refuse, requireLayerInput, setOutput, type MapContext, type MapResult } from './mapContext';

/** Layers with an `activation` param an op may fold into. */
const FUSED_ACTIVATION_KINDS = ['Conv2D', 'DepthwiseConv2D', 'Conv2DTranspose', 'Dense'];

/**
 * An elementwise activation `fn`: folded into the layer right before it when that layer has no
 * activation yet, this op is its only reader and `alpha` (leakyRelu's slope, elu's scale) is the
 * one a fused activation uses; an Activation layer otherwise.
 */
export function mapActivation(ctx: MapContext, fn: string, alpha?: number): MapResult {
  if (!activationAvailable(fn)) return refuse(`activation '${fn}' is not available yet`);
  const x = requireLayerInput(ctx, 0);
  if (!x.ok) return x;
  const fusedAlpha = (ALPHA_DEFAULTS as Record<string, number>)[fn];
  const target = alpha === undefined || Math.fround(alpha) === Math.fround(fusedAlpha) ? foldTarget(ctx, inputRef(ctx, 0), FUSED_ACTIVATION_KINDS) : null;
  if (target && target.params.activation === 'linear') {
    target.params.activation = fn;
    target.output = ctx.node.output[0];
    ctx.state.invalidateShapes();
    ctx.state.fold(ctx.node, `${ctx.node.opType} folded into the activation of the ${target.kind} before it`);
    setOutput(ctx, x.ref);
    return OK;
  }
  setOutput(ctx, ctx.state.addNode('Activation', alpha === undefined ? { fn } : { fn, alpha }, [x.ref], ctx.node, x.ref.layout));
  return OK;
}

/** LeakyRelu (ONNX's default slope 0.01, not Keras' 0.2) -> leakyRelu with its alpha. */
export const mapLeakyRelu = (ctx: MapContext): MapResult => mapActivation(ctx, 'leakyRelu', readFloat(ctx.attrs, 'alpha', 0.01));

/** Elu (alpha default 1) -> elu with its alpha. */
export const mapElu = (ctx: MapContext): MapResult => mapActivation(ctx, 'elu', readFloat(ctx.attrs, 'alpha', 1));

/**
 * HardSigmoid max(0, min(1, alpha x + beta)): ours is relu6(x + 3) / 6, so only alpha 1/6, beta
 * 0.5 (what torch's Hardsigmoid exports); ONNX's default alpha 0.2 is Keras 2's and is refused.
 */
export function mapHardSigmoid(ctx: MapContext): MapResult {
  const alpha = readFloat(ctx.attrs, 'alpha', 0.2);
  const beta = readFloat(ctx.attrs, 'beta', 0.5);
  if (Math.abs(alpha - 1 / 6) > 1e-6 || beta !== 0.5) return refuse(`alpha ${alpha}, beta ${beta}: only alpha 1/6, beta 0.5 (relu6(x + 3) / 6) is the hardSigmoid activation`);
  return mapActivation(ctx, 'hardSigmoid');
}

/** One Clip bound: opset < 11 an attribute, 11+ an optional constant input; null when unbounded. */
function readClipBound(ctx: MapContext, which: 'min' | 'max'): { ok: true; value: number | null } | { ok: false; reason: string } {
  // float32's largest value is what exporters write for "no bound".
  const unbounded = (v: number) => !Number.isFinite(v) || Math.abs(v) >= 3.4e38;
  if (ctx.opset < 11) {
    if (!ctx.attrs.has(which)) return { ok: true, value: null };
    const v = readFloat(ctx.attrs, which, 0);
    return { ok: true, value: unbounded(v) ? null : v };
  }
  const index = which === 'min' ? 1 : 2;
  if (!ctx.node.input[index]) return { ok: true, value: null };
  if (!constInput(ctx, index)) return { ok: false, reason: `its ${which} (input ${index}) is computed at run time, not a constant` };
  const t = readConstFloats(ctx, index, which);
  if (!t.ok) return t;
  if (t.data.length !== 1) return { ok: false, reason: `its ${which} has ${t.data.length} values, not one` };
  return { ok: true, value: unbounded(t.data[0]) ? null : shortestFloat32(t.data[0]) };
}

/** Clip to [0, 6] -> relu6, to [0, +inf) -> relu; other bounds have no activation. */
export function mapClip(ctx: MapContext): MapResult {
  const min = readClipBound(ctx, 'min');
  if (!min.ok) return min;
  const max = readClipBound(ctx, 'max');
  if (!max.ok) return max;
  if (min.value === 0 && max.value === 6) return mapActivation(ctx, 'relu6');
  if (min.value === 0 && max.value === null) return mapActivation(ctx, 'relu');
  const show = (v: number | null, inf: string) => (v === null ? inf : String(v));
  return refuse(`Clip to [${show(min.value, '-inf')}, ${show(max.value, 'inf')}]: only [0, 6] (relu6) and [0, inf) (relu) are activations`);
}

/**
 * Softmax over the last axis of our layout. Opset 13 takes the softmax along `axis` (default -1);
 * older opsets flatten from `axis` (default 1) on, which is the same for a matrix [N, F].
 */
export function mapSoftmax(ctx: MapContext): MapResult {
  const x = requireLayerInput(ctx, 0);
  if (!x.ok) return x;
  const { layout } = x.ref;
  const rank = layout.type === 'map' || layout.type === 'pooled' ? 4 : 2;
  const rawAxis = readInt(ctx.attrs, 'axis', ctx.opset >= 13 ? -1 : 1);
  const axis = rawAxis < 0 ? rawAxis + rank : rawAxis;
  // Our softmax runs over the last axis of the document's layout: features of a vector, channels of a map.
  const overFeatures = rank === 2 && axis === 1;
  const overChannels = layout.type === 'map' && axis === 1 && ctx.opset >= 13;
  // [N, C, 1, 1]: along axis 1, or flattened from axis 1 on, both are over the C values.
  const overPooled = layout.type === 'pooled' && axis === 1;
  if (!overFeatures && !overChannels && !overPooled) return refuse(`Softmax over axis ${rawAxis} of a rank-${rank} tensor (opset ${ctx.opset}) is not a softmax over features or channels`);
  return mapActivation(ctx, 'softmax');
}

/**
 * Gelu (opset 20's op, and what ../activationPatterns makes of the Erf or Tanh form opset 17 models
 * write out) -> gelu, or geluTanh for approximate 'tanh'.
 */
export function mapGelu(ctx: MapContext): MapResult {
  const approximate = readString(ctx.attrs, 'approximate', 'none');
  if (approximate !== 'none' && approximate !== 'tanh') return refuse(`approximate '${approximate}': only 'none' (gelu) and 'tanh' (geluTanh)`);
  return mapActivation(ctx, approximate === 'tanh' ? 'geluTanh' : 'gelu');
}
