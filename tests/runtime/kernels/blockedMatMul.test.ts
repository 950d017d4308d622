import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs-core';
import { createBlockedMatMul } from '../../../src/core/runtime/kernels/blockedMatMul';
import { packRows } from '../../../src/core/runtime/kernels/gemm';
import { assembleGemmModule, setSimdGemmEnabled } from '../../../src/core/runtime/kernels/simdGemm';
import { createConv2D } from '../../../src/core/runtime/kernels';
import { expectClose, makeGeometry, makeRandom, randomArray, useCpuOracle } from './helpers';

let tf: typeof TF;
beforeAll(async () => { tf = await useCpuOracle(); });
afterAll(() => setSimdGemmEnabled(true));

/** Runs the whole of A through the matmul in blocks, as the kernels do. */
function multiplyAll(a: Float32Array, rows: number, depth: number, b: Float32Array, cols: number, bias: Float32Array | null, blockRows: number): Float32Array {
  const mm = createBlockedMatMul(b, depth, cols, bias, blockRows);
  const out = new Float32Array(rows * cols);
  mm.begin();
  for (let r0 = 0; r0 < rows; r0 += blockRows) {
    const n = Math.min(blockRows, rows - r0);
    packRows(a, r0 * depth, n, depth, mm.aBuffer, mm.aOffset);
    mm.multiply(n, out, r0 * cols);
  }
  return out;
}

describe.each(['simd', 'scalar'] as const)('createBlockedMatMul (%s)', (engine) => {
  it.each([
    [1, 1, 1, 4], [3, 5, 7, 4], [4, 8, 8, 4], [5, 9, 9, 8], [17, 33, 15, 8], [64, 64, 64, 16], [13, 200, 3, 12], [100, 1, 40, 24],
  ])('rows=%i depth=%i cols=%i blockRows=%i matches tf.matMul + bias', (rows, depth, cols, blockRows) => {
    setSimdGemmEnabled(engine === 'simd');
    const rand = makeRandom(rows * 7 + depth * 3 + cols);
    const a = randomArray(rand, rows * depth);
    const b = randomArray(rand, depth * cols);
    const bias = randomArray(rand, cols);
    const mm = createBlockedMatMul(b, depth, cols, bias, blockRows);
    expect(mm.engine).toBe(engine);
    const got = multiplyAll(a, rows, depth, b, cols, bias, blockRows);
    const expected = tf.tidy(() => tf.add(tf.matMul(tf.tensor2d(a, [rows, depth]), tf.tensor2d(b, [depth, cols])), tf.tensor1d(bias)).dataSync() as Float32Array);
    expectClose(got, expected);
  });
});

describe('SIMD GEMM shared memory', () => {
  it('assembles a module the engine accepts', () => {
    expect(WebAssembly.validate(assembleGemmModule())).toBe(true);
  });

  it('ops that take turns each see their own weights, also after a larger op grew the memory', () => {
    setSimdGemmEnabled(true);
    const rand = makeRandom(99);
    const small = makeGeometry(6, 6, 3, 3, 3, 5, [1, 1], 'same');
    const big = makeGeometry(40, 40, 64, 3, 3, 512, [1, 1], 'same');
    const x1 = randomArray(rand, 6 * 6 * 3);
    const w1 = randomArray(rand, 3 * 3 * 3 * 5);
    const w2 = randomArray(rand, 3 * 3 * 3 * 5);
    const wBig = randomArray(rand, 3 * 3 * 64 * 512, -0.05, 0.05);
    const xBig = randomArray(rand, 40 * 40 * 64);
    const op1 = createConv2D(small, w1, null, 'linear');
    const op2 = createConv2D(small, w2, null, 'linear');
    expect(op1.name).toMatch(/simd$/);
    const run = (op: ReturnType<typeof createConv2D>, x: Float32Array, n: number) => {
      const out = new Float32Array(n);
      op.run([x], 1, out);
      return out;
    };
    const ref = (w: Float32Array) => tf.tidy(() => tf.conv2d(tf.tensor4d(x1, [1, 6, 6, 3]), tf.tensor4d(w, [3, 3, 3, 5]), 1, 'same').dataSync() as Float32Array);
    expectClose(run(op1, x1, 180), ref(w1));
    expectClose(run(op2, x1, 180), ref(w2));
    expectClose(run(op1, x1, 180), ref(w1));
    const opBig = createConv2D(big, wBig, null, 'linear');
    const outBig = run(opBig, xBig, 40 * 40 * 512);
    const expectedBig = tf.tidy(() => tf.conv2d(tf.tensor4d(xBig, [1, 40, 40, 64]), tf.tensor4d(wBig, [3, 3, 64, 512]), 1, 'same').dataSync() as Float32Array);
    expectClose(outBig, expectedBig);
    expectClose(run(op2, x1, 180), ref(w2));
    expectClose(run(op1, x1, 180), ref(w1));
  });
});
