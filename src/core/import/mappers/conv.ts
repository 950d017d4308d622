/**
 * Conv -> Conv2D (grouped: Conv2D groups; one group per channel: DepthwiseConv2D), a Pad right
 * before it becoming its padding; ConvTranspose -> Conv2DTranspose.
 */
import { readInt, readInts, readString } from '../attributes';
import type { NodeRef } from '../importState';
import { transposeMatrix, transposeOihwToHwio } from '../layout';
import { OK, inputRef, readConstFloats, refuse, setOutput, type MapContext, type MapResult } from './mapContext';
import { readWindow, toPadding, toPair, type Pads } from './windowAttributes';

type Weights = Record<string, { shape: number[]; data: Float32Array }>;

/** The map a Conv reads, and the zero pads of a Pad it absorbs. */
function readConvInput(ctx: MapContext): { ok: true; source: NodeRef; extraPads: Pads } | { ok: false; reason: string } {
  const x = inputRef(ctx, 0);
  if (x?.type === 'padded') return { ok: true, source: x.source, extraPads: x.pads };
  if (x?.type === 'node' && x.layout.type === 'map') return { ok: true, source: x, extraPads: [0, 0, 0, 0] };
  return { ok: false, reason: x === undefined ? 'input 0 is missing' : x.type === 'const' ? 'its input is a constant' : 'its input is not a 4-D feature map (or comes from a node that was not mapped)' };
}

/** The optional bias (input 2) with `o` values into `weights`; whether there is one. */
function readBias(ctx: MapContext, o: number, weights: Weights): { ok: true; hasBias: boolean } | { ok: false; reason: string } {
  if (!ctx.node.input[2]) return { ok: true, hasBias: false };
  const b = readConstFloats(ctx, 2, 'bias');
  if (!b.ok) return b;
  if (b.data.length !== o) return { ok: false, reason: `bias has ${b.data.length} values for ${o} filters` };
  weights.bias = { shape: [o], data: b.data };
  return { ok: true, hasBias: true };
}

/**
 * Conv: weights OIHW -> HWIO, pads [t, l, b, r] -> padding, a preceding zero Pad added to the pads.
 * `group` 1 is a Conv2D; `group` equal to the input channels with one input channel per filter is
 * a DepthwiseConv2D (ONNX filter ci*dm + m reads channel ci, Keras' depthwise order); any other
 * `group` dividing both channel counts is a Conv2D with `groups`.
 */
export function mapConv(ctx: MapContext): MapResult {
  const x = inputRef(ctx, 0);
  if (x?.type === 'node' && x.layout.type === 'pooled') return mapPooledConv(ctx, x);
  const input = readConvInput(ctx);
  if (!input.ok) return input;
  const { source, extraPads } = input;
  const w = readConstFloats(ctx, 1, 'weight', true);
  if (!w.ok) return w;
  if (w.dims.length !== 4) return refuse(`weight [${w.dims.join(', ')}] is not 4-D (only 2-D convolutions are layers)`);
  const [o, iPerGroup, kh, kw] = w.dims;
  const inShape = ctx.state.shapeOf(source.nodeId);
  if (!inShape || inShape.length !== 3) return refuse('the shape of its input is unknown');
  const geometry = readWindow(ctx, [kh, kw], [inShape[0], inShape[1]]);
  if (!geometry.ok) return geometry;
  const { strides, dilations, pads } = geometry.window;
  const inC = inShape[2];
  const group = readInt(ctx.attrs, 'group', 1);
  if (group < 1 || inC % group !== 0 || o % group !== 0) return refuse(`group ${group} does not divide the ${inC} input channels and the ${o} filters`);
  if (iPerGroup * group !== inC) return refuse(`weight [${w.dims.join(', ')}] with group ${group} expects ${iPerGroup * group} input channels, the input has ${inC}`);
  if ((dilations[0] > 1 || dilations[1] > 1) && (strides[0] > 1 || strides[1] > 1)) {
    return refuse(`dilations [${dilations.join(', ')}] with strides [${strides.join(', ')}]: a Conv2D cannot dilate and stride at once`);
  }
  const allPads: Pads = [pads[0] + extraPads[0], pads[1] + extraPads[1], pads[2] + extraPads[2], pads[3] + extraPads[3]];
  const depthwise = group > 1 && group === inC;
  const kernel = { shape: depthwise ? [kh, kw, inC, o / inC] : [kh, kw, iPerGroup, o], data: transposeOihwToHwio(w.data, o, iPerGroup, kh, kw, ctx.state.kernelBuffer(w.data.length)) };
  const weights: Weights = depthwise ? { depthwiseKernel: kernel } : { kernel };
  const bias = readBias(ctx, o, weights);
  if (!bias.ok) return bias;
  if (x?.type === 'padded') ctx.state.fold(x.padNode, 'zero Pad absorbed into the padding of the next Conv');
  const window = { kernelSize: toPair([kh, kw]), strides: toPair(strides), padding: toPadding(allPads), dilation: toPair(dilations) };
  const params = depthwise
    ? { ...window, depthMultiplier: o / inC, activation: 'linear', useBias: bias.hasBias }
    : { filters: o, ...window, activation: 'linear', useBias: bias.hasBias, ...(group > 1 ? { groups: group } : {}) };
  setOutput(ctx, ctx.state.addNode(depthwise ? 'DepthwiseConv2D' : 'Conv2D', params, [source], ctx.node, { type: 'map' }, weights));
  return OK;
}

/**
 * A 1x1 Conv of a global pool's [N, C, 1, 1] (a squeeze-and-excitation block) is a Dense on our
 * [C]: kernel [o, C, 1, 1] -> [C, o], the output again [N, o, 1, 1].
 */
function mapPooledConv(ctx: MapContext, x: NodeRef): MapResult {
  const w = readConstFloats(ctx, 1, 'weight');
  if (!w.ok) return w;
  const [o, i, kh, kw] = w.dims;
  const shape = ctx.state.shapeOf(x.nodeId);
  if (!shape || shape.length !== 1) return refuse('the shape of its input is unknown');
  const pads = readInts(ctx.attrs, 'pads', [0, 0, 0, 0]);
  if (w.dims.length !== 4 || kh !== 1 || kw !== 1 || readInt(ctx.attrs, 'group', 1) !== 1 || pads.some((p) => p !== 0) || readString(ctx.attrs, 'auto_pad', 'NOTSET') !== 'NOTSET') {
    return refuse(`it reads a global pool output [N, ${shape[0]}, 1, 1]: only an unpadded, ungrouped 1x1 Conv of it is a layer (a Dense)`);
  }
  if (i !== shape[0]) return refuse(`weight [${w.dims.join(', ')}] expects ${i} input channels, the input has ${shape[0]}`);
  const weights: Weights = { kernel: { shape: [i, o], data: transposeMatrix(w.data, o, i) } };
  const bias = readBias(ctx, o, weights);
  if (!bias.ok) return bias;
  setOutput(ctx, ctx.state.addNode('Dense', { units: o, activation: 'linear', useBias: bias.hasBias }, [x], ctx.node, { type: 'pooled' }, weights));
  return OK;
}

/**
 * ConvTranspose -> Conv2DTranspose: weights [cin, cout, kh, kw] -> [kh, kw, cout, cin] (Keras'
 * order), output (h - 1)s + d(k - 1) + 1 - pads + output_padding as explicit pads and an
 * outputPadding (never Keras' None, whose 'valid' differs when the kernel is smaller than the stride).
 */
export function mapConvTranspose(ctx: MapContext): MapResult {
  const input = readConvInput(ctx);
  if (!input.ok) return input;
  if (inputRef(ctx, 0)?.type === 'padded') return refuse('it reads a Pad, which only a Conv absorbs');
  const w = readConstFloats(ctx, 1, 'weight', true);
  if (!w.ok) return w;
  if (w.dims.length !== 4) return refuse(`weight [${w.dims.join(', ')}] is not 4-D (only 2-D convolutions are layers)`);
  const [cin, cout, kh, kw] = w.dims;
  const inShape = ctx.state.shapeOf(input.source.nodeId);
  if (!inShape || inShape.length !== 3) return refuse('the shape of its input is unknown');
  const group = readInt(ctx.attrs, 'group', 1);
  if (group !== 1) return refuse(`group ${group}: Conv2DTranspose has no groups`);
  if (cin !== inShape[2]) return refuse(`weight [${w.dims.join(', ')}] expects ${cin} input channels, the input has ${inShape[2]}`);
  if (ctx.attrs.has('output_shape')) return refuse('output_shape is given: give pads and output_padding instead (torch.onnx.export does)');
  const autoPad = readString(ctx.attrs, 'auto_pad', 'NOTSET');
  if (autoPad !== 'NOTSET') return refuse(`auto_pad '${autoPad}' on a ConvTranspose is not supported: give explicit pads`);
  const strides = readInts(ctx.attrs, 'strides', [1, 1]);
  const dilations = readInts(ctx.attrs, 'dilations', [1, 1]);
  const pads = readInts(ctx.attrs, 'pads', [0, 0, 0, 0]);
  const outputPadding = readInts(ctx.attrs, 'output_padding', [0, 0]);
  if (strides.length !== 2 || dilations.length !== 2 || pads.length !== 4 || outputPadding.length !== 2) return refuse('strides, dilations, pads or output_padding are not those of a 2-D convolution');
  if (pads.some((p) => p < 0)) return refuse(`negative pads [${pads.join(', ')}] are not supported`);
  if ((dilations[0] > 1 || dilations[1] > 1) && (strides[0] > 1 || strides[1] > 1)) return refuse(`dilations [${dilations.join(', ')}] with strides [${strides.join(', ')}]: a Conv2DTranspose cannot dilate and stride at once`);
  if (outputPadding.some((p, i) => p >= strides[i])) return refuse(`output_padding [${outputPadding.join(', ')}] is not below the strides [${strides.join(', ')}]`);
  const weights: Weights = { kernel: { shape: [kh, kw, cout, cin], data: transposeOihwToHwio(w.data, cin, cout, kh, kw, ctx.state.kernelBuffer(w.data.length)) } };
  const bias = readBias(ctx, cout, weights);
  if (!bias.ok) return bias;
  const params = {
    filters: cout,
    kernelSize: toPair([kh, kw]),
    strides: toPair([strides[0], strides[1]]),
    padding: toPadding([pads[0], pads[1], pads[2], pads[3]]),
    outputPadding: toPair([outputPadding[0], outputPadding[1]]),
    dilation: toPair([dilations[0], dilations[1]]),
    activation: 'linear',
    useBias: bias.hasBias,
  };
  setOutput(ctx, ctx.state.addNode('Conv2DTranspose', params, [input.source], ctx.node, { type: 'map' }, weights));
  return OK;
}
