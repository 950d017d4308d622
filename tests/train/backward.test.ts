import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs-core';
import { ACTIVATIONS, LAYER_KINDS } from '../../src/core/graph/types';
import { BACKWARDS } from '../../src/core/train/backwardMap';
import { expectClose, makeRandom, randomArray } from '../runtime/kernels/helpers';
import { useGradientOracle } from './tfOracle';
import { runTrainingOp, singleLayerDoc } from './trainHelpers';

let tf: typeof TF;
beforeAll(async () => {
  tf = await useGradientOracle();
}, 120_000);

type Pad = 'valid' | 'same' | number | [[number, number], [number, number]];

/** TensorFlow.js's gradients of sum(f(inputs) * dy) with respect to every input. */
function tfGrads(f: (...t: TF.Tensor[]) => TF.Tensor, inputs: { data: Float32Array; shape: number[] }[], dy: Float32Array): Float32Array[] {
  return tf.tidy(() => {
    const ts = inputs.map((i) => tf.tensor(i.data, i.shape));
    const out = f(...ts);
    const dyT = tf.tensor(dy, out.shape);
    const grads = tf.grads((...a: TF.Tensor[]) => tf.sum(tf.mul(f(...a), dyT)))(ts);
    return grads.map((g) => g.dataSync() as Float32Array);
  });
}

function tfForward(f: (...t: TF.Tensor[]) => TF.Tensor, inputs: { data: Float32Array; shape: number[] }[]): Float32Array {
  return tf.tidy(() => f(...inputs.map((i) => tf.tensor(i.data, i.shape))).dataSync() as Float32Array);
}

/** A dilated HWIO kernel written as a product with a 0/1 matrix, so tfjs differentiates it (its conv2d gradient refuses dilation > 1). */
function dilateKernel(k: TF.Tensor, kh: number, kw: number, ci: number, co: number, dh: number, dw: number): TF.Tensor4D {
  const eh = dh * (kh - 1) + 1;
  const ew = dw * (kw - 1) + 1;
  const e = new Float32Array(eh * ew * kh * kw);
  for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) e[(y * dh * ew + x * dw) * kh * kw + y * kw + x] = 1;
  return tf.reshape(tf.matMul(tf.tensor2d(e, [eh * ew, kh * kw]), tf.reshape(k, [kh * kw, ci * co])), [eh, ew, ci, co]) as TF.Tensor4D;
}

const act = (t: TF.Tensor, fn: string): TF.Tensor => {
  const hardSigmoid = (v: TF.Tensor) => tf.div(tf.relu6(tf.add(v, 3)), 6);
  switch (fn) {
    case 'leakyRelu': return tf.leakyRelu(t, 0.2);
    case 'relu6': return tf.relu6(t);
    case 'elu': return tf.elu(t);
    case 'gelu': return tf.mul(tf.mul(0.5, t), tf.add(1, tf.erf(tf.div(t, Math.SQRT2))));
    case 'geluTanh': return tf.mul(tf.mul(0.5, t), tf.add(1, tf.tanh(tf.mul(Math.sqrt(2 / Math.PI), tf.add(t, tf.mul(0.044715, tf.pow(t, 3)))))));
    case 'silu': return tf.mul(t, tf.sigmoid(t));
    case 'hardSigmoid': return hardSigmoid(t);
    case 'hardSwish': return tf.mul(t, hardSigmoid(t));
    case 'softplus': return tf.softplus(t);
    case 'relu': return tf.relu(t);
    case 'sigmoid': return tf.sigmoid(t);
    case 'tanh': return tf.tanh(t);
    case 'softmax': return tf.softmax(t);
    default: return t;
  }
};

interface ConvCase { h: number; w: number; c: number; k: [number, number]; f: number; s?: [number, number]; p?: Pad; d?: [number, number]; n?: number; act?: string; bias?: boolean }

const CONV_CASES: ConvCase[] = [
  { h: 5, w: 5, c: 1, k: [3, 3], f: 2 },
  { h: 8, w: 7, c: 3, k: [3, 3], f: 5, p: 'same', act: 'relu', n: 3 },
  { h: 9, w: 9, c: 4, k: [3, 3], f: 6, s: [2, 2], p: 'same', act: 'tanh' },
  { h: 10, w: 11, c: 3, k: [3, 2], f: 4, s: [3, 2], act: 'sigmoid', n: 2 },
  { h: 12, w: 12, c: 3, k: [3, 3], f: 4, d: [2, 2], p: 'same', n: 2 },
  { h: 12, w: 13, c: 2, k: [3, 2], f: 3, d: [2, 3], act: 'relu' },
  { h: 7, w: 7, c: 5, k: [2, 2], f: 3, s: [2, 2], p: 'same', bias: false },
  { h: 6, w: 7, c: 3, k: [3, 3], f: 4, p: [[0, 2], [1, 0]], n: 2 },
  { h: 8, w: 8, c: 16, k: [1, 1], f: 24, n: 2 },
  { h: 6, w: 6, c: 3, k: [3, 3], f: 10, p: 'same', act: 'softmax' },
  { h: 28, w: 28, c: 1, k: [5, 5], f: 6, p: 'same', act: 'relu', n: 4 },
  { h: 7, w: 6, c: 3, k: [3, 3], f: 5, p: 'same', act: 'gelu', n: 2 },
  { h: 6, w: 6, c: 2, k: [2, 2], f: 4, act: 'elu', n: 2 },
  { h: 6, w: 5, c: 2, k: [3, 3], f: 3, p: 'same', act: 'hardSwish', n: 2 },
];

describe('Conv2D backward against tf.grads', () => {
  it.each(CONV_CASES)('x=[$n,$h,$w,$c] k=$k f=$f s=$s p=$p d=$d act=$act', (cs) => {
    const n = cs.n ?? 1;
    const [kh, kw] = cs.k;
    const s = cs.s ?? [1, 1];
    const d = cs.d ?? [1, 1];
    const fn = cs.act ?? 'linear';
    const useBias = cs.bias ?? true;
    const doc = singleLayerDoc('Conv2D', { filters: cs.f, kernelSize: cs.k, strides: s, padding: cs.p ?? 'valid', dilation: d, activation: fn, useBias }, [[cs.h, cs.w, cs.c]]);
    const rand = makeRandom(cs.h * 31 + cs.f);
    const x = randomArray(rand, n * cs.h * cs.w * cs.c);
    let dy: Float32Array = new Float32Array(0);
    const ours = runTrainingOp(doc, n, [x], (size) => (dy = randomArray(rand, size)));
    // Random biases, so relu's kinks are not all at the same place.
    const kernel = ours.weights.kernel;
    const bias = useBias ? ours.weights.bias : new Float32Array(cs.f);
    const [oh, ow] = ours.outputShape;
    void oh; void ow;
    const pad = (cs.p ?? 'valid');
    const tfPad = Array.isArray(pad) ? [[0, 0], pad[0], pad[1], [0, 0]] as [[number, number], [number, number], [number, number], [number, number]] : pad;
    const f = (xt: TF.Tensor, kt: TF.Tensor, bt: TF.Tensor) => {
      const kd = d[0] > 1 || d[1] > 1 ? dilateKernel(kt, kh, kw, cs.c, cs.f, d[0], d[1]) : (kt as TF.Tensor4D);
      return act(tf.add(tf.conv2d(xt as TF.Tensor4D, kd, s, tfPad as 'same'), bt), fn);
    };
    const inputs = [
      { data: x, shape: [n, cs.h, cs.w, cs.c] },
      { data: kernel, shape: [kh, kw, cs.c, cs.f] },
      { data: bias, shape: [cs.f] },
    ];
    expectClose(ours.output, tfForward(f, inputs));
    const [dx, dk, db] = tfGrads(f, inputs, dy);
    expectClose(ours.dInputs[0], dx);
    expectClose(ours.grads.kernel, dk);
    if (useBias) expectClose(ours.grads.bias, db);
  });
});

interface DepthwiseCase { h: number; w: number; c: number; k: [number, number]; dm: number; s?: [number, number]; p?: Pad; d?: [number, number]; n?: number; act?: string; bias?: boolean }

const DEPTHWISE_CASES: DepthwiseCase[] = [
  { h: 5, w: 5, c: 1, k: [3, 3], dm: 1 },
  { h: 8, w: 7, c: 3, k: [3, 3], dm: 2, p: 'same', act: 'relu6', n: 3 },
  { h: 9, w: 9, c: 4, k: [3, 3], dm: 1, s: [2, 2], p: 'same', act: 'silu', n: 2 },
  { h: 10, w: 11, c: 3, k: [3, 2], dm: 3, s: [3, 2], act: 'sigmoid', n: 2 },
  { h: 12, w: 12, c: 2, k: [3, 3], dm: 1, d: [2, 2], p: 'same', n: 2 },
  { h: 7, w: 7, c: 5, k: [5, 5], dm: 1, p: 'same', bias: false, act: 'hardSwish' },
  { h: 6, w: 7, c: 3, k: [3, 3], dm: 2, p: [[0, 2], [1, 0]], n: 2, act: 'gelu' },
  { h: 16, w: 16, c: 32, k: [3, 3], dm: 1, s: [2, 2], p: 'same', act: 'relu6', n: 2 },
];

describe('grouped Conv2D backward against tf.grads (per-group tf.conv2d, concatenated)', () => {
  it.each([
    { n: 2, h: 7, w: 6, c: 4, k: [3, 3] as [number, number], f: 6, groups: 2, s: [1, 1] as [number, number], p: 'same' as Pad, act: 'relu' },
    { n: 1, h: 9, w: 8, c: 6, k: [3, 2] as [number, number], f: 3, groups: 3, s: [2, 2] as [number, number], p: 'valid' as Pad, act: 'tanh' },
    { n: 3, h: 6, w: 6, c: 8, k: [1, 1] as [number, number], f: 8, groups: 4, s: [1, 1] as [number, number], p: 'valid' as Pad, act: 'softmax' },
    { n: 2, h: 8, w: 7, c: 4, k: [3, 3] as [number, number], f: 4, groups: 2, s: [2, 1] as [number, number], p: 'same' as Pad, act: 'gelu' },
  ])('x=[$n,$h,$w,$c] k=$k f=$f groups=$groups s=$s p=$p act=$act', (cs) => {
    const doc = singleLayerDoc('Conv2D', { filters: cs.f, kernelSize: cs.k, strides: cs.s, padding: cs.p, dilation: 1, groups: cs.groups, activation: cs.act, useBias: true }, [[cs.h, cs.w, cs.c]]);
    const rand = makeRandom(cs.c * 19 + cs.groups);
    const x = randomArray(rand, cs.n * cs.h * cs.w * cs.c);
    let dy: Float32Array = new Float32Array(0);
    const ours = runTrainingOp(doc, cs.n, [x], (size) => (dy = randomArray(rand, size)));
    const inG = cs.c / cs.groups;
    const outG = cs.f / cs.groups;
    const f = (xt: TF.Tensor, kt: TF.Tensor, bt: TF.Tensor) => {
      const parts = Array.from({ length: cs.groups }, (_, j) => tf.conv2d(
        tf.slice(xt, [0, 0, 0, j * inG], [-1, -1, -1, inG]) as TF.Tensor4D,
        tf.slice(kt, [0, 0, 0, j * outG], [-1, -1, -1, outG]) as TF.Tensor4D, cs.s, cs.p as 'same'));
      return act(tf.add(tf.concat(parts, 3), bt), cs.act);
    };
    const inputs = [
      { data: x, shape: [cs.n, cs.h, cs.w, cs.c] },
      { data: ours.weights.kernel, shape: [cs.k[0], cs.k[1], inG, cs.f] },
      { data: ours.weights.bias, shape: [cs.f] },
    ];
    expectClose(ours.output, tfForward(f, inputs));
    const [dx, dk, db] = tfGrads(f, inputs, dy);
    expectClose(ours.dInputs[0], dx);
    expectClose(ours.grads.kernel, dk);
    expectClose(ours.grads.bias, db);
  });
});

describe('DepthwiseConv2D backward against tf.grads', () => {
  it.each(DEPTHWISE_CASES)('x=[$n,$h,$w,$c] k=$k dm=$dm s=$s p=$p d=$d act=$act', (cs) => {
    const n = cs.n ?? 1;
    const [kh, kw] = cs.k;
    const s = cs.s ?? [1, 1];
    const d = cs.d ?? [1, 1];
    const fn = cs.act ?? 'linear';
    const useBias = cs.bias ?? true;
    const doc = singleLayerDoc('DepthwiseConv2D', { kernelSize: cs.k, strides: s, padding: cs.p ?? 'valid', dilation: d, depthMultiplier: cs.dm, activation: fn, useBias }, [[cs.h, cs.w, cs.c]]);
    const rand = makeRandom(cs.h * 17 + cs.c * 5 + cs.dm);
    const x = randomArray(rand, n * cs.h * cs.w * cs.c);
    let dy: Float32Array = new Float32Array(0);
    const ours = runTrainingOp(doc, n, [x], (size) => (dy = randomArray(rand, size)));
    const outC = cs.c * cs.dm;
    const bias = useBias ? ours.weights.bias : new Float32Array(outC);
    const pad = cs.p ?? 'valid';
    const tfPad = Array.isArray(pad) ? [[0, 0], pad[0], pad[1], [0, 0]] as [[number, number], [number, number], [number, number], [number, number]] : pad;
    // tfjs differentiates dilated depthwise kernels only through an explicitly dilated kernel, as for Conv2D.
    const f = (xt: TF.Tensor, kt: TF.Tensor, bt: TF.Tensor) => {
      const kd = d[0] > 1 || d[1] > 1 ? dilateKernel(kt, kh, kw, cs.c, cs.dm, d[0], d[1]) : (kt as TF.Tensor4D);
      return act(tf.add(tf.depthwiseConv2d(xt as TF.Tensor4D, kd, s, tfPad as 'same'), bt), fn);
    };
    const inputs = [
      { data: x, shape: [n, cs.h, cs.w, cs.c] },
      { data: ours.weights.depthwiseKernel, shape: [kh, kw, cs.c, cs.dm] },
      { data: bias, shape: [outC] },
    ];
    expectClose(ours.output, tfForward(f, inputs));
    const [dx, dk, db] = tfGrads(f, inputs, dy);
    expectClose(ours.dInputs[0], dx);
    expectClose(ours.grads.depthwiseKernel, dk);
    if (useBias) expectClose(ours.grads.bias, db);
  });
});

describe('SeparableConv2D backward against tf.grads (tf.separableConv2d)', () => {
  it.each([
    { h: 7, w: 6, c: 3, k: [3, 3] as [number, number], dm: 1, f: 4, p: 'same' as Pad, s: [1, 1] as [number, number], act: 'relu', n: 2, bias: true },
    { h: 9, w: 9, c: 2, k: [3, 2] as [number, number], dm: 2, f: 5, p: 'valid' as Pad, s: [2, 2] as [number, number], act: 'silu', n: 3, bias: true },
    { h: 8, w: 8, c: 4, k: [5, 5] as [number, number], dm: 1, f: 3, p: 'same' as Pad, s: [2, 2] as [number, number], act: 'linear', n: 1, bias: false },
  ])('x=[$n,$h,$w,$c] k=$k dm=$dm f=$f s=$s p=$p act=$act', (cs) => {
    const doc = singleLayerDoc('SeparableConv2D', { filters: cs.f, kernelSize: cs.k, strides: cs.s, padding: cs.p, dilation: 1, depthMultiplier: cs.dm, activation: cs.act, useBias: cs.bias }, [[cs.h, cs.w, cs.c]]);
    const rand = makeRandom(cs.h * 13 + cs.f);
    const x = randomArray(rand, cs.n * cs.h * cs.w * cs.c);
    let dy: Float32Array = new Float32Array(0);
    const ours = runTrainingOp(doc, cs.n, [x], (size) => (dy = randomArray(rand, size)));
    const bias = cs.bias ? ours.weights.bias : new Float32Array(cs.f);
    const f = (xt: TF.Tensor, dk: TF.Tensor, pk: TF.Tensor, bt: TF.Tensor) =>
      act(tf.add(tf.separableConv2d(xt as TF.Tensor4D, dk as TF.Tensor4D, pk as TF.Tensor4D, cs.s, cs.p as 'same'), bt), cs.act);
    const inputs = [
      { data: x, shape: [cs.n, cs.h, cs.w, cs.c] },
      { data: ours.weights.depthwiseKernel, shape: [cs.k[0], cs.k[1], cs.c, cs.dm] },
      { data: ours.weights.pointwiseKernel, shape: [1, 1, cs.c * cs.dm, cs.f] },
      { data: bias, shape: [cs.f] },
    ];
    expectClose(ours.output, tfForward(f, inputs));
    const [dx, ddk, dpk, db] = tfGrads(f, inputs, dy);
    expectClose(ours.dInputs[0], dx);
    expectClose(ours.grads.depthwiseKernel, ddk);
    expectClose(ours.grads.pointwiseKernel, dpk);
    if (cs.bias) expectClose(ours.grads.bias, db);
  });
});

describe('Conv2DTranspose backward', () => {
  /** [n, h, w, c, k, filters, strides, padding, activation]: tfjs' conv2dTranspose takes 'valid' and 'same' only. */
  it.each([
    [1, 4, 5, 3, [3, 3], 2, [2, 2], 'valid', 'linear'],
    [2, 5, 4, 2, [2, 2], 3, [2, 2], 'same', 'relu'],
    [3, 3, 3, 4, [3, 2], 2, [3, 1], 'valid', 'sigmoid'],
    [2, 6, 6, 8, [4, 4], 4, [2, 2], 'same', 'silu'],
    [1, 7, 5, 1, [5, 3], 3, [1, 2], 'same', 'tanh'],
  ] as const)('against tf.grads: x=[%i,%i,%i,%i] k=%j f=%i s=%j %s %s', (n, h, w, c, k, filters, s, pad, fn) => {
    const doc = singleLayerDoc('Conv2DTranspose', { filters, kernelSize: [...k], strides: [...s], padding: pad, outputPadding: null, dilation: 1, activation: fn, useBias: true }, [[h, w, c]]);
    const rand = makeRandom(h * 7 + w + c);
    const x = randomArray(rand, n * h * w * c);
    let dy: Float32Array = new Float32Array(0);
    const ours = runTrainingOp(doc, n, [x], (size) => (dy = randomArray(rand, size)));
    const [oh, ow] = ours.outputShape;
    const f = (xt: TF.Tensor, kt: TF.Tensor, bt: TF.Tensor) =>
      act(tf.add(tf.conv2dTranspose(xt as TF.Tensor4D, kt as TF.Tensor4D, [n, oh, ow, filters], [...s], pad), bt), fn);
    const inputs = [
      { data: x, shape: [n, h, w, c] },
      { data: ours.weights.kernel, shape: [k[0], k[1], filters, c] },
      { data: ours.weights.bias, shape: [filters] },
    ];
    expectClose(ours.output, tfForward(f, inputs));
    const [dx, dk, db] = tfGrads(f, inputs, dy);
    expectClose(ours.dInputs[0], dx);
    expectClose(ours.grads.kernel, dk);
    expectClose(ours.grads.bias, db);
  });

  // Explicit pads, outputPadding and dilation, which tfjs' conv2dTranspose does not take: the
  // op is linear in x and in the kernel, so its backward must be the adjoint of its forward,
  // <T(x), dy> = <x, dX> and <T_k(x), dy> = <k, dKernel> (the forward is tested against tfjs elsewhere).
  it.each([
    [{ kernelSize: 3, strides: 2, padding: 1, outputPadding: 1, dilation: 1 }, [4, 5, 2]],
    [{ kernelSize: [3, 2], strides: [2, 3], padding: [[0, 1], [1, 0]], outputPadding: null, dilation: 1 }, [3, 4, 3]],
    [{ kernelSize: 3, strides: 1, padding: 'same', outputPadding: null, dilation: 2 }, [5, 5, 2]],
    [{ kernelSize: 5, strides: 3, padding: 'valid', outputPadding: [2, 1], dilation: 1 }, [3, 3, 1]],
  ] as const)('is the adjoint of its forward: %j on %j', (spec, shape) => {
    const batch = 2;
    const doc = singleLayerDoc('Conv2DTranspose', { ...spec, filters: 3, activation: 'linear', useBias: false }, [[...shape]]);
    const rand = makeRandom(shape[0] * 11 + shape[2]);
    const x = randomArray(rand, batch * shape[0] * shape[1] * shape[2]);
    let dy: Float32Array = new Float32Array(0);
    const ours = runTrainingOp(doc, batch, [x], (size) => (dy = randomArray(rand, size)));
    const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + v * b[i], 0);
    const forward = dot(ours.output, dy);
    expect(Math.abs(forward - dot(x, ours.dInputs[0]))).toBeLessThan(1e-4 * Math.max(1, Math.abs(forward)));
    expect(Math.abs(forward - dot(ours.weights.kernel, ours.grads.kernel))).toBeLessThan(1e-4 * Math.max(1, Math.abs(forward)));
  });
});

describe('Conv2D backward against float64 central differences', () => {
  /** A plain float64 convolution (HWIO, NHWC, geometry as the shape engine resolves it). */
  function conv64(x: Float64Array, k: Float64Array, n: number, h: number, w: number, c: number, kh: number, kw: number, f: number, s: number[], d: number[], pt: number, pl: number, oh: number, ow: number): Float64Array {
    const y = new Float64Array(n * oh * ow * f);
    for (let b = 0; b < n; b++) for (let oy = 0; oy < oh; oy++) for (let ox = 0; ox < ow; ox++) for (let co = 0; co < f; co++) {
      let sum = 0;
      for (let ky = 0; ky < kh; ky++) for (let kx = 0; kx < kw; kx++) {
        const iy = oy * s[0] - pt + ky * d[0];
        const ix = ox * s[1] - pl + kx * d[1];
        if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
        for (let ci = 0; ci < c; ci++) sum += x[((b * h + iy) * w + ix) * c + ci] * k[((ky * kw + kx) * c + ci) * f + co];
      }
      y[((b * oh + oy) * ow + ox) * f + co] = sum;
    }
    return y;
  }

  it.each([
    { h: 6, w: 5, c: 2, k: [3, 3], f: 2, s: [1, 1], d: [2, 1], p: 'same' as Pad },
    { h: 7, w: 7, c: 2, k: [2, 3], f: 3, s: [1, 1], d: [1, 2], p: 'valid' as Pad },
    { h: 7, w: 8, c: 2, k: [2, 3], f: 3, s: [2, 3], d: [1, 1], p: 'same' as Pad },
    { h: 5, w: 6, c: 1, k: [3, 2], f: 2, s: [2, 1], d: [1, 1], p: 1 as Pad },
  ])('x=[2,$h,$w,$c] k=$k s=$s d=$d p=$p', (cs) => {
    const n = 2;
    const [kh, kw] = cs.k;
    const doc = singleLayerDoc('Conv2D', { filters: cs.f, kernelSize: cs.k, strides: cs.s, padding: cs.p, dilation: cs.d, activation: 'linear', useBias: false }, [[cs.h, cs.w, cs.c]]);
    const rand = makeRandom(5 + cs.h);
    const x = randomArray(rand, n * cs.h * cs.w * cs.c);
    let dy: Float32Array = new Float32Array(0);
    const ours = runTrainingOp(doc, n, [x], (size) => (dy = randomArray(rand, size)));
    const [oh, ow] = ours.outputShape;
    // Recover the padding the shape engine chose from the output size (TensorFlow's 'same' puts the odd pixel bottom/right).
    const padOf = (size: number, out: number, k: number, s: number, d: number) => {
      if (cs.p === 'valid') return 0;
      if (typeof cs.p === 'number') return cs.p;
      return Math.floor(Math.max(0, (out - 1) * s + d * (k - 1) + 1 - size) / 2);
    };
    const pt = padOf(cs.h, oh, kh, cs.s[0], cs.d[0]);
    const pl = padOf(cs.w, ow, kw, cs.s[1], cs.d[1]);
    const objective = (xv: Float64Array, kv: Float64Array) => {
      const y = conv64(xv, kv, n, cs.h, cs.w, cs.c, kh, kw, cs.f, cs.s, cs.d, pt, pl, oh, ow);
      let sum = 0;
      for (let i = 0; i < y.length; i++) sum += y[i] * dy[i];
      return sum;
    };
    const x64 = Float64Array.from(x);
    const k64 = Float64Array.from(ours.weights.kernel);
    const eps = 1e-6;
    const central = (v: Float64Array, i: number, other: () => number) => {
      const keep = v[i];
      v[i] = keep + eps;
      const up = other();
      v[i] = keep - eps;
      const down = other();
      v[i] = keep;
      return (up - down) / (2 * eps);
    };
    const fdX = Float64Array.from(x64, (_, i) => central(x64, i, () => objective(x64, k64)));
    const fdK = Float64Array.from(k64, (_, i) => central(k64, i, () => objective(x64, k64)));
    expectClose(ours.dInputs[0], fdX);
    expectClose(ours.grads.kernel, fdK);
  });
});

describe('Dense backward against tf.grads', () => {
  it.each([
    { n: 1, i: 5, u: 3, act: 'linear' },
    { n: 7, i: 20, u: 9, act: 'relu' },
    { n: 5, i: 33, u: 10, act: 'softmax' },
    { n: 3, i: 8, u: 17, act: 'tanh' },
    { n: 4, i: 6, u: 4, act: 'sigmoid' },
    { n: 4, i: 9, u: 5, act: 'silu' },
    { n: 3, i: 7, u: 6, act: 'leakyRelu' },
    { n: 3, i: 7, u: 6, act: 'softplus' },
    { n: 3, i: 8, u: 5, act: 'geluTanh' },
  ])('n=$n in=$i units=$u act=$act', ({ n, i, u, act: fn }) => {
    const doc = singleLayerDoc('Dense', { units: u, activation: fn, useBias: true }, [[i]]);
    const rand = makeRandom(i * 7 + u);
    const x = randomArray(rand, n * i);
    let dy: Float32Array = new Float32Array(0);
    const ours = runTrainingOp(doc, n, [x], (size) => (dy = randomArray(rand, size)));
    const bias = ours.weights.bias.map(() => rand() - 0.5);
    ours.weights.bias.set(bias);
    const again = runTrainingOp(doc, n, [x], () => dy.slice());
    void again;
    const f = (xt: TF.Tensor, kt: TF.Tensor, bt: TF.Tensor) => act(tf.add(tf.matMul(xt as TF.Tensor2D, kt as TF.Tensor2D), bt), fn);
    const inputs = [{ data: x, shape: [n, i] }, { data: ours.weights.kernel, shape: [i, u] }, { data: new Float32Array(u), shape: [u] }];
    expectClose(ours.output, tfForward(f, inputs));
    const [dx, dk, db] = tfGrads(f, inputs, dy);
    expectClose(ours.dInputs[0], dx);
    expectClose(ours.grads.kernel, dk);
    expectClose(ours.grads.bias, db);
  });
});

describe('pooling backward against tf.grads', () => {
  it.each([
    { kind: 'MaxPool2D', h: 6, w: 6, c: 3, k: 2, s: 2, p: 'valid' as const, n: 2 },
    { kind: 'MaxPool2D', h: 7, w: 5, c: 2, k: 3, s: 2, p: 'same' as const, n: 1 },
    { kind: 'MaxPool2D', h: 8, w: 8, c: 17, k: 3, s: 1, p: 'same' as const, n: 2 },
    { kind: 'AvgPool2D', h: 6, w: 6, c: 3, k: 2, s: 2, p: 'valid' as const, n: 2 },
    { kind: 'AvgPool2D', h: 7, w: 5, c: 2, k: 3, s: 2, p: 'same' as const, n: 3 },
    { kind: 'AvgPool2D', h: 9, w: 9, c: 20, k: 3, s: 2, p: 'same' as const, n: 1 },
  ])('$kind x=[$n,$h,$w,$c] k=$k s=$s p=$p', ({ kind, h, w, c, k, s, p, n }) => {
    const doc = singleLayerDoc(kind, { poolSize: k, strides: s, padding: p }, [[h, w, c]]);
    const rand = makeRandom(h * 13 + c);
    const x = randomArray(rand, n * h * w * c);
    let dy: Float32Array = new Float32Array(0);
    const ours = runTrainingOp(doc, n, [x], (size) => (dy = randomArray(rand, size)));
    const f = (xt: TF.Tensor) => (kind === 'MaxPool2D' ? tf.maxPool(xt as TF.Tensor4D, k, s, p) : tf.avgPool(xt as TF.Tensor4D, k, s, p));
    const inputs = [{ data: x, shape: [n, h, w, c] }];
    expectClose(ours.output, tfForward(f, inputs));
    if (kind === 'AvgPool2D' && p === 'same') {
      // tfjs-cpu's AvgPool gradient divides by the whole window even where its forward divides
      // by the real cells ('same' borders), so it is not the adjoint of its own forward. Average
      // pooling is linear: the true gradient is J^T dy with J read off tf.avgPool on unit images.
      const inSize = h * w * c;
      const eye = new Float32Array(inSize * inSize);
      for (let i = 0; i < inSize; i++) eye[i * inSize + i] = 1;
      const jacobianT = tfForward(f, [{ data: eye, shape: [inSize, h, w, c] }]);
      const outSize = jacobianT.length / inSize;
      const expected = new Float32Array(n * inSize);
      for (let b = 0; b < n; b++) {
        for (let i = 0; i < inSize; i++) {
          let sum = 0;
          for (let o = 0; o < outSize; o++) sum += jacobianT[i * outSize + o] * dy[b * outSize + o];
          expected[b * inSize + i] = sum;
        }
      }
      expectClose(ours.dInputs[0], expected);
      return;
    }
    expectClose(ours.dInputs[0], tfGrads(f, inputs, dy)[0]);
  });

  it('GlobalAvgPool2D x=[3,5,4,6]', () => {
    const doc = singleLayerDoc('GlobalAvgPool2D', {}, [[5, 4, 6]]);
    const rand = makeRandom(9);
    const x = randomArray(rand, 3 * 5 * 4 * 6);
    let dy: Float32Array = new Float32Array(0);
    const ours = runTrainingOp(doc, 3, [x], (size) => (dy = randomArray(rand, size)));
    const f = (xt: TF.Tensor) => tf.mean(xt, [1, 2]);
    expectClose(ours.dInputs[0], tfGrads(f, [{ data: x, shape: [3, 5, 4, 6] }], dy)[0]);
  });
});

describe('activations, merges and BatchNorm backward against tf.grads', () => {
  it.each([...ACTIVATIONS])('Activation %s', (fn) => {
    const doc = singleLayerDoc('Activation', { fn }, [[3, 2, 7]]);
    const rand = makeRandom(fn.length);
    const x = randomArray(rand, 2 * 42, -3, 3);
    let dy: Float32Array = new Float32Array(0);
    const ours = runTrainingOp(doc, 2, [x], (size) => (dy = randomArray(rand, size)));
    const f = (xt: TF.Tensor) => act(xt, fn);
    const inputs = [{ data: x, shape: [2, 3, 2, 7] }];
    expectClose(ours.output, tfForward(f, inputs));
    expectClose(ours.dInputs[0], tfGrads(f, inputs, dy)[0]);
  });

  it('Add of three inputs', () => {
    const doc = singleLayerDoc('Add', {}, [[2, 3, 4], [2, 3, 4], [2, 3, 4]]);
    const rand = makeRandom(2);
    const xs = [0, 1, 2].map(() => randomArray(rand, 2 * 24));
    let dy: Float32Array = new Float32Array(0);
    const ours = runTrainingOp(doc, 2, xs, (size) => (dy = randomArray(rand, size)));
    const f = (a: TF.Tensor, b: TF.Tensor, c: TF.Tensor) => tf.addN([a, b, c]);
    const grads = tfGrads(f, xs.map((data) => ({ data, shape: [2, 2, 3, 4] })), dy);
    grads.forEach((g, k) => expectClose(ours.dInputs[k], g));
  });

  it('Concatenate of channels 3, 1 and 5', () => {
    const doc = singleLayerDoc('Concatenate', {}, [[2, 3, 3], [2, 3, 1], [2, 3, 5]]);
    const rand = makeRandom(4);
    const xs = [3, 1, 5].map((c) => randomArray(rand, 2 * 6 * c));
    let dy: Float32Array = new Float32Array(0);
    const ours = runTrainingOp(doc, 2, xs, (size) => (dy = randomArray(rand, size)));
    const f = (a: TF.Tensor, b: TF.Tensor, c: TF.Tensor) => tf.concat([a, b, c], 3);
    const inputs = xs.map((data, k) => ({ data, shape: [2, 2, 3, [3, 1, 5][k]] }));
    expectClose(ours.output, tfForward(f, inputs));
    tfGrads(f, inputs, dy).forEach((g, k) => expectClose(ours.dInputs[k], g));
  });

  it.each([{ shape: [4, 3, 5], n: 3 }, { shape: [6], n: 8 }])('BatchNorm in training mode x=[$n,$shape]', ({ shape, n }) => {
    const doc = singleLayerDoc('BatchNorm', { epsilon: 1e-3 }, [shape]);
    const channels = shape[shape.length - 1];
    const size = n * shape.reduce((a, b) => a * b, 1);
    const rand = makeRandom(size);
    const x = randomArray(rand, size, -2, 3);
    let dy: Float32Array = new Float32Array(0);
    const ours = runTrainingOp(doc, n, [x], (s) => (dy = randomArray(rand, s)));
    const axes = shape.map((_, i) => i);
    const f = (xt: TF.Tensor, g: TF.Tensor, b: TF.Tensor) => {
      const m = tf.moments(xt, axes);
      return tf.batchNorm(xt, m.mean, m.variance, b, g, 1e-3);
    };
    const inputs = [{ data: x, shape: [n, ...shape] }, { data: new Float32Array(channels).fill(1), shape: [channels] }, { data: new Float32Array(channels), shape: [channels] }];
    expectClose(ours.output, tfForward(f, inputs));
    const [dx, dg, db] = tfGrads(f, inputs, dy);
    expectClose(ours.dInputs[0], dx);
    expectClose(ours.grads.gamma, dg);
    expectClose(ours.grads.beta, db);
    // Keras' update of the moving statistics: 0.99 * initial (mean 0, variance 1) + 0.01 * batch statistic.
    const m = tf.tidy(() => tf.moments(tf.tensor(x, [n, ...shape]), axes));
    expectClose(ours.weights.movingMean, (m.mean.dataSync() as Float32Array).map((v) => 0.01 * v));
    expectClose(ours.weights.movingVariance, (m.variance.dataSync() as Float32Array).map((v) => 0.99 + 0.01 * v));
  });

  it('Dropout in training: zeroes about `rate` of the values, scales the rest by 1/(1-rate), and routes the gradient through the same mask', () => {
    const doc = singleLayerDoc('Dropout', { rate: 0.3 }, [[2000]]);
    const rand = makeRandom(8);
    const x = randomArray(rand, 4 * 2000, 0.5, 1.5);
    let dy: Float32Array = new Float32Array(0);
    const ours = runTrainingOp(doc, 4, [x], (s) => (dy = randomArray(rand, s)));
    let dropped = 0;
    for (let i = 0; i < x.length; i++) {
      const kept = ours.output[i] !== 0;
      if (!kept) dropped++;
      expect(ours.output[i]).toBeCloseTo(kept ? x[i] / 0.7 : 0, 5);
      expect(ours.dInputs[0][i]).toBeCloseTo(kept ? dy[i] / 0.7 : 0, 5);
    }
    // 8000 Bernoulli(0.3) draws: the share lies within 0.3 +- 4.5 standard deviations (0.0051).
    expect(Math.abs(dropped / x.length - 0.3)).toBeLessThan(0.023);
  });
});

describe('reshaping and gating kinds backward against tf.grads', () => {
  // Each case: the layer, its input shapes (per sample), and the same function in tfjs ops.
  const cases: { name: string; kind: string; params: Record<string, unknown>; shapes: number[][]; f: (...t: TF.Tensor[]) => TF.Tensor }[] = [
    { name: 'ZeroPadding2D [[1, 2], [0, 3]]', kind: 'ZeroPadding2D', params: { padding: [[1, 2], [0, 3]] }, shapes: [[4, 5, 3]], f: (x) => tf.pad(x, [[0, 0], [1, 2], [0, 3], [0, 0]]) },
    { name: 'Cropping2D [2, 1]', kind: 'Cropping2D', params: { cropping: [2, 1] }, shapes: [[7, 6, 2]], f: (x) => tf.slice(x, [0, 2, 1, 0], [-1, 3, 4, -1]) },
    // UpSampling2D is not here: tfjs' resize gradients (cpu backend) disagree with its own resize
    // forward's adjoint even on square maps. Its backward is checked as the adjoint below.
    { name: 'GlobalMaxPool2D', kind: 'GlobalMaxPool2D', params: {}, shapes: [[5, 4, 6]], f: (x) => tf.max(x, [1, 2]) },
    { name: 'Multiply of two maps', kind: 'Multiply', params: {}, shapes: [[3, 4, 5], [3, 4, 5]], f: (a, b) => tf.mul(a, b) },
    { name: 'Multiply by a [c] gate (squeeze-and-excitation)', kind: 'Multiply', params: {}, shapes: [[3, 4, 5], [5]], f: (a, g) => tf.mul(a, tf.reshape(g, [-1, 1, 1, 5])) },
    { name: 'Multiply of a [1, 1, c] gate, a map and a map', kind: 'Multiply', params: {}, shapes: [[1, 1, 4], [2, 3, 4], [2, 3, 4]], f: (g, a, b) => tf.mul(tf.mul(g, a), b) },
    { name: 'Rescaling 1/127.5, offset -1', kind: 'Rescaling', params: { scale: 1 / 127.5, offset: -1 }, shapes: [[3, 4, 2]], f: (x) => tf.add(tf.mul(x, 1 / 127.5), -1) },
    { name: 'Rescaling -2.5 of a vector', kind: 'Rescaling', params: { scale: -2.5, offset: 0.25 }, shapes: [[7]], f: (x) => tf.add(tf.mul(x, -2.5), 0.25) },
  ];
  it.each(cases)('$name', ({ kind, params, shapes, f }) => {
    const batch = 3;
    const doc = singleLayerDoc(kind, params, shapes);
    const rand = makeRandom(kind.length + shapes.length);
    const xs = shapes.map((s) => randomArray(rand, batch * s.reduce((a, b) => a * b, 1)));
    let dy: Float32Array = new Float32Array(0);
    const ours = runTrainingOp(doc, batch, xs, (size) => (dy = randomArray(rand, size)));
    const inputs = xs.map((data, k) => ({ data, shape: [batch, ...shapes[k]] }));
    expectClose(ours.output, tfForward(f, inputs));
    tfGrads(f, inputs, dy).forEach((g, k) => expectClose(ours.dInputs[k], g));
  });
});

describe('linear reshaping kinds: the backward is the forward\'s adjoint, <f(x), dy> = <x, df(dy)>', () => {
  // The forwards are checked against tfjs (tests/e2eOracle/spatialKinds.test.ts); for a linear
  // layer the gradient is the adjoint, and this identity pins it down on any shape.
  it.each([
    ['UpSampling2D', { size: [2, 3] }, [3, 5, 2]],
    ['UpSampling2D', { size: 3 }, [4, 4, 2]],
    ['UpSampling2D', { size: 2, interpolation: 'bilinear' }, [5, 5, 2]],
    ['UpSampling2D', { size: [3, 2], interpolation: 'bilinear' }, [4, 3, 3]],
    ['UpSampling2D', { size: [1, 4], interpolation: 'bilinear' }, [2, 5, 1]],
    ['ZeroPadding2D', { padding: [[0, 1], [3, 2]] }, [3, 4, 2]],
    ['Cropping2D', { cropping: [[1, 0], [2, 1]] }, [5, 6, 3]],
  ] as const)('%s %j on %j', (kind, params, shape) => {
    const batch = 2;
    const rand = makeRandom(shape.length + kind.length);
    const x = randomArray(rand, batch * (shape as readonly number[]).reduce((a, b) => a * b, 1));
    let dy: Float32Array = new Float32Array(0);
    const ours = runTrainingOp(singleLayerDoc(kind, params as Record<string, unknown>, [[...shape]]), batch, [x], (size) => (dy = randomArray(rand, size)));
    let forward = 0;
    for (let i = 0; i < dy.length; i++) forward += ours.output[i] * dy[i];
    let adjoint = 0;
    for (let i = 0; i < x.length; i++) adjoint += x[i] * ours.dInputs[0][i];
    expect(Math.abs(forward - adjoint)).toBeLessThan(1e-4 * Math.max(1, Math.abs(forward)));
  });
});

describe('the backward map', () => {
  it('has a training op for every layer kind (lists the missing ones)', () => {
    const missing = LAYER_KINDS.filter((k) => !BACKWARDS[k]);
    expect(missing, `kinds without a backward pass: ${missing.join(', ')}`).toEqual([]);
  });
});
