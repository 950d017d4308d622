import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { resolveConvGeometry } from '../../../src/core/shape/convArithmetic';
import { formatTransposedArithmetic, resolveTransposedGeometry } from '../../../src/core/shape/transposedArithmetic';
import type { Padding } from '../../../src/core/graph/types';

/** Keras' conv_utils.deconv_output_length, transcribed from its source (the reference for every size). */
function kerasDeconvLength(h: number, k: number, padding: 'valid' | 'same', op: number | null, s: number, d: number): number {
  const kk = k + (k - 1) * (d - 1);
  if (op === null) return padding === 'valid' ? h * s + Math.max(kk - s, 0) : h * s;
  const pad = padding === 'same' ? Math.floor(kk / 2) : 0;
  return (h - 1) * s + kk - 2 * pad + op;
}

describe('transposed convolution output sizes', () => {
  it.each([
    // h, k, s, padding, outputPadding, dilation, expected rows
    [4, 3, 2, 'valid', null, 1, 9],
    [4, 3, 2, 'same', null, 1, 8],
    [4, 2, 2, 'valid', null, 1, 8], // U-Net's 2x2 up-convolution doubles the size
    [3, 2, 3, 'valid', null, 1, 9], // k < s: h*s, not (h - 1)s + k
    [4, 3, 2, 'same', 1, 1, 8],
    [4, 3, 2, 'valid', 1, 1, 10],
    [5, 3, 1, 'valid', null, 2, 9],
    [7, 4, 3, 'same', 2, 1, 20],
  ] as const)('h=%i k=%i s=%i %s outputPadding=%s d=%i -> %i, as Keras computes it', (h, k, s, padding, op, d, expected) => {
    expect(kerasDeconvLength(h, k, padding, op, s, d)).toBe(expected);
    const g = resolveTransposedGeometry(h, h, 3, { kernelSize: k, strides: s, padding, dilation: d, outputPadding: op }, 8);
    expect([g.outH, g.outW, g.outC]).toEqual([expected, expected, 8]);
  });

  it('numeric and explicit padding crop as PyTorch ConvTranspose2d: (h - 1)s - before - after + d(k - 1) + 1 + op', () => {
    const g = resolveTransposedGeometry(16, 16, 3, { kernelSize: 4, strides: 2, padding: 1, dilation: 1, outputPadding: null }, 8);
    expect([g.outH, g.padTop]).toEqual([32, 1]); // DCGAN's 4x4 s2 p1 doubles the size
    const e = resolveTransposedGeometry(5, 6, 3, { kernelSize: 3, strides: 2, padding: [[1, 0], [2, 1]], dilation: 1, outputPadding: [1, 0] }, 8);
    expect([e.outH, e.outW, e.padTop, e.padLeft]).toEqual([(5 - 1) * 2 - 1 + 3 + 1, (6 - 1) * 2 - 3 + 3, 1, 2]);
  });

  it('TensorFlow\'s condition holds: the forward conv of the output size gives the input size back', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }),
      fc.constantFrom<'valid' | 'same'>('valid', 'same'), fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
      (h, k, s, d, padding, op) => {
        if (op !== null && op >= s) return; // Keras refuses outputPadding >= stride
        const effK = d * (k - 1) + 1;
        if (padding === 'same' && op === 0 && effK % 2 === 0) return; // refused by the layer (TensorFlow would fail)
        const g = resolveTransposedGeometry(h, h, 1, { kernelSize: k, strides: s, padding, dilation: d, outputPadding: op }, 1);
        expect(g.outH).toBe(kerasDeconvLength(h, k, padding, op, s, d));
        const forward = resolveConvGeometry(g.outH, g.outH, 1, { kernelSize: k, strides: s, padding, dilation: d }, 1);
        expect(forward.outH).toBe(h);
        if (padding === 'same') expect(g.padTop).toBe(forward.padTop);
      },
    ));
  });

  it.each([
    ['same', null, '16*2 = 32'],
    ['valid', null, '16*2 + max(3 - 2, 0) = 33'],
    ['same', 1, '(16 - 1)*2 + 3 - 2*1 + 1 = 32'],
    ['valid', 1, '(16 - 1)*2 + 3 + 1 = 34'],
    [1, null, '(16 - 1)*2 + 3 - 2*1 = 31'],
    [[[1, 0], [0, 0]], null, '(16 - 1)*2 + 3 - 1 - 0 = 32'],
  ] as [Padding, number | null, string][])('arithmetic line for padding %j outputPadding %s: %s', (padding, op, text) => {
    const g = resolveTransposedGeometry(16, 16, 3, { kernelSize: 3, strides: 2, padding, dilation: 1, outputPadding: op }, 8);
    expect(formatTransposedArithmetic(g, padding, 0)).toBe(text);
  });
});
