import { assert } from '../../assert';
import type { ConvGeometry } from '../../shape/types';
import { resolveTransposedGeometry } from '../../shape/transposedArithmetic';
import { permute } from '../tensorLayout';
import { applyActivation, formatPair, type Emitter, type LayerCode, type StateTensor } from './layerCode';

function geometryOf(step: { name: string; geometry?: ConvGeometry }): ConvGeometry {
  assert(step.geometry, () => `${step.name} has no window geometry`);
  return step.geometry;
}

/**
 * The input of a window layer, padded when TensorFlow's pads are asymmetric ("same" puts the odd
 * pixel bottom/right, which a PyTorch `padding=` cannot): `F.pad(x, (left, right, top, bottom))`.
 * Returns the expression and the symmetric `padding=` argument left for the layer itself; `always`
 * pads by hand whatever the pads (for layers whose own padding cannot take them).
 */
export function padInput(x: string, g: ConvGeometry, value?: string, always = false): { expr: string; padding: [number, number] } {
  const none = g.padTop === 0 && g.padBottom === 0 && g.padLeft === 0 && g.padRight === 0;
  if (none || (!always && g.padTop === g.padBottom && g.padLeft === g.padRight)) return { expr: x, padding: [g.padTop, g.padLeft] };
  const fill = value === undefined ? '' : `, value=${value}`;
  return { expr: `F.pad(${x}, (${g.padLeft}, ${g.padRight}, ${g.padTop}, ${g.padBottom})${fill})`, padding: [0, 0] };
}

/** Keyword arguments of a window layer, leaving out PyTorch's defaults as a person would. */
export function windowArgs(g: ConvGeometry, padding: [number, number], opts: { groups?: number; bias?: boolean } = {}): string {
  const args = [`kernel_size=${formatPair(g.kH, g.kW)}`];
  if (g.strideH !== 1 || g.strideW !== 1) args.push(`stride=${formatPair(g.strideH, g.strideW)}`);
  if (padding[0] !== 0 || padding[1] !== 0) args.push(`padding=${formatPair(padding[0], padding[1])}`);
  if (g.dilationH !== 1 || g.dilationW !== 1) args.push(`dilation=${formatPair(g.dilationH, g.dilationW)}`);
  if (opts.groups !== undefined && opts.groups !== 1) args.push(`groups=${opts.groups}`);
  if (opts.bias === false) args.push('bias=False');
  return args.join(', ');
}

/** An OIHW convolution weight from our HWIO kernel. */
function oihw(key: string, kernel: () => Float32Array, shape: readonly number[]): StateTensor {
  return { key, dtype: 'F32', shape: [shape[3], shape[2], shape[0], shape[1]], values: () => permute(kernel(), shape, [3, 2, 0, 1]) };
}

function biasTensor(key: string, bias: () => Float32Array, n: number): StateTensor {
  return { key, dtype: 'F32', shape: [n], values: bias };
}

export const conv2d: Emitter<'Conv2D'> = ({ step, name, inputs, weight }) => {
  const g = geometryOf(step);
  const p = step.params;
  const { expr, padding } = padInput(inputs[0], g);
  const kernelShape = [g.kH, g.kW, g.inC / p.groups, p.filters];
  const code: LayerCode = {
    init: [`self.${name} = nn.Conv2d(${g.inC}, ${p.filters}, ${windowArgs(g, padding, { groups: p.groups, bias: p.useBias })})`],
    forward: applyActivation(p.activation, `self.${name}(${expr})`),
    state: [oihw(`${name}.weight`, () => weight('kernel'), kernelShape)],
    back: [{ nodeId: step.nodeId, weight: 'kernel', key: `${name}.weight`, layout: 'oihw', args: [] }],
  };
  if (p.useBias) {
    code.state.push(biasTensor(`${name}.bias`, () => weight('bias'), p.filters));
    code.back.push({ nodeId: step.nodeId, weight: 'bias', key: `${name}.bias`, layout: 'vector', args: [] });
  }
  return code;
};

/** Our depthwise kernel [kh, kw, c, m] as PyTorch's grouped weight [c*m, 1, kh, kw] (channel ci*m + j). */
function depthwiseWeight(key: string, kernel: () => Float32Array, g: ConvGeometry, dm: number): StateTensor {
  const c = g.inC * dm;
  return { key, dtype: 'F32', shape: [c, 1, g.kH, g.kW], values: () => permute(kernel(), [g.kH, g.kW, c], [2, 0, 1]) };
}

export const depthwiseConv2d: Emitter<'DepthwiseConv2D'> = ({ step, name, inputs, weight }) => {
  const g = geometryOf(step);
  const p = step.params;
  const { expr, padding } = padInput(inputs[0], g);
  const out = g.inC * p.depthMultiplier;
  const code: LayerCode = {
    init: [`self.${name} = nn.Conv2d(${g.inC}, ${out}, ${windowArgs(g, padding, { groups: g.inC, bias: p.useBias })})`],
    forward: applyActivation(p.activation, `self.${name}(${expr})`),
    note: 'depthwise',
    state: [depthwiseWeight(`${name}.weight`, () => weight('depthwiseKernel'), g, p.depthMultiplier)],
    back: [{ nodeId: step.nodeId, weight: 'depthwiseKernel', key: `${name}.weight`, layout: 'depthwise', args: [g.inC, p.depthMultiplier] }],
  };
  if (p.useBias) {
    code.state.push(biasTensor(`${name}.bias`, () => weight('bias'), out));
    code.back.push({ nodeId: step.nodeId, weight: 'bias', key: `${name}.bias`, layout: 'vector', args: [] });
  }
  return code;
};

export const separableConv2d: Emitter<'SeparableConv2D'> = ({ step, name, inputs, weight }) => {
  const g = geometryOf(step);
  const p = step.params;
  const { expr, padding } = padInput(inputs[0], g);
  const mid = g.inC * p.depthMultiplier;
  const args = [`${g.inC}, ${p.filters}`, windowArgs(g, padding)];
  if (p.depthMultiplier !== 1) args.push(`depth_multiplier=${p.depthMultiplier}`);
  if (!p.useBias) args.push('bias=False');
  const code: LayerCode = {
    init: [`self.${name} = SeparableConv2d(${args.join(', ')})`],
    forward: applyActivation(p.activation, `self.${name}(${expr})`),
    state: [
      depthwiseWeight(`${name}.depthwise.weight`, () => weight('depthwiseKernel'), g, p.depthMultiplier),
      oihw(`${name}.pointwise.weight`, () => weight('pointwiseKernel'), [1, 1, mid, p.filters]),
    ],
    back: [
      { nodeId: step.nodeId, weight: 'depthwiseKernel', key: `${name}.depthwise.weight`, layout: 'depthwise', args: [g.inC, p.depthMultiplier] },
      { nodeId: step.nodeId, weight: 'pointwiseKernel', key: `${name}.pointwise.weight`, layout: 'oihw', args: [] },
    ],
    helpers: ['SeparableConv2d'],
  };
  if (p.useBias) {
    code.state.push(biasTensor(`${name}.pointwise.bias`, () => weight('bias'), p.filters));
    code.back.push({ nodeId: step.nodeId, weight: 'bias', key: `${name}.pointwise.bias`, layout: 'vector', args: [] });
  }
  return code;
};

/**
 * Conv2DTranspose. PyTorch's ConvTranspose2d writes input row i to rows i*s - p + ky*d of an output
 * (h - 1)s + effK - 2p + op tall, op < max(s, d): our rows with crops `before`/`after` are that
 * form when before - after is such an op, else the full output (p = 0, op for rows past it) cropped.
 */
export const conv2dTranspose: Emitter<'Conv2DTranspose'> = ({ step, name, inputs, weight }) => {
  const p = step.params;
  const [h, w, c] = step.inputShapes[0];
  const g = resolveTransposedGeometry(h, w, c, p, p.filters);
  const axis = (before: number, after: number, out: number, full: number, s: number, d: number) => {
    const op = before - after;
    if (op >= 0 && op < Math.max(s, d)) return { padding: before, outputPadding: op, crop: null };
    const extra = Math.max(0, out + before - full);
    assert(extra < Math.max(s, d), () => `${step.name}: output padding ${extra} >= stride ${s}`);
    return { padding: 0, outputPadding: extra, crop: [before, before + out] as const };
  };
  const rows = axis(g.padTop, g.padBottom, g.outH, (h - 1) * g.strideH + g.effKH, g.strideH, g.dilationH);
  const cols = axis(g.padLeft, g.padRight, g.outW, (w - 1) * g.strideW + g.effKW, g.strideW, g.dilationW);
  const args = [`kernel_size=${formatPair(g.kH, g.kW)}`];
  if (g.strideH !== 1 || g.strideW !== 1) args.push(`stride=${formatPair(g.strideH, g.strideW)}`);
  if (rows.padding || cols.padding) args.push(`padding=${formatPair(rows.padding, cols.padding)}`);
  if (rows.outputPadding || cols.outputPadding) args.push(`output_padding=${formatPair(rows.outputPadding, cols.outputPadding)}`);
  if (g.dilationH !== 1 || g.dilationW !== 1) args.push(`dilation=${formatPair(g.dilationH, g.dilationW)}`);
  if (!p.useBias) args.push('bias=False');
  let expr = `self.${name}(${inputs[0]})`;
  if (rows.crop || cols.crop) {
    const slice = (crop: readonly [number, number] | null) => (crop ? `${crop[0]}:${crop[1]}` : ':');
    expr = `${expr}[:, :, ${slice(rows.crop)}, ${slice(cols.crop)}]`;
  }
  const code: LayerCode = {
    init: [`self.${name} = nn.ConvTranspose2d(${c}, ${p.filters}, ${args.join(', ')})`],
    forward: applyActivation(p.activation, expr),
    note: rows.crop || cols.crop ? 'cropped as TensorFlow crops a transposed convolution' : undefined,
    // Our kernel [kh, kw, filters, cin]; PyTorch's [cin, filters, kh, kw].
    state: [oihw(`${name}.weight`, () => weight('kernel'), [g.kH, g.kW, p.filters, c])],
    back: [{ nodeId: step.nodeId, weight: 'kernel', key: `${name}.weight`, layout: 'oihw', args: [] }],
  };
  if (p.useBias) {
    code.state.push(biasTensor(`${name}.bias`, () => weight('bias'), p.filters));
    code.back.push({ nodeId: step.nodeId, weight: 'bias', key: `${name}.bias`, layout: 'vector', args: [] });
  }
  return code;
};
