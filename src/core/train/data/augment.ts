import { createRandom } from '../../compile/random';

/**
 * Training-time augmentation of image batches: each sample shifted by a whole number of pixels up
 * to `maxShift` each way (the uncovered border is 0) and, with `flip`, mirrored left to right with
 * even odds, as Keras' RandomTranslation and RandomFlip('horizontal') do.
 */
export interface Augmentation { maxShift: number; flip: boolean }

/**
 * The app's "shift" choice for an [h, w, c] Input: up to a tenth of its smaller side (Keras'
 * RandomTranslation(0.1, 0.1); 3 pixels on a 28x28 digit), at least one pixel.
 */
export function augmentationFor(shape: readonly number[], choice: { shift: boolean; flip: boolean }): Augmentation | null {
  if (shape.length !== 3 || (!choice.shift && !choice.flip)) return null;
  return { maxShift: choice.shift ? Math.max(1, Math.round(0.1 * Math.min(shape[0], shape[1]))) : 0, flip: choice.flip };
}

/**
 * A batch's own draws, from `seed` and its step alone: a resumed run augments every batch exactly
 * as an uninterrupted run would, with no generator state in the checkpoint.
 */
export function batchRandom(seed: number, step: number): () => number {
  return createRandom((seed ^ Math.imul(step + 1, 0x9e3779b1)) | 0);
}

/**
 * Augments the first `n` [h, w, c] images of `x` in place, drawing the shift (dy, dx) and then,
 * with `flip`, whether to mirror, per image from `random`. The output pixel (y, x) is the mirrored
 * image's pixel (y - dy, x - dx).
 */
export function augmentBatch(x: Float32Array, n: number, shape: readonly number[], aug: Augmentation, random: () => number): void {
  if (shape.length !== 3) return;
  const [h, w, c] = shape;
  const size = h * w * c;
  const copy = new Float32Array(size);
  for (let s = 0; s < n; s++) {
    const dy = Math.floor(random() * (2 * aug.maxShift + 1)) - aug.maxShift;
    const dx = Math.floor(random() * (2 * aug.maxShift + 1)) - aug.maxShift;
    const flip = aug.flip && random() < 0.5;
    if (dy === 0 && dx === 0 && !flip) continue;
    const image = x.subarray(s * size, (s + 1) * size);
    copy.set(image);
    image.fill(0);
    for (let y = Math.max(0, dy); y < Math.min(h, h + dy); y++) {
      for (let xo = Math.max(0, dx); xo < Math.min(w, w + dx); xo++) {
        const sx = flip ? w - 1 - (xo - dx) : xo - dx;
        const from = ((y - dy) * w + sx) * c;
        const to = (y * w + xo) * c;
        for (let k = 0; k < c; k++) image[to + k] = copy[from + k];
      }
    }
  }
}
