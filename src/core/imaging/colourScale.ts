/**
 * Paints `count` values (every `stride`-th from `offset`) as opaque gray RGBA bytes on a shared
 * scale: `min` is black and `max` white, so channels of one node compare by brightness. A flat
 * scale (max = min) paints mid-gray. NaN paints red so a broken value is visible.
 */
export function paintGray(
  data: ArrayLike<number>, offset: number, stride: number, count: number, min: number, max: number,
  out: Uint8ClampedArray = new Uint8ClampedArray(count * 4),
): Uint8ClampedArray {
  const range = max - min;
  for (let i = 0; i < count; i++) {
    const v = data[offset + i * stride];
    const j = i * 4;
    if (Number.isNaN(v)) {
      out[j] = 255; out[j + 1] = 0; out[j + 2] = 0;
    } else {
      const g = range > 0 ? Math.round(((v - min) / range) * 255) : 128;
      out[j] = g; out[j + 1] = g; out[j + 2] = g;
    }
    out[j + 3] = 255;
  }
  return out;
}

/**
 * Min-max normalisation to 0..1, (v - min) / (max - min), as the kernel notebook does before
 * showing a filtered picture. A constant input maps to zeros.
 */
export function normaliseMinMax(data: ArrayLike<number>): Float32Array {
  let min = Infinity, max = -Infinity;
  for (let i = 0; i < data.length; i++) { min = Math.min(min, data[i]); max = Math.max(max, data[i]); }
  const range = max - min;
  const out = new Float32Array(data.length);
  if (!(range > 0)) return out;
  for (let i = 0; i < data.length; i++) out[i] = (data[i] - min) / range;
  return out;
}
