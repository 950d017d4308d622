import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { expect, vi } from 'vitest';
import type { ConvGeometry } from '../../../src/core/shape/types';
import type { PreparedOp } from '../../../src/core/runtime/op';
import { resolveConvGeometry } from '../../../src/core/shape/convArithmetic';
import { createSimdGemm, type SimdGemm } from '../../../src/core/runtime/kernels/simdGemm';

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
 * Geometry from the shape engine's resolver (TensorFlow's padding rules). The tests also check
 * the resolved output size against the shape tfjs computes for the same op.
 */
export function makeGeometry(
  inH: number, inW: number, inC: number,
  kH: number, kW: number, outC: number,
  strides: [number, number] = [1, 1], padding: TestPadding = 'valid', dilation: [number, number] = [1, 1],
): ConvGeometry {
  return resolveConvGeometry(inH, inW, inC, { kernelSize: [kH, kW], strides, padding, dilation }, outC);
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

/** Which paths a kernel test runs: the TypeScript loops, or the SIMD kernels on tensors in the SIMD memory. */
export const ENGINES = ['scalar', 'simd'] as const;
export type Engine = (typeof ENGINES)[number];

/** A fresh SIMD memory for `engine` 'simd', null for 'scalar' (what the op factories take). */
export function memoryFor(engine: Engine): SimdGemm | null {
  if (engine === 'scalar') return null;
  const simd = createSimdGemm();
  expect(simd, 'this engine runs WebAssembly SIMD').not.toBeNull();
  return simd;
}

/**
 * runOp for either engine. With a SIMD memory, the inputs and the output (with their NaN tails)
 * are laid out in its arena region, as the executor does, and `kernel` (the memory's method the
 * op must call) is watched: a test of the SIMD path that silently ran the TypeScript one fails.
 */
export function runOpOn(simd: SimdGemm | null, kernel: keyof SimdGemm, op: PreparedOp, inputs: readonly Float32Array[], batch: number, outSize: number): Float32Array {
  if (!simd) return runOp(op, inputs, batch, outSize);
  const sizes = [...inputs.map((x) => x.length), outSize].map((n) => Math.ceil((n + TAIL) / 4) * 4);
  const at = simd.reserveArena(sizes.reduce((a, b) => a + b, 0));
  expect(at).toBeGreaterThanOrEqual(0);
  const views: Float32Array[] = [];
  let offset = at;
  for (const n of sizes) {
    views.push(simd.f32.subarray(offset, offset + n).fill(NaN));
    offset += n;
  }
  inputs.forEach((x, i) => views[i].set(x));
  const out = views[views.length - 1];
  const spy = vi.spyOn(simd as unknown as Record<string, (...args: unknown[]) => unknown>, kernel);
  op.run(views.slice(0, -1), batch, out);
  const first = out.slice(0, outSize);
  out.fill(-12345, 0, outSize);
  op.run(views.slice(0, -1), batch, out);
  expect(spy, `${op.name} did not run the SIMD ${kernel}`).toHaveBeenCalled();
  spy.mockRestore();
  const second = out.slice(0, outSize);
  expect(Array.from(out.subarray(outSize)).every(Number.isNaN), `${op.name} wrote past its output`).toBe(true);
  expect(second, `${op.name} gave different results on a second run`).toEqual(first);
  for (let i = 0; i < inputs.length; i++) expect(views[i].subarray(inputs[i].length).every(Number.isNaN), `${op.name} wrote into input ${i}`).toBe(true);
  return second;
}
