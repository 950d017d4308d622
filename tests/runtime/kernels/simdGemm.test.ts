import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs-core';
import { createConv2D, createDense } from '../../../src/core/runtime/kernels';
import { assembleGemmModule, loadSimdGemm, setSimdGemmEnabled } from '../../../src/core/runtime/kernels/simdGemm';
import type { PreparedOp } from '../../../src/core/runtime/op';
import { expectClose, makeGeometry, makeRandom, randomArray, useCpuOracle } from './helpers';

let tf: typeof TF;
beforeAll(async () => { tf = await useCpuOracle(); });
afterAll(() => setSimdGemmEnabled(true));

function runOnce(op: PreparedOp, x: Float32Array, batch: number, outSize: number): Float32Array {
  const out = new Float32Array(outSize);
  op.run([x], batch, out);
  return out;
}

describe('WebAssembly SIMD GEMM', () => {
  it('assembles a module this engine accepts, and loads', () => {
    expect(WebAssembly.validate(assembleGemmModule())).toBe(true);
    setSimdGemmEnabled(true);
    expect(loadSimdGemm()).not.toBeNull();
  });

  it('is skipped when disabled: ops prepared then use the scalar kernel', () => {
    setSimdGemmEnabled(false);
    expect(loadSimdGemm()).toBeNull();
    expect(createDense(3, 2, new Float32Array(6), null, 'linear').name).toBe('dense.gemm-scalar');
    setSimdGemmEnabled(true);
    expect(createDense(3, 2, new Float32Array(6), null, 'linear').name).toBe('dense.gemm-simd');
  });

  it('ops that take turns on the shared memory each see their own weights, also after a larger op grew it', () => {
    setSimdGemmEnabled(true);
    const rand = makeRandom(99);
    const small = makeGeometry(6, 6, 3, 3, 3, 5, [1, 1], 'same');
    const x1 = randomArray(rand, 6 * 6 * 3);
    const w1 = randomArray(rand, 3 * 3 * 3 * 5);
    const w2 = randomArray(rand, 3 * 3 * 3 * 5);
    const op1 = createConv2D(small, w1, null, 'linear');
    const op2 = createConv2D(small, w2, null, 'linear');
    const dense = createDense(108, 4, randomArray(rand, 108 * 4), null, 'linear');
    expect(op1.name).toMatch(/simd$/);
    const ref = (w: Float32Array) => tf.tidy(() => tf.conv2d(tf.tensor4d(x1, [1, 6, 6, 3]), tf.tensor4d(w, [3, 3, 3, 5]), 1, 'same').dataSync() as Float32Array);
    expectClose(runOnce(op1, x1, 1, 180), ref(w1));
    expectClose(runOnce(op2, x1, 1, 180), ref(w2));
    runOnce(dense, x1, 1, 4);
    expectClose(runOnce(op1, x1, 1, 180), ref(w1));
    // 3*3*64*512 weights alone exceed the initial 1 MiB: the memory grows, views are refreshed.
    const big = makeGeometry(5, 5, 64, 3, 3, 512, [1, 1], 'same');
    const wBig = randomArray(rand, 3 * 3 * 64 * 512, -0.05, 0.05);
    const xBig = randomArray(rand, 5 * 5 * 64);
    const outBig = runOnce(createConv2D(big, wBig, null, 'linear'), xBig, 1, 5 * 5 * 512);
    const expectedBig = tf.tidy(() => tf.conv2d(tf.tensor4d(xBig, [1, 5, 5, 64]), tf.tensor4d(wBig, [3, 3, 64, 512]), 1, 'same').dataSync() as Float32Array);
    expectClose(outBig, expectedBig);
    expectClose(runOnce(op2, x1, 1, 180), ref(w2));
    expectClose(runOnce(op1, x1, 1, 180), ref(w1));
  });
});
