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

/** MaxPool2D: padded cells are -inf (never the maximum), as PyTorch's own padding and TensorFlow's "same". */
export const maxPool2d: Emitter<'MaxPool2D'> = ({ step, name, inputs }) => {
  const g = geometryOf(step);
  if (fitsPoolPadding(g)) {
    return { init: [`self.${name} = nn.MaxPool2d(${poolArgs(g, [g.padTop, g.padLeft])})`], forward: `self.${name}(${inputs[0]})`, state: [], back: [] };
  }
  const { expr } = padInput(inputs[0], g, "float('-inf')", true);
  return { init: [`self.${name} = nn.MaxPool2d(${poolArgs(g, [0, 0])})`], forward: `self.${name}(${expr})`, note: 'padded with -inf', state: [], back: [] };
};

/**
 * AvgPool2D: the mean of the real pixels under the window (Keras), PyTorch's
 * count_include_pad=False; for pads PyTorch cannot take, the padded window sum divided by the
 * padded count of ones, which is the same mean.
 */
export const avgPool2d: Emitter<'AvgPool2D'> = ({ step, name, inputs }) => {
  const g = geometryOf(step);
  const padded = g.padTop || g.padBottom || g.padLeft || g.padRight;
  if (!padded) return { init: [`self.${name} = nn.AvgPool2d(${poolArgs(g, [0, 0])})`], forward: `self.${name}(${inputs[0]})`, state: [], back: [] };
  if (fitsPoolPadding(g)) {
    return {
      init: [`self.${name} = nn.AvgPool2d(${poolArgs(g, [g.padTop, g.padLeft], ['count_include_pad=False'])})`],
      forward: `self.${name}(${inputs[0]})`, state: [], back: [],
    };
  }
  const x = inputs[0];
  const { expr } = padInput(x, g, undefined, true);
  const { expr: ones } = padInput(`torch.ones_like(${x}[:, :1])`, g, undefined, true);
  return {
    init: [`self.${name} = nn.AvgPool2d(${poolArgs(g, [0, 0])})`],
    forward: `self.${name}(${expr}) / self.${name}(${ones})`,
    note: 'mean over the real pixels only',
    state: [], back: [],
  };
};

export const globalAvgPool2d: Emitter<'GlobalAvgPool2D'> = ({ inputs }) => ({ init: [], forward: `${inputs[0]}.mean(dim=(2, 3))`, state: [], back: [] });
