/**
 * The browser bench page: each case compiled once (seeded weights, epilogues fused as a converter
 * would), then run by our runtime in a Web Worker, by TensorFlow.js's wasm backend with its fused
 * ops in prod mode, and by onnxruntime-web's wasm execution provider, on the same weights and
 * input. Outputs are compared with ours before any timing; rounds are interleaved so noise hits
 * everyone alike. `?threads=N` sets onnxruntime-web's thread count (fixed per page load).
 */
import { wrap } from 'comlink';
import * as tf from '@tensorflow/tfjs-core';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as ort from 'onnxruntime-web';
import { compileGraph } from '../../src/core/compile/compileGraph';
import { fuseEpilogues } from '../../src/core/compile/fuseEpilogues';
import { supportsRelaxedSimd } from '../../src/core/runtime/kernels/simdGemm';
import { fillRandom, median, relativeDifference } from '../benchMath';
import { encodeOnnxModel, toNchw, toNhwc } from '../onnxModel';
import { buildTfjsForward } from '../tfjsForward';
import { BROWSER_CASES } from './cases';
import type { BenchCase } from '../peers';
import type { OursWorker } from './oursWorker';

/** Largest relative difference from our output a peer may show (float32 sums in another order). */
const AGREEMENT = 1e-3;

export interface BrowserRow { name: string; impl: string; medianMs: number; gflops: number; imagesPerSec: number; diff: number }

interface Runner { impl: string; run(): Promise<number>; output(): Promise<Float32Array>; dispose(): Promise<void> }

const threads = Number(new URLSearchParams(location.search).get('threads') ?? '1');
/**
 * tfjs-wasm's threaded build does not start from a bundled page: the worker it spawns runs code
 * that refers to its unbundled script ("e is not defined"), so tfjs runs only on one thread here.
 */
const withTfjs = threads === 1;

async function startTfjs(): Promise<void> {
  setWasmPaths(`${location.origin}/tfjs/`);
  if (threads === 1) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setThreadsCount(threads);
  tf.enableProdMode();
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs-wasm did not start');
  await tf.ready();
}

function startOrt(): void {
  ort.env.wasm.wasmPaths = `${location.origin}/ort/`;
  ort.env.wasm.numThreads = threads;
}

// The Node bench's case type (a type-only import: nothing of ../peers reaches the page).
type Case = BenchCase;

async function oursRunner(c: Case): Promise<Runner> {
  const worker = new Worker(new URL('./oursWorker.ts', import.meta.url), { type: 'module' });
  const remote = wrap<OursWorker>(worker);
  await remote.prepare(c.plan, c.weights, c.x, c.batch);
  return {
    impl: 'ours (worker, 1 thread)',
    run: () => remote.run(),
    output: () => remote.output(),
    async dispose() { await remote.dispose(); worker.terminate(); },
  };
}

function tfjsRunner(c: Case): Runner {
  const forward = buildTfjsForward(c.doc, c.plan, c.weights, c.batch, c.x);
  let last: Float32Array | null = null;
  return {
    impl: `tfjs-wasm fused (${threads} thread${threads > 1 ? 's' : ''})`,
    async run() {
      const started = performance.now();
      last = forward.run();
      return performance.now() - started;
    },
    output: async () => last!,
    async dispose() { forward.dispose(); },
  };
}

async function ortRunner(c: Case): Promise<Runner> {
  const model = encodeOnnxModel(c.doc, c.plan, c.weights, c.batch);
  const session = await ort.InferenceSession.create(model.bytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  const shape = c.plan.inputs[0].shape;
  const feed = shape.length === 3
    ? new ort.Tensor('float32', toNchw(c.x, c.batch, shape), [c.batch, shape[2], shape[0], shape[1]])
    : new ort.Tensor('float32', c.x, [c.batch, ...shape]);
  const outShape = c.plan.outputs[0].shape;
  let last: Float32Array | null = null;
  return {
    impl: `onnxruntime-web wasm (${threads} thread${threads > 1 ? 's' : ''})`,
    async run() {
      const started = performance.now();
      const r = await session.run({ [model.inputName]: feed });
      last = r[model.outputName].data as Float32Array;
      return performance.now() - started;
    },
    output: async () => (model.output4d ? toNhwc(last!, c.batch, outShape) : last!),
    async dispose() { await session.release(); },
  };
}

async function runCase(name: string, quick: boolean): Promise<BrowserRow[]> {
  const spec = BROWSER_CASES.find((c) => c.name === name);
  if (!spec) throw new Error(`no case ${name}`);
  const doc = spec.doc();
  const compiled = compileGraph(doc, { seed: 1 });
  if (!compiled.ok) throw new Error(`${name}: ${compiled.message}`);
  const { plan, weights } = fuseEpilogues(compiled.plan, compiled.weights);
  const x = fillRandom(spec.batch * plan.inputs[0].shape.reduce((a, b) => a * b, 1), 7);
  const c: Case = { doc, plan, weights, batch: spec.batch, x };
  const runners = [await oursRunner(c), ...(withTfjs ? [tfjsRunner(c)] : []), await ortRunner(c)];
  const diffs: number[] = [];
  let reference: Float32Array | null = null;
  for (const r of runners) {
    await r.run();
    const out = await r.output();
    reference ??= out.slice();
    const diff = relativeDifference(reference, out);
    if (!(diff <= AGREEMENT)) throw new Error(`${name}: ${r.impl} differs from ours by ${diff.toExponential(2)} (relative)`);
    diffs.push(diff);
  }
  const rounds = quick ? spec.quickRounds : spec.rounds;
  const times = runners.map(() => [] as number[]);
  for (let round = 0; round < spec.warmup + rounds; round++) {
    for (let i = 0; i < runners.length; i++) {
      const ms = await runners[i].run();
      if (round >= spec.warmup) times[i].push(ms);
    }
  }
  for (const r of runners) await r.dispose();
  const flops = 2 * plan.totalMacs * spec.batch;
  return runners.map((r, i) => {
    const medianMs = median(times[i]);
    return { name, impl: r.impl, medianMs, gflops: flops / (medianMs * 1e6), imagesPerSec: (1000 * spec.batch) / medianMs, diff: diffs[i] };
  });
}

declare global {
  interface Window { bench?: { cases: string[]; run: typeof runCase; crossOriginIsolated: boolean; relaxedSimd: boolean } }
}

async function start(): Promise<void> {
  if (withTfjs) await startTfjs();
  startOrt();
  window.bench = { cases: BROWSER_CASES.map((c) => c.name), run: runCase, crossOriginIsolated, relaxedSimd: supportsRelaxedSimd() };
  document.getElementById('status')!.textContent = 'ready';
}

start().catch((e: unknown) => { document.getElementById('status')!.textContent = `failed: ${e instanceof Error ? e.message : String(e)}`; });
