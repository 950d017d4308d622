import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { HELD_OUT_PER_DIGIT, splitMnistDigits } from '../../src/core/train/data/mnistSplit';

const require = createRequire(import.meta.url);
const perClass = Array.from({ length: 10 }, (_, d) => (JSON.parse(readFileSync(require.resolve(`mnist/src/digits/${d}.json`), 'utf8')) as { data: number[] }).data);

describe('splitMnistDigits', () => {
  it('holds out samples 0..99 of every class and trains on all the others, none in both', () => {
    const { heldOut, train } = splitMnistDigits(perClass);
    const total = perClass.reduce((s, raw) => s + raw.length / 784, 0);
    expect(heldOut.labels.length).toBe(10 * HELD_OUT_PER_DIGIT);
    expect(train.labels.length + heldOut.labels.length).toBe(total);
    // Interleaved 0..9: held-out digit k*10 + d is sample k of class d.
    for (const [k, d] of [[0, 0], [37, 4], [99, 9]]) {
      const i = k * 10 + d;
      expect(heldOut.labels[i]).toBe(d);
      expect(Array.from(heldOut.pixels.subarray(i * 784, (i + 1) * 784))).toEqual(perClass[d].slice(k * 784, (k + 1) * 784).map((v) => Math.round(v * 255)));
    }
    // Training image 3 is sample 100 of class 3, the first after the held-out range.
    expect(train.labels[3]).toBe(3);
    expect(Array.from(train.pixels.subarray(3 * 784, 4 * 784))).toEqual(perClass[3].slice(100 * 784, 101 * 784).map((v) => Math.round(v * 255)));
    // No training image equals a held-out one of its class (byte for byte).
    const heldKeys = new Set(Array.from({ length: heldOut.labels.length }, (_, i) => `${heldOut.labels[i]}:${heldOut.pixels.subarray(i * 784, (i + 1) * 784).join(',')}`));
    let clashes = 0;
    for (let i = 0; i < train.labels.length; i++) if (heldKeys.has(`${train.labels[i]}:${train.pixels.subarray(i * 784, (i + 1) * 784).join(',')}`)) clashes++;
    expect(clashes).toBe(0);
  });
});
