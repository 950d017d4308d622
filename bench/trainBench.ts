/**
 * Training benchmarks (a measurement, never a test):
 * - a LeNet-5 (MNIST variant) training step at batch 64 (forward, softmax cross-entropy, backward,
 *   Adam update) on our trainer against TensorFlow.js cpu and wasm doing the same step with its
 *   own tf.train.adam, images/s;
 * - a Conv2D 56x56x64 -> 64, 3x3 'same' backward (data and filter gradients, batch 1), GFLOPS
 *   counted as 2 * 2 * MACs of the forward.
 * Same initial weights and inputs; the first step's loss (model) and the gradients (layer) are
 * compared with tfjs before timing. Rounds interleave implementations; medians are reported.
 * tfjs-wasm has no Conv2DBackpropFilter / Conv2DBackpropInput kernels: its rows say so.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { GraphDocument } from '../src/core/graph/types';
import { createTrainer } from '../src/core/train/trainer';
import { prepareTrainingGraph } from '../src/core/train/trainingGraph';
import { BACKWARDS } from '../src/core/train/backwardMap';
import type { BackwardFactory } from '../src/core/train/backward/types';
import type { LayerKind } from '../src/core/graph/types';
import { buildTfGraph } from '../tests/train/tfGraph';
import { fillRandom, median, relativeDifference, useBackend, type BenchRow } from './benchUtils';

const require = createRequire(import.meta.url);

/** tfjs-core's gradient functions (its CommonJS entry leaves them out; see tests/train/tfOracle). */
async function registerGradients(): Promise<void> {
  const dir = path.join(path.dirname(require.resolve('@tensorflow/tfjs-core/package.json')), 'dist/gradients');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('_grad.js') && f !== 'Prod_grad.js')) {
    const mod = (await import(path.join(dir, file))) as Record<string, unknown>;
    for (const value of Object.values(mod)) if (value && typeof value === 'object' && 'kernelName' in value && 'gradFunc' in value) tf.registerGradient(value as tf.GradConfig);
  }
}

export async function benchTraining(opts: { quick?: boolean } = {}): Promise<{ rows: BenchRow[]; notes: string[] }> {
  await registerGradients();
  const rounds = opts.quick ? 3 : 7;
  const rows: BenchRow[] = [];
  const notes: string[] = [];

  // LeNet-5 training step, batch 64.
  const doc = JSON.parse(readFileSync(path.resolve('src/core/presets/lenet5-mnist.json'), 'utf8')) as GraphDocument;
  const batch = 64;
  const x = fillRandom(batch * 784, 1).map((v) => v + 0.5);
  const classes = Int32Array.from({ length: batch }, (_, i) => (i * 7) % 10);
  const mk = () => {
    const p = prepareTrainingGraph(doc, 5);
    if (!p.ok) throw new Error(p.message);
    return p.graph;
  };
  const graph = mk();
  const created = createTrainer(graph, { loss: 'cross-entropy', optimizer: { kind: 'adam', learningRate: 1e-3 } });
  if (!created.ok) throw new Error(created.message);
  const ours = created.trainer;
  const oracleGraph = mk();
  const tfStep: Record<string, (() => number) | null> = {};
  const tfFirstLoss: Record<string, number> = {};
  for (const impl of ['tfjs-cpu', 'tfjs-wasm'] as const) {
    await useBackend(impl);
    const oracle = buildTfGraph(tf, oracleGraph);
    const optimizer = tf.train.adam(1e-3, 0.9, 0.999, 1e-7);
    const xt = tf.tensor4d(x, [batch, 28, 28, 1]);
    const onehot = tf.oneHot(tf.tensor1d(classes, 'int32'), 10);
    const step = () => tf.tidy(() => optimizer.minimize(() => tf.neg(tf.mean(tf.sum(tf.mul(onehot, tf.logSoftmax(oracle.forward(xt, true))), 1))) as tf.Scalar, true, oracle.trainable())!.dataSync()[0]);
    try {
      tfFirstLoss[impl] = step();
      tfStep[impl] = step;
    } catch (e) {
      tfStep[impl] = null;
      notes.push(`${impl}: LeNet-5 training step not measured: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  const first = ours.trainStep(x, { kind: 'classes', classes }, batch, 1e-3);
  for (const [impl, loss] of Object.entries(tfFirstLoss)) {
    // Both start from the same seeded weights, so the first step's loss must agree.
    if (!(Math.abs(loss - first.loss) < 1e-4)) throw new Error(`LeNet-5 step: ${impl} loss ${loss} but ours ${first.loss}`);
  }
  const times: Record<string, number[]> = { ours: [], 'tfjs-cpu': [], 'tfjs-wasm': [] };
  for (let r = 0; r < rounds; r++) {
    let t = performance.now();
    ours.trainStep(x, { kind: 'classes', classes }, batch, 1e-3);
    times.ours.push(performance.now() - t);
    for (const impl of ['tfjs-cpu', 'tfjs-wasm'] as const) {
      const step = tfStep[impl];
      if (!step) continue;
      await useBackend(impl);
      t = performance.now();
      step();
      times[impl].push(performance.now() - t);
    }
  }
  for (const [impl, ts] of Object.entries(times)) {
    if (ts.length === 0) continue;
    const ms = median(ts);
    rows.push({ name: 'LeNet-5 MNIST training step b64 (Adam)', impl: impl as BenchRow['impl'], medianMs: ms, imagesPerSec: (1000 * batch) / ms });
  }

  // Conv2D 56x56x64 -> 64 backward.
  const convDoc: GraphDocument = {
    format: 'cnn-graph', version: 1, name: 'conv',
    nodes: [
      { id: 'in', kind: 'Input', name: 'in', params: { shape: [56, 56, 64] }, position: { x: 0, y: 0 } },
      { id: 'l', kind: 'Conv2D', name: 'l', params: { filters: 64, kernelSize: 3, strides: 1, padding: 'same', dilation: 1, activation: 'linear', useBias: false }, position: { x: 0, y: 0 } },
    ],
    edges: [{ id: 'e', source: 'in', target: 'l' }],
  };
  const cg = prepareTrainingGraph(convDoc, 2);
  if (!cg.ok) throw new Error(cg.message);
  const step = cg.graph.plan.steps[1];
  const op = (BACKWARDS.Conv2D as BackwardFactory<LayerKind>)({ step, params: cg.graph.params[1], weights: cg.graph.weights.l, logits: false });
  const cx = fillRandom(56 * 56 * 64, 3);
  const dy = fillRandom(56 * 56 * 64, 4);
  const out = new Float32Array(56 * 56 * 64);
  op.forward([cx], 1, out, { random: Math.random });
  const dX = new Float32Array(cx.length);
  const grads = { kernel: new Float32Array(3 * 3 * 64 * 64) };
  const runOurs = () => {
    dX.fill(0);
    grads.kernel.fill(0);
    op.backward([cx], out, dy.slice(), [dX], grads, 1);
  };
  runOurs();
  const flops = 2 * 2 * 56 * 56 * 64 * 64 * 9;
  const tfConv: Record<string, (() => Float32Array[]) | null> = {};
  for (const impl of ['tfjs-cpu', 'tfjs-wasm'] as const) {
    await useBackend(impl);
    const xt = tf.tensor4d(cx, [1, 56, 56, 64]);
    const kt = tf.tensor4d(cg.graph.weights.l.kernel, [3, 3, 64, 64]);
    const dyt = tf.tensor4d(dy, [1, 56, 56, 64]);
    const run = () => tf.tidy(() => [tf.conv2dTranspose(dyt, kt, [1, 56, 56, 64], 1, 'same'), tf.conv2d(xt, kt, 1, 'same') && (tf.grads((k: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(xt, k as tf.Tensor4D, 1, 'same'), dyt)))([kt])[0])].map((t) => t.dataSync() as Float32Array));
    try {
      const [gx, gk] = run();
      const dx = relativeDifference(gx, dX);
      const dk = relativeDifference(gk, grads.kernel);
      if (!(dx < 1e-4 && dk < 1e-4)) throw new Error(`gradients disagree with ours (data ${dx}, filter ${dk})`);
      tfConv[impl] = run;
    } catch (e) {
      tfConv[impl] = null;
      notes.push(`${impl}: Conv2D backward not measured: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  const ctimes: Record<string, number[]> = { ours: [], 'tfjs-cpu': [], 'tfjs-wasm': [] };
  for (let r = 0; r < rounds; r++) {
    let t = performance.now();
    runOurs();
    ctimes.ours.push(performance.now() - t);
    for (const impl of ['tfjs-cpu', 'tfjs-wasm'] as const) {
      const run = tfConv[impl];
      if (!run) continue;
      await useBackend(impl);
      t = performance.now();
      run();
      ctimes[impl].push(performance.now() - t);
    }
  }
  for (const [impl, ts] of Object.entries(ctimes)) {
    if (ts.length === 0) continue;
    const ms = median(ts);
    rows.push({ name: 'Conv2D 56x56x64 3x3 backward (dX + dW) b1', impl: impl as BenchRow['impl'], medianMs: ms, gflops: flops / ms / 1e6 });
  }
  return { rows, notes };
}
