import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs-core';
import { createCropping2D, createGlobalMaxPool2D, createMultiply, createZeroPadding2D } from '../../../src/core/runtime/kernels';
import { ENGINES, makeRandom, memoryFor, randomArray, runOp, runOpOn, useCpuOracle } from './helpers';

let tf: typeof TF;
beforeAll(async () => { tf = await useCpuOracle(); });

/** [batch, h, w, c, top, bottom, left, right]: odd sizes, asymmetric sides, zero sides, batch > 1. */
const SIDES: [number, number, number, number, number, number, number, number][] = [
  [1, 3, 3, 1, 1, 1, 1, 1], [3, 5, 7, 3, 0, 2, 1, 0], [2, 4, 1, 5, 3, 0, 0, 2], [2, 9, 8, 2, 2, 3, 4, 1], [1, 6, 6, 4, 0, 0, 0, 0],
];

describe('createZeroPadding2D matches tf.pad', () => {
  it.each(SIDES)('x=[%i,%i,%i,%i] pads %i/%i, %i/%i', (n, h, w, c, t, b, l, r) => {
    const x = randomArray(makeRandom(h * 7 + w + c), n * h * w * c);
    const size = n * (h + t + b) * (w + l + r) * c;
    const got = runOp(createZeroPadding2D(h, w, c, t, b, l, r), [x], n, size);
    const expected = tf.tidy(() => tf.pad(tf.tensor4d(x, [n, h, w, c]), [[0, 0], [t, b], [l, r], [0, 0]]).dataSync() as Float32Array);
    expect(got).toEqual(expected);
  });
});

describe('createCropping2D matches tf.slice', () => {
  it.each(SIDES.map(([n, h, w, c, t, b, l, r]) => [n, h + t + b, w + l + r, c, t, b, l, r]))('x=[%i,%i,%i,%i] crops %i/%i, %i/%i', (n, h, w, c, t, b, l, r) => {
    const x = randomArray(makeRandom(h * 5 + w + c), n * h * w * c);
    const oh = h - t - b, ow = w - l - r;
    const got = runOp(createCropping2D(h, w, c, t, b, l, r), [x], n, n * oh * ow * c);
    const expected = tf.tidy(() => tf.slice(tf.tensor4d(x, [n, h, w, c]), [0, t, l, 0], [n, oh, ow, c]).dataSync() as Float32Array);
    expect(got).toEqual(expected);
  });

  it('refuses a crop that leaves nothing, with the numbers', () => {
    expect(() => createCropping2D(4, 5, 1, 2, 2, 0, 0)).toThrow(/Cropping2D: sizes must be positive integers, got outH=0/);
  });
});

describe('createGlobalMaxPool2D matches tf.max over h and w', () => {
  const SIZES = [[1, 1, 1, 1], [3, 5, 7, 3], [2, 4, 9, 13], [5, 2, 2, 1], [2, 3, 3, 32]] as const;
  it.each(ENGINES.flatMap((e) => SIZES.map((s) => [...s, e] as const)))('x=[%i,%i,%i,%i] (%s)', (n, h, w, c, engine) => {
    const x = randomArray(makeRandom(h * 3 + w + c), n * h * w * c, -5, 5);
    const simd = memoryFor(engine);
    const got = runOpOn(simd, 'pool', createGlobalMaxPool2D(h, w, c, simd), [x], n, n * c);
    const expected = tf.tidy(() => tf.max(tf.tensor4d(x, [n, h, w, c]), [1, 2]).dataSync() as Float32Array);
    expect(got).toEqual(expected);
  });

  it.each(ENGINES)('a NaN anywhere in a channel gives NaN for that channel only (%s)', (engine) => {
    const x = Float32Array.from([1, 2, NaN, 0, 3, 5]); // [1, 3, 1, 2]
    const simd = memoryFor(engine);
    const got = runOpOn(simd, 'pool', createGlobalMaxPool2D(1, 3, 2, simd), [x], 1, 2);
    expect(Number.isNaN(got[0])).toBe(true);
    expect(got[1]).toBe(5);
  });
});

describe('createMultiply matches tf.mul with broadcasting', () => {
  it.each([
    [1, [4, 4, 3], [[4, 4, 3], [4, 4, 3]]],
    [3, [5, 7, 6], [[5, 7, 6], [1, 1, 6]]], // squeeze-and-excitation gate
    [2, [3, 5, 4], [[4], [3, 5, 4]]], // the vector first
    [2, [3, 3, 5], [[3, 3, 5], [5], [1, 1, 5]]],
    [4, [7], [[7], [7]]],
  ] as const)('batch=%i out=%j inputs=%j', (n, out, shapes) => {
    const rand = makeRandom(out.length * 11 + n + shapes.length);
    const per = out.reduce((a: number, b: number) => a * b, 1);
    const sizes = shapes.map((s) => s.reduce((a: number, b: number) => a * b, 1));
    const xs = sizes.map((s) => randomArray(rand, n * s));
    const got = runOp(createMultiply(per, out[out.length - 1], sizes), xs, n, n * per);
    const expected = tf.tidy(() => {
      // A per-sample [c] is [1, 1, c] to Keras' broadcasting (per sample, the batch axis kept apart).
      const ts = xs.map((x, i) => tf.tensor(x, [n, ...(shapes[i].length < out.length ? [1, 1, ...shapes[i]] : shapes[i])]));
      return ts.slice(1).reduce((acc, t) => tf.mul(acc, t), ts[0]).dataSync() as Float32Array;
    });
    expect(got).toEqual(expected);
  });

  it('refuses an input that neither matches nor broadcasts, with the numbers', () => {
    expect(() => createMultiply(48, 3, [48, 4])).toThrow(/Multiply: an input of 4 values is neither the full 48 nor 3 channels/);
  });
});
