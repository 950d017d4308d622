import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs-core';
import { createConv2DTranspose } from '../../../src/core/runtime/kernels/conv2dTranspose';
import { setSimdGemmEnabled } from '../../../src/core/runtime/kernels/simdGemm';
import { resolveTransposedGeometry } from '../../../src/core/shape/transposedArithmetic';
import type { ActivationFn } from '../../../src/core/graph/types';
import { expectClose, makeRandom, randomArray, runOp, toTfPadding, useCpuOracle, type TestPadding } from './helpers';

let tf: typeof TF;
beforeAll(async () => { tf = await useCpuOracle(); });
afterAll(() => setSimdGemmEnabled(true));

interface Case {
  h: number; w: number; c: number; kh: number; kw: number; f: number;
  s?: [number, number]; p?: TestPadding; d?: [number, number]; op?: [number, number]; n?: number; act?: ActivationFn; bias?: boolean;
}

const CASES: Case[] = [
  { h: 3, w: 3, c: 1, kh: 3, kw: 3, f: 1 },
  { h: 4, w: 5, c: 3, kh: 3, kw: 3, f: 4, s: [2, 2] },
  { h: 4, w: 5, c: 3, kh: 3, kw: 3, f: 4, s: [2, 2], p: 'same' },
  { h: 5, w: 4, c: 2, kh: 2, kw: 2, f: 3, s: [2, 2], act: 'relu' }, // U-Net's up-convolution
  { h: 5, w: 5, c: 3, kh: 2, kw: 2, f: 5, s: [2, 2], p: 'same' },
  { h: 3, w: 4, c: 4, kh: 3, kw: 3, f: 2, s: [3, 3], p: 'same', act: 'tanh' },
  { h: 3, w: 3, c: 2, kh: 2, kw: 2, f: 2, s: [3, 3] }, // kernel smaller than the stride: h*s rows, zeros between
  { h: 4, w: 3, c: 3, kh: 1, kw: 1, f: 3, s: [3, 2], p: 'same' },
  { h: 5, w: 6, c: 5, kh: 4, kw: 3, f: 7, s: [2, 3], p: 'same', act: 'sigmoid' },
  { h: 7, w: 5, c: 6, kh: 5, kw: 5, f: 3, s: [1, 1], p: 'same' },
  { h: 7, w: 5, c: 6, kh: 5, kw: 3, f: 3, s: [1, 2] },
  // outputPadding as in Keras (< stride).
  { h: 4, w: 4, c: 3, kh: 3, kw: 3, f: 2, s: [2, 2], p: 'same', op: [1, 1] },
  { h: 4, w: 5, c: 3, kh: 3, kw: 3, f: 2, s: [2, 2], p: 'valid', op: [1, 0] },
  { h: 3, w: 4, c: 2, kh: 4, kw: 4, f: 3, s: [3, 3], p: 'same', op: [2, 1] },
  { h: 5, w: 3, c: 2, kh: 3, kw: 2, f: 3, s: [3, 2], p: 'valid', op: [2, 1], act: 'relu' },
  // Explicit padding (PyTorch's ConvTranspose2d form).
  { h: 4, w: 4, c: 3, kh: 3, kw: 3, f: 2, s: [2, 2], p: 1 },
  { h: 4, w: 4, c: 3, kh: 4, kw: 4, f: 2, s: [2, 2], p: 1 }, // DCGAN's 4x4 s2 p1: doubles the size
  { h: 5, w: 4, c: 2, kh: 3, kw: 3, f: 3, s: [2, 1], p: [[1, 0], [2, 1]] },
  { h: 4, w: 4, c: 3, kh: 3, kw: 3, f: 2, s: [2, 2], p: 1, op: [1, 1] },
  // Batches, wider channels (several GEMM column panels), softmax over filters, no bias.
  { h: 5, w: 5, c: 8, kh: 3, kw: 3, f: 9, s: [2, 2], p: 'same', n: 3, act: 'relu' },
  { h: 6, w: 7, c: 17, kh: 2, kw: 2, f: 13, s: [2, 2], n: 2 },
  { h: 4, w: 4, c: 4, kh: 3, kw: 3, f: 6, s: [2, 2], p: 'same', act: 'softmax', n: 2 },
  { h: 4, w: 4, c: 3, kh: 3, kw: 3, f: 2, bias: false },
  { h: 1, w: 1, c: 5, kh: 4, kw: 4, f: 3, n: 4 }, // a 1x1 seed to a 4x4 map (generator stem)
];

/** Dilated cases: tfjs has no dilated conv2dTranspose, so its oracle gets the kernel with d - 1 zeros between taps. */
const DILATED: Case[] = [
  { h: 5, w: 5, c: 2, kh: 3, kw: 3, f: 3, d: [2, 2] },
  { h: 6, w: 5, c: 3, kh: 3, kw: 2, f: 2, d: [2, 3], p: 'same' },
  { h: 4, w: 4, c: 2, kh: 2, kw: 2, f: 2, d: [3, 3], s: [2, 2], p: 'same', n: 2 },
  { h: 4, w: 5, c: 2, kh: 3, kw: 3, f: 2, d: [2, 2], s: [3, 2], op: [1, 1], act: 'relu' },
];

function describeCase(k: Case): string {
  return `x=[${k.n ?? 1},${k.h},${k.w},${k.c}] f=[${k.kh},${k.kw},${k.f},${k.c}] s=${k.s ?? [1, 1]} d=${k.d ?? [1, 1]} p=${JSON.stringify(k.p ?? 'valid')} op=${k.op ?? 'none'} ${k.act ?? 'linear'}${k.bias === false ? ' nobias' : ''}`;
}

/** The kernel with d - 1 zero taps between its taps: a dilated kernel as a plain one of size d(k - 1) + 1. */
function dilateKernel(w: Float32Array, kh: number, kw: number, f: number, c: number, dh: number, dw: number): { data: Float32Array; kh: number; kw: number } {
  const eh = dh * (kh - 1) + 1;
  const ew = dw * (kw - 1) + 1;
  const data = new Float32Array(eh * ew * f * c);
  for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) {
    data.set(w.subarray((y * kw + x) * f * c, (y * kw + x + 1) * f * c), (y * dh * ew + x * dw) * f * c);
  }
  return { data, kh: eh, kw: ew };
}

/** The tfjs op of each activation these cases use. */
function applyTf(y: TF.Tensor4D, act: ActivationFn): TF.Tensor4D {
  const ops: Partial<Record<ActivationFn, (t: TF.Tensor4D) => TF.Tensor4D>> = {
    linear: (t) => t, relu: tf.relu, sigmoid: tf.sigmoid, tanh: tf.tanh, softmax: (t) => tf.softmax(t),
  };
  const op = ops[act];
  if (!op) throw new Error(`no tfjs reference for ${act}`);
  return op(y);
}

describe.each(['simd', 'scalar'] as const)('createConv2DTranspose (%s GEMM) matches tf.conv2dTranspose', (engine) => {
  it.each([...CASES, ...DILATED].map((k, i) => [describeCase(k), k, i] as const))('%s', (_name, k, i) => {
    setSimdGemmEnabled(engine === 'simd');
    const rand = makeRandom(3000 + i);
    const n = k.n ?? 1;
    const s = k.s ?? [1, 1];
    const d = k.d ?? [1, 1];
    const p = k.p ?? 'valid';
    const act = k.act ?? 'linear';
    const g = resolveTransposedGeometry(k.h, k.w, k.c, { kernelSize: [k.kh, k.kw], strides: s, padding: p, dilation: d, outputPadding: k.op ?? null }, k.f);
    const x = randomArray(rand, n * k.h * k.w * k.c);
    const w = randomArray(rand, k.kh * k.kw * k.f * k.c);
    const b = k.bias === false ? null : randomArray(rand, k.f);
    const op = createConv2DTranspose(g, w, b, act);
    expect(op.name).toContain(engine);
    const got = runOp(op, [x], n, n * g.outH * g.outW * g.outC);
    const expected = tf.tidy(() => {
      const dk = dilateKernel(w, k.kh, k.kw, k.f, k.c, d[0], d[1]);
      const xt = tf.tensor4d(x, [n, k.h, k.w, k.c]);
      const wt = tf.tensor4d(dk.data, [dk.kh, dk.kw, k.f, k.c]);
      let y: TF.Tensor4D = tf.conv2dTranspose(xt, wt, [n, g.outH, g.outW, k.f], s, toTfPadding(p));
      // tfjs takes the output size we give it; its forward conv from that size must come back to
      // the input size, or the two disagree about the geometry.
      const back = tf.conv2d(tf.zeros([n, g.outH, g.outW, k.f]) as TF.Tensor4D, wt, s, toTfPadding(p));
      expect(back.shape.slice(1, 3)).toEqual([k.h, k.w]);
      if (b) y = tf.add(y, tf.tensor1d(b));
      return applyTf(y, act).dataSync() as Float32Array;
    });
    expectClose(got, expected);
  });

  it('rejects weights of the wrong size, naming the numbers', () => {
    setSimdGemmEnabled(engine === 'simd');
    const g = resolveTransposedGeometry(4, 4, 3, { kernelSize: 3, strides: 2, padding: 'same', dilation: 1, outputPadding: null }, 5);
    expect(() => createConv2DTranspose(g, new Float32Array(10), null, 'linear')).toThrow(/10 values, expected 3\*3\*5\*3 = 135/);
    expect(() => createConv2DTranspose(g, new Float32Array(135), new Float32Array(3), 'linear')).toThrow(/bias has 3 values, expected 5/);
  });
});
