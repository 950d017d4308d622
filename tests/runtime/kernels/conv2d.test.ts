import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs-core';
import { createConv2D, createDense } from '../../../src/core/runtime/kernels';
import { createSimdGemm, setSimdGemmEnabled } from '../../../src/core/runtime/kernels/simdGemm';
import { ACTIVATIONS, type ActivationFn } from '../../../src/core/graph/types';
import { activateWithTfjs } from '../../oracles/tfjsActivation';
import type { ConvGeometry } from '../../../src/core/shape/types';
import { expectClose, makeGeometry, makeRandom, randomArray, runOp, runOpOn, toTfPadding, useCpuOracle, type TestPadding } from './helpers';

let tf: typeof TF;
beforeAll(async () => { tf = await useCpuOracle(); });

interface Case {
  h: number; w: number; c: number; kh: number; kw: number; oc: number;
  s?: [number, number]; p?: TestPadding; d?: [number, number]; n?: number; act?: ActivationFn; bias?: boolean;
}

const CASES: Case[] = [
  { h: 5, w: 5, c: 1, kh: 3, kw: 3, oc: 1 },
  { h: 8, w: 8, c: 3, kh: 3, kw: 3, oc: 8, p: 'same' },
  { h: 7, w: 9, c: 5, kh: 3, kw: 3, oc: 7, p: 'same', act: 'relu' },
  { h: 9, w: 9, c: 13, kh: 3, kw: 3, oc: 13, s: [2, 2], p: 'same' },
  { h: 10, w: 11, c: 7, kh: 3, kw: 3, oc: 9, s: [3, 3], p: 'valid', act: 'sigmoid' },
  { h: 11, w: 10, c: 3, kh: 3, kw: 3, oc: 5, s: [3, 3], p: 'same', act: 'tanh' },
  { h: 12, w: 12, c: 4, kh: 3, kw: 3, oc: 6, d: [2, 2], p: 'same' },
  { h: 12, w: 13, c: 3, kh: 3, kw: 2, oc: 5, d: [2, 3], p: 'valid' },
  { h: 7, w: 7, c: 5, kh: 2, kw: 2, oc: 3, s: [2, 2], p: 'same' }, // even kernel, odd size, stride 2: asymmetric pad
  { h: 8, w: 8, c: 3, kh: 4, kw: 4, oc: 4, p: 'same' }, // even kernel stride 1: extra pad bottom/right
  { h: 9, w: 6, c: 2, kh: 4, kw: 2, oc: 5, s: [1, 2], p: 'same' },
  { h: 6, w: 6, c: 3, kh: 3, kw: 3, oc: 4, p: 1 },
  { h: 6, w: 7, c: 3, kh: 3, kw: 3, oc: 4, p: [[0, 2], [1, 0]] },
  { h: 6, w: 7, c: 2, kh: 2, kw: 3, oc: 3, s: [2, 1], p: [[3, 1], [2, 2]], act: 'relu' },
  { h: 8, w: 8, c: 16, kh: 1, kw: 1, oc: 24 }, // 1x1 stride 1 unpadded: the input is already the matrix
  { h: 9, w: 9, c: 5, kh: 1, kw: 1, oc: 7, s: [2, 2] },
  { h: 5, w: 5, c: 3, kh: 1, kw: 1, oc: 2, p: 1 },
  { h: 5, w: 5, c: 4, kh: 5, kw: 5, oc: 6 }, // kernel as large as the input
  { h: 5, w: 4, c: 3, kh: 5, kw: 4, oc: 3, p: 'same' },
  { h: 6, w: 6, c: 3, kh: 3, kw: 3, oc: 8, n: 5, p: 'same', act: 'relu' },
  { h: 7, w: 5, c: 1, kh: 3, kw: 3, oc: 1, n: 5, s: [2, 2], p: 'same', act: 'tanh' },
  { h: 6, w: 6, c: 3, kh: 3, kw: 3, oc: 10, p: 'same', act: 'softmax' },
  { h: 5, w: 7, c: 4, kh: 3, kw: 1, oc: 5, s: [2, 3], p: 'same', act: 'softmax', n: 3 },
  { h: 6, w: 6, c: 2, kh: 3, kw: 3, oc: 3, bias: false },
  { h: 13, w: 13, c: 7, kh: 3, kw: 3, oc: 17, p: 'same', n: 2, act: 'sigmoid' },
  { h: 15, w: 14, c: 9, kh: 5, kw: 5, oc: 33, s: [2, 2], p: 'same', act: 'relu' },
  { h: 16, w: 16, c: 32, kh: 3, kw: 3, oc: 64, p: 'same' },
  { h: 9, w: 9, c: 3, kh: 7, kw: 7, oc: 8, s: [2, 2], p: 'same' },
  { h: 3, w: 3, c: 2, kh: 2, kw: 2, oc: 1, d: [2, 2], p: 'same', n: 5 },
  { h: 1, w: 1, c: 13, kh: 1, kw: 1, oc: 11, n: 5 },
  { h: 4, w: 4, c: 3, kh: 3, kw: 3, oc: 2, p: [[2, 2], [2, 2]], act: 'linear' }, // padding wider than needed
  // Several pixel blocks, with block boundaries that fall inside a sample:
  { h: 20, w: 20, c: 3, kh: 1, kw: 1, oc: 5, n: 5, act: 'relu' },
  { h: 17, w: 15, c: 8, kh: 3, kw: 3, oc: 9, n: 3, p: 'same', act: 'softmax' },
  { h: 23, w: 19, c: 64, kh: 3, kw: 3, oc: 16, s: [2, 2], p: 'same' },
  { h: 12, w: 12, c: 40, kh: 1, kw: 1, oc: 19, n: 2 },
];

// Every fused activation, on both engines (the SIMD one fuses some in registers, applies the rest after).
for (const act of ACTIVATIONS) CASES.push({ h: 9, w: 8, c: 5, kh: 3, kw: 3, oc: 11, p: 'same', s: [2, 1], n: 2, act });

function describeCase(k: Case): string {
  return `x=[${k.n ?? 1},${k.h},${k.w},${k.c}] f=[${k.kh},${k.kw},${k.c},${k.oc}] s=${k.s ?? [1, 1]} d=${k.d ?? [1, 1]} p=${JSON.stringify(k.p ?? 'valid')} ${k.act ?? 'linear'}${k.bias === false ? ' nobias' : ''}`;
}

/** Seven nested loops straight from the definition: the reference where tfjs refuses (stride and dilation both > 1). */
function referenceConv(g: ConvGeometry, n: number, x: Float32Array, k: Float32Array, b: Float32Array | null): Float32Array {
  const out = new Float32Array(n * g.outH * g.outW * g.outC);
  for (let s = 0; s < n; s++) for (let oy = 0; oy < g.outH; oy++) for (let ox = 0; ox < g.outW; ox++) for (let co = 0; co < g.outC; co++) {
    let acc = b ? b[co] : 0;
    for (let ky = 0; ky < g.kH; ky++) for (let kx = 0; kx < g.kW; kx++) for (let ci = 0; ci < g.inC; ci++) {
      const iy = oy * g.strideH - g.padTop + ky * g.dilationH;
      const ix = ox * g.strideW - g.padLeft + kx * g.dilationW;
      if (iy < 0 || iy >= g.inH || ix < 0 || ix >= g.inW) continue;
      acc += x[((s * g.inH + iy) * g.inW + ix) * g.inC + ci] * k[((ky * g.kW + kx) * g.inC + ci) * g.outC + co];
    }
    out[((s * g.outH + oy) * g.outW + ox) * g.outC + co] = acc;
  }
  return out;
}

afterAll(() => setSimdGemmEnabled(true));

// 'simd-arena': the SIMD op with its input and output in the SIMD memory, as in the executor (copies within the memory).
describe.each(['simd', 'scalar', 'simd-arena'] as const)('createConv2D (%s GEMM) matches tf.conv2d', (mode) => {
  const engine = mode === 'scalar' ? 'scalar' : 'simd';
  beforeEach(() => setSimdGemmEnabled(engine === 'simd'));

  it.each(CASES.map((k, i) => [describeCase(k), k, i] as const))('%s', (_name, k, i) => {
    const rand = makeRandom(1000 + i);
    const n = k.n ?? 1;
    const s = k.s ?? [1, 1];
    const d = k.d ?? [1, 1];
    const p = k.p ?? 'valid';
    const act = k.act ?? 'linear';
    const g = makeGeometry(k.h, k.w, k.c, k.kh, k.kw, k.oc, s, p, d);
    const x = randomArray(rand, n * k.h * k.w * k.c);
    const w = randomArray(rand, k.kh * k.kw * k.c * k.oc);
    const b = k.bias === false ? null : randomArray(rand, k.oc);
    const simd = mode === 'simd-arena' ? createSimdGemm() : undefined;
    const op = createConv2D(g, w, b, act, simd);
    expect(op.name.endsWith(engine)).toBe(true);
    const got = simd ? runOpOn(simd, 'multiply', op, [x], n, n * g.outH * g.outW * g.outC) : runOp(op, [x], n, n * g.outH * g.outW * g.outC);
    const expected = tf.tidy(() => {
      const xt = tf.tensor4d(x, [n, k.h, k.w, k.c]);
      const wt = tf.tensor4d(w, [k.kh, k.kw, k.c, k.oc]);
      let y: TF.Tensor4D = tf.conv2d(xt, wt, s, toTfPadding(p), 'NHWC', d);
      expect(y.shape).toEqual([n, g.outH, g.outW, g.outC]);
      if (b) y = tf.add(y, tf.tensor1d(b));
      return activateWithTfjs(y, act).dataSync() as Float32Array;
    });
    expectClose(got, expected);
  });

  const STRIDED_DILATED: Case[] = [
    { h: 13, w: 12, c: 3, kh: 3, kw: 3, oc: 5, s: [2, 2], d: [2, 2], p: 'same' },
    { h: 11, w: 14, c: 4, kh: 2, kw: 3, oc: 9, s: [3, 2], d: [2, 3], p: [[1, 2], [0, 3]], n: 2 },
    { h: 10, w: 10, c: 2, kh: 3, kw: 3, oc: 4, s: [2, 3], d: [3, 2], p: 'valid' },
  ];
  it.each(STRIDED_DILATED.map((k) => [describeCase(k), k] as const))('%s (tfjs refuses stride and dilation > 1 together: brute-force reference)', (_name, k) => {
    const rand = makeRandom(77);
    const n = k.n ?? 1;
    const g = makeGeometry(k.h, k.w, k.c, k.kh, k.kw, k.oc, k.s, k.p, k.d);
    const x = randomArray(rand, n * k.h * k.w * k.c);
    const w = randomArray(rand, k.kh * k.kw * k.c * k.oc);
    const b = randomArray(rand, k.oc);
    const got = runOp(createConv2D(g, w, b, 'linear'), [x], n, n * g.outH * g.outW * g.outC);
    expectClose(got, referenceConv(g, n, x, w, b));
  });

  it('brute-force reference agrees with tfjs (so it is a fair stand-in)', () => {
    const rand = makeRandom(5);
    const g = makeGeometry(9, 8, 3, 3, 3, 4, [1, 1], 'same', [2, 2]);
    const x = randomArray(rand, 9 * 8 * 3);
    const w = randomArray(rand, 3 * 3 * 3 * 4);
    const expected = tf.tidy(() => tf.conv2d(tf.tensor4d(x, [1, 9, 8, 3]), tf.tensor4d(w, [3, 3, 3, 4]), 1, 'same', 'NHWC', 2).dataSync() as Float32Array);
    expectClose(referenceConv(g, 1, x, w, null), expected);
  });

  it('rejects a kernel of the wrong size, naming the numbers', () => {
    const g = makeGeometry(5, 5, 3, 3, 3, 4);
    expect(() => createConv2D(g, new Float32Array(10), null, 'linear')).toThrow(/10 values, expected 3\*3\*3\*4 = 108/);
    expect(() => createConv2D(g, new Float32Array(108), new Float32Array(3), 'linear')).toThrow(/bias has 3 values, expected 4/);
  });
});

describe('createConv2D and createDense reject impossible sizes instead of looping', () => {
  it.each([
    ['inC=0', { inC: 0 }, /inC=0/],
    ['outC=0', { outC: 0 }, /outC=0/],
    ['outH=0', { outH: 0 }, /outH=0/],
    ['strideH=1.5', { strideH: 1.5 }, /strideH=1.5/],
  ] as const)('%s', (_name, patch, message) => {
    const g = { ...makeGeometry(5, 5, 3, 3, 3, 4), ...patch };
    expect(() => createConv2D(g, new Float32Array(g.kH * g.kW * g.inC * g.outC), null, 'relu')).toThrow(message);
  });

  it('Dense with 0 inputs', () => {
    expect(() => createDense(0, 3, new Float32Array(0), null, 'linear')).toThrow(/Dense: sizes must be positive integers, got inSize=0/);
  });
});
