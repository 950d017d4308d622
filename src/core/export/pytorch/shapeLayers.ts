import { resolveMargins } from '../../layers/margins';
import type { Shape } from '../../graph/types';
import { pairValues, type Emitter, type LayerCode } from './layerCode';

/** PyTorch code for the reshaping and gating kinds. Maps are NCHW in PyTorch, NHWC in the graph. */

const noState = (forward: string, init: string[] = [], note?: string): LayerCode => ({ init, forward, state: [], back: [], ...(note ? { note } : {}) });

export const globalMaxPool2d: Emitter<'GlobalMaxPool2D'> = ({ inputs }) => noState(`torch.amax(${inputs[0]}, dim=(2, 3))`);

/** Keras' nearest repeats pixels (PyTorch's 'nearest' at an integer factor); bilinear uses half-pixel centres. */
export const upSampling2d: Emitter<'UpSampling2D'> = ({ step, name, inputs }) => {
  const [sh, sw] = pairValues(step.params.size);
  const scale = sh === sw ? `${sh}.0` : `(${sh}.0, ${sw}.0)`;
  const mode = step.params.interpolation === 'bilinear' ? "mode='bilinear', align_corners=False" : "mode='nearest'";
  return noState(`self.${name}(${inputs[0]})`, [`self.${name} = nn.Upsample(scale_factor=${scale}, ${mode})`]);
};

export const zeroPadding2d: Emitter<'ZeroPadding2D'> = ({ step, name, inputs }) => {
  const m = resolveMargins(step.params.padding);
  return noState(`self.${name}(${inputs[0]})`, [`self.${name} = nn.ZeroPad2d((${m.left}, ${m.right}, ${m.top}, ${m.bottom}))`]);
};

export const cropping2d: Emitter<'Cropping2D'> = ({ step, inputs }) => {
  const m = resolveMargins(step.params.cropping);
  const [h, w] = step.outputShape;
  return noState(`${inputs[0]}[:, :, ${m.top}:${m.top + h}, ${m.left}:${m.left + w}]`);
};

/** A [c] or [1, 1, c] gate as PyTorch's [N, c, 1, 1], so it broadcasts over an NCHW map. */
function asOperand(input: string, shape: Shape, out: Shape): string {
  if (out.length !== 3) return input;
  if (shape.length === 1) return `${input}.view(-1, ${shape[0]}, 1, 1)`;
  return input;
}

export const multiply: Emitter<'Multiply'> = ({ step, inputs }) =>
  noState(inputs.map((x, k) => asOperand(x, step.inputShapes[k], step.outputShape)).join(' * '), [], step.inputShapes.some((s) => s.length < step.outputShape.length) ? 'gate broadcast over the map' : undefined);

/**
 * Reshape reads the values in the graph's row-major NHWC order: a map is permuted to NHWC first,
 * a vector in PyTorch's channel-major flatten order is put back into NHWC, and a map result is
 * permuted to NCHW again.
 */
export const reshape: Emitter<'Reshape'> = ({ step, inputs, flattenedFrom }) => {
  const input = step.inputShapes[0];
  const target = step.outputShape;
  const from = flattenedFrom(0);
  let x = inputs[0];
  if (input.length === 3) x = `${x}.permute(0, 2, 3, 1)`;
  else if (from) x = `${x}.view(-1, ${from[2]}, ${from[0]}, ${from[1]}).permute(0, 2, 3, 1)`;
  let expr = `${x}.reshape(-1, ${target.join(', ')})`;
  if (target.length === 3) expr = `${expr}.permute(0, 3, 1, 2)`;
  return noState(expr, [], 'NHWC order, as the app reshapes');
};
