import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs-core';
import { createDepthwiseConv2D } from '../../../src/core/runtime/kernels/depthwiseConv2d';
import { assembleDepthwiseModule } from '../../../src/core/runtime/kernels/simdDepthwise';
import { setSimdGemmEnabled } from '../../../src/core/runtime/kernels/simdGemm';
import type { ActivationFn } from '../../../src/core/graph/types';
import { expectClose, makeGeometry, makeRandom, randomArray, runOp, toTfPadding, useCpuOracle, type TestPadding } from './helpers';

let tf: typeof TF;
beforeAll(async () => { tf = await useCpuOracle(); });
afterAll(() => setSimdGemmEnabled(true));

interface Case {
  h: number; w: number; c: number; kh: number; kw: number; dm?: number;
  s?: [number, number]; p?: TestPadding; d?: [number, number]; n?: number; act?: ActivationFn; bias?: boolean;
}

const CASES: Case[] = [
  { h: 5, w: 5, c: 1, kh: 3, kw: 3 },
  { h: 8, w: 8, c: 4, kh: 3, kw: 3, p: 'same', act: 'relu' },
  { h: 7, w: 9, c: 5, kh: 3, kw: 3, p: 'same' }, // channels not a multiple of 4
  { h: 9, w: 9, c: 32, kh: 3, kw: 3, s: [2, 2], p: 'same', act: 'relu' }, // 16-channel blocks
  { h: 11, w: 10, c: 37, kh: 3, kw: 3, s: [3, 3], p: 'same', act: 'tanh' }, // 16-blocks plus a 4-block plus a partial
  { h: 10, w: 11, c: 7, kh: 3, kw: 3, s: [3, 3], p: 'valid', act: 'sigmoid' },
  { h: 7, w: 7, c: 6, kh: 2, kw: 2, s: [2, 2], p: 'same' }, // even kernel, odd size: asymmetric pad
  { h: 8, w: 8, c: 3, kh: 4, kw: 4, p: 'same' },
  { h: 9, w: 6, c: 2, kh: 4, kw: 2, s: [1, 2], p: 'same' },
  { h: 12, w: 12, c: 4, kh: 3, kw: 3, d: [2, 2], p: 'same' },
  { h: 12, w: 13, c: 3, kh: 3, kw: 2, d: [2, 3], p: 'valid' },
  { h: 6, w: 6, c: 3, kh: 3, kw: 3, p: 1 },
  { h: 6, w: 7, c: 3, kh: 3, kw: 3, p: [[0, 2], [1, 0]] },
  { h: 6, w: 7, c: 2, kh: 2, kw: 3, s: [2, 1], p: [[3, 1], [2, 2]], act: 'relu' },
  { h: 5, w: 5, c: 4, kh: 5, kw: 5 }, // kernel as large as the input
  { h: 6, w: 6, c: 8, kh: 3, kw: 3, n: 5, p: 'same', act: 'relu' },
  { h: 7, w: 5, c: 3, kh: 3, kw: 3, n: 3, s: [2, 2], p: 'same', act: 'tanh' },
  { h: 6, w: 6, c: 5, kh: 3, kw: 3, p: 'same', act: 'softmax' },
  { h: 6, w: 6, c: 2, kh: 3, kw: 3, bias: false },
  // Depth multiplier: output channel ci*dm + m.
  { h: 7, w: 7, c: 3, kh: 3, kw: 3, dm: 2, p: 'same' },
  { h: 9, w: 8, c: 5, kh: 3, kw: 3, dm: 3, s: [2, 2], p: 'same', act: 'relu', n: 2 },
  { h: 8, w: 9, c: 4, kh: 5, kw: 3, dm: 4, s: [3, 2], p: 'valid', act: 'sigmoid' },
  { h: 10, w: 10, c: 2, kh: 3, kw: 3, dm: 8, d: [2, 2], p: 'same', n: 3 },
  { h: 1, w: 1, c: 13, kh: 1, kw: 1, dm: 2, n: 5 },
  // MobileNet-like layers.
  { h: 28, w: 28, c: 32, kh: 3, kw: 3, p: 'same', act: 'relu', n: 2 },
  { h: 15, w: 15, c: 96, kh: 3, kw: 3, s: [2, 2], p: 'same', act: 'relu' },
  { h: 13, w: 11, c: 24, kh: 5, kw: 5, s: [2, 2], p: 'same' },
];

function describeCase(k: Case): string {
  return `x=[${k.n ?? 1},${k.h},${k.w},${k.c}] f=[${k.kh},${k.kw},${k.c},${k.dm ?? 1}] s=${k.s ?? [1, 1]} d=${k.d ?? [1, 1]} p=${JSON.stringify(k.p ?? 'valid')} ${k.act ?? 'linear'}${k.bias === false ? ' nobias' : ''}`;
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

describe.each(['simd', 'scalar'] as const)('createDepthwiseConv2D (%s) matches tf.depthwiseConv2d', (engine) => {
  it.each(CASES.map((k, i) => [describeCase(k), k, i] as const))('%s', (_name, k, i) => {
    const rand = makeRandom(2000 + i);
    const n = k.n ?? 1;
    const dm = k.dm ?? 1;
    const s = k.s ?? [1, 1];
    const d = k.d ?? [1, 1];
    const p = k.p ?? 'valid';
    const act = k.act ?? 'linear';
    const g = makeGeometry(k.h, k.w, k.c, k.kh, k.kw, k.c * dm, s, p, d);
    const x = randomArray(rand, n * k.h * k.w * k.c);
    const w = randomArray(rand, k.kh * k.kw * k.c * dm);
    const b = k.bias === false ? null : randomArray(rand, k.c * dm);
    const op = createDepthwiseConv2D(g, dm, w, b, act, engine === 'simd');
    expect(op.name.endsWith(engine)).toBe(true);
    const got = runOp(op, [x], n, n * g.outH * g.outW * g.outC);
    const expected = tf.tidy(() => {
      const xt = tf.tensor4d(x, [n, k.h, k.w, k.c]);
      const wt = tf.tensor4d(w, [k.kh, k.kw, k.c, dm]);
      let y: TF.Tensor4D = tf.depthwiseConv2d(xt, wt, s, toTfPadding(p), 'NHWC', d);
      expect(y.shape).toEqual([n, g.outH, g.outW, g.outC]);
      if (b) y = tf.add(y, tf.tensor1d(b));
      return applyTf(y, act).dataSync() as Float32Array;
    });
    expectClose(got, expected);
  });

  it('rejects weights of the wrong size, naming the numbers', () => {
    const g = makeGeometry(5, 5, 3, 3, 3, 6);
    const simd = engine === 'simd';
    expect(() => createDepthwiseConv2D(g, 2, new Float32Array(10), null, 'linear', simd)).toThrow(/10 values, expected 3\*3\*3\*2 = 54/);
    expect(() => createDepthwiseConv2D(g, 2, new Float32Array(54), new Float32Array(3), 'linear', simd)).toThrow(/bias has 3 values, expected 6/);
    expect(() => createDepthwiseConv2D(g, 3, new Float32Array(81), null, 'linear', simd)).toThrow(/outC 6 is not inC 3 \* depthMultiplier 3/);
  });
});

describe('WebAssembly SIMD depthwise module', () => {
  it('assembles a module this engine accepts', () => {
    expect(WebAssembly.validate(assembleDepthwiseModule())).toBe(true);
  });

  it('follows the SIMD switch by default', () => {
    const g = makeGeometry(4, 4, 4, 3, 3, 4);
    setSimdGemmEnabled(false);
    expect(createDepthwiseConv2D(g, 1, new Float32Array(36), null, 'linear').name).toBe('depthwise-conv2d.scalar');
    setSimdGemmEnabled(true);
    expect(createDepthwiseConv2D(g, 1, new Float32Array(36), null, 'linear').name).toBe('depthwise-conv2d.indirect-simd');
  });
});
