import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nchwShape, nhwcToNchw, permute } from '../../src/core/export/tensorLayout';

/** numpy's transpose by index arithmetic, one element at a time: the brute-force reference. */
function transposeByIndex(data: Float32Array, shape: number[], perm: number[]): Float32Array {
  const outShape = perm.map((p) => shape[p]);
  const strides = shape.map((_, k) => shape.slice(k + 1).reduce((a, b) => a * b, 1));
  return Float32Array.from({ length: data.length }, (_, i) => {
    let rest = i;
    let from = 0;
    for (let k = outShape.length - 1; k >= 0; k--) {
      from += (rest % outShape[k]) * strides[perm[k]];
      rest = Math.floor(rest / outShape[k]);
    }
    return data[from];
  });
}

describe('permute', () => {
  it('equals index-by-index transposition for every rank up to 4 and every axis order', () => {
    const shapes = fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 });
    fc.assert(fc.property(shapes.chain((s) => fc.tuple(fc.constant(s), fc.shuffledSubarray(s.map((_, i) => i), { minLength: s.length }))), ([shape, perm]) => {
      const data = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i);
      expect(Array.from(permute(data, shape, perm))).toEqual(Array.from(transposeByIndex(data, shape, perm)));
    }), { numRuns: 300 });
  });

  it('HWIO -> OIHW puts kernel[y][x][i][o] at [o][i][y][x]', () => {
    const k = Float32Array.from({ length: 2 * 3 * 4 * 5 }, (_, i) => i);
    const oihw = permute(k, [2, 3, 4, 5], [3, 2, 0, 1]);
    // kernel[1][2][3][4] (HWIO [2, 3, 4, 5]) lands at OIHW [4][3][1][2] of [5, 4, 2, 3].
    expect(oihw[((4 * 4 + 3) * 2 + 1) * 3 + 2]).toBe(((1 * 3 + 2) * 4 + 3) * 5 + 4);
  });

  it('NHWC batches become NCHW; vectors are left alone', () => {
    expect(nchwShape(2, [3, 4, 5])).toEqual([2, 5, 3, 4]);
    expect(nchwShape(2, [7])).toEqual([2, 7]);
    const x = Float32Array.from({ length: 2 * 2 * 3 }, (_, i) => i); // [1, 2, 2, 3]
    expect(Array.from(nhwcToNchw(x, 1, [2, 2, 3]))).toEqual([0, 3, 6, 9, 1, 4, 7, 10, 2, 5, 8, 11]);
  });
});
