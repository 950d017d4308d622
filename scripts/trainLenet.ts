/**
 * Trains the "LeNet-5 for MNIST" preset once with TensorFlow.js and writes its weights into
 * src/core/presets/lenet5-mnist-trained.json. Not part of the build: the JSON is committed.
 * Usage: tsx scripts/trainLenet.ts [epochs] [out.json]   (default 10 epochs, written to the preset;
 * about a minute per epoch on two cores)
 *
 * Data: the `mnist` package's digits. For each digit class, samples 0..99 are the held-out TEST set
 * (scripts/buildMnist.ts ships exactly those to the app, and tests/core/presets/trainedLenet.test.ts
 * measures them); samples 100..end (about 9,000 images in all) are the training set.
 *
 * Backend: tfjs-wasm. It has no Conv2DBackpropFilter kernel and tfjs-cpu's is ~10x too slow, so the
 * convolutions are written as im2col from slices + one matMul, whose gradients wasm does have.
 * After training, the held-out accuracy is measured twice, with tfjs (tf.conv2d, not the im2col
 * path) and with this app's own compiler and runtime on the written document, and the two must
 * agree: that checks the HWIO / [in, out] weight layout end to end.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { compileGraph } from '../src/core/compile/compileGraph';
import { encodeFloat32 } from '../src/core/graph/tensorCodec';
import type { GraphDocument, WeightMap } from '../src/core/graph/types';
import { serializeGraphDocument } from '../src/core/graph/serializeGraph';
import { createExecutor } from '../src/core/runtime/executor';

const require = createRequire(import.meta.url);
const SIDE = 28;
const PIXELS = SIDE * SIDE;
/** Per digit class, samples [0, TEST_PER_DIGIT) are held out; the rest train. */
const TEST_PER_DIGIT = 100;
const BATCH = 64;
/** Adam's rate: 1e-3 for three epochs, then x0.75 per epoch, so the last epochs settle instead of jitter. */
const LEARNING_RATE = 1e-3;
const DECAY_AFTER = 3;
const DECAY = 0.75;
/** Training images are shifted by up to this many pixels each way (zeros fill in): 9,000 digits are few. */
const MAX_SHIFT = 2;
const SEED = 1998;
const epochs = Number(process.argv[2] ?? 10);
if (!Number.isInteger(epochs) || epochs < 1 || epochs > 50) {
  console.error(`trainLenet: epochs must be a whole number 1..50, got ${process.argv[2]}`);
  process.exit(1);
}

const presetDir = path.resolve('src/core/presets');
const out = path.resolve(process.argv[3] ?? path.join(presetDir, 'lenet5-mnist-trained.json'));
const architecture = JSON.parse(readFileSync(path.join(presetDir, 'lenet5-mnist.json'), 'utf8')) as GraphDocument;

interface Split { images: Float32Array; labels: Uint8Array }

/** Splits every digit's samples into the held-out range and the training range. */
function loadSplits(): { train: Split; test: Split } {
  const trainImages: number[][] = [];
  const trainLabels: number[] = [];
  const testImages: number[][] = [];
  const testLabels: number[] = [];
  for (let d = 0; d < 10; d++) {
    const raw = (JSON.parse(readFileSync(require.resolve(`mnist/src/digits/${d}.json`), 'utf8')) as { data: number[] }).data;
    const count = Math.floor(raw.length / PIXELS);
    for (let s = 0; s < count; s++) {
      const image = raw.slice(s * PIXELS, (s + 1) * PIXELS);
      if (s < TEST_PER_DIGIT) {
        testImages.push(image);
        testLabels.push(d);
      } else {
        trainImages.push(image);
        trainLabels.push(d);
      }
    }
  }
  const pack = (images: number[][], labels: number[]): Split => ({ images: Float32Array.from(images.flat()), labels: Uint8Array.from(labels) });
  return { train: pack(trainImages, trainLabels), test: pack(testImages, testLabels) };
}

/** mulberry32: a seeded shuffle so a rerun trains on the same batch order. */
function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Registers tfjs-core's gradient functions. The package's CommonJS entry (what Node loads) leaves
 * them out, and its register_all_gradients module cannot be imported under Node (a directory
 * import), so the per-kernel gradient modules are imported one by one.
 */
async function registerGradients(): Promise<number> {
  const dir = path.join(path.dirname(require.resolve('@tensorflow/tfjs-core/package.json')), 'dist/gradients');
  let count = 0;
  // Prod_grad imports the package index, which is where the directory import lives; it is not needed.
  for (const file of readdirSync(dir).filter((f) => f.endsWith('_grad.js') && f !== 'Prod_grad.js')) {
    const mod = (await import(path.join(dir, file))) as Record<string, unknown>;
    for (const value of Object.values(mod)) {
      if (value && typeof value === 'object' && 'kernelName' in value && 'gradFunc' in value) {
        tf.registerGradient(value as tf.GradConfig);
        count++;
      }
    }
  }
  return count;
}

type Params = Record<'c1' | 'c3' | 'c5' | 'f6' | 'output', { kernel: tf.Variable; bias: tf.Variable }>;

/** Glorot-uniform kernels (Keras's default) and zero biases, in the document's layouts. */
function initialiseParams(): Params {
  let seed = SEED;
  const layer = (kernelShape: number[], fanIn: number, fanOut: number) => {
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const units = kernelShape[kernelShape.length - 1];
    return { kernel: tf.variable(tf.randomUniform(kernelShape, -limit, limit, 'float32', seed++)), bias: tf.variable(tf.zeros([units])) };
  };
  return {
    c1: layer([5, 5, 1, 6], 25 * 1, 25 * 6),
    c3: layer([5, 5, 6, 16], 25 * 6, 25 * 16),
    c5: layer([5, 5, 16, 120], 25 * 16, 25 * 120),
    f6: layer([120, 84], 120, 84),
    output: layer([84, 10], 84, 10),
  };
}

type Conv = (x: tf.Tensor4D, kernel: tf.Tensor, pad: number) => tf.Tensor4D;

/** Stride-1 convolution as im2col: the kh*kw shifted slices side by side, times the HWIO kernel as [kh*kw*cin, cout]. */
const convByIm2col: Conv = (x, kernel, pad) => {
  const [kh, kw, cin, cout] = kernel.shape;
  const padded = pad ? tf.pad(x, [[0, 0], [pad, pad], [pad, pad], [0, 0]]) : x;
  const [b, h, w] = padded.shape;
  const oh = h - kh + 1;
  const ow = w - kw + 1;
  const slices: tf.Tensor4D[] = [];
  for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) slices.push(tf.slice(padded, [0, i, j, 0], [b, oh, ow, cin]));
  const columns = tf.reshape(tf.concat(slices, 3), [b * oh * ow, kh * kw * cin]);
  return tf.reshape(tf.matMul(columns, tf.reshape(kernel, [kh * kw * cin, cout])), [b, oh, ow, cout]);
};

/** The reference convolution, for the check after training. */
const convByTf: Conv = (x, kernel, pad) => tf.conv2d(x, kernel as tf.Tensor4D, 1, pad ? [[0, 0], [pad, pad], [pad, pad], [0, 0]] : 'valid');

/** LeNet-5 for MNIST, matching lenet5-mnist.json: logits (the document's final softmax is left to the loss). */
function forward(p: Params, x: tf.Tensor4D, conv: Conv): tf.Tensor2D {
  const convRelu = (h: tf.Tensor4D, l: { kernel: tf.Variable; bias: tf.Variable }, pad: number) => tf.relu(tf.add(conv(h, l.kernel, pad), l.bias)) as tf.Tensor4D;
  let h = convRelu(x, p.c1, 2); // 'same' for a 5x5 window at stride 1: 2 on every side
  h = tf.maxPool(h, 2, 2, 'valid');
  h = convRelu(h, p.c3, 0);
  h = tf.maxPool(h, 2, 2, 'valid');
  h = convRelu(h, p.c5, 0);
  const flat = tf.reshape(h, [x.shape[0], 120]);
  const f6 = tf.relu(tf.add(tf.matMul(flat, p.f6.kernel), p.f6.bias));
  return tf.add(tf.matMul(f6, p.output.kernel), p.output.bias) as tf.Tensor2D;
}

/** The samples at `indices` as a batch; with `random`, each image moved by a random shift of up to MAX_SHIFT pixels. */
function batchOf(split: Split, indices: ArrayLike<number>, random?: () => number): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const n = indices.length;
  const images = new Float32Array(n * PIXELS);
  const labels = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const source = split.images.subarray(indices[k] * PIXELS, (indices[k] + 1) * PIXELS);
    labels[k] = split.labels[indices[k]];
    if (!random) {
      images.set(source, k * PIXELS);
      continue;
    }
    const dy = Math.floor(random() * (2 * MAX_SHIFT + 1)) - MAX_SHIFT;
    const dx = Math.floor(random() * (2 * MAX_SHIFT + 1)) - MAX_SHIFT;
    for (let y = Math.max(0, dy); y < Math.min(SIDE, SIDE + dy); y++) {
      for (let x = Math.max(0, dx); x < Math.min(SIDE, SIDE + dx); x++) images[k * PIXELS + y * SIDE + x] = source[(y - dy) * SIDE + (x - dx)];
    }
  }
  return { x: tf.tensor4d(images, [n, SIDE, SIDE, 1]), y: tf.oneHot(tf.tensor1d(labels, 'int32'), 10) as tf.Tensor2D };
}

/** Share of samples whose largest probability is at their label. */
function measureAccuracy(probs: Float32Array, labels: Uint8Array): number {
  let correct = 0;
  for (let k = 0; k < labels.length; k++) {
    let best = 0;
    for (let c = 1; c < 10; c++) if (probs[k * 10 + c] > probs[k * 10 + best]) best = c;
    if (best === labels[k]) correct++;
  }
  return correct / labels.length;
}

/** Class probabilities from tfjs, in batches. */
function predictWithTf(p: Params, split: Split, conv: Conv): Float32Array {
  const probs = new Float32Array(split.labels.length * 10);
  for (let start = 0; start < split.labels.length; start += 250) {
    const indices = Array.from({ length: Math.min(250, split.labels.length - start) }, (_, k) => start + k);
    probs.set(tf.tidy(() => tf.softmax(forward(p, batchOf(split, indices).x, conv)).dataSync() as Float32Array), start * 10);
  }
  return probs;
}

/** Class probabilities from this app's compiler and runtime on the document that will be written. */
function predictWithOurRuntime(doc: GraphDocument, split: Split): Float32Array {
  const compiled = compileGraph(doc);
  if (!compiled.ok) throw new Error(`the trained document does not compile: ${compiled.message}`);
  const run = createExecutor(compiled.plan, compiled.weights).run({ input: split.images }, split.labels.length);
  if (!run.ok) throw new Error(`the trained document does not run: ${run.error.message}`);
  return run.outputs.output;
}

function toDocument(p: Params): GraphDocument {
  const weights: WeightMap = {};
  for (const [id, layer] of Object.entries(p)) {
    weights[id] = {
      kernel: { shape: layer.kernel.shape, data: encodeFloat32(layer.kernel.dataSync() as Float32Array) },
      bias: { shape: layer.bias.shape, data: encodeFloat32(layer.bias.dataSync() as Float32Array) },
    };
  }
  return { ...architecture, name: 'LeNet-5 for MNIST (trained)', weights };
}

async function main(): Promise<void> {
  const gradients = await registerGradients();
  setWasmPaths(`${path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`);
  await tf.setBackend('wasm');
  const { train, test } = loadSplits();
  console.log(`trainLenet: ${train.labels.length} training digits, ${test.labels.length} held-out (samples 0..${TEST_PER_DIGIT - 1} of each class); ${gradients} gradients registered; backend ${tf.getBackend()}`);

  const params = initialiseParams();
  const optimizer = tf.train.adam(LEARNING_RATE);
  const random = createRandom(SEED);
  const order = Array.from(train.labels, (_, i) => i);
  const started = Date.now();
  for (let epoch = 1; epoch <= epochs; epoch++) {
    // tfjs's Adam reads its rate on every step; the field is only protected in the typings.
    const rate = LEARNING_RATE * DECAY ** Math.max(0, epoch - DECAY_AFTER);
    (optimizer as unknown as { learningRate: number }).learningRate = rate;
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    let lossSum = 0;
    let batches = 0;
    for (let start = 0; start + BATCH <= order.length; start += BATCH) {
      lossSum += tf.tidy(() => {
        const { x, y } = batchOf(train, order.slice(start, start + BATCH), random);
        const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, forward(params, x, convByIm2col)) as tf.Scalar, true);
        return loss ? loss.dataSync()[0] : NaN;
      });
      batches++;
    }
    const accuracy = measureAccuracy(predictWithTf(params, test, convByIm2col), test.labels);
    console.log(`epoch ${epoch}/${epochs} (rate ${rate.toExponential(1)}): mean loss ${(lossSum / batches).toFixed(4)}, held-out accuracy ${(100 * accuracy).toFixed(1)}% (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }

  const doc = toDocument(params);
  const byTf = predictWithTf(params, test, convByTf);
  const byUs = predictWithOurRuntime(doc, test);
  let worst = 0;
  for (let i = 0; i < byTf.length; i++) worst = Math.max(worst, Math.abs(byTf[i] - byUs[i]));
  const accuracy = measureAccuracy(byUs, test.labels);
  console.log(`held-out accuracy: tfjs conv2d ${(100 * measureAccuracy(byTf, test.labels)).toFixed(1)}%, this app's runtime ${(100 * accuracy).toFixed(1)}% (${Math.round(accuracy * test.labels.length)}/${test.labels.length}); largest probability difference ${worst.toExponential(2)}`);
  if (!(worst < 1e-4)) throw new Error(`tfjs and this runtime disagree by ${worst} on a held-out probability: the weight layout is wrong`);
  writeFileSync(out, `${serializeGraphDocument(doc)}\n`);
  console.log(`trainLenet: wrote ${path.relative(process.cwd(), out)}`);
}

await main();
