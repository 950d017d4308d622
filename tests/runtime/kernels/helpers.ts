import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { expect } from 'vitest';
import type { ConvGeometry } from '../../../src/core/shape/types';
import type { PreparedOp } from '../../../src/core/runtime/op';

/** Puts tfjs on its plain-JS CPU backend, the oracle for every kernel test. */
export async function useCpuOracle(): Promise<typeof tf> {
  tf.env().set('IS_TEST', true);
  await tf.setBackend('cpu');
  await tf.ready();
  return tf;
}

/** mulberry32: a small seeded PRNG so every case is reproducible. */
export function makeRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` uniform values in [lo, hi). */
export function randomArray(rand: () => number, n: number, lo = -1, hi = 1): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * rand();
  return out;
}

export type TestPadding = 'valid' | 'same' | number | [[number, number], [number, number]];

/**
 * Geometry by TensorFlow's padding rules (tfjs conv_util): 'same' gives ceil(in/s) with the odd
 * extra pad at the bottom/right, 'valid' floor((in - effK)/s) + 1, a number or explicit pairs
 * floor((in + before + after - effK)/s) + 1. Written here independently of the shape engine.
 */
export function makeGeometry(
  inH: number, inW: number, inC: number,
  kH: number, kW: number, outC: number,
  strides: [number, number] = [1, 1], padding: TestPadding = 'valid', dilation: [number, number] = [1, 1],
): ConvGeometry {
  const [strideH, strideW] = strides;
  const [dilationH, dilationW] = dilation;
  const effKH = dilationH * (kH - 1) + 1;
  const effKW = dilationW * (kW - 1) + 1;
  let padTop = 0, padBottom = 0, padLeft = 0, padRight = 0, outH: number, outW: number;
  if (padding === 'same') {
    outH = Math.ceil(inH / strideH);
    outW = Math.ceil(inW / strideW);
    const totalH = Math.max((outH - 1) * strideH + effKH - inH, 0);
    const totalW = Math.max((outW - 1) * strideW + effKW - inW, 0);
    padTop = Math.floor(totalH / 2); padBottom = totalH - padTop;
    padLeft = Math.floor(totalW / 2); padRight = totalW - padLeft;
  } else {
    if (typeof padding === 'number') { padTop = padBottom = padLeft = padRight = padding; }
    else if (padding !== 'valid') { [[padTop, padBottom], [padLeft, padRight]] = padding; }
    outH = Math.floor((inH + padTop + padBottom - effKH) / strideH) + 1;
    outW = Math.floor((inW + padLeft + padRight - effKW) / strideW) + 1;
  }
  return { inH, inW, inC, kH, kW, effKH, effKW, strideH, strideW, dilationH, dilationW, padTop, padBottom, padLeft, padRight, outH, outW, outC };
}

/** The padding argument tfjs expects for a TestPadding. */
export function toTfPadding(p: TestPadding): 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]] {
  if (typeof p === 'string' || typeof p === 'number') return p;
  return [[0, 0], p[0], p[1], [0, 0]];
}

const TAIL = 37;

/**
 * Runs `op` the way the executor does, but on oversize buffers whose tails are NaN: a kernel that
 * reads past batch*perSample then shows NaN in its output; one that writes past it is caught too.
 * Runs twice into the same output and requires bit-identical results (no hidden state).
 */
export function runOp(op: PreparedOp, inputs: readonly Float32Array[], batch: number, outSize: number): Float32Array {
  const padded = inputs.map((x) => {
    const buf = new Float32Array(x.length + TAIL).fill(NaN);
    buf.set(x);
    return buf;
  });
  const out = new Float32Array(outSize + TAIL).fill(NaN);
  op.run(padded, batch, out);
  const first = out.slice(0, outSize);
  out.fill(-12345, 0, outSize);
  op.run(padded, batch, out);
  const second = out.slice(0, outSize);
  expect(Array.from(out.subarray(outSize)).every(Number.isNaN), `${op.name} wrote past its output`).toBe(true);
  expect(second, `${op.name} gave different results on a second run`).toEqual(first);
  return second;
}

/** Asserts max|got - expected| <= 1e-4 * max(1, max|expected|), and every value finite. */
export function expectClose(got: Float32Array, expected: Float32Array | ArrayLike<number>): void {
  expect(got.length).toBe(expected.length);
  let maxAbs = 0;
  for (let i = 0; i < expected.length; i++) maxAbs = Math.max(maxAbs, Math.abs(expected[i]));
  let worst = 0, at = -1;
  for (let i = 0; i < got.length; i++) {
    const d = Math.abs(got[i] - expected[i]);
    if (!(d <= worst)) { worst = d; at = i; }
  }
  const tol = 1e-4 * Math.max(1, maxAbs);
  expect(Number.isFinite(worst) && worst <= tol, `max abs error ${worst} at ${at} (got ${got[at]}, expected ${expected[at]}), tolerance ${tol}`).toBe(true);
}
