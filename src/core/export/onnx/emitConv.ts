/**
 * Conv2D (groups), DepthwiseConv2D, SeparableConv2D and Conv2DTranspose as ONNX Conv/ConvTranspose
 * on NCHW, with explicit pads from the resolved geometry (TensorFlow's asymmetric 'same' included).
 */
import type { ConvGeometry } from '../../shape/types';
import { resolveTransposedGeometry } from '../../shape/transposedArithmetic';
import { emitActivation } from './emitActivation';
import type { EmitContext, EmitResult } from './emitTypes';
import type { AttributeValue } from './onnxWriter';
import { depthwiseToOihw, hwioToOihw, transposedToOnnx } from './weightOrder';

/** kernel_shape, strides, dilations and pads [top, left, bottom, right] of a resolved window. */
export function windowAttributes(g: ConvGeometry, withDilations: boolean): Record<string, AttributeValue> {
  return {
    kernel_shape: { ints: [g.kH, g.kW] },
    strides: { ints: [g.strideH, g.strideW] },
    ...(withDilations ? { dilations: { ints: [g.dilationH, g.dilationW] } } : {}),
    pads: { ints: [g.padTop, g.padLeft, g.padBottom, g.padRight] },
  };
}

function geometryOf(ctx: EmitContext<'Conv2D' | 'DepthwiseConv2D' | 'SeparableConv2D' | 'MaxPool2D' | 'AvgPool2D'>): ConvGeometry {
  const g = ctx.step.geometry;
  if (!g) throw new Error(`${ctx.step.name}: ${ctx.step.kind} has no resolved geometry`);
  return g;
}

export function emitConv2D(ctx: EmitContext<'Conv2D'>): EmitResult {
  const { w, step, layer } = ctx;
  const g = geometryOf(ctx);
  const p = step.params;
  const kernel = hwioToOihw(ctx.weights.kernel, [g.kH, g.kW, g.inC / p.groups, p.filters]);
  const inputs = [ctx.inputs[0].name, w.weight(`${layer}.weight`, kernel.dims, kernel.data)];
  if (p.useBias) inputs.push(w.weight(`${layer}.bias`, [p.filters], ctx.weights.bias));
  const y = w.op('Conv', inputs, layer, { ...windowAttributes(g, true), group: { int: p.groups } });
  return { ok: true, value: { name: emitActivation(w, y, p.activation, undefined, layer), layout: 'map' } };
}

export function emitDepthwiseConv2D(ctx: EmitContext<'DepthwiseConv2D'>): EmitResult {
  const { w, step, layer } = ctx;
  const g = geometryOf(ctx);
  const p = step.params;
  const kernel = depthwiseToOihw(ctx.weights.depthwiseKernel, [g.kH, g.kW, g.inC, p.depthMultiplier]);
  const inputs = [ctx.inputs[0].name, w.weight(`${layer}.weight`, kernel.dims, kernel.data)];
  if (p.useBias) inputs.push(w.weight(`${layer}.bias`, [g.inC * p.depthMultiplier], ctx.weights.bias));
  const y = w.op('Conv', inputs, layer, { ...windowAttributes(g, true), group: { int: g.inC } });
  return { ok: true, value: { name: emitActivation(w, y, p.activation, undefined, layer), layout: 'map' } };
}

/** A depthwise Conv (no bias) then a 1x1 Conv with the bias, as Keras' SeparableConv2D. */
export function emitSeparableConv2D(ctx: EmitContext<'SeparableConv2D'>): EmitResult {
  const { w, step, layer } = ctx;
  const g = geometryOf(ctx);
  const p = step.params;
  const mid = g.inC * p.depthMultiplier;
  const depthwise = depthwiseToOihw(ctx.weights.depthwiseKernel, [g.kH, g.kW, g.inC, p.depthMultiplier]);
  const d = w.op('Conv', [ctx.inputs[0].name, w.weight(`${layer}.depthwise.weight`, depthwise.dims, depthwise.data)], layer,
    { ...windowAttributes(g, true), group: { int: g.inC } });
  const pointwise = hwioToOihw(ctx.weights.pointwiseKernel, [1, 1, mid, p.filters]);
  const inputs = [d, w.weight(`${layer}.pointwise.weight`, pointwise.dims, pointwise.data)];
  if (p.useBias) inputs.push(w.weight(`${layer}.pointwise.bias`, [p.filters], ctx.weights.bias));
  // Every attribute spelled out, as for a Conv2D: the same 1x1 convolution reads the same either way.
  const y = w.op('Conv', inputs, layer, {
    kernel_shape: { ints: [1, 1] }, strides: { ints: [1, 1] }, dilations: { ints: [1, 1] }, pads: { ints: [0, 0, 0, 0] }, group: { int: 1 },
  });
  return { ok: true, value: { name: emitActivation(w, y, p.activation, undefined, layer), layout: 'map' } };
}

/**
 * ConvTranspose: ONNX's output size is (h - 1)s + effK + output_padding - begin - end, ours the same
 * with `after` the rows cropped at the end. Keras' 'valid' with a window smaller than the stride
 * makes the output longer than every tap reaches (a negative crop): that is ONNX's output_padding.
 */
export function emitConv2DTranspose(ctx: EmitContext<'Conv2DTranspose'>): EmitResult {
  const { w, step, layer } = ctx;
  const p = step.params;
  const [h, wd, c] = step.inputShapes[0];
  const g = resolveTransposedGeometry(h, wd, c, p, p.filters);
  const kernel = transposedToOnnx(ctx.weights.kernel, [g.kH, g.kW, p.filters, c]);
  const inputs = [ctx.inputs[0].name, w.weight(`${layer}.weight`, kernel.dims, kernel.data)];
  if (p.useBias) inputs.push(w.weight(`${layer}.bias`, [p.filters], ctx.weights.bias));
  const end = (after: number) => Math.max(after, 0);
  const extra = (after: number) => Math.max(-after, 0);
  const y = w.op('ConvTranspose', inputs, layer, {
    kernel_shape: { ints: [g.kH, g.kW] },
    strides: { ints: [g.strideH, g.strideW] },
    dilations: { ints: [g.dilationH, g.dilationW] },
    pads: { ints: [g.padTop, g.padLeft, end(g.padBottom), end(g.padRight)] },
    ...(g.padBottom < 0 || g.padRight < 0 ? { output_padding: { ints: [extra(g.padBottom), extra(g.padRight)] } } : {}),
  });
  return { ok: true, value: { name: emitActivation(w, y, p.activation, undefined, layer), layout: 'map' } };
}
