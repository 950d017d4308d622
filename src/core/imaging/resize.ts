import { createPicture, type Picture } from './picture';

/** The source taps of one output row or column: indices and weights that sum to 1. */
interface Taps { index: number[]; weight: number[] }

/**
 * Per-axis resampling weights. Shrinking averages the source pixels each output pixel covers
 * (area / box filter, weights = overlap lengths / scale), so a photo shrunk to 28x28 does not
 * alias; enlarging interpolates linearly with half-pixel centres (x_src = (x + 0.5) * in/out - 0.5,
 * clamped), which is tf.image.resizeBilinear with halfPixelCenters = true.
 */
function computeTaps(inSize: number, outSize: number): Taps[] {
  const scale = inSize / outSize;
  const taps: Taps[] = [];
  for (let o = 0; o < outSize; o++) {
    const index: number[] = [];
    const weight: number[] = [];
    if (scale > 1) {
      const start = o * scale;
      const end = start + scale;
      for (let i = Math.floor(start); i < Math.min(inSize, Math.ceil(end)); i++) {
        const overlap = Math.min(end, i + 1) - Math.max(start, i);
        if (overlap > 1e-9) { index.push(i); weight.push(overlap / scale); }
      }
    } else {
      const x = Math.min(Math.max((o + 0.5) * scale - 0.5, 0), inSize - 1);
      const lo = Math.floor(x);
      const hi = Math.min(lo + 1, inSize - 1);
      const t = x - lo;
      index.push(lo, hi);
      weight.push(1 - t, t);
    }
    taps.push({ index, weight });
  }
  return taps;
}

/**
 * Resizes to `width` x `height`: area averaging along an axis that shrinks, bilinear along an
 * axis that grows (see computeTaps). Separable: rows first, then columns.
 */
export function resizePicture(pic: Picture, width: number, height: number): Picture {
  if (pic.width === width && pic.height === height) return pic;
  const c = pic.channels;
  const colTaps = computeTaps(pic.width, width);
  const rowTaps = computeTaps(pic.height, height);
  // Horizontal pass: pic.height x width.
  const mid = new Float32Array(pic.height * width * c);
  for (let y = 0; y < pic.height; y++) {
    for (let x = 0; x < width; x++) {
      const { index, weight } = colTaps[x];
      for (let ch = 0; ch < c; ch++) {
        let sum = 0;
        for (let k = 0; k < index.length; k++) sum += weight[k] * pic.data[(y * pic.width + index[k]) * c + ch];
        mid[(y * width + x) * c + ch] = sum;
      }
    }
  }
  const out = createPicture(width, height, c);
  for (let y = 0; y < height; y++) {
    const { index, weight } = rowTaps[y];
    for (let x = 0; x < width; x++) {
      for (let ch = 0; ch < c; ch++) {
        let sum = 0;
        for (let k = 0; k < index.length; k++) sum += weight[k] * mid[(index[k] * width + x) * c + ch];
        out.data[(y * width + x) * c + ch] = sum;
      }
    }
  }
  return out;
}

/** Copies the rectangle [x, x + width) x [y, y + height) (clipped to the picture). */
export function cropPicture(pic: Picture, x: number, y: number, width: number, height: number): Picture {
  const x0 = Math.max(0, Math.floor(x));
  const y0 = Math.max(0, Math.floor(y));
  const w = Math.max(1, Math.min(pic.width - x0, Math.round(width)));
  const h = Math.max(1, Math.min(pic.height - y0, Math.round(height)));
  const c = pic.channels;
  const out = createPicture(w, h, c);
  for (let row = 0; row < h; row++) {
    const from = ((y0 + row) * pic.width + x0) * c;
    out.data.set(pic.data.subarray(from, from + w * c), row * w * c);
  }
  return out;
}

/**
 * The largest centred crop with the aspect ratio width:height, so a resize to that size does
 * not stretch the picture (what Keras' `crop_to_aspect_ratio` does).
 */
export function cropToAspect(pic: Picture, width: number, height: number): Picture {
  const target = width / height;
  const current = pic.width / pic.height;
  if (Math.abs(target - current) < 1e-9) return pic;
  if (current > target) {
    const w = Math.round(pic.height * target);
    return cropPicture(pic, (pic.width - w) / 2, 0, w, pic.height);
  }
  const h = Math.round(pic.width / target);
  return cropPicture(pic, 0, (pic.height - h) / 2, pic.width, h);
}
