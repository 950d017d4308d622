import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs-core';
import { createGroupedConv2D } from '../../../src/core/runtime/kernels/groupedConv2d';
import { createSeparableConv2D } from '../../../src/core/runtime/kernels/separableConv2d';
import { setSimdGemmEnabled } from '../../../src/core/runtime/kernels/simdGemm';
import type { ActivationFn } from '../../../src/core/graph/types';
import { expectClose, makeGeometry, makeRandom, randomArray, runOp, toTfPadding, useCpuOracle, type TestPadding } from './helpers';

let tf: typeof TF;
beforeAll(async () => { tf = await useCpuOracle(); });
afterAll(() => setSimdGemmEnabled(true));

/** The tfjs op of each activation these cases use. */
function applyTf(y: TF.Tensor4D, act: ActivationFn): TF.Tensor4D {
  const ops: Partial<Record<ActivationFn, (t: TF.Tensor4D) => TF.Tensor4D>> = {
    linear: (t) => t, relu: tf.relu, sigmoid: tf.sigmoid, tanh: tf.tanh, softmax: (t) => tf.softmax(t),
  };
  const op = ops[act];
  if (!op) throw new Error(`no tfjs reference for ${act}`);
  return op(y);
}

interface Case {
  h: number; w: number; c: number; kh: number; kw: number; oc: number; groups?: number; dm?: number;
  s?: [number, number]; p?: TestPadding; d?: [number, number]; n?: number; act?: ActivationFn; bias?: boolean;
}

function describeCase(k: Case): string {
  return `x=[${k.n ?? 1},${k.h},${k.w},${k.c}] k=${k.kh}x${k.kw} out=${k.oc} groups=${k.groups ?? 1} dm=${k.dm ?? 1} s=${k.s ?? [1, 1]} d=${k.d ?? [1, 1]} p=${JSON.stringify(k.p ?? 'valid')} ${k.act ?? 'linear'}${k.bias === false ? ' nobias' : ''}`;
}

const GROUPED: Case[] = [
  { h: 6, w: 6, c: 4, kh: 3, kw: 3, oc: 4, groups: 2 },
  { h: 7, w: 9, c: 6, kh: 3, kw: 3, oc: 9, groups: 3, p: 'same', act: 'relu' },
  { h: 9, w: 9, c: 8, kh: 3, kw: 3, oc: 16, groups: 4, s: [2, 2], p: 'same', n: 3, act: 'sigmoid' },
  { h: 10, w: 11, c: 12, kh: 3, kw: 3, oc: 6, groups: 6, s: [3, 3], p: 'valid', act: 'tanh' },
  { h: 7, w: 7, c: 4, kh: 2, kw: 2, oc: 8, groups: 4, s: [2, 2], p: 'same' }, // even kernel, odd size
  { h: 12, w: 12, c: 6, kh: 3, kw: 3, oc: 6, groups: 2, d: [2, 2], p: 'same', n: 2 },
  { h: 6, w: 7, c: 4, kh: 3, kw: 3, oc: 6, groups: 2, p: [[0, 2], [1, 0]] },
  { h: 6, w: 6, c: 6, kh: 3, kw: 3, oc: 6, groups: 3, p: 1, act: 'softmax' }, // softmax spans every group
  { h: 8, w: 8, c: 32, kh: 1, kw: 1, oc: 64, groups: 8, n: 2, act: 'relu' }, // ShuffleNet-style 1x1
  { h: 5, w: 5, c: 6, kh: 3, kw: 3, oc: 6, groups: 6, p: 'same', bias: false }, // groups = channels: depthwise
];

describe.each(['simd', 'scalar'] as const)('createGroupedConv2D (%s) matches tf.conv2d run per group', (engine) => {
  it.each(GROUPED.map((k, i) => [describeCase(k), k, i] as const))('%s', (_name, k, i) => {
    setSimdGemmEnabled(engine === 'simd');
    const rand = makeRandom(4000 + i);
    const n = k.n ?? 1;
    const groups = k.groups ?? 1;
    const s = k.s ?? [1, 1];
    const d = k.d ?? [1, 1];
    const p = k.p ?? 'valid';
    const act = k.act ?? 'linear';
    const inG = k.c / groups;
    const outG = k.oc / groups;
    const g = makeGeometry(k.h, k.w, k.c, k.kh, k.kw, k.oc, s, p, d);
    const x = randomArray(rand, n * k.h * k.w * k.c);
    const w = randomArray(rand, k.kh * k.kw * inG * k.oc);
    const b = k.bias === false ? null : randomArray(rand, k.oc);
    const op = createGroupedConv2D(g, groups, w, b, act);
    expect(op.name).toMatch(new RegExp(`^conv2d\\.grouped-.*${engine}$`));
    const got = runOp(op, [x], n, n * g.outH * g.outW * g.outC);
    const expected = tf.tidy(() => {
      const xt = tf.tensor4d(x, [n, k.h, k.w, k.c]);
      const wt = tf.tensor4d(w, [k.kh, k.kw, inG, k.oc]);
      const parts = Array.from({ length: groups }, (_, j) => tf.conv2d(
        tf.slice(xt, [0, 0, 0, j * inG], [n, k.h, k.w, inG]),
        tf.slice(wt, [0, 0, 0, j * outG], [k.kh, k.kw, inG, outG]),
        s, toTfPadding(p), 'NHWC', d,
      ));
      let y = tf.concat4d(parts, 3);
      expect(y.shape).toEqual([n, g.outH, g.outW, g.outC]);
      if (b) y = tf.add(y, tf.tensor1d(b));
      return applyTf(y, act).dataSync() as Float32Array;
    });
    expectClose(got, expected);
  });

  it('refuses groups that do not divide the channels and weights of the wrong size', () => {
    setSimdGemmEnabled(engine === 'simd');
    const g = makeGeometry(5, 5, 6, 3, 3, 4);
    expect(() => createGroupedConv2D(g, 3, new Float32Array(3 * 3 * 2 * 4), null, 'linear')).toThrow(/groups 3 must divide inC 6 and outC 4/);
    const g2 = makeGeometry(5, 5, 6, 3, 3, 6);
    expect(() => createGroupedConv2D(g2, 3, new Float32Array(10), null, 'linear')).toThrow(/10 values, expected 3\*3\*2\*6 = 108/);
  });
});

const SEPARABLE: Case[] = [
  { h: 6, w: 6, c: 3, kh: 3, kw: 3, oc: 4 },
  { h: 7, w: 9, c: 5, kh: 3, kw: 3, oc: 8, p: 'same', act: 'relu' },
  { h: 9, w: 9, c: 8, kh: 3, kw: 3, oc: 16, s: [2, 2], p: 'same', n: 3 },
  { h: 10, w: 11, c: 4, kh: 3, kw: 3, oc: 6, s: [3, 3], act: 'sigmoid', dm: 2 },
  { h: 7, w: 7, c: 6, kh: 2, kw: 2, oc: 5, s: [2, 2], p: 'same', dm: 3, act: 'tanh' },
  { h: 12, w: 12, c: 4, kh: 3, kw: 3, oc: 7, d: [2, 2], p: 'same', n: 2, dm: 2 },
  { h: 8, w: 8, c: 12, kh: 5, kw: 5, oc: 10, p: 'same', act: 'softmax' },
  { h: 8, w: 8, c: 32, kh: 3, kw: 3, oc: 64, p: 'same', n: 2, act: 'relu' },
  { h: 5, w: 5, c: 3, kh: 3, kw: 3, oc: 2, p: 'same', bias: false, dm: 4 },
];

describe.each(['simd', 'scalar'] as const)('createSeparableConv2D (%s) matches tf.separableConv2d', (engine) => {
  it.each(SEPARABLE.map((k, i) => [describeCase(k), k, i] as const))('%s', (_name, k, i) => {
    setSimdGemmEnabled(engine === 'simd');
    const rand = makeRandom(5000 + i);
    const n = k.n ?? 1;
    const dm = k.dm ?? 1;
    const s = k.s ?? [1, 1];
    const d = k.d ?? [1, 1];
    const p = k.p ?? 'valid';
    const act = k.act ?? 'linear';
    if (typeof p !== 'string') throw new Error('tf.separableConv2d takes valid or same');
    const g = makeGeometry(k.h, k.w, k.c, k.kh, k.kw, k.c * dm, s, p, d);
    const x = randomArray(rand, n * k.h * k.w * k.c);
    const dw = randomArray(rand, k.kh * k.kw * k.c * dm);
    const pw = randomArray(rand, k.c * dm * k.oc);
    const b = k.bias === false ? null : randomArray(rand, k.oc);
    const op = createSeparableConv2D(g, dm, dw, pw, k.oc, b, act);
    expect(op.name).toContain(engine);
    const got = runOp(op, [x], n, n * g.outH * g.outW * k.oc);
    const expected = tf.tidy(() => {
      const xt = tf.tensor4d(x, [n, k.h, k.w, k.c]);
      let y: TF.Tensor4D = tf.separableConv2d(xt, tf.tensor4d(dw, [k.kh, k.kw, k.c, dm]), tf.tensor4d(pw, [1, 1, k.c * dm, k.oc]), s, p, d);
      expect(y.shape).toEqual([n, g.outH, g.outW, k.oc]);
      if (b) y = tf.add(y, tf.tensor1d(b));
      return applyTf(y, act).dataSync() as Float32Array;
    });
    expectClose(got, expected);
  });

  it('rejects a pointwise kernel or bias of the wrong size, naming the numbers', () => {
    setSimdGemmEnabled(engine === 'simd');
    const g = makeGeometry(5, 5, 3, 3, 3, 6);
    expect(() => createSeparableConv2D(g, 2, new Float32Array(54), new Float32Array(7), 4, null, 'linear')).toThrow(/pointwiseKernel has 7 values, expected 1\*1\*6\*4 = 24/);
    expect(() => createSeparableConv2D(g, 2, new Float32Array(54), new Float32Array(24), 4, new Float32Array(2), 'linear')).toThrow(/bias has 2 values, expected 4/);
  });
});
