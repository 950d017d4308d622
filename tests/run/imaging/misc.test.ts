import { describe, expect, it } from 'vitest';
import {
  CLASSIC_KERNELS, computeChannelStats, computeStats, decodeMnistDigits, encodeMnistDigits, flipKernel,
  isFlipSymmetric, makeTestPicture, normaliseMinMax, paintGray, rankClasses, readMnistDigit,
} from '../../../src/core/imaging';

describe('computeStats', () => {
  it('min, max, mean, population std and zero fraction of [0, 0, 2, 4, 4]', () => {
    const s = computeStats([0, 0, 2, 4, 4]);
    expect(s).toMatchObject({ min: 0, max: 4, mean: 2, zeroFraction: 0.4, count: 5 });
    expect(s.std).toBeCloseTo(Math.sqrt((4 + 4 + 0 + 4 + 4) / 5), 10);
  });

  it('splits an [h, w, 2] map into channels by the last axis', () => {
    const [a, b] = computeChannelStats([1, -1, 3, 0, 5, 0], 2);
    expect([a.min, a.max, a.mean]).toEqual([1, 5, 3]);
    expect([b.min, b.max, b.zeroFraction]).toEqual([-1, 0, 2 / 3]);
  });
});

describe('rankClasses', () => {
  it('keeps a distribution as is and sorts it', () => {
    const r = rankClasses([0.1, 0.6, 0.05, 0.25], 3);
    expect(r.appliedSoftmax).toBe(false);
    expect(r.classes.map((c) => c.index)).toEqual([1, 3, 0]);
  });

  it('applies softmax to logits: [ln 1, ln 3] -> [0.25, 0.75]', () => {
    const r = rankClasses([0, Math.log(3)], 5);
    expect(r.appliedSoftmax).toBe(true);
    expect(r.classes[0].index).toBe(1);
    expect(r.classes[0].probability).toBeCloseTo(0.75, 10);
    expect(r.classes[1].probability).toBeCloseTo(0.25, 10);
  });

  it('does not overflow on logits of 1000', () => {
    const r = rankClasses([1000, 1000], 2);
    expect(r.classes[0].probability).toBeCloseTo(0.5, 10);
  });
});

describe('classic kernels', () => {
  it('flips Sobel x to its negative', () => {
    expect(flipKernel([[1, 0, -1], [2, 0, -2], [1, 0, -1]])).toEqual([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]);
  });

  it('knows which kernels convolution and cross-correlation agree on', () => {
    const symmetric = CLASSIC_KERNELS.filter((k) => isFlipSymmetric(k.kernel)).map((k) => k.id);
    expect(symmetric).toEqual(['identity', 'edge-diagonal', 'edge-laplacian', 'box-blur', 'sharpen', 'gaussian-blur']);
  });

  it('blur kernels sum to 1', () => {
    for (const id of ['box-blur', 'gaussian-blur']) {
      const k = CLASSIC_KERNELS.find((c) => c.id === id)!.kernel;
      expect(k.flat().reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
  });
});

describe('normaliseMinMax and paintGray', () => {
  it('maps [2, 4, 6] to [0, .5, 1] and a constant to zeros', () => {
    expect(Array.from(normaliseMinMax([2, 4, 6]))).toEqual([0, 0.5, 1]);
    expect(Array.from(normaliseMinMax([3, 3]))).toEqual([0, 0]);
  });

  it('paints channel 1 of an [1, 2, 2] map on a shared scale', () => {
    const rgba = paintGray([0, -1, 0, 1], 1, 2, 2, -1, 1);
    expect(Array.from(rgba)).toEqual([0, 0, 0, 255, 255, 255, 255, 255]);
  });
});

describe('test pictures', () => {
  it('checkerboard alternates every size/8 pixels', () => {
    const p = makeTestPicture('checkerboard', 16);
    expect([p.data[0], p.data[2 * 3], p.data[(2 * 16) * 3], p.data[(2 * 16 + 2) * 3]]).toEqual([1, 0, 0, 1]);
  });

  it('circle is white in the middle and black in the corner', () => {
    const p = makeTestPicture('circle', 32);
    expect(p.data[(16 * 32 + 16) * 3]).toBe(1);
    expect(p.data[0]).toBe(0);
  });
});

describe('MNIST sample file', () => {
  it('round-trips labels and pixels', () => {
    const labels = Uint8Array.from([3, 7]);
    const pixels = Uint8Array.from({ length: 2 * 4 }, (_, i) => i * 30);
    const bytes = encodeMnistDigits({ rows: 2, cols: 2, labels, pixels });
    const r = decodeMnistDigits(bytes);
    if (!r.ok) throw new Error(r.error.message);
    expect(Array.from(r.digits.labels)).toEqual([3, 7]);
    expect(Array.from(readMnistDigit(r.digits, 1))).toEqual(Array.from(Float32Array.from([120, 150, 180, 210], (v) => v / 255)));
  });

  it('refuses a file of the wrong length or magic', () => {
    const bytes = encodeMnistDigits({ rows: 2, cols: 2, labels: Uint8Array.from([1]), pixels: new Uint8Array(4) });
    expect(decodeMnistDigits(bytes.subarray(0, bytes.length - 1)).ok).toBe(false);
    expect(decodeMnistDigits(new TextEncoder().encode('<!doctype html>')).ok).toBe(false);
  });
});
