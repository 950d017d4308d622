import { toGrayscale } from './channels';
import { createPicture, type Picture } from './picture';
import { cropPicture, resizePicture } from './resize';

/** Side of an MNIST digit and of the box its strokes are scaled into (LeCun et al.: 20x20 in 28x28). */
export const MNIST_SIDE = 28;
export const MNIST_BOX = 20;

/**
 * Prepares a drawing the way MNIST was prepared: grayscale, white strokes on black; crop to the
 * strokes' bounding box; scale (keeping the aspect ratio) so the longer side is 20 pixels;
 * paste into 28x28 so the centre of mass sits at the centre (14, 14). Returns an all-black
 * digit when nothing brighter than `threshold` was drawn.
 */
export function centreDigit(pic: Picture, threshold = 0.05): Picture {
  const gray = toGrayscale(pic);
  let minX = Infinity, minY = Infinity, maxX = -1, maxY = -1;
  for (let y = 0; y < gray.height; y++) {
    for (let x = 0; x < gray.width; x++) {
      if (gray.data[y * gray.width + x] > threshold) {
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  const out = createPicture(MNIST_SIDE, MNIST_SIDE, 1);
  if (maxX < 0) return out;
  const box = cropPicture(gray, minX, minY, maxX - minX + 1, maxY - minY + 1);
  const scale = MNIST_BOX / Math.max(box.width, box.height);
  const w = Math.max(1, Math.round(box.width * scale));
  const h = Math.max(1, Math.round(box.height * scale));
  const digit = resizePicture(box, w, h);
  let mass = 0, cx = 0, cy = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = digit.data[y * w + x];
      mass += v; cx += v * (x + 0.5); cy += v * (y + 0.5);
    }
  }
  // Shift so the centre of mass lands on the centre; clamp so the digit stays inside.
  const offX = clamp(Math.round(MNIST_SIDE / 2 - cx / mass), 0, MNIST_SIDE - w);
  const offY = clamp(Math.round(MNIST_SIDE / 2 - cy / mass), 0, MNIST_SIDE - h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) out.data[(y + offY) * MNIST_SIDE + x + offX] = Math.min(1, digit.data[y * w + x]);
  }
  return out;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
