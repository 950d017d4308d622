import { assert } from '../../assert';
import type { ConvGeometry } from '../../shape/types';
import { formatPair, type Emitter } from './layerCode';
import { padInput } from './convLayers';

function geometryOf(step: { name: string; geometry?: ConvGeometry }): ConvGeometry {
  assert(step.geometry, () => `${step.name} has no window geometry`);
  return step.geometry;
}

function poolArgs(g: ConvGeometry, padding: [number, number], extra: string[] = []): string {
  const args = [formatPair(g.kH, g.kW)];
  if (g.strideH !== g.kH || g.strideW !== g.kW) args.push(`stride=${formatPair(g.strideH, g.strideW)}`);
  if (padding[0] || padding[1]) args.push(`padding=${formatPair(padding[0], padding[1])}`);
  return [...args, ...extra].join(', ');
}

/** PyTorch pools take a symmetric padding of at most half the window; anything else is padded by hand. */
function fitsPoolPadding(g: ConvGeometry): boolean {
  return g.padTop === g.padBottom && g.padLeft === g.padRight && g.padTop <= Math.floor(g.kH / 2) && g.padLeft <= Math.floor(g.kW / 2);
}

/**
 * Explicit F.pad amounts (left, right, top, bottom) for a pool run with padding 0 and floor
 * rounding: the bottom/right pad is whatever makes the last window end where ours does, so a
 * ceilMode overhang is padded too (a negative amount crops rows no window reads).
 */
function windowPads(g: ConvGeometry): [number, number, number, number] {
  const after = (size: number, before: number, out: number, k: number, s: number) => (out - 1) * s + k - size - before;
  return [g.padLeft, after(g.inW, g.padLeft, g.outW, g.kW, g.strideW), g.padTop, after(g.inH, g.padTop, g.outH, g.kH, g.strideH)];
}

function padBy(x: string, pads: readonly number[], value?: string): string {
  return `F.pad(${x}, (${pads.join(', ')})${value === undefined ? '' : `, value=${value}`})`;
}

/**
 * MaxPool2D: padded cells are -inf (never the maximum), as PyTorch's own padding and TensorFlow's
 * "same"; ceilMode is PyTorch's ceil_mode where nn.MaxPool2d takes the padding.
 */
export const maxPool2d: Emitter<'MaxPool2D'> = ({ step, name, inputs }) => {
  const g = geometryOf(step);
  if (fitsPoolPadding(g)) {
    const ceil = g.ceilMode ? ['ceil_mode=True'] : [];
    return { init: [`self.${name} = nn.MaxPool2d(${poolArgs(g, [g.padTop, g.padLeft], ceil)})`], forward: `self.${name}(${inputs[0]})`, state: [], back: [] };
  }
  const expr = g.ceilMode ? padBy(inputs[0], windowPads(g), "float('-inf')") : padInput(inputs[0], g, "float('-inf')", true).expr;
  return { init: [`self.${name} = nn.MaxPool2d(${poolArgs(g, [0, 0])})`], forward: `self.${name}(${expr})`, note: 'padded with -inf', state: [], back: [] };
};

/**
 * AvgPool2D: the mean of the real pixels under the window (Keras), PyTorch's
 * count_include_pad=False, or with countIncludePad of the window on the padded input (PyTorch's
 * default); ceilMode is ceil_mode. For pads PyTorch cannot take, the padded window sum divided by
 * the padded count of ones (zero over the ceilMode overhang, and over the padding unless counted),
 * which is the same mean.
 */
export const avgPool2d: Emitter<'AvgPool2D'> = ({ step, name, inputs }) => {
  const g = geometryOf(step);
  const { countIncludePad } = step.params;
  const ceil = g.ceilMode ? ['ceil_mode=True'] : [];
  const padded = g.padTop || g.padBottom || g.padLeft || g.padRight;
  if (!padded) return { init: [`self.${name} = nn.AvgPool2d(${poolArgs(g, [0, 0], ceil)})`], forward: `self.${name}(${inputs[0]})`, state: [], back: [] };
  if (fitsPoolPadding(g)) {
    return {
      init: [`self.${name} = nn.AvgPool2d(${poolArgs(g, [g.padTop, g.padLeft], [...ceil, ...(countIncludePad ? [] : ['count_include_pad=False'])])})`],
      forward: `self.${name}(${inputs[0]})`, state: [], back: [],
    };
  }
  const x = inputs[0];
  const pads = windowPads(g);
  const ones = `torch.ones_like(${x}[:, :1])`;
  // Counted padding is ones around the input; only the overhang past it is zero.
  const count = countIncludePad
    ? padBy(padBy(ones, [g.padLeft, g.padRight, g.padTop, g.padBottom], '1.0'), [0, pads[1] - g.padRight, 0, pads[3] - g.padBottom])
    : padBy(ones, pads);
  return {
    init: [`self.${name} = nn.AvgPool2d(${poolArgs(g, [0, 0])})`],
    forward: `self.${name}(${padBy(x, pads)}) / self.${name}(${count})`,
    note: countIncludePad ? 'mean over the padded window' : 'mean over the real pixels only',
    state: [], back: [],
  };
};

export const globalAvgPool2d: Emitter<'GlobalAvgPool2D'> = ({ inputs }) => ({ init: [], forward: `${inputs[0]}.mean(dim=(2, 3))`, state: [], back: [] });
