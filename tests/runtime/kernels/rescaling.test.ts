import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { createRescaling } from '../../../src/core/runtime/kernels/rescaling';
import { makeRandom, randomArray, runOp, useCpuOracle } from './helpers';

let tf: typeof TF;
beforeAll(async () => { tf = await useCpuOracle(); });

/** [batch, per-sample shape, scale, offset]: Keras' two pixel forms, a negative scale, vectors, batch > 1. */
const CASES: [number, number[], number, number][] = [
  [1, [5, 7, 3], 1 / 255, 0],
  [3, [4, 4, 2], 1 / 127.5, -1],
  [2, [9], -2.5, 0.25],
  [4, [3, 1, 5], 1e3, -7],
  [1, [1, 1, 1], 0, 3],
];

describe('createRescaling matches tfjs-layers Rescaling', () => {
  it.each(CASES)('batch %i of %j, scale %f, offset %f', (n, shape, scale, offset) => {
    const per = shape.reduce((a, b) => a * b, 1);
    // Pixel-like values for the pixel forms, signed ones otherwise.
    const x = randomArray(makeRandom(per + n), n * per, scale < 0.01 ? 0 : -3, scale < 0.01 ? 255 : 3);
    const got = runOp(createRescaling(per, scale, offset), [x], n, n * per);
    const layer = tfl.layers.rescaling({ scale, offset });
    const expected = tf.tidy(() => (layer.apply(tf.tensor(x, [n, ...shape])) as TF.Tensor).dataSync() as Float32Array);
    // Both multiply then add in float32: the same roundings, so the same bits.
    expect(got).toEqual(expected);
  });

  it('refuses an empty sample, naming the op', () => {
    expect(() => createRescaling(0, 1, 0)).toThrow(/Rescaling: sizes must be positive integers, got perSample=0/);
  });
});
