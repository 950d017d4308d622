/** The arithmetic every benchmark shares, in Node and in the browser: seeded inputs, medians, agreement. */

/** `n` values in [-0.5, 0.5) from a linear congruential generator: the same data on every run. */
export function fillRandom(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let a = seed >>> 0;
  for (let i = 0; i < n; i++) {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    out[i] = a / 4294967296 - 0.5;
  }
  return out;
}

/** The median of `xs` (the mean of the middle two for an even count). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * The largest difference between two outputs, relative to the largest magnitude of `ref` (at
 * least 1): what "the outputs agree" is measured by before any timing.
 */
export function relativeDifference(ref: Float32Array, other: Float32Array): number {
  if (ref.length !== other.length) return Infinity;
  let scale = 1;
  for (const v of ref) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  for (let i = 0; i < ref.length; i++) {
    const d = Math.abs(ref[i] - other[i]);
    if (!(d <= worst)) worst = d; // NaN counts as the worst
  }
  return worst / scale;
}
