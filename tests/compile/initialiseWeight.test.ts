import { describe, expect, it } from 'vitest';
import { glorotLimit, initialiseWeight } from '../../src/core/compile/initialiseWeight';
import { createRandom, createWeightRandom, fillRandomSymmetric, hashString, weightSeed } from '../../src/core/compile/random';

describe('random', () => {
  it('FNV-1a matches the published 32-bit test vectors', () => {
    expect(hashString('')).toBe(0x811c9dc5);
    expect(hashString('a')).toBe(0xe40c292c);
    expect(hashString('foobar')).toBe(0xbf9cf968);
  });
  it('mulberry32(1) gives the reference sequence (computed by an independent Python big-int implementation)', () => {
    const next = createRandom(1);
    expect([next(), next(), next(), next()]).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522, 0.9810509674716741]);
  });
  it('the inlined fill gives bit for bit what (2 * next() - 1) * limit gives, seeds of either sign', () => {
    for (const seed of [1, -7, 0x7fffffff, weightSeed(3, 'block1_conv1', 'kernel')]) {
      const filled = new Float32Array(5000);
      fillRandomSymmetric(filled, seed, 0.0731);
      const next = createRandom(seed);
      const expected = Float32Array.from({ length: 5000 }, () => (2 * next() - 1) * 0.0731);
      expect(filled).toEqual(expected);
    }
    const fromStream = createWeightRandom(3, 'c1', 'kernel');
    const filled = new Float32Array(3);
    fillRandomSymmetric(filled, weightSeed(3, 'c1', 'kernel'), 1);
    expect(Array.from(filled)).toEqual([0, 1, 2].map(() => Math.fround(2 * fromStream() - 1)));
  });
});

describe('glorotLimit', () => {
  it.each([
    // conv [kh, kw, cin, cout]: fanIn = kh*kw*cin, fanOut = kh*kw*cout
    [[5, 5, 1, 6], Math.sqrt(6 / (25 + 150))],
    [[3, 3, 64, 128], Math.sqrt(6 / (576 + 1152))],
    // dense [in, out]
    [[400, 120], Math.sqrt(6 / 520)],
  ])('%j -> %f', (shape, limit) => expect(glorotLimit(shape)).toBeCloseTo(limit, 12));
});

describe('initialiseWeight', () => {
  const spec = { name: 'kernel', shape: [3, 3, 16, 32] };
  it('same seed and node give the same values; another seed or node gives others', () => {
    const a = initialiseWeight('conv1', spec, 7);
    expect(initialiseWeight('conv1', spec, 7)).toEqual(a);
    const otherSeed = initialiseWeight('conv1', spec, 8);
    const otherNode = initialiseWeight('conv2', spec, 7);
    const same = (x: Float32Array, y: Float32Array) => x.filter((v, i) => v === y[i]).length;
    expect(same(a, otherSeed)).toBeLessThan(5);
    expect(same(a, otherNode)).toBeLessThan(5);
  });
  it('Glorot-uniform kernels stay inside ±limit with mean ~0 and variance ~limit^2/3', () => {
    const w = initialiseWeight('conv1', spec, 123);
    const limit = Math.sqrt(6 / (9 * 16 + 9 * 32));
    let sum = 0;
    let sumSq = 0;
    for (const v of w) {
      expect(Math.abs(v)).toBeLessThanOrEqual(limit);
      sum += v;
      sumSq += v * v;
    }
    const n = w.length; // 4608 values: the standard error of the variance is ~1.5% of it
    const mean = sum / n;
    const variance = sumSq / n - mean * mean;
    expect(Math.abs(mean)).toBeLessThan(0.05 * limit);
    expect(variance / (limit * limit / 3)).toBeGreaterThan(0.94);
    expect(variance / (limit * limit / 3)).toBeLessThan(1.06);
    // Uniform, not clustered: each tenth of [-limit, limit] holds about a tenth of the values.
    const bins = new Array(10).fill(0);
    for (const v of w) bins[Math.min(9, Math.floor(((v + limit) / (2 * limit)) * 10))]++;
    for (const b of bins) expect(Math.abs(b / n - 0.1)).toBeLessThan(0.025);
  });
  it.each([
    ['bias', 0],
    ['beta', 0],
    ['movingMean', 0],
    ['gamma', 1],
    ['movingVariance', 1],
  ])('%s is filled with %d (Keras defaults)', (name, value) => {
    const w = initialiseWeight('bn', { name, shape: [8] }, 1);
    expect(Array.from(w)).toEqual(new Array(8).fill(value));
  });
});
