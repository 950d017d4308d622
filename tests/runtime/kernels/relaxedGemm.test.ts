import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs-core';
import { createConv2D, createDense } from '../../../src/core/runtime/kernels';
import { createSimdGemm, setRelaxedSimdEnabled, supportsRelaxedSimd } from '../../../src/core/runtime/kernels/simdGemm';
import { expectClose, makeGeometry, makeRandom, randomArray, runOpOn, useCpuOracle } from './helpers';

let tf: typeof TF;
beforeAll(async () => { tf = await useCpuOracle(); });
afterAll(() => setRelaxedSimdEnabled(true));

const KERNELS = ['relaxed', 'plain'] as const;

/** A SIMD memory whose GEMM is the relaxed (f32x4.relaxed_madd) or the plain one, asserted. */
function memory(kind: (typeof KERNELS)[number]) {
  setRelaxedSimdEnabled(kind === 'relaxed');
  const simd = createSimdGemm()!;
  setRelaxedSimdEnabled(true);
  expect(simd.relaxed).toBe(kind === 'relaxed');
  return simd;
}

describe('the relaxed-SIMD GEMM', () => {
  it('is what this engine runs: the probe passes (vitest gives Node --experimental-wasm-relaxed-simd)', () => {
    expect(supportsRelaxedSimd()).toBe(true);
    expect(createSimdGemm()!.relaxed).toBe(true);
  });

  const CASES = [
    { h: 12, w: 12, c: 16, k: 3, oc: 24, s: 1, p: 'same' as const, n: 2 },
    { h: 28, w: 28, c: 1, k: 5, oc: 6, s: 1, p: 'valid' as const, n: 3 },
    { h: 15, w: 13, c: 3, k: 7, oc: 10, s: 2, p: 'same' as const, n: 1 },
  ];
  it.each(KERNELS.flatMap((kind) => CASES.map((c) => [kind, c] as const)))('%s: conv %j matches tf.conv2d (fused multiply-adds round once, within 1e-4)', (kind, c) => {
    const simd = memory(kind);
    const rand = makeRandom(c.h * c.c + c.k);
    const g = makeGeometry(c.h, c.w, c.c, c.k, c.k, c.oc, [c.s, c.s], c.p);
    const x = randomArray(rand, c.n * c.h * c.w * c.c);
    const w = randomArray(rand, c.k * c.k * c.c * c.oc);
    const b = randomArray(rand, c.oc);
    const op = createConv2D(g, w, b, 'relu', simd);
    const got = runOpOn(simd, 'multiply', op, [x], c.n, c.n * g.outH * g.outW * c.oc);
    const expected = tf.tidy(() => tf.relu(tf.add(tf.conv2d(tf.tensor4d(x, [c.n, c.h, c.w, c.c]), tf.tensor4d(w, [c.k, c.k, c.c, c.oc]), c.s, c.p), tf.tensor1d(b))).dataSync() as Float32Array);
    expectClose(got, expected);
  });

  it('relaxed and plain Dense agree within 1e-5 of the output scale on a 512-deep product', () => {
    const rand = makeRandom(4);
    const x = randomArray(rand, 8 * 512);
    const k = randomArray(rand, 512 * 33);
    const outs = KERNELS.map((kind) => {
      const simd = memory(kind);
      return runOpOn(simd, 'multiply', createDense(512, 33, k, null, 'linear', simd), [x], 8, 8 * 33);
    });
    const expected = tf.tidy(() => tf.matMul(tf.tensor2d(x, [8, 512]), tf.tensor2d(k, [512, 33])).dataSync() as Float32Array);
    for (const out of outs) expectClose(out, expected);
    let scale = 0, worst = 0;
    for (let i = 0; i < outs[0].length; i++) {
      scale = Math.max(scale, Math.abs(outs[1][i]));
      worst = Math.max(worst, Math.abs(outs[0][i] - outs[1][i]));
    }
    expect(worst).toBeLessThanOrEqual(1e-5 * scale);
  });
});
