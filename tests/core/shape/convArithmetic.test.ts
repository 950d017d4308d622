import { backend_util } from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Padding } from '../../../src/core/graph/types';
import {
  checkTensorSize, computeConvOutputSize, formatAxisArithmetic, formatEffectiveKernel, resolveConvGeometry, selectAxis,
} from '../../../src/core/shape/convArithmetic';

/** TensorFlow.js's own conv_util is the oracle for sizes and padding. */
function tfInfo(h: number, w: number, k: number, s: number, d: number, pad: Padding) {
  const tfPad = typeof pad === 'object' ? [[0, 0], [...pad[0]], [...pad[1]], [0, 0]] : pad;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return backend_util.computeConv2DInfo([1, h, w, 1], [k, k, 1, 1], s, d, tfPad as any);
}

describe('resolveConvGeometry against TensorFlow.js', () => {
  it.each([
    // h, k, s, d, padding, expected out, pad before, pad after
    [32, 5, 1, 1, 'valid', 28, 0, 0],
    [28, 5, 1, 1, 'same', 28, 2, 2],
    [5, 2, 2, 1, 'same', 3, 0, 1],
    [6, 3, 2, 1, 'same', 3, 0, 1],
    [7, 3, 2, 1, 'same', 4, 1, 1],
    [224, 3, 1, 1, 'same', 224, 1, 1],
    [224, 7, 2, 1, 'same', 112, 2, 3],
    [10, 4, 3, 1, 'same', 4, 1, 2],
    [10, 4, 3, 1, 'valid', 3, 0, 0],
    [9, 2, 3, 1, 'same', 3, 0, 0],
    [12, 3, 1, 2, 'same', 12, 2, 2],
    [12, 3, 1, 2, 'valid', 8, 0, 0],
    [13, 4, 1, 3, 'same', 13, 4, 5],
    [28, 5, 2, 1, 'valid', 12, 0, 0],
    [32, 5, 1, 1, 2, 32, 2, 2],
    [7, 3, 1, 1, [[1, 2], [0, 3]], 8, 1, 2],
  ] as [number, number, number, number, Padding, number, number, number][])(
    'h=%i k=%i s=%i d=%i padding=%j -> out %i, pads %i/%i',
    (h, k, s, d, padding, out, before, after) => {
      const g = resolveConvGeometry(h, h, 1, { kernelSize: k, strides: s, dilation: d, padding }, 1);
      expect([g.outH, g.padTop, g.padBottom]).toEqual([out, before, after]);
      const tf = tfInfo(h, h, k, s, d, padding);
      expect(g.outH).toBe(tf.outHeight);
      expect(g.padTop).toBe(tf.padInfo.top);
      expect(g.padBottom).toBe(tf.padInfo.bottom);
      if (typeof padding !== 'object') {
        expect(g.outW).toBe(tf.outWidth);
        expect([g.padLeft, g.padRight]).toEqual([tf.padInfo.left, tf.padInfo.right]);
      }
    },
  );

  it('resolves rows and cols separately for pairs', () => {
    const g = resolveConvGeometry(10, 20, 3, { kernelSize: [3, 5], strides: [1, 2], padding: 'valid', dilation: 1 }, 8);
    expect([g.outH, g.outW, g.outC, g.kH, g.kW, g.effKH, g.effKW]).toEqual([8, 8, 8, 3, 5, 3, 5]);
  });
});

/** Brute force: count window starts i*s with the whole window inside the padded input. */
function countWindows(padded: number, effK: number, s: number): number {
  let n = 0;
  for (let start = 0; start + effK <= padded; start += s) n++;
  return n;
}

describe('output-size formula properties', () => {
  it('agrees with brute-force counting of valid window positions', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 }),
        (h, k, s, d, top, bottom) => {
          const g = resolveConvGeometry(h, h, 1, { kernelSize: k, strides: s, dilation: d, padding: [[top, bottom], [top, bottom]] }, 1);
          const brute = countWindows(h + top + bottom, d * (k - 1) + 1, s);
          if (brute > 0) expect(g.outH).toBe(brute);
          else expect(g.outH).toBeLessThanOrEqual(0);
        },
      ),
    );
  });

  it('with ceilMode, agrees with counting windows until one reaches the end, none starting in the trailing pad', () => {
    // PyTorch's ceil_mode (and onnxruntime's): windows until one reaches the padded input's end,
    // less that last one when it starts in the trailing padding.
    const countCeilWindows = (h: number, top: number, bottom: number, k: number, s: number): number => {
      let n = 1;
      while ((n - 1) * s + k < top + h + bottom) n++;
      return n > 1 && (n - 1) * s >= top + h ? n - 1 : n;
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 }),
        (h, k, s, top, bottom) => {
          fc.pre(k <= h + top + bottom);
          const g = resolveConvGeometry(h, h, 1, { kernelSize: k, strides: s, padding: [[top, bottom], [top, bottom]], ceilMode: true }, 1);
          expect(g.outH).toBe(countCeilWindows(h, top, bottom, k, s));
          // Within PyTorch's limit (pads at most k/2) rounding up never loses a window.
          if (2 * Math.max(top, bottom) <= k) expect(g.outH).toBeGreaterThanOrEqual(countWindows(h + top + bottom, k, s));
        },
      ),
    );
  });

  it("'same' gives ceil(h/s) and matches TensorFlow.js padding", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 80 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 4 }), (h, k, s) => {
        const g = resolveConvGeometry(h, h, 1, { kernelSize: k, strides: s, padding: 'same' }, 1);
        expect(g.outH).toBe(Math.ceil(h / s));
        const tf = tfInfo(h, h, k, s, 1, 'same');
        expect([g.padTop, g.padBottom, g.outH]).toEqual([tf.padInfo.top, tf.padInfo.bottom, tf.outHeight]);
      }),
    );
  });
});

describe('formatAxisArithmetic', () => {
  const axis = (h: number, k: number, s: number, padding: Padding) =>
    selectAxis(resolveConvGeometry(h, h, 1, { kernelSize: k, strides: s, padding }, 1), 0);
  it.each([
    [32, 5, 1, 'valid', '(32 + 2*0 - 5)/1 + 1 = 28'],
    [4, 5, 1, 'valid', '(4 + 2*0 - 5)/1 + 1 = 0'],
    [28, 5, 2, 'valid', '(28 + 2*0 - 5)/2 + 1 = 12.5 -> 12'],
    [5, 2, 2, 'same', '(5 + 0 + 1 - 2)/2 + 1 = 3'],
    [28, 5, 3, 1, '(28 + 2*1 - 5)/3 + 1 = 9.33 -> 9'],
  ] as [number, number, number, Padding, string][])('h=%i k=%i s=%i padding=%j -> %s', (h, k, s, padding, text) => {
    expect(formatAxisArithmetic(axis(h, k, s, padding))).toBe(text);
  });

  const ceilAxis = (h: number, k: number, s: number, padding: Padding) =>
    selectAxis(resolveConvGeometry(h, h, 1, { kernelSize: k, strides: s, padding, ceilMode: true }, 1), 0);
  it.each([
    [111, 3, 2, 'valid', 'ceil((111 + 2*0 - 3)/2) + 1 = 55'],
    [112, 3, 2, 'valid', 'ceil((112 + 2*0 - 3)/2) + 1 = ceil(54.5) + 1 = 56'],
    [5, 2, 2, 1, 'ceil((5 + 2*1 - 2)/2) + 1 = ceil(2.5) + 1 = 4 -> 3 (the last window would start in the padding)'],
  ] as [number, number, number, Padding, string][])('ceilMode h=%i k=%i s=%i padding=%j -> %s', (h, k, s, padding, text) => {
    expect(formatAxisArithmetic(ceilAxis(h, k, s, padding))).toBe(text);
  });
});

describe('formatEffectiveKernel', () => {
  it('spells out the dilated window d(k - 1) + 1, and is null without dilation', () => {
    const at = (k: number, d: number) => selectAxis(resolveConvGeometry(32, 32, 1, { kernelSize: k, strides: 1, padding: 'valid', dilation: d }, 1), 0);
    expect(formatEffectiveKernel(at(5, 2))).toBe('2*(5 - 1) + 1 = 9');
    expect(formatEffectiveKernel(at(3, 4))).toBe('4*(3 - 1) + 1 = 9');
    expect(formatEffectiveKernel(at(5, 1))).toBeNull();
  });
});

describe('checked sizes', () => {
  it('computeConvOutputSize is floor((h + pads - k)/s) + 1', () => {
    expect(computeConvOutputSize(28, 0, 0, 5, 2)).toBe(12);
    expect(computeConvOutputSize(4, 0, 0, 5, 1)).toBe(0);
  });
  it('allows 2^26 elements and refuses one more', () => {
    expect(checkTensorSize([8192, 8192, 1])).toEqual({ ok: true, elements: 2 ** 26 });
    expect(checkTensorSize([2 ** 26 + 1])).toEqual({ ok: false, elements: 2 ** 26 + 1 });
  });
});
