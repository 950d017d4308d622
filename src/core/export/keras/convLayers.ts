import { assert } from '../../assert';
import type { ActivationFn, Padding } from '../../graph/types';
import type { ConvGeometry } from '../../shape/types';
import { resolveTransposedGeometry } from '../../shape/transposedArithmetic';
import { fusedActivation } from './activations';
import type { KerasContext, KerasLayer, KerasMapping, KerasValue, KerasWeight, NotExpressible } from './kerasLayer';
import { describePads, kerasWindow, zeroPaddingLayer } from './windowPadding';

function geometryOf(step: { name: string; geometry?: ConvGeometry }): ConvGeometry {
  assert(step.geometry, () => `${step.name} has no window geometry`);
  return step.geometry;
}

/**
 * The layers of a windowed producer: a ZeroPadding2D when Keras' 'valid'/'same' cannot read the
 * graph's pads, the layer itself, and an activation layer when Keras has no name for the fused one.
 */
function windowed<K extends 'Conv2D' | 'DepthwiseConv2D' | 'SeparableConv2D'>(
  ctx: KerasContext<K>, g: ConvGeometry, written: Padding, fn: ActivationFn,
  make: (padding: 'valid' | 'same', activation: string) => { className: string; args: Record<string, KerasValue>; weights: KerasWeight[] },
): KerasLayer[] | NotExpressible {
  const windowPlan = kerasWindow(g, written);
  const layers: KerasLayer[] = [];
  let input = ctx.inputs[0];
  if (windowPlan.pads) {
    const pad = zeroPaddingLayer(ctx.helperName('pad'), input, windowPlan.pads);
    pad.note = `the graph's pads (${describePads(windowPlan.pads)}) are neither 'valid' nor 'same'`;
    layers.push(pad);
    input = pad.name;
  }
  const act = fusedActivation(fn);
  const made = make(windowPlan.padding, act.activation);
  layers.push({ ...made, name: ctx.name, inputs: [input] });
  if (act.after) {
    const after = act.after(ctx.helperName('act'), ctx.name);
    if ('unsupported' in after) return after;
    layers.push(after);
  }
  return layers;
}

const weight = (name: string, shape: readonly number[], values: () => Float32Array): KerasWeight => ({ name, shape, values });

function dilationError(g: ConvGeometry): string | null {
  const strided = g.strideH > 1 || g.strideW > 1;
  const dilated = g.dilationH > 1 || g.dilationW > 1;
  return strided && dilated ? 'Keras (and tfjs-layers) cannot combine strides > 1 with dilation > 1: use strides 1 then a pool, or no dilation' : null;
}

export const conv2d: KerasMapping<'Conv2D'> = (ctx) => {
  const { step } = ctx;
  const g = geometryOf(step);
  const p = step.params;
  const bad = dilationError(g);
  if (bad) return { unsupported: bad };
  const bias = p.useBias ? [weight('bias', [p.filters], () => ctx.weight('bias'))] : [];
  if (p.groups === 1) {
    return windowed(ctx, g, p.padding, p.activation, (padding, activation) => ({
      className: 'Conv2D',
      args: { filters: p.filters, kernel_size: [g.kH, g.kW], strides: [g.strideH, g.strideW], padding, dilation_rate: [g.dilationH, g.dilationW], activation, use_bias: p.useBias },
      weights: [weight('kernel', [g.kH, g.kW, g.inC, p.filters], () => ctx.weight('kernel')), ...bias],
    }));
  }
  if (p.groups === g.inC) {
    // One group per input channel is a depthwise convolution: our [kh, kw, 1, c*m] kernel has the
    // values of Keras' [kh, kw, c, m] in the same order (output channel ci*m + j).
    if (g.dilationH > 1 || g.dilationW > 1) return { unsupported: `groups ${p.groups} (one per channel) is a DepthwiseConv2D, whose dilation tfjs-layers ignores: use dilation 1` };
    const m = p.filters / g.inC;
    const layers = windowed(ctx, g, p.padding, p.activation, (padding, activation) => ({
      className: 'DepthwiseConv2D',
      args: { kernel_size: [g.kH, g.kW], strides: [g.strideH, g.strideW], padding, depth_multiplier: m, activation, use_bias: p.useBias },
      weights: [weight('depthwise_kernel', [g.kH, g.kW, g.inC, m], () => ctx.weight('kernel')), ...bias],
    }));
    if (!('unsupported' in layers)) layers.find((l) => l.name === ctx.name)!.note = `groups=${p.groups} (one per input channel) as a DepthwiseConv2D`;
    return layers;
  }
  return { unsupported: `groups ${p.groups}: tfjs-layers' Conv2D has no groups: use groups 1, groups equal to the input channels (${g.inC}, a depthwise convolution), or ${p.groups} Conv2D branches joined by a Concatenate` };
};

export const depthwiseConv2d: KerasMapping<'DepthwiseConv2D'> = (ctx) => {
  const { step } = ctx;
  const g = geometryOf(step);
  const p = step.params;
  if (g.dilationH > 1 || g.dilationW > 1) return { unsupported: "tfjs-layers' DepthwiseConv2D ignores dilation: use dilation 1, or a SeparableConv2D, whose dilation it reads" };
  return windowed(ctx, g, p.padding, p.activation, (padding, activation) => ({
    className: 'DepthwiseConv2D',
    args: { kernel_size: [g.kH, g.kW], strides: [g.strideH, g.strideW], padding, depth_multiplier: p.depthMultiplier, activation, use_bias: p.useBias },
    weights: [
      weight('depthwise_kernel', [g.kH, g.kW, g.inC, p.depthMultiplier], () => ctx.weight('depthwiseKernel')),
      ...(p.useBias ? [weight('bias', [g.inC * p.depthMultiplier], () => ctx.weight('bias'))] : []),
    ],
  }));
};

export const separableConv2d: KerasMapping<'SeparableConv2D'> = (ctx) => {
  const { step } = ctx;
  const g = geometryOf(step);
  const p = step.params;
  const bad = dilationError(g);
  if (bad) return { unsupported: bad };
  const mid = g.inC * p.depthMultiplier;
  return windowed(ctx, g, p.padding, p.activation, (padding, activation) => ({
    className: 'SeparableConv2D',
    args: { filters: p.filters, kernel_size: [g.kH, g.kW], strides: [g.strideH, g.strideW], padding, dilation_rate: [g.dilationH, g.dilationW], depth_multiplier: p.depthMultiplier, activation, use_bias: p.useBias },
    weights: [
      weight('depthwise_kernel', [g.kH, g.kW, g.inC, p.depthMultiplier], () => ctx.weight('depthwiseKernel')),
      weight('pointwise_kernel', [1, 1, mid, p.filters], () => ctx.weight('pointwiseKernel')),
      ...(p.useBias ? [weight('bias', [p.filters], () => ctx.weight('bias'))] : []),
    ],
  }));
};

/**
 * Conv2DTranspose: Keras' own 'valid'/'same' when the graph uses them without outputPadding;
 * otherwise the 'valid' output (h*s + max(k - s, 0) rows) cropped to the graph's rows. tfjs-layers
 * reads neither output_padding nor dilation_rate, so rows past that output, or a dilation, are refused.
 */
export const conv2dTranspose: KerasMapping<'Conv2DTranspose'> = (ctx) => {
  const { step } = ctx;
  const p = step.params;
  const [h, w, c] = step.inputShapes[0];
  const g = resolveTransposedGeometry(h, w, c, p, p.filters);
  if (g.dilationH > 1 || g.dilationW > 1) return { unsupported: "tfjs-layers' Conv2DTranspose ignores dilation: use dilation 1" };
  const native = p.outputPadding === null && (p.padding === 'valid' || p.padding === 'same');
  const validLength = (n: number, k: number, s: number) => n * s + Math.max(k - s, 0);
  const cropBottom = validLength(h, g.kH, g.strideH) - g.padTop - g.outH;
  const cropRight = validLength(w, g.kW, g.strideW) - g.padLeft - g.outW;
  if (!native && (cropBottom < 0 || cropRight < 0)) {
    return { unsupported: `the output (${g.outH}x${g.outW}) reaches past Keras' 'valid' output, which tfjs-layers cannot pad (it has no output_padding): use outputPadding null, or a ZeroPadding2D after it` };
  }
  const act = fusedActivation(p.activation);
  const layers: KerasLayer[] = [{
    className: 'Conv2DTranspose',
    name: ctx.name,
    args: { filters: p.filters, kernel_size: [g.kH, g.kW], strides: [g.strideH, g.strideW], padding: native ? (p.padding as 'valid' | 'same') : 'valid', activation: act.activation, use_bias: p.useBias },
    inputs: [ctx.inputs[0]],
    // Our kernel is [kh, kw, filters, cin], as Keras'.
    weights: [weight('kernel', [g.kH, g.kW, p.filters, c], () => ctx.weight('kernel')), ...(p.useBias ? [weight('bias', [p.filters], () => ctx.weight('bias'))] : [])],
  }];
  let last = ctx.name;
  if (!native && (g.padTop || cropBottom || g.padLeft || cropRight)) {
    last = ctx.helperName('crop');
    layers.push({ className: 'Cropping2D', name: last, args: { cropping: [[g.padTop, cropBottom], [g.padLeft, cropRight]] }, inputs: [ctx.name], weights: [], note: "the graph's rows of the 'valid' output" });
  }
  if (act.after) {
    const after = act.after(ctx.helperName('act'), last);
    if ('unsupported' in after) return after;
    layers.push(after);
  }
  return layers;
};
