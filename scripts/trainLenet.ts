/**
 * Trains the "LeNet-5 for MNIST" preset with this project's own trainer (src/core/train) and
 * writes its weights into src/core/presets/lenet5-mnist-trained.json. Not part of the build: the
 * JSON is committed. Usage: tsx scripts/trainLenet.ts [epochs] [out.json]   (default 10 epochs)
 *
 * Data: the `mnist` package's digits split by src/core/train/data/mnistSplit: samples 0..99 of
 * each class are the held-out TEST set (the picker's digits; tests/core/presets/trainedLenet.test.ts
 * measures them), the other 9,000 train. Recipe: Adam, rate 2e-3 on a cosine schedule, batch 32,
 * training images shifted by up to 2 pixels each way, seed 1998.
 * After training, the held-out accuracy is measured on the written document through the compiler
 * and the inference runtime, from the package's own floats (not the byte-quantised training copy).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { compileGraph } from '../src/core/compile/compileGraph';
import { encodeFloat32 } from '../src/core/graph/tensorCodec';
import type { GraphDocument, WeightMap } from '../src/core/graph/types';
import { serializeGraphDocument } from '../src/core/graph/serializeGraph';
import { createExecutor } from '../src/core/runtime/executor';
import { mnistDataset } from '../src/core/train/data/dataset';
import { HELD_OUT_PER_DIGIT, splitMnistDigits } from '../src/core/train/data/mnistSplit';
import { fit } from '../src/core/train/fit';
import { createTrainer } from '../src/core/train/trainer';
import { prepareTrainingGraph } from '../src/core/train/trainingGraph';

const require = createRequire(import.meta.url);
const PIXELS = 28 * 28;
const SEED = 1998;
const epochs = Number(process.argv[2] ?? 10);
if (!Number.isInteger(epochs) || epochs < 1 || epochs > 50) {
  console.error(`trainLenet: epochs must be a whole number 1..50, got ${process.argv[2]}`);
  process.exit(1);
}
const presetDir = path.resolve('src/core/presets');
const out = path.resolve(process.argv[3] ?? path.join(presetDir, 'lenet5-mnist-trained.json'));
const architecture = JSON.parse(readFileSync(path.join(presetDir, 'lenet5-mnist.json'), 'utf8')) as GraphDocument;

const perClass = Array.from({ length: 10 }, (_, d) => (JSON.parse(readFileSync(require.resolve(`mnist/src/digits/${d}.json`), 'utf8')) as { data: number[] }).data);
const { train, heldOut } = splitMnistDigits(perClass);
const prepared = prepareTrainingGraph(architecture, SEED);
if (!prepared.ok) throw new Error(prepared.message);
const created = createTrainer(prepared.graph, { loss: 'cross-entropy', optimizer: { kind: 'adam', learningRate: 2e-3 }, seed: SEED });
if (!created.ok) throw new Error(created.message);
const trainer = created.trainer;
console.log(`trainLenet: ${train.labels.length} training digits, ${heldOut.labels.length} held-out (samples 0..${HELD_OUT_PER_DIGIT - 1} of each class)`);
const result = fit(trainer, mnistDataset(train), {
  epochs, batch: 32, shuffle: true, seed: SEED, learningRate: 2e-3, schedule: { kind: 'cosine' },
  augment: { maxShift: 2, flip: false }, validation: mnistDataset(heldOut),
  onEpoch: (e) => console.log(`epoch ${e.epoch}/${epochs}: loss ${e.loss.toFixed(4)}, held-out accuracy ${(100 * (e.valAccuracy ?? 0)).toFixed(1)}%, ${Math.round(e.imagesPerSec)} images/s`),
});
if (!result.ok) throw new Error(result.message);

const weights: WeightMap = {};
for (const step of prepared.graph.plan.steps) {
  if (step.weights.length === 0) continue;
  weights[step.nodeId] = Object.fromEntries(step.weights.map((s) => [s.name, { shape: [...s.shape], data: encodeFloat32(trainer.weights[step.nodeId][s.name]) }]));
}
const doc: GraphDocument = { ...architecture, name: 'LeNet-5 for MNIST (trained)', weights };

// Held-out accuracy of the written document on the inference runtime, from the package's floats.
const images = new Float32Array(10 * HELD_OUT_PER_DIGIT * PIXELS);
const labels = new Uint8Array(10 * HELD_OUT_PER_DIGIT);
for (let d = 0; d < 10; d++) {
  images.set(perClass[d].slice(0, HELD_OUT_PER_DIGIT * PIXELS), d * HELD_OUT_PER_DIGIT * PIXELS);
  labels.fill(d, d * HELD_OUT_PER_DIGIT, (d + 1) * HELD_OUT_PER_DIGIT);
}
const compiled = compileGraph(doc);
if (!compiled.ok) throw new Error(`the trained document does not compile: ${compiled.message}`);
const run = createExecutor(compiled.plan, compiled.weights).run({ input: images }, labels.length);
if (!run.ok) throw new Error(run.error.message);
let correct = 0;
for (let k = 0; k < labels.length; k++) {
  let best = 0;
  for (let c = 1; c < 10; c++) if (run.outputs.output[k * 10 + c] > run.outputs.output[k * 10 + best]) best = c;
  if (best === labels[k]) correct++;
}
console.log(`held-out accuracy on this runtime: ${(correct / 10).toFixed(1)}% (${correct}/${labels.length})`);
writeFileSync(out, `${serializeGraphDocument(doc)}\n`);
console.log(`trainLenet: wrote ${path.relative(process.cwd(), out)}`);
