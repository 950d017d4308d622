/**
 * Speed of whole networks and single layers on our runtime against the peers at their best (see
 * ./peers): LeNet-5 (the 1998 tanh / average-pool preset and a ReLU / max-pool variant) at batch
 * 1 and 64, three Conv2D layers (conv + bias + relu), VGG-16 at 224x224, batch 1. Every case is a
 * graph compiled once (seeded weights); every implementation runs that plan's weights on the same
 * input, and the outputs are compared with ours before any timing. Rounds are interleaved (ours,
 * peer, peer, ..., ours, ...) after a warm-up so machine noise hits every implementation alike;
 * we report medians, ms per batch, images/s and GFLOPS (2 * MACs per second).
 * Plus the compile time of VGG-16 and our kernel preparation for it.
 * Run standalone with `npx tsx bench/modelBench.ts [--quick]`.
 */
import { pathToFileURL } from 'node:url';
import { buildPlan, compileGraph } from '../src/core/compile/compileGraph';
import { fuseEpilogues } from '../src/core/compile/fuseEpilogues';
import type { GraphDocument } from '../src/core/graph/types';
import { createExecutor } from '../src/core/runtime/executor';
import { IMPLS, fillRandom, median, relativeDifference, type BenchRow, type Impl } from './benchUtils';
import { convDoc, depthwiseDoc, lenetReluDoc, presetDoc } from './benchCases';
import { createRunner, type Runner } from './peers';

export type { BenchRow };

/** Largest relative difference from our output a peer may show (float32 sums in another order). */
const AGREEMENT = 1e-3;

interface ModelCase { name: string; doc: () => GraphDocument; batch: number; impls: readonly Impl[]; rounds: number; quickRounds: number; warmup: number }

const WITHOUT_CPU = IMPLS.filter((i) => i !== 'tfjs-cpu' && i !== 'ours-scalar');
/** Whole networks: the relaxed / plain comparison belongs to the single-layer rows. */
const NETWORK = IMPLS.filter((i) => i !== 'ours-plain');

/** The cases of issue 13's table, in its order. */
export const CASES: ModelCase[] = [
  { name: 'LeNet-5 relu/max, batch 1', doc: lenetReluDoc, batch: 1, impls: NETWORK, rounds: 60, quickRounds: 15, warmup: 10 },
  { name: 'LeNet-5 relu/max, batch 64', doc: lenetReluDoc, batch: 64, impls: NETWORK, rounds: 40, quickRounds: 10, warmup: 5 },
  { name: 'LeNet-5 1998 tanh/avg, batch 1', doc: () => presetDoc('lenet5'), batch: 1, impls: NETWORK, rounds: 60, quickRounds: 15, warmup: 10 },
  { name: 'LeNet-5 1998 tanh/avg, batch 64', doc: () => presetDoc('lenet5'), batch: 64, impls: NETWORK, rounds: 40, quickRounds: 10, warmup: 5 },
  { name: 'conv 56x56x64->64 3x3 same', doc: () => convDoc(56, 56, 64, 3, 1, 64), batch: 1, impls: IMPLS, rounds: 11, quickRounds: 3, warmup: 2 },
  { name: 'conv 224x224x3->64 7x7 s2 same', doc: () => convDoc(224, 224, 3, 7, 2, 64), batch: 1, impls: IMPLS, rounds: 11, quickRounds: 3, warmup: 2 },
  { name: 'conv 112x112x32->64 3x3 same', doc: () => convDoc(112, 112, 32, 3, 1, 64), batch: 1, impls: IMPLS, rounds: 11, quickRounds: 3, warmup: 2 },
  { name: 'DepthwiseConv2D 112x112x32 3x3 same', doc: () => depthwiseDoc(112, 112, 32, 3, 1), batch: 1, impls: IMPLS, rounds: 15, quickRounds: 5, warmup: 2 },
  { name: 'VGG-16 224x224, batch 1', doc: () => presetDoc('vgg16'), batch: 1, impls: WITHOUT_CPU.filter((i) => i !== 'ours-plain'), rounds: 5, quickRounds: 2, warmup: 1 },
  { name: 'MobileNetV2 224x224, batch 1', doc: () => presetDoc('mobilenetv2'), batch: 1, impls: WITHOUT_CPU.filter((i) => i !== 'ours-plain'), rounds: 9, quickRounds: 3, warmup: 1 },
];

/** The rows of one case, plus how long our createExecutor took (kernel preparation). */
async function benchCase(c: ModelCase, quick: boolean): Promise<BenchRow[]> {
  const doc = c.doc();
  const compiled = compileGraph(doc, { seed: 1 });
  if (!compiled.ok) throw new Error(`${c.name}: ${compiled.message}`);
  // Every implementation runs the plan with BatchNorm and activations folded into the layer before
  // them, as a converter (tfjs) or graph optimiser (onnxruntime) would do for inference.
  const { plan, weights } = fuseEpilogues(compiled.plan, compiled.weights);
  const x = fillRandom(c.batch * plan.inputs[0].shape.reduce((a, b) => a * b, 1), 7);
  const bench = { doc, plan, weights, batch: c.batch, x };
  const runners = new Map<Impl, Runner>();
  for (const impl of c.impls) runners.set(impl, await createRunner(impl, bench));
  // Outputs first: a peer that computes something else would make its time meaningless.
  const outputs = new Map<Impl, Float32Array>();
  for (const [impl, runner] of runners) {
    await runner.before();
    await runner.run();
    outputs.set(impl, runner.output().slice());
  }
  const reference = outputs.get('ours')!;
  for (const [impl, out] of outputs) {
    const diff = relativeDifference(reference, out);
    if (!(diff <= AGREEMENT)) throw new Error(`${c.name}: ${impl} differs from ours by ${diff.toExponential(2)} (relative), more than ${AGREEMENT}`);
  }
  const rounds = quick ? c.quickRounds : c.rounds;
  const times = new Map<Impl, number[]>(c.impls.map((i) => [i, []]));
  for (let r = 0; r < c.warmup + rounds; r++) {
    for (const [impl, runner] of runners) {
      await runner.before();
      const started = performance.now();
      await runner.run();
      const ms = performance.now() - started;
      if (r >= c.warmup) times.get(impl)!.push(ms);
    }
  }
  for (const [, runner] of runners) {
    await runner.before();
    runner.dispose();
  }
  const flops = 2 * plan.totalMacs * c.batch;
  return c.impls.map((impl) => {
    const medianMs = median(times.get(impl)!);
    return { name: c.name, impl, medianMs, imagesPerSec: (1000 * c.batch) / medianMs, gflops: flops / (medianMs * 1e6) };
  });
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
 * Every case of CASES (those whose name contains `only`, when given), then VGG-16 compile and
 * prepare times. `quick` uses fewer rounds and skips materialising VGG-16's weights on its own.
 */
export async function benchModels(opts: { quick?: boolean; only?: string } = {}): Promise<BenchRow[]> {
  const quick = opts.quick ?? false;
  const rows: BenchRow[] = [];
  for (const c of CASES) {
    if (opts.only && !c.name.includes(opts.only)) continue;
    rows.push(...(await benchCase(c, quick)));
  }
  if (opts.only) return rows;
  const vgg = presetDoc('vgg16');
  const compiled = compileGraph(vgg, { seed: 1 });
  if (!compiled.ok) throw new Error(compiled.message);
  const started = performance.now();
  createExecutor(compiled.plan, compiled.weights);
  rows.push({ name: 'VGG-16 prepare kernels (createExecutor, once)', impl: 'ours', medianMs: performance.now() - started });
  rows.push(benchCompile('VGG-16 compile (plan: inference, steps, arena)', quick ? 5 : 21, () => buildPlan(vgg).ok));
  if (!quick) rows.push(benchCompile('VGG-16 compile + 138 M seeded weights', 3, () => compileGraph(vgg, { seed: 1 }).ok));
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  benchModels({ quick: process.argv.includes('--quick'), only }).then(
    (rows) => {
      for (const r of rows) console.log(`${r.name.padEnd(48)} ${r.impl.padEnd(12)} ${r.medianMs.toFixed(3).padStart(10)} ms  ${r.gflops?.toFixed(2) ?? ''} GFLOPS`);
    },
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
