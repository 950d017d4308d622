/**
 * What the benchmarks share: the row they report, seeded inputs, the median, and switching
 * TensorFlow.js between its cpu backend and its single-threaded wasm backend.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/** The implementations compared; `ours-scalar` is our runtime with the WebAssembly SIMD GEMM switched off: plain TypeScript only. */
export type Impl = 'ours' | 'ours-scalar' | 'tfjs-cpu' | 'tfjs-wasm';

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

/** Makes `impl` the active tfjs backend; the wasm one single-threaded (no SharedArrayBuffer build, one XNNPACK thread). */
export async function useBackend(impl: Exclude<Impl, 'ours' | 'ours-scalar'>): Promise<void> {
  if (impl === 'tfjs-wasm' && !wasmReady) {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    setThreadsCount(1);
    const entry = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
    setWasmPaths(path.dirname(entry) + path.sep);
    wasmReady = true;
  }
  const ok = await tf.setBackend(impl === 'tfjs-cpu' ? 'cpu' : 'wasm');
  if (!ok) throw new Error(`tfjs backend ${impl} failed to initialise`);
  await tf.ready();
}
