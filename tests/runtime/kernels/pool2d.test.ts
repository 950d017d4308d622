import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs-core';
import { createAvgPool2D, createMaxPool2D } from '../../../src/core/runtime/kernels';
import { WIDE_CHANNELS } from '../../../src/core/runtime/kernels/maxPool2d';
import type { ConvGeometry } from '../../../src/core/shape/types';
import type { PreparedOp } from '../../../src/core/runtime/op';
import { ENGINES, expectClose, makeGeometry, makeRandom, memoryFor, randomArray, runOpOn, toTfPadding, useCpuOracle, type Engine, type TestPadding } from './helpers';

let tf: typeof TF;
beforeAll(async () => { tf = await useCpuOracle(); });

interface Case { h: number; w: number; c: number; kh: number; kw: number; s: [number, number]; p: TestPadding; n?: number }

const CASES: Case[] = [
  { h: 4, w: 4, c: 1, kh: 2, kw: 2, s: [2, 2], p: 'valid' },
  { h: 5, w: 5, c: 3, kh: 2, kw: 2, s: [2, 2], p: 'same' }, // odd size, even window: pad bottom/right only
  { h: 7, w: 6, c: 5, kh: 3, kw: 3, s: [2, 2], p: 'same' },
  { h: 7, w: 7, c: 7, kh: 3, kw: 3, s: [1, 1], p: 'same' },
  { h: 9, w: 10, c: 13, kh: 3, kw: 3, s: [3, 3], p: 'same', n: 2 },
  { h: 9, w: 10, c: 2, kh: 3, kw: 2, s: [3, 2], p: 'valid' },
  { h: 8, w: 5, c: 3, kh: 2, kw: 3, s: [1, 2], p: 'same', n: 5 },
  { h: 6, w: 6, c: 4, kh: 6, kw: 6, s: [1, 1], p: 'valid' }, // window as large as the input
  { h: 6, w: 6, c: 4, kh: 4, kw: 4, s: [1, 1], p: 'same' }, // even window, stride 1: 1 top, 2 bottom
  { h: 6, w: 7, c: 3, kh: 3, kw: 3, s: [2, 2], p: 1 },
  { h: 6, w: 7, c: 3, kh: 3, kw: 3, s: [1, 2], p: [[0, 2], [2, 1]] },
  { h: 1, w: 1, c: 13, kh: 1, kw: 1, s: [1, 1], p: 'same', n: 5 },
  { h: 11, w: 11, c: 1, kh: 5, kw: 5, s: [3, 3], p: 'same' },
  // Enough channels for the whole-pixel loops.
  { h: 7, w: 6, c: WIDE_CHANNELS, kh: 3, kw: 3, s: [2, 2], p: 'same', n: 2 },
  { h: 9, w: 9, c: WIDE_CHANNELS + 3, kh: 2, kw: 3, s: [2, 1], p: [[1, 0], [2, 1]], n: 5 },
  { h: 6, w: 6, c: 2 * WIDE_CHANNELS, kh: 4, kw: 4, s: [1, 1], p: 'same' },
];

function describeCase(k: Case): string {
  return `x=[${k.n ?? 1},${k.h},${k.w},${k.c}] pool=[${k.kh},${k.kw}] s=${k.s} p=${JSON.stringify(k.p)}`;
}

/** The definition, looping over the window and skipping padded cells: an independent check of the divide-by-real-count rule. */
function referencePool(g: ConvGeometry, n: number, x: Float32Array, kind: 'max' | 'avg'): Float32Array {
  const out = new Float32Array(n * g.outH * g.outW * g.inC);
  for (let s = 0; s < n; s++) for (let oy = 0; oy < g.outH; oy++) for (let ox = 0; ox < g.outW; ox++) for (let c = 0; c < g.inC; c++) {
    let acc = kind === 'max' ? -Infinity : 0;
    let count = 0;
    for (let ky = 0; ky < g.kH; ky++) for (let kx = 0; kx < g.kW; kx++) {
      const iy = oy * g.strideH - g.padTop + ky;
      const ix = ox * g.strideW - g.padLeft + kx;
      if (iy < 0 || iy >= g.inH || ix < 0 || ix >= g.inW) continue;
      const v = x[((s * g.inH + iy) * g.inW + ix) * g.inC + c];
      acc = kind === 'max' ? Math.max(acc, v) : acc + v;
      count++;
    }
    out[((s * g.outH + oy) * g.outW + ox) * g.inC + c] = kind === 'max' ? acc : acc / count;
  }
  return out;
}

/** The op of `kind` for `engine`, and how to run it (the SIMD one with its tensors in the SIMD memory). */
function poolOp(kind: 'max' | 'avg', engine: Engine, g: ConvGeometry): { op: PreparedOp; run: (x: Float32Array, n: number, size: number) => Float32Array } {
  const simd = memoryFor(engine);
  const op = kind === 'max' ? createMaxPool2D(g, simd) : createAvgPool2D(g, simd);
  return { op, run: (x, n, size) => runOpOn(simd, 'pool', op, [x], n, size) };
}

describe.each(ENGINES.flatMap((e) => [['max', e], ['avg', e]] as const))('%sPool2D (%s)', (kind, engine) => {
  it.each(CASES.map((k, i) => [describeCase(k), k, i] as const))('%s matches tfjs and the brute-force definition', (_name, k, i) => {
    const rand = makeRandom(300 + i);
    const n = k.n ?? 1;
    const g = makeGeometry(k.h, k.w, k.c, k.kh, k.kw, k.c, k.s, k.p);
    // All-negative inputs: a padded zero winning the max would show.
    const x = randomArray(rand, n * k.h * k.w * k.c, kind === 'max' ? -2 : -1, kind === 'max' ? -0.5 : 1);
    const got = poolOp(kind, engine, g).run(x, n, n * g.outH * g.outW * g.inC);
    const expected = tf.tidy(() => {
      const xt = tf.tensor4d(x, [n, k.h, k.w, k.c]);
      const y = kind === 'max' ? tf.maxPool(xt, [k.kh, k.kw], k.s, toTfPadding(k.p)) : tf.avgPool(xt, [k.kh, k.kw], k.s, toTfPadding(k.p));
      expect(y.shape).toEqual([n, g.outH, g.outW, g.inC]);
      return y.dataSync() as Float32Array;
    });
    expectClose(got, expected);
    expectClose(got, referencePool(g, n, x, kind));
  });
});

describe('AvgPool2D same', () => {
  it('divides a corner window by its 4 real cells, not by 9 (TensorFlow semantics)', () => {
    const g = makeGeometry(3, 3, 1, 3, 3, 1, [1, 1], 'same');
    const x = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const got = poolOp('avg', 'scalar', g).run(x, 1, 9);
    expect(poolOp('avg', 'simd', g).run(x, 1, 9)).toEqual(got);
    expect(got[0]).toBeCloseTo((1 + 2 + 4 + 5) / 4, 6);
    expect(got[4]).toBeCloseTo(45 / 9, 6);
  });
});

describe('windows that cover only padding', () => {
  it.each(ENGINES.flatMap((e) => [['max', e], ['avg', e]] as const))('%s (%s) outputs 0 there instead of -Infinity or NaN', (kind, engine) => {
    const g = makeGeometry(2, 2, 1, 2, 2, 1, [2, 2], [[2, 0], [0, 0]]);
    expect([g.outH, g.outW]).toEqual([2, 1]);
    const x = Float32Array.from([-1, -2, -3, -4]);
    const got = poolOp(kind, engine, g).run(x, 1, 2);
    expect(got[0]).toBe(0);
    expect(got[1]).toBe(kind === 'max' ? -1 : -2.5);
  });
});

describe('NaN in a window', () => {
  // 1 channel takes the per-channel loop, WIDE_CHANNELS the whole-pixel one.
  const wide = WIDE_CHANNELS;
  // 1 and 6 channels also take the SIMD kernel's one-channel tail.
  it.each(ENGINES.flatMap((e) => [[0, 1, e], [1, 1, e], [2, 1, e], [3, 1, e], [1, 6, e], [0, wide, e], [2, wide, e], [3, wide, e]] as const))('max pooling returns NaN when the NaN sits at window position %i (%i channels, %s)', (at, c, engine) => {
    const g = makeGeometry(2, 2, c, 2, 2, c, [2, 2], 'valid');
    const x = new Float32Array(4 * c);
    for (let i = 0; i < x.length; i++) x[i] = [5, -1, 7, 3][i % 4] + i;
    x[at * c + c - 1] = NaN;
    const got = poolOp('max', engine, g).run(x, 1, c);
    expect(got[c - 1]).toBeNaN();
    for (let ch = 0; ch < c - 1; ch++) expect(got[ch]).not.toBeNaN();
  });
});

describe('dilated windows', () => {
  it.each([
    { h: 9, w: 8, c: 3, k: 3, s: 1, d: 2, p: 'valid' as const },
    { h: 9, w: 8, c: 2, k: 3, s: 2, d: 2, p: 'same' as const },
    { h: 10, w: 9, c: WIDE_CHANNELS + 1, k: 2, s: 1, d: 3, p: 'same' as const },
  ])('x=[2,$h,$w,$c] pool=$k s=$s d=$d p=$p matches the definition', ({ h, w, c, k, s, d, p }) => {
    const g = makeGeometry(h, w, c, k, k, c, [s, s], p, [d, d]);
    const x = randomArray(makeRandom(h * w + d), 2 * h * w * c);
    for (const kind of ['max', 'avg'] as const) {
      for (const engine of ENGINES) {
        const size = 2 * g.outH * g.outW * c;
        expectClose(poolOp(kind, engine, g).run(x, 2, size), referenceDilatedPool(g, 2, x, kind));
      }
    }
  });
});

/** referencePool with the dilation in the tap position. */
function referenceDilatedPool(g: ConvGeometry, n: number, x: Float32Array, kind: 'max' | 'avg'): Float32Array {
  const out = new Float32Array(n * g.outH * g.outW * g.inC);
  for (let s = 0; s < n; s++) for (let oy = 0; oy < g.outH; oy++) for (let ox = 0; ox < g.outW; ox++) for (let c = 0; c < g.inC; c++) {
    let acc = kind === 'max' ? -Infinity : 0;
    let count = 0;
    for (let ky = 0; ky < g.kH; ky++) for (let kx = 0; kx < g.kW; kx++) {
      const iy = oy * g.strideH - g.padTop + ky * g.dilationH;
      const ix = ox * g.strideW - g.padLeft + kx * g.dilationW;
      if (iy < 0 || iy >= g.inH || ix < 0 || ix >= g.inW) continue;
      const v = x[((s * g.inH + iy) * g.inW + ix) * g.inC + c];
      acc = kind === 'max' ? Math.max(acc, v) : acc + v;
      count++;
    }
    out[((s * g.outH + oy) * g.outW + ox) * g.inC + c] = count === 0 ? 0 : kind === 'max' ? acc : acc / count;
  }
  return out;
}
