import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs-core';
import { createConv2D, createDense } from '../../../src/core/runtime/kernels';
import { createSimdGemm, setSimdGemmEnabled, SIMD_MAX_FLOATS } from '../../../src/core/runtime/kernels/simdGemm';
import { assembleKernelModule } from '../../../src/core/runtime/wasm/kernelModule';
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
    expect(WebAssembly.validate(assembleKernelModule())).toBe(true);
    setSimdGemmEnabled(true);
    expect(createSimdGemm()).not.toBeNull();
  });

  it('is skipped when disabled: ops prepared then use the scalar kernel', () => {
    setSimdGemmEnabled(false);
    expect(createSimdGemm()).toBeNull();
    expect(createDense(3, 2, new Float32Array(6), null, 'linear').name).toBe('dense.gemm-scalar');
    setSimdGemmEnabled(true);
    expect(createDense(3, 2, new Float32Array(6), null, 'linear').name).toBe('dense.gemm-simd');
  });

  it('ops sharing one memory keep their own weights when runs alternate, also after a later op grew it', () => {
    setSimdGemmEnabled(true);
    const simd = createSimdGemm()!;
    const rand = makeRandom(99);
    const small = makeGeometry(6, 6, 3, 3, 3, 5, [1, 1], 'same');
    const x1 = randomArray(rand, 6 * 6 * 3);
    const w1 = randomArray(rand, 3 * 3 * 3 * 5);
    const w2 = randomArray(rand, 3 * 3 * 3 * 5);
    const op1 = createConv2D(small, w1, null, 'linear', simd);
    const op2 = createConv2D(small, w2, null, 'linear', simd);
    const dense = createDense(108, 4, randomArray(rand, 108 * 4), null, 'linear', simd);
    expect(op1.name).toMatch(/simd$/);
    const ref = (w: Float32Array) => tf.tidy(() => tf.conv2d(tf.tensor4d(x1, [1, 6, 6, 3]), tf.tensor4d(w, [3, 3, 3, 5]), 1, 'same').dataSync() as Float32Array);
    expectClose(runOnce(op1, x1, 1, 180), ref(w1));
    expectClose(runOnce(op2, x1, 1, 180), ref(w2));
    runOnce(dense, x1, 1, 4);
    expectClose(runOnce(op1, x1, 1, 180), ref(w1));
    // 3*3*64*512 weights alone are 18 pages: the memory grows and the earlier ops' views detach.
    const bytesBefore = simd.f32.byteLength;
    const big = makeGeometry(5, 5, 64, 3, 3, 512, [1, 1], 'same');
    const wBig = randomArray(rand, 3 * 3 * 64 * 512, -0.05, 0.05);
    const xBig = randomArray(rand, 5 * 5 * 64);
    const opBig = createConv2D(big, wBig, null, 'linear', simd);
    expect(simd.f32.byteLength).toBeGreaterThan(bytesBefore + 4 * wBig.length);
    const expectedBig = tf.tidy(() => tf.conv2d(tf.tensor4d(xBig, [1, 5, 5, 64]), tf.tensor4d(wBig, [3, 3, 64, 512]), 1, 'same').dataSync() as Float32Array);
    expectClose(runOnce(opBig, xBig, 1, 5 * 5 * 512), expectedBig);
    expectClose(runOnce(op2, x1, 1, 180), ref(w2));
    expectClose(runOnce(op1, x1, 1, 180), ref(w1));
    expectClose(runOnce(opBig, xBig, 1, 5 * 5 * 512), expectedBig);
  });

  it('hands out 16-byte aligned, disjoint regions and refuses what would pass the cap', () => {
    const simd = createSimdGemm()!;
    const a = simd.allocate(3);
    const b = simd.allocate(10);
    expect(a % 4).toBe(0);
    expect(b % 4).toBe(0);
    expect(b).toBeGreaterThanOrEqual(a + 3);
    expect(simd.allocate(SIMD_MAX_FLOATS)).toBe(-1);
    expect(simd.allocate(4)).toBeGreaterThanOrEqual(b + 10);
  });

  // Every pre-activation value is a batch row of a 1x1 Dense with weight 1, so the activation
  // (relu in the GEMM tile, tanh and sigmoid in the double-precision pass of the SIMD module, or
  // the table-based JS pass of the scalar kernel) meets the whole float range: tiny, saturated,
  // huge, infinite, NaN. tfjs computes Math.tanh and 1 / (1 + Math.exp(-x)) in doubles; ours must
  // round to the very same float32.
  it.each([
    ['tanh', 'simd'], ['sigmoid', 'simd'], ['relu', 'simd'], ['tanh', 'scalar'], ['sigmoid', 'scalar'],
  ] as const)('%s through the %s Dense equals tfjs bit for bit from -1e30 to 1e30', (act, engine) => {
    setSimdGemmEnabled(engine === 'simd');
    const values: number[] = [0, -0, 1e-30, -1e-30, 1e-7, -3e-4, Infinity, -Infinity, NaN, 1e30, -1e30, 9.01, -9.01, 19.99, 20, -20.01, 39.99, 40, -103.99, -104, -104.01, 88, -88, 100];
    for (let v = -110; v <= 45; v += 0.0371) values.push(v);
    for (let v = 1e-6; v < 0.3; v *= 1.07) values.push(v, -v);
    const x = new Float32Array(values);
    const op = createDense(1, 1, new Float32Array([1]), null, act);
    setSimdGemmEnabled(true);
    expect(op.name).toBe(`dense.gemm-${engine}`);
    const got = runOnce(op, x, x.length, x.length);
    const expected = tf.tidy(() => {
      const t = tf.tensor1d(x);
      return (act === 'tanh' ? tf.tanh(t) : act === 'sigmoid' ? tf.sigmoid(t) : tf.relu(t)).dataSync() as Float32Array;
    });
    for (let i = 0; i < x.length; i++) {
      if (Number.isNaN(expected[i])) expect(got[i], `${act}(${x[i]})`).toBeNaN();
      // `===`: the GEMM turns -0 into +0 (bias 0 + -0), tfjs sees -0 itself.
      else expect(got[i] === expected[i], `${act}(${x[i]}) = ${got[i]}, tfjs ${expected[i]}`).toBe(true);
    }
  });
});
