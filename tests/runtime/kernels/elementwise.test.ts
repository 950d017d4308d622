import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs-core';
import { createAdd, createBatchNorm, createConcatenate, createCopy, createGlobalAvgPool2D } from '../../../src/core/runtime/kernels';
import { ENGINES, expectClose, makeRandom, memoryFor, randomArray, runOp, runOpOn, useCpuOracle } from './helpers';

let tf: typeof TF;
beforeAll(async () => { tf = await useCpuOracle(); });

describe('createBatchNorm matches tf.batchNorm', () => {
  const SHAPES = [[[4, 4, 3], 2], [[13], 5], [[3, 5, 7], 1], [[1, 1, 1], 3], [[3, 3, 16], 2], [[2, 5, 9], 3]] as const;
  it.each(ENGINES.flatMap((e) => SHAPES.map(([shape, batch]) => [shape, batch, e] as const)))('shape=%j batch=%i (%s)', (shape, batch, engine) => {
    const rand = makeRandom(shape[shape.length - 1] * 7 + batch);
    const per = shape.reduce((a: number, b: number) => a * b, 1);
    const c = shape[shape.length - 1];
    const x = randomArray(rand, batch * per, -3, 3);
    const gamma = randomArray(rand, c, 0.5, 2);
    const beta = randomArray(rand, c);
    const mean = randomArray(rand, c);
    const variance = randomArray(rand, c, 0.01, 3);
    const eps = 1e-3;
    const simd = memoryFor(engine);
    const got = runOpOn(simd, 'scaleShift', createBatchNorm(per, c, gamma, beta, mean, variance, eps, simd), [x], batch, batch * per);
    const expected = tf.tidy(() => tf.batchNorm(tf.tensor(x, [batch, ...shape]), tf.tensor1d(mean), tf.tensor1d(variance), tf.tensor1d(beta), tf.tensor1d(gamma), eps).dataSync() as Float32Array);
    expectClose(got, expected);
  });

  it('rejects parameter vectors of the wrong length', () => {
    const v = new Float32Array(3);
    expect(() => createBatchNorm(12, 4, v, v, v, v, 1e-3)).toThrow(/gamma has 3 values, expected 4 channels/);
  });
});

describe('createAdd matches tf.addN', () => {
  const SIZES = [[2, 48, 1], [3, 7, 5], [5, 13, 2], [2, 1, 3]] as const;
  it('arity=1 perSample=10 batch=3 copies its input', () => {
    const x = randomArray(makeRandom(41), 30);
    expect(runOp(createAdd(10, 1), [x], 3, 30)).toEqual(x);
  });

  it.each(ENGINES.flatMap((e) => SIZES.map(([arity, per, batch]) => [arity, per, batch, e] as const)))('arity=%i perSample=%i batch=%i (%s)', (arity, per, batch, engine) => {
    const rand = makeRandom(arity * 31 + per);
    const xs = Array.from({ length: arity }, () => randomArray(rand, batch * per));
    const simd = memoryFor(engine);
    const got = runOpOn(simd, 'add', createAdd(per, arity, simd), xs, batch, batch * per);
    const expected = tf.tidy(() => tf.addN(xs.map((x) => tf.tensor1d(x))).dataSync() as Float32Array);
    expectClose(got, expected);
  });
});

describe('createConcatenate matches tf.concat on the last axis', () => {
  it.each([
    [[4, 4], [3, 5]],
    [[2, 3], [1, 1, 1]],
    [[1], [13, 7]],
    [[5, 5], [2, 7, 3, 1]],
  ] as const)('spatial=%j channels=%j', (hw, channels) => {
    const rand = makeRandom(channels.length * 11 + hw.length);
    const batch = 3;
    const spatial = hw.reduce((a: number, b: number) => a * b, 1);
    const xs = channels.map((c) => randomArray(rand, batch * spatial * c));
    const outSize = batch * spatial * channels.reduce((a: number, b: number) => a + b, 0);
    const got = runOp(createConcatenate(spatial, channels), xs, batch, outSize);
    const expected = tf.tidy(() => tf.concat(xs.map((x, i) => tf.tensor(x, [batch, ...hw, channels[i]])), -1).dataSync() as Float32Array);
    expectClose(got, expected);
  });
});

describe('createGlobalAvgPool2D matches tf.mean over h and w', () => {
  const SIZES = [[1, 1, 3, 2], [4, 4, 5, 1], [7, 5, 13, 5], [3, 3, 1, 3], [7, 7, 64, 2]] as const;
  it.each(ENGINES.flatMap((e) => SIZES.map((s) => [...s, e] as const)))('h=%i w=%i c=%i batch=%i (%s)', (h, w, c, batch, engine) => {
    const rand = makeRandom(h * w * c + batch);
    const x = randomArray(rand, batch * h * w * c);
    const simd = memoryFor(engine);
    const got = runOpOn(simd, 'pool', createGlobalAvgPool2D(h, w, c, simd), [x], batch, batch * c);
    const expected = tf.tidy(() => tf.mean(tf.tensor4d(x, [batch, h, w, c]), [1, 2]).dataSync() as Float32Array);
    expectClose(got, expected);
  });
});

describe('createCopy', () => {
  it('copies exactly batch * perSample values', () => {
    const x = randomArray(makeRandom(9), 2 * 6);
    expect(runOp(createCopy(6), [x], 2, 12)).toEqual(x);
  });
});
