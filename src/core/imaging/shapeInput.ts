import type { Shape } from '../graph/types';
import { toChannels, toGrayscale } from './channels';
import type { Picture } from './picture';
import { cropToAspect, resizePicture } from './resize';

/** Why a picture cannot fill an Input node. */
export type ShapeInputError =
  | { code: 'vector-not-square'; message: string }
  | { code: 'unsupported-channels'; message: string }
  | { code: 'unsupported-rank'; message: string }
  | { code: 'non-positive-size'; message: string };

export type ShapeInputResult =
  | { ok: true; data: Float32Array; shape: Shape }
  | { ok: false; error: ShapeInputError };

/**
 * Turns a picture into the tensor an Input node of `shape` expects (values 0..1):
 * - [h, w, 1] or [h, w, 3]: the largest centred crop of aspect w:h, resized, then grayscale or RGB;
 * - [n] with n = s*s: a grayscale s x s picture flattened row by row (a flattened-MNIST input, n = 784).
 * Anything else is a user-fixable error that names the node and the numbers.
 */
export function shapeInput(pic: Picture, shape: Shape, nodeName: string): ShapeInputResult {
  if (shape.some((d) => !Number.isInteger(d) || d <= 0)) {
    return fail('non-positive-size', `Input ${nodeName}: shape [${shape.join(', ')}] has a size that is not a positive whole number`);
  }
  if (shape.length === 1) {
    const n = shape[0];
    const side = Math.round(Math.sqrt(n));
    if (side * side !== n) {
      return fail('vector-not-square', `Input ${nodeName} expects a vector of ${n}; an image can only fill a vector whose length is a square (a flattened grayscale s x s picture, e.g. 784 = 28 x 28), and ${n} is not`);
    }
    const gray = resizePicture(cropToAspect(toGrayscale(pic), side, side), side, side);
    return { ok: true, data: Float32Array.from(gray.data), shape };
  }
  if (shape.length === 3) {
    const [h, w, c] = shape;
    if (c !== 1 && c !== 3) {
      return fail('unsupported-channels', `Input ${nodeName} has ${c} channels; an image gives 1 (grayscale) or 3 (RGB)`);
    }
    const sized = resizePicture(cropToAspect(pic, w, h), w, h);
    const out = toChannels(sized, c);
    return { ok: true, data: out === pic ? Float32Array.from(out.data) : out.data, shape };
  }
  return fail('unsupported-rank', `Input ${nodeName} has shape [${shape.join(', ')}]; an image fills [h, w, 1], [h, w, 3] or a square vector [s*s]`);
}

function fail(code: ShapeInputError['code'], message: string): ShapeInputResult {
  return { ok: false, error: { code, message } };
}
