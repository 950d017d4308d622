import { beforeAll, describe, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs-core';
import { multiplyPacked, packColumns, packedRowsLength, packRows } from '../../../src/core/runtime/kernels/gemm';
import { expectClose, makeRandom, randomArray, useCpuOracle } from './helpers';

let tf: typeof TF;
beforeAll(async () => { tf = await useCpuOracle(); });

describe('scalar packed GEMM', () => {
  it.each([
    [1, 1, 1], [3, 5, 7], [4, 8, 8], [5, 9, 9], [17, 33, 15], [64, 64, 64], [13, 200, 3], [100, 1, 40],
  ])('rows=%i depth=%i cols=%i matches tf.matMul + bias', (rows, depth, cols) => {
    const rand = makeRandom(rows * 7 + depth * 3 + cols);
    const a = randomArray(rand, rows * depth);
    const b = randomArray(rand, depth * cols);
    const bias = randomArray(rand, cols);
    const packedA = new Float32Array(packedRowsLength(rows, depth) + 3);
    packRows(a, 0, rows, depth, packedA, 3);
    const out = new Float32Array(rows * cols);
    multiplyPacked(packedA.subarray(3), rows, packColumns(b, depth, cols, bias), out, 0);
    const expected = tf.tidy(() => tf.add(tf.matMul(tf.tensor2d(a, [rows, depth]), tf.tensor2d(b, [depth, cols])), tf.tensor1d(bias)).dataSync() as Float32Array);
    expectClose(out, expected);
  });
});
