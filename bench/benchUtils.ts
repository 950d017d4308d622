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

export { fillRandom, median, relativeDifference } from './benchMath';

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

