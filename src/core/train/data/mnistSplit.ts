import type { MnistDigits } from '../../imaging/mnistDigits';

/** Per digit class, samples [0, HELD_OUT_PER_DIGIT) are held out: the picker shows them and no training uses them. */
export const HELD_OUT_PER_DIGIT = 100;
const SIDE = 28;

/**
 * Splits the `mnist` package's digits (one array of 0..1 floats per class, 784 per sample) into
 * the held-out 1,000 (samples 0..99 of each class) and the training rest, both interleaved
 * 0, 1, ..., 9, 0, 1, ... while every class still has samples, so any prefix is balanced too.
 * Pixels become bytes (round(v * 255)), the app's MNDG layout (imaging/mnistDigits).
 */
export function splitMnistDigits(perClass: readonly ArrayLike<number>[]): { heldOut: MnistDigits; train: MnistDigits } {
  const pixels = SIDE * SIDE;
  const counts = perClass.map((raw) => Math.floor(raw.length / pixels));
  const short = counts.findIndex((c) => c < HELD_OUT_PER_DIGIT);
  if (short >= 0) throw new Error(`mnist: digit ${short} has ${counts[short]} samples, fewer than the ${HELD_OUT_PER_DIGIT} held out`);
  const take = (from: number, to: (d: number) => number): MnistDigits => {
    const order: [number, number][] = [];
    const longest = Math.max(...perClass.map((_, d) => to(d)));
    for (let k = from; k < longest; k++) for (let d = 0; d < perClass.length; d++) if (k < to(d)) order.push([d, k]);
    const labels = new Uint8Array(order.length);
    const bytes = new Uint8Array(order.length * pixels);
    order.forEach(([d, k], i) => {
      labels[i] = d;
      const raw = perClass[d];
      for (let p = 0; p < pixels; p++) bytes[i * pixels + p] = Math.round(raw[k * pixels + p] * 255);
    });
    return { rows: SIDE, cols: SIDE, labels, pixels: bytes };
  };
  return { heldOut: take(0, () => HELD_OUT_PER_DIGIT), train: take(HELD_OUT_PER_DIGIT, (d) => counts[d]) };
}
