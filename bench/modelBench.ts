/**
 * Whole-model speed: LeNet-5 forward passes on our runtime (compileGraph + createExecutor) against
 * the same network, with the same weights, on tfjs-backend-cpu and single-threaded
 * tfjs-backend-wasm; batch 1 and batch 64. VGG-16 at 224x224, batch 1, against tfjs-wasm only
 * (tfjs-cpu would take minutes per pass). Rounds are interleaved (ours, cpu, wasm, ours, ...)
 * after a warm-up, and we report medians, ms per batch and images/s. Plus the compile time of
 * VGG-16 (plan only, and plan + 138 M seeded weights) and our kernel preparation for it.
 * Run standalone with `npx tsx bench/modelBench.ts [--quick]`.
 */
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { buildPlan, compileGraph } from '../src/core/compile/compileGraph';
import type { ExecutionPlan, PlanWeights } from '../src/core/compile/types';
import type { ActivationFn, GraphDocument } from '../src/core/graph/types';
import { PRESETS } from '../src/core/presets';
import { createExecutor } from '../src/core/runtime/executor';
import { setSimdGemmEnabled } from '../src/core/runtime/kernels/simdGemm';
import { fillRandom, median, useBackend, type BenchRow, type Impl } from './benchUtils';

export type { BenchRow };

const IMPLS: Impl[] = ['ours', 'ours-scalar', 'tfjs-cpu', 'tfjs-wasm'];

function presetDoc(id: string): GraphDocument {
  const p = PRESETS.find((x) => x.id === id);
  if (!p) throw new Error(`no preset ${id}`);
  return p.doc;
}

function activate(x: tf.Tensor, fn: ActivationFn): tf.Tensor {
  switch (fn) {
    case 'linear': return x;
    case 'relu': return tf.relu(x);
    case 'sigmoid': return tf.sigmoid(x);
    case 'tanh': return tf.tanh(x);
    case 'softmax': return tf.softmax(x);
  }
}

/**
 * The plan's network as tfjs ops (weights uploaded once to the active backend). Covers the
 * single-input kinds the benchmarked models use; data is read back so the timing includes it.
 */
function buildTfjsForward(plan: ExecutionPlan, weights: PlanWeights, batch: number, x: Float32Array): { run(): void; dispose(): void } {
  const held: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor>(t: T): T => {
    held.push(t);
    return t;
  };
  const w = (id: string, name: string, shape: readonly number[]) => keep(tf.tensor(weights[id][name], [...shape]));
  const input = keep(tf.tensor(x, [batch, ...plan.inputs[0].shape]));
  const layers = plan.steps.map((step): ((t: tf.Tensor) => tf.Tensor) => {
    const { op, geometry: g } = step;
    const spec = (name: string) => step.weights.find((s) => s.name === name)!.shape;
    switch (op.kind) {
      case 'Input':
        return () => input;
      case 'Conv2D': {
        const k = w(step.nodeId, 'kernel', spec('kernel'));
        const b = op.useBias ? w(step.nodeId, 'bias', spec('bias')) : null;
        const pad: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], [g!.padTop, g!.padBottom], [g!.padLeft, g!.padRight], [0, 0]];
        return (t) => {
          const y = tf.conv2d(t as tf.Tensor4D, k as tf.Tensor4D, [g!.strideH, g!.strideW], pad, 'NHWC', [g!.dilationH, g!.dilationW]);
          return activate(b ? tf.add(y, b) : y, op.activation);
        };
      }
      case 'MaxPool2D':
      case 'AvgPool2D': {
        if (g!.padTop + g!.padBottom + g!.padLeft + g!.padRight > 0) throw new Error(`modelBench: padded pooling (${step.name}) not wired up`);
        const pool = op.kind === 'MaxPool2D' ? tf.maxPool : tf.avgPool;
        return (t) => pool(t as tf.Tensor4D, [g!.kH, g!.kW], [g!.strideH, g!.strideW], 'valid');
      }
      case 'GlobalAvgPool2D':
        return (t) => tf.mean(t, [1, 2]);
      case 'Flatten':
        return (t) => tf.reshape(t, [batch, -1]);
      case 'Dropout':
        return (t) => t;
      case 'Dense': {
        const k = w(step.nodeId, 'kernel', spec('kernel'));
        const b = op.useBias ? w(step.nodeId, 'bias', spec('bias')) : null;
        return (t) => {
          const y = tf.matMul(tf.reshape(t, [batch, -1]) as tf.Tensor2D, k as tf.Tensor2D);
          return activate(b ? tf.add(y, b) : y, op.activation);
        };
      }
      case 'Activation':
        return (t) => activate(t, op.fn);
      case 'BatchNorm': {
        const [m, v, beta, gamma] = ['movingMean', 'movingVariance', 'beta', 'gamma'].map((n) => w(step.nodeId, n, spec(n)));
        return (t) => tf.batchNorm(t, m, v, beta, gamma, op.epsilon);
      }
      case 'Add':
      case 'Concatenate':
        throw new Error(`modelBench: ${op.kind} (multi-input) not wired up`);
    }
  });
  return {
    run() {
      tf.tidy(() => {
        let t: tf.Tensor = input;
        for (const layer of layers) t = layer(t);
        t.dataSync();
      });
    },
    dispose: () => held.forEach((t) => t.dispose()),
  };
}

interface ModelCase { name: string; preset: string; batch: number; impls: Impl[]; rounds: number; quickRounds: number; warmup: number }

const CASES: ModelCase[] = [
  { name: 'LeNet-5 forward, batch 1', preset: 'lenet5', batch: 1, impls: IMPLS, rounds: 60, quickRounds: 15, warmup: 10 },
  { name: 'LeNet-5 forward, batch 64', preset: 'lenet5', batch: 64, impls: IMPLS, rounds: 60, quickRounds: 15, warmup: 10 },
  { name: 'VGG-16 forward 224x224, batch 1', preset: 'vgg16', batch: 1, impls: ['ours', 'tfjs-wasm'], rounds: 7, quickRounds: 3, warmup: 1 },
];

/** The forward rows of one case, plus how long createExecutor took (our kernel preparation). */
async function benchForward(c: ModelCase, quick: boolean): Promise<{ rows: BenchRow[]; prepareMs: number }> {
  const compiled = compileGraph(presetDoc(c.preset), { seed: 1 });
  if (!compiled.ok) throw new Error(compiled.message);
  const { plan, weights } = compiled;
  const x = fillRandom(c.batch * plan.inputs[0].shape.reduce((a, b) => a * b, 1), 7);
  const runners = new Map<Impl, { run(): void; dispose(): void }>();
  const prepareStarted = performance.now();
  const exec = createExecutor(plan, weights);
  const prepareMs = performance.now() - prepareStarted;
  runners.set('ours', {
    run: () => {
      const r = exec.run(x, c.batch);
      if (!r.ok) throw new Error(r.error.message);
    },
    dispose: () => {},
  });
  if (c.impls.includes('ours-scalar')) {
    // Kernels choose their GEMM when prepared: this executor runs on plain TypeScript only.
    setSimdGemmEnabled(false);
    const scalar = createExecutor(plan, weights);
    setSimdGemmEnabled(true);
    if (scalar.kernelNames.some((k) => k.includes('simd'))) throw new Error('the scalar executor still uses SIMD kernels');
    runners.set('ours-scalar', {
      run: () => {
        const r = scalar.run(x, c.batch);
        if (!r.ok) throw new Error(r.error.message);
      },
      dispose: () => {},
    });
  }
  for (const impl of c.impls) {
    if (impl === 'ours' || impl === 'ours-scalar') continue;
    await useBackend(impl);
    runners.set(impl, buildTfjsForward(plan, weights, c.batch, x));
  }
  const { warmup } = c;
  const rounds = quick ? c.quickRounds : c.rounds;
  const times = new Map<Impl, number[]>(c.impls.map((i) => [i, []]));
  for (let r = 0; r < warmup + rounds; r++) {
    for (const impl of c.impls) {
      if (impl !== 'ours' && impl !== 'ours-scalar') await useBackend(impl);
      const started = performance.now();
      runners.get(impl)!.run();
      const ms = performance.now() - started;
      if (r >= warmup) times.get(impl)!.push(ms);
    }
  }
  for (const impl of c.impls) {
    if (impl !== 'ours' && impl !== 'ours-scalar') await useBackend(impl);
    runners.get(impl)!.dispose();
  }
  const flops = 2 * plan.totalMacs * c.batch;
  const rows = c.impls.map((impl) => {
    const medianMs = median(times.get(impl)!);
    return { name: c.name, impl, medianMs, imagesPerSec: (1000 * c.batch) / medianMs, gflops: flops / (medianMs * 1e6) };
  });
  return { rows, prepareMs };
}

function benchCompile(name: string, repeats: number, compile: () => boolean): BenchRow {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    if (!compile()) throw new Error(`${name}: did not compile`);
    times.push(performance.now() - started);
  }
  return { name, impl: 'ours', medianMs: median(times) };
}

/**
 * LeNet-5 batch 1 and 64 on ours / tfjs-cpu / tfjs-wasm (1 thread), VGG-16 batch 1 on ours /
 * tfjs-wasm, then VGG-16 compile and prepare times. `quick` uses fewer rounds and does not time
 * materialising VGG-16's weights on its own (about a second each).
 */
export async function benchModels(opts: { quick?: boolean } = {}): Promise<BenchRow[]> {
  const quick = opts.quick ?? false;
  const rows: BenchRow[] = [];
  let vggPrepareMs = 0;
  for (const c of CASES) {
    const result = await benchForward(c, quick);
    rows.push(...result.rows);
    if (c.preset === 'vgg16') vggPrepareMs = result.prepareMs;
  }
  rows.push({ name: 'VGG-16 prepare kernels (createExecutor, once)', impl: 'ours', medianMs: vggPrepareMs });
  const vgg = presetDoc('vgg16');
  rows.push(benchCompile('VGG-16 compile (plan: inference, steps, arena)', quick ? 5 : 21, () => buildPlan(vgg).ok));
  if (!quick) rows.push(benchCompile('VGG-16 compile + 138 M seeded weights', 3, () => compileGraph(vgg, { seed: 1 }).ok));
  return rows;
}

function formatRows(rows: BenchRow[]): string {
  return rows
    .map((r) => {
      const extra = [r.imagesPerSec !== undefined ? `${r.imagesPerSec.toFixed(0)} images/s` : '', r.gflops !== undefined ? `${r.gflops.toFixed(2)} GFLOP/s` : '']
        .filter(Boolean)
        .join('  ');
      return `${r.name.padEnd(48)} ${r.impl.padEnd(10)} ${r.medianMs.toFixed(3).padStart(10)} ms  ${extra}`;
    })
    .join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchModels({ quick: process.argv.includes('--quick') }).then(
    (rows) => console.log(formatRows(rows)),
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
