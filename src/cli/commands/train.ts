import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { GraphDocument } from '../../core/graph/types';
import { serializeGraphDocument } from '../../core/graph/serializeGraph';
import { decodeMnistDigits, type MnistDigits } from '../../core/imaging/mnistDigits';
import { mnistDataset, type Dataset } from '../../core/train/data/dataset';
import { splitMnistDigits } from '../../core/train/data/mnistSplit';
import { parseNpyNumbers } from '../../core/train/data/npyNumbers';
import { datasetFromArrays } from '../../core/train/data/arrayDataset';
import { augmentationFor } from '../../core/train/data/augment';
import { npzDataset } from '../../core/train/data/npzDataset';
import { fit, type EpochStats } from '../../core/train/fit';
import type { LossKind } from '../../core/train/losses';
import { defaultLearningRate, OPTIMIZER_KINDS, type OptimizerKind } from '../../core/train/optimizers';
import { createTrainer } from '../../core/train/trainer';
import { prepareTrainingGraph } from '../../core/train/trainingGraph';
import { toWeightMap } from '../../core/train/trainedWeights';
import { loadGraphArg, processIo, type CommandIo } from './plan';

const USAGE = 'usage: train FILE (--data mnist | --data DATA.npz | --input X.npy --labels Y.npy) [--augment shift,flip] [--epochs N] [--steps N] [--batch B] '
  + '[--optimizer sgd|adam|adamw] [--lr F] [--momentum F] [--weight-decay F] [--loss cross-entropy|mse] [--no-shuffle] '
  + '[--schedule constant|cosine] [--seed N] [--out TRAINED.cnn.json] [--json]';

interface TrainArgs {
  file: string;
  data: string | null;
  input: string | null;
  labels: string | null;
  augment: { shift: boolean; flip: boolean };
  epochs: number;
  steps: number | null;
  batch: number;
  optimizer: OptimizerKind;
  lr: number | null;
  momentum: number;
  weightDecay: number | null;
  loss: LossKind;
  shuffle: boolean;
  schedule: 'constant' | 'cosine';
  seed: number;
  out: string | null;
  json: boolean;
}

type Parsed = { ok: true; args: TrainArgs } | { ok: false; message: string };

function parseArgs(argv: readonly string[]): Parsed {
  const a: TrainArgs = {
    file: '', data: null, input: null, labels: null, augment: { shift: false, flip: false }, epochs: 1, steps: null, batch: 32, optimizer: 'adam', lr: null,
    momentum: 0, weightDecay: null, loss: 'cross-entropy', shuffle: true, schedule: 'constant', seed: 0, out: null, json: false,
  };
  const files: string[] = [];
  let epochsGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const need = (what: string): string | null => (value === undefined || value.startsWith('--') ? null : what);
    const int = (name: string, min: number): number | string => {
      if (!need('x') || !/^\d+$/.test(value)) return `${name} needs a whole number >= ${min}, got ${value ?? 'nothing'}`;
      const n = Number.parseInt(value, 10);
      return n >= min && Number.isSafeInteger(n) ? n : `${name} needs a whole number >= ${min}, got ${value}`;
    };
    const num = (name: string, min: number, max: number): number | string => {
      const n = value === undefined ? NaN : Number(value);
      return Number.isFinite(n) && n >= min && n <= max && value.trim() !== '' ? n : `${name} needs a number from ${min} to ${max}, got ${value ?? 'nothing'}`;
    };
    let v: number | string;
    switch (flag) {
      case '--data': if (!need('x')) return { ok: false, message: `--data needs "mnist" or an .npz file; ${USAGE}` }; a.data = value; i++; break;
      case '--augment': {
        const parts = need('x') ? value.split(',') : [];
        if (parts.length === 0 || parts.some((p) => p !== 'shift' && p !== 'flip')) return { ok: false, message: `--augment takes shift, flip or shift,flip, got ${value ?? 'nothing'}` };
        a.augment = { shift: parts.includes('shift'), flip: parts.includes('flip') };
        i++;
        break;
      }
      case '--input': if (!need('x')) return { ok: false, message: `--input needs a file; ${USAGE}` }; a.input = value; i++; break;
      case '--labels': if (!need('x')) return { ok: false, message: `--labels needs a file; ${USAGE}` }; a.labels = value; i++; break;
      case '--out': if (!need('x')) return { ok: false, message: `--out needs a file; ${USAGE}` }; a.out = value; i++; break;
      case '--epochs': v = int('--epochs', 1); if (typeof v === 'string') return { ok: false, message: v }; a.epochs = v; epochsGiven = true; i++; break;
      case '--steps': v = int('--steps', 1); if (typeof v === 'string') return { ok: false, message: v }; a.steps = v; i++; break;
      case '--batch': v = int('--batch', 1); if (typeof v === 'string') return { ok: false, message: v }; a.batch = v; i++; break;
      case '--seed': v = int('--seed', 0); if (typeof v === 'string') return { ok: false, message: v }; a.seed = v; i++; break;
      case '--lr': v = num('--lr', 0, 1e6); if (typeof v === 'string') return { ok: false, message: v }; a.lr = v; i++; break;
      case '--momentum': v = num('--momentum', 0, 1); if (typeof v === 'string') return { ok: false, message: v }; a.momentum = v; i++; break;
      case '--weight-decay': v = num('--weight-decay', 0, 1e3); if (typeof v === 'string') return { ok: false, message: v }; a.weightDecay = v; i++; break;
      case '--optimizer':
        if (!OPTIMIZER_KINDS.includes(value as OptimizerKind)) return { ok: false, message: `--optimizer must be one of ${OPTIMIZER_KINDS.join(', ')}, got ${value ?? 'nothing'}` };
        a.optimizer = value as OptimizerKind; i++; break;
      case '--loss':
        if (value !== 'cross-entropy' && value !== 'mse') return { ok: false, message: `--loss must be cross-entropy or mse, got ${value ?? 'nothing'}` };
        a.loss = value; i++; break;
      case '--schedule':
        if (value !== 'constant' && value !== 'cosine') return { ok: false, message: `--schedule must be constant or cosine, got ${value ?? 'nothing'}` };
        a.schedule = value; i++; break;
      case '--no-shuffle': a.shuffle = false; break;
      case '--json': a.json = true; break;
      default:
        if (flag.startsWith('--')) return { ok: false, message: `train: unknown option ${flag}; ${USAGE}` };
        files.push(flag);
    }
  }
  if (files.length !== 1) return { ok: false, message: USAGE };
  a.file = files[0];
  if ((a.data === null) === (a.input === null)) return { ok: false, message: `give either --data mnist, --data DATA.npz or --input X.npy --labels Y.npy; ${USAGE}` };
  if (a.input !== null && a.labels === null) return { ok: false, message: `--input needs --labels Y.npy; ${USAGE}` };
  if (a.data !== null && a.data !== 'mnist' && !/\.npz$/i.test(a.data)) {
    return { ok: false, message: `--data ${a.data}: give "mnist" or an .npz with arrays x and y (a folder of class subfolders is read by the app's Train panel, not the CLI)` };
  }
  // --steps alone means: as many epochs as those steps need.
  if (a.steps !== null && !epochsGiven) a.epochs = Number.MAX_SAFE_INTEGER;
  return { ok: true, args: a };
}

/** The `train` entry for the CLI dispatcher. */
export function runTrainCommand(args: string[]): number {
  return trainCommand(args, processIo);
}

type Loaded = { ok: true; train: Dataset; validation: Dataset | null } | { ok: false; message: string };

/**
 * MNIST from the build's binaries (public/data/mnist-train.bin and mnist-heldout.bin, see
 * scripts/buildMnist.ts) when present, else converted from the `mnist` package on the spot.
 * Validation is on the 1,000 held-out digits, which training never sees.
 */
function loadMnist(): Loaded {
  const read = (file: string): MnistDigits | null => {
    if (!existsSync(file)) return null;
    const decoded = decodeMnistDigits(readFileSync(file));
    return decoded.ok ? decoded.digits : null;
  };
  try {
    let train = read(path.resolve('public/data/mnist-train.bin'));
    let heldOut = read(path.resolve('public/data/mnist-heldout.bin'));
    if (!train || !heldOut) {
      const require = createRequire(import.meta.url);
      const perClass = Array.from({ length: 10 }, (_, d) => (JSON.parse(readFileSync(require.resolve(`mnist/src/digits/${d}.json`), 'utf8')) as { data: number[] }).data);
      ({ train, heldOut } = splitMnistDigits(perClass));
    }
    return { ok: true, train: mnistDataset(train), validation: mnistDataset(heldOut) };
  } catch (e) {
    return { ok: false, message: `cannot load MNIST: ${(e as Error).message}` };
  }
}

function loadNpyData(inputPath: string, labelsPath: string, inputShape: readonly number[], outShape: readonly number[], loss: LossKind): Loaded {
  let xBytes: Uint8Array;
  let yBytes: Uint8Array;
  try {
    xBytes = readFileSync(inputPath);
    yBytes = readFileSync(labelsPath);
  } catch (e) {
    return { ok: false, message: `cannot read ${(e as NodeJS.ErrnoException).path ?? inputPath}: ${(e as Error).message}` };
  }
  const x = parseNpyNumbers(xBytes);
  if (!x.ok) return { ok: false, message: `${inputPath}: ${x.message}` };
  const y = parseNpyNumbers(yBytes);
  if (!y.ok) return { ok: false, message: `${labelsPath}: ${y.message}` };
  const built = datasetFromArrays(x, y, inputShape, outShape, loss, { x: inputPath, y: labelsPath });
  if (!built.ok) return built;
  for (const w of built.warnings) process.stderr.write(`warning: ${w}\n`);
  return { ok: true, train: built.data, validation: null };
}

/** An .npz's x and y (or x_train, y_train; x_test, y_test validate). */
function loadNpz(file: string, inputShape: readonly number[], outShape: readonly number[], loss: LossKind): Loaded {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    return { ok: false, message: `cannot read ${file}: ${(e as Error).message}` };
  }
  const built = npzDataset(bytes, inputShape, outShape, loss, file);
  if (!built.ok) return built;
  for (const w of built.warnings) process.stderr.write(`warning: ${w}\n`);
  return { ok: true, train: built.train, validation: built.validation };
}

const pct = (v: number | null) => (v === null ? '-' : `${(100 * v).toFixed(2)}%`);

function formatEpoch(e: EpochStats, total: number): string {
  const val = e.valLoss === null ? '' : `, val loss ${e.valLoss.toFixed(4)}, val accuracy ${pct(e.valAccuracy)}`;
  const of = total === Number.MAX_SAFE_INTEGER ? '' : `/${total}`;
  return `epoch ${e.epoch}${of}: loss ${e.loss.toFixed(4)}, accuracy ${pct(e.accuracy)}${val}, ${Math.round(e.imagesPerSec)} images/s (${e.steps} steps, lr ${e.learningRate.toExponential(2)})`;
}

/**
 * `train FILE ...`: trains the graph on MNIST (validated on the 1,000 held-out digits) or on a
 * .npy pair, one line per epoch, and writes the document with its trained weights to --out.
 * With --no-shuffle --optimizer sgd, --batch equal to the sample count and --steps 1 the run is
 * exactly one full-batch gradient step. Exit 0 on success, 1 when the graph cannot be trained
 * or training diverged, 2 for usage and file errors.
 */
export function trainCommand(argv: readonly string[], io: CommandIo): number {
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    io.err(parsed.message);
    return 2;
  }
  const args = parsed.args;
  const loaded = loadGraphArg(args.file);
  if (!loaded.ok) {
    io.err(`error: ${loaded.message}`);
    return 2;
  }
  const prepared = prepareTrainingGraph(loaded.doc, args.seed);
  if (!prepared.ok) {
    io.err(`error: ${prepared.message}`);
    return 1;
  }
  const { plan } = prepared.graph;
  const lossKind: LossKind = args.loss;
  const created = createTrainer(prepared.graph, {
    loss: lossKind,
    optimizer: {
      kind: args.optimizer, learningRate: args.lr ?? defaultLearningRate(args.optimizer), momentum: args.momentum,
      ...(args.weightDecay !== null ? { weightDecay: args.weightDecay } : {}),
    },
    seed: args.seed,
  });
  if (!created.ok) {
    io.err(`error: ${created.message}`);
    return 1;
  }
  const trainer = created.trainer;
  const inputShape = plan.inputs[0].shape;
  const data = args.data === 'mnist' ? loadMnist()
    : args.data !== null ? loadNpz(args.data, inputShape, plan.outputs[0].shape, lossKind)
      : loadNpyData(args.input!, args.labels!, inputShape, plan.outputs[0].shape, lossKind);
  if (!data.ok) {
    io.err(`error: ${data.message}`);
    return 2;
  }
  if (args.data === 'mnist' && !(inputShape.length === 3 && inputShape[0] === 28 && inputShape[1] === 28 && inputShape[2] === 1)) {
    io.err(`error: MNIST digits are [28, 28, 1]; the Input "${plan.inputs[0].name}" is [${inputShape.join(', ')}]`);
    return 2;
  }
  if (args.data === 'mnist' && trainer.outputSize !== 10) {
    io.err(`error: MNIST has 10 classes; the output "${plan.outputs[0].name}" has ${trainer.outputSize} values`);
    return 2;
  }
  const learningRate = args.lr ?? defaultLearningRate(args.optimizer);
  if (!args.json) {
    const m = trainer.memory;
    io.out(`training "${loaded.doc.name}" on ${data.train.count} samples${data.validation ? `, validating on ${data.validation.count}` : ''}: ${args.optimizer} lr ${learningRate}, batch ${Math.min(args.batch, data.train.count)}, seed ${args.seed}`);
    io.out(`memory: training arena ${m.arenaBytesPerSample} bytes per sample (inference ${m.inferenceArenaBytesPerSample}), weights ${m.parameterBytes} + gradients ${m.gradientBytes} + optimizer ${m.optimizerBytes} bytes`);
  }
  const result = fit(trainer, data.train, {
    epochs: args.epochs, ...(args.steps !== null ? { maxSteps: args.steps } : {}), batch: args.batch, shuffle: args.shuffle,
    seed: args.seed, learningRate, schedule: { kind: args.schedule }, validation: data.validation, augment: augmentationFor(inputShape, args.augment),
    onEpoch: (e) => {
      if (!args.json) io.out(formatEpoch(e, args.epochs));
    },
  });
  if (!result.ok) io.err(`error: training stopped: ${result.message}`);
  const trainedWeights = result.steps > 0;
  if (args.out && trainedWeights) {
    const doc: GraphDocument = { ...loaded.doc, weights: toWeightMap(plan.steps, trainer.weights) };
    try {
      writeFileSync(args.out, `${serializeGraphDocument(doc)}\n`);
    } catch (e) {
      io.err(`error: cannot write ${args.out}: ${(e as Error).message}`);
      return 2;
    }
    if (!args.json) io.out(`wrote ${args.out}`);
  }
  if (args.json) {
    const epochs = result.epochs.map((e) => ({ loss: e.loss, accuracy: e.accuracy, valLoss: e.valLoss, valAccuracy: e.valAccuracy, imagesPerSec: e.imagesPerSec }));
    io.out(JSON.stringify({ epochs, trainedWeights, steps: result.steps, ...(result.ok ? {} : { error: result.message }) }));
  }
  return result.ok ? 0 : 1;
}
