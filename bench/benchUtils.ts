/**
 * What the benchmarks share: the implementations compared, the row they report, seeded inputs,
 * the median, and switching TensorFlow.js between its cpu backend and its single-threaded wasm
 * backend (prod mode on: no per-op debug checks).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/**
 * The implementations compared. `ours` takes relaxed SIMD where the engine has it (npm run bench
 * passes Node the flag), `ours-plain` the plain SIMD GEMM; `ours-scalar` is our runtime with the
 * WebAssembly SIMD kernels switched off (plain TypeScript); `ort-*` are onnxruntime-web's wasm execution provider and
 * onnxruntime-node's native CPU one (the ceiling: native code with AVX2/FMA), `-2t` with 2 threads.
 */
export const IMPLS = ['ours', 'ours-plain', 'ours-scalar', 'tfjs-cpu', 'tfjs-wasm', 'ort-web', 'ort-node', 'ort-node-2t'] as const;
export type Impl = (typeof IMPLS)[number];

/** One measured implementation of one case. */
export interface BenchRow {
  name: string;
  impl: Impl;
  medianMs: number;
  imagesPerSec?: number;
  gflops?: number;
}

/** `n` values in [-0.5, 0.5) from a linear congruential generator: the same data on every run. */
export function fillRandom(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let a = seed >>> 0;
  for (let i = 0; i < n; i++) {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    out[i] = a / 4294967296 - 0.5;
  }
  return out;
}

/** The median of `xs` (the mean of the middle two for an even count). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

let wasmReady = false;

/**
 * Makes tfjs's cpu or wasm backend the active one. The wasm backend runs single-threaded: in
 * Node, tfjs-backend-wasm has no threaded build (its threads need a browser's workers), so one
 * XNNPACK thread it is.
 */
export async function useBackend(impl: 'tfjs-cpu' | 'tfjs-wasm'): Promise<void> {
  if (impl === 'tfjs-wasm' && !wasmReady) {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    setThreadsCount(1);
    const entry = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
    setWasmPaths(path.dirname(entry) + path.sep);
    wasmReady = true;
  }
  tf.enableProdMode();
  const ok = await tf.setBackend(impl === 'tfjs-cpu' ? 'cpu' : 'wasm');
  if (!ok) throw new Error(`tfjs backend ${impl} failed to initialise`);
  await tf.ready();
}

/**
 * The largest difference between two outputs, relative to the largest magnitude of `ref` (at
 * least 1): what "the outputs agree" is measured by before any timing.
 */
export function relativeDifference(ref: Float32Array, other: Float32Array): number {
  if (ref.length !== other.length) return Infinity;
  let scale = 1;
  for (const v of ref) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  for (let i = 0; i < ref.length; i++) {
    const d = Math.abs(ref[i] - other[i]);
    if (!(d <= worst)) worst = d; // NaN counts as the worst
  }
  return worst / scale;
}
