import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs-core';
import { createActivation } from '../../../src/core/runtime/kernels';
import { ACTIVATIONS, type ActivationFn } from '../../../src/core/graph/types';
import { activateWithTfjs } from '../../oracles/tfjsActivation';
import { runPythonJson } from '../../oracles/python';
import { ENGINES, expectClose, makeRandom, memoryFor, randomArray, runOp, runOpOn, useCpuOracle, type Engine } from './helpers';

let tf: typeof TF;
beforeAll(async () => { tf = await useCpuOracle(); });

/** Each function with the alphas worth checking (undefined: the default). */
const VARIANTS: [ActivationFn, number | undefined][] = [
  ...ACTIVATIONS.map((fn): [ActivationFn, undefined] => [fn, undefined]),
  ['leakyRelu', 0.01], ['leakyRelu', 0.3], ['leakyRelu', 0], ['elu', 0.5], ['elu', 2],
];

/** The activations the SIMD memory runs itself (the rest take the TypeScript path on either engine). */
const SIMD_FNS = new Set<ActivationFn>(['relu', 'relu6', 'leakyRelu', 'hardSigmoid', 'hardSwish', 'tanh', 'sigmoid', 'silu']);

/** Runs the Activation op on `engine`; on 'simd', asserts the SIMD kernel ran for the functions it has. */
function runActivation(engine: Engine, fn: ActivationFn, x: Float32Array, per: number, lastDim: number, batch: number, alpha?: number): Float32Array {
  const simd = memoryFor(engine);
  const op = createActivation(fn, per, lastDim, alpha, simd);
  if (!simd || !SIMD_FNS.has(fn)) return runOp(op, [x], batch, batch * per);
  return runOpOn(simd, fn === 'tanh' || fn === 'sigmoid' || fn === 'silu' ? 'activate' : 'map', op, [x], batch, batch * per);
}

describe('the SIMD activations', () => {
  // tanh, sigmoid and silu round exactly as the TypeScript path; the f32x4 ones round each step in float32.
  it.each([...SIMD_FNS].flatMap((fn) => (fn === 'leakyRelu' ? [[fn, 0.2], [fn, 0.01]] : [[fn, undefined]]) as [ActivationFn, number | undefined][]))('%s (alpha %s) is within 2 float32 ulp of the TypeScript path on 1,001 values from -1e4 to 1e4', (fn, alpha) => {
    const rand = makeRandom(fn.length * 13);
    const x = Float32Array.from({ length: 1001 }, (_, i) => (i % 3 === 0 ? randomArray(rand, 1, -1e4, 1e4)[0] : randomArray(rand, 1, -8, 8)[0]));
    const simd = runActivation('simd', fn, x, x.length, x.length, 1, alpha);
    const scalar = runActivation('scalar', fn, x, x.length, x.length, 1, alpha);
    for (let i = 0; i < x.length; i++) {
      const tol = fn === 'tanh' || fn === 'sigmoid' || fn === 'silu' ? 0 : 2 * ulp32(scalar[i]);
      expect(Math.abs(simd[i] - scalar[i]) <= tol, `${fn}(${x[i]}): simd ${simd[i]}, scalar ${scalar[i]}`).toBe(true);
    }
  });
});

describe('SIMD silu at its edges', () => {
  it('gives the TypeScript path\'s value, sign of zero included, at infinities, NaN and around -110', () => {
    const x = Float32Array.from([-Infinity, -1e4, -110.5, -110, -109.9, -104, -103, -20, -1e-30, -0, 0, 1e-30, 3, 88, Infinity, NaN]);
    const simd = runActivation('simd', 'silu', x, x.length, x.length, 1);
    const scalar = runActivation('scalar', 'silu', x, x.length, x.length, 1);
    for (let i = 0; i < x.length; i++) expect(Object.is(simd[i], scalar[i]), `silu(${x[i]}): simd ${simd[i]}, scalar ${scalar[i]}`).toBe(true);
  });
});

describe('createActivation matches tfjs', () => {
  const SHAPES: [number[], number][] = [[[5, 3, 7], 3], [[13], 5], [[2, 2, 13], 1], [[3, 4, 7], 2]];
  const CASES = ENGINES.flatMap((engine) => VARIANTS.map(([fn, alpha], i) => [fn, alpha, ...SHAPES[i % SHAPES.length], engine] as const));
  it.each(CASES)('%s alpha=%s shape=%j batch=%i (%s)', (fn, alpha, shape, batch, engine) => {
    const rand = makeRandom(shape.length * 100 + batch + fn.length);
    const per = shape.reduce((a: number, b: number) => a * b, 1);
    const x = randomArray(rand, batch * per, -8, 8);
    const got = runActivation(engine, fn, x, per, shape[shape.length - 1], batch, alpha);
    const expected = tf.tidy(() => activateWithTfjs(tf.tensor(x, [batch, ...shape]), fn, alpha).dataSync() as Float32Array);
    expectClose(got, expected);
  });

  it('softmax is stable for huge logits (subtracts the max)', () => {
    const x = Float32Array.from([1000, 1001, 1002, -1000, 0, 1000]);
    const got = runOp(createActivation('softmax', 3, 3), [x], 2, 6);
    const expected = tf.tidy(() => tf.softmax(tf.tensor2d(x, [2, 3])).dataSync() as Float32Array);
    expectClose(got, expected);
    expect(got[2]).toBeCloseTo(Math.exp(0) / (Math.exp(-2) + Math.exp(-1) + 1), 5);
  });

  it('softmax rejects a last axis that does not divide the sample', () => {
    expect(() => createActivation('softmax', 10, 3)).toThrow(/10 is not a multiple of the last axis 3/);
  });

  it.each(ENGINES.flatMap((e) => ACTIVATIONS.filter((fn) => fn !== 'softmax').map((fn) => [fn, e] as const)))('%s keeps NaN as NaN and is finite at +-Infinity (%s)', (fn, engine) => {
    // Twice over, so the SIMD kernels see the values both in a whole vector and in the tail.
    const x = Float32Array.from([NaN, Infinity, -Infinity, 1, NaN, Infinity, -Infinity]);
    const got = runActivation(engine, fn, x, 7, 7, 1);
    expect(Array.from(got.subarray(4))).toEqual(Array.from(got.subarray(0, 3)));
    expect(Number.isNaN(got[0])).toBe(true);
    const expected = tf.tidy(() => activateWithTfjs(tf.tensor1d(x.slice(1)), fn).dataSync() as Float32Array);
    // tfjs's own NaN at infinity (e.g. gelu's Infinity * 0) is not a reference: the limits are.
    const limits: Record<string, [number, number]> = {
      linear: [Infinity, -Infinity], relu: [Infinity, 0], sigmoid: [1, 0], tanh: [1, -1], leakyRelu: [Infinity, -Infinity],
      relu6: [6, 0], elu: [Infinity, -1], gelu: [Infinity, 0], geluTanh: [Infinity, 0], silu: [Infinity, 0],
      hardSigmoid: [1, 0], hardSwish: [Infinity, 0], softplus: [Infinity, 0],
    };
    expect([got[1], Math.abs(got[2]) === 0 ? 0 : got[2]]).toEqual(limits[fn]);
    if (Number.isFinite(expected[0] + expected[1])) expect([got[1], got[2]]).toEqual([expected[0], expected[1]]);
  });
});

/**
 * The same inputs through PyTorch in float64 (torch.nn.functional) and through the definitions
 * evaluated with mpmath at 40 digits (using erfc for gelu's left tail and x / (1 + e^(-2u)) for
 * geluTanh's, where float64 1 + tanh u would cancel to 0), in one Python process.
 */
const PY_SCRIPT = String.raw`
import json, sys
import torch, torch.nn.functional as F
import mpmath as mp
mp.mp.dps = 40
req = json.load(sys.stdin)
def torch_fn(fn, alpha, x):
    if fn == 'linear': return x
    if fn == 'relu': return F.relu(x)
    if fn == 'sigmoid': return torch.sigmoid(x)
    if fn == 'tanh': return torch.tanh(x)
    if fn == 'softmax': return F.softmax(x, dim=-1)
    if fn == 'leakyRelu': return F.leaky_relu(x, 0.2 if alpha is None else alpha)
    if fn == 'relu6': return F.relu6(x)
    if fn == 'elu': return F.elu(x, 1.0 if alpha is None else alpha)
    if fn == 'gelu': return F.gelu(x)
    if fn == 'geluTanh': return F.gelu(x, approximate='tanh')
    if fn == 'silu': return F.silu(x)
    if fn == 'hardSigmoid': return F.hardsigmoid(x)
    if fn == 'hardSwish': return F.hardswish(x)
    if fn == 'softplus': return F.softplus(x, threshold=1000)
def relu6(v): return min(max(v, mp.mpf(0)), mp.mpf(6))
def exact(fn, alpha, v):
    v = mp.mpf(v)
    if fn == 'linear': return v
    if fn == 'relu': return max(v, mp.mpf(0))
    if fn == 'sigmoid': return 1 / (1 + mp.exp(-v))
    if fn == 'tanh': return mp.tanh(v)
    if fn == 'leakyRelu': return v if v >= 0 else mp.mpf(0.2 if alpha is None else alpha) * v
    if fn == 'relu6': return relu6(v)
    if fn == 'elu': return v if v > 0 else mp.mpf(1 if alpha is None else alpha) * mp.expm1(v)
    if fn == 'gelu': return v / 2 * mp.erfc(-v / mp.sqrt(2))
    if fn == 'geluTanh':
        u = mp.sqrt(2 / mp.pi) * (v + mp.mpf('0.044715') * v ** 3)
        return v / (1 + mp.exp(-2 * u))
    if fn == 'silu': return v / (1 + mp.exp(-v))
    if fn == 'hardSigmoid': return relu6(v + 3) / 6
    if fn == 'hardSwish': return v * relu6(v + 3) / 6
    if fn == 'softplus': return mp.log1p(mp.exp(v))
out = []
for case in req:
    fn, alpha, xs, row = case['fn'], case['alpha'], case['x'], case['row']
    t = torch.tensor(xs, dtype=torch.float64).reshape(-1, row)
    ref_torch = torch_fn(fn, alpha, t).reshape(-1).tolist()
    if fn == 'softmax':
        ref_exact = []
        for r in range(0, len(xs), row):
            e = [mp.exp(mp.mpf(v)) for v in xs[r:r + row]]
            s = mp.fsum(e)
            ref_exact += [float(v / s) for v in e]
    else:
        ref_exact = [float(exact(fn, alpha, v)) for v in xs]
    out.append({'torch': ref_torch, 'exact': ref_exact})
print(json.dumps(out))
`;

/** Distance to the next float32 away from zero: the unit in the last place of a float32 value. */
function ulp32(v: number): number {
  const a = Math.abs(Math.fround(v));
  if (a < 2 ** -126) return 2 ** -149;
  return 2 ** (Math.floor(Math.log2(a)) - 23);
}

describe('createActivation matches PyTorch (float64) and the exact definitions', () => {
  // Values where functions change branch or saturate, tails that underflow slowly, and random ones.
  const SPECIAL = [
    0, 1e-7, 1e-3, 0.5, 1, 2.5, 2.999, 3, 3.001, 5.999, 6, 6.001, 8, 10, 12.5, 15, 20, 30, 50, 88, 100, 1e4, 1e30,
  ].flatMap((v) => [v, -v]);
  const rand = makeRandom(77);
  const xs = Float32Array.from([
    ...SPECIAL, ...randomArray(rand, 400, -12, 12), ...Array.from({ length: 100 }, () => (rand() < 0.5 ? -1 : 1) * 10 ** (8 * rand() - 6)),
  ].slice(0, 7 * 80)); // a whole number of softmax rows of 7
  const cases = VARIANTS.map(([fn, alpha]) => ({ fn, alpha: alpha ?? null, row: fn === 'softmax' ? 7 : xs.length }));
  let refs: { torch: number[]; exact: number[] }[] = [];
  beforeAll(() => {
    const softmaxInput = Array.from(xs, (v) => Math.max(-80, Math.min(80, v))); // keep torch's softmax rows finite
    refs = runPythonJson(PY_SCRIPT, cases.map((c) => ({ ...c, x: c.fn === 'softmax' ? softmaxInput : Array.from(xs) })));
  }, 120_000);

  it.each(cases.map((c, i) => [c.fn, c.alpha, i] as const))('%s alpha=%s', (fn, alpha, i) => {
    const input = fn === 'softmax' ? Float32Array.from(xs, (v) => Math.max(-80, Math.min(80, v))) : xs;
    const got = runOp(createActivation(fn, input.length, cases[i].row, alpha ?? undefined), [input], 1, input.length);
    const { torch, exact } = refs[i];
    for (let k = 0; k < input.length; k++) {
      const where = `${fn}(${input[k]})`;
      // Within one float32 ulp of the exact value (rounding the exact value could go either way).
      const e32 = Math.fround(exact[k]);
      expect(Math.abs(got[k] - e32) <= ulp32(e32), `${where} = ${got[k]}, exact ${exact[k]}`).toBe(true);
      // PyTorch float64 within 1e-6 relative, plus 1e-15 |x|: its 1 + erf and 1 + tanh cancel in
      // gelu's left tail (gelu(-8) is off by 9e-17 there), which the exact check above covers.
      const tol = 1e-6 * Math.abs(torch[k]) + 1e-15 * Math.max(1, Math.abs(input[k]));
      expect(Math.abs(got[k] - torch[k]) <= tol, `${where} = ${got[k]}, torch ${torch[k]}`).toBe(true);
    }
  });
});
