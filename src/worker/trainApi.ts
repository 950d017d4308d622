import type { GraphDocument, WeightMap } from '../core/graph/types';
import { decodeMnistDigits } from '../core/imaging/mnistDigits';
import type { Picture } from '../core/imaging/picture';
import { augmentationFor, type Augmentation } from '../core/train/data/augment';
import { mnistDataset, type Dataset } from '../core/train/data/dataset';
import { generateDataset, GENERATED_CLASSES, type GeneratedKind } from '../core/train/data/generated';
import type { OptimizerKind, OptimizerState, Schedule } from '../core/train/optimizers';
import { createStepper, type BatchEvent, type EpochEvent } from '../core/train/stepper';
import { toWeightMap } from '../core/train/trainedWeights';
import { createTrainer } from '../core/train/trainer';
import { prepareTrainingGraph } from '../core/train/trainingGraph';

export type TrainDatasetKind = 'mnist' | GeneratedKind;

/** A dataset the user added (stored by the page, see store/trainDatasets.ts), by its id. */
export type UserDatasetId = `user:${string}`;

/** A user's dataset as the page hands it to the worker: fitted to `shape`, its validation part apart. */
export interface UserDataset {
  name: string;
  shape: number[];
  classNames: string[];
  x: Float32Array;
  classes: Int32Array;
  validationX: Float32Array;
  validationClasses: Int32Array;
}

/** What the Train panel asks for. */
export interface TrainConfig {
  dataset: TrainDatasetKind | UserDatasetId;
  /** Random shifts (a tenth of the side) and horizontal flips of training images. */
  augment?: { shift: boolean; flip: boolean };
  epochs: number;
  /** At most this many steps per epoch (null: all of the training set). */
  stepsPerEpoch: number | null;
  batch: number;
  optimizer: OptimizerKind;
  learningRate: number;
  /** SGD only. */
  momentum: number;
  weightDecay: number;
  schedule: Schedule['kind'];
  /** Initialises weights the document does not hold, and seeds the shuffling. */
  seed: number;
  /**
   * Going on from a checkpoint: the document holds its weights; these epochs are done. `dropoutRandom`
   * is absent in checkpoints written before it was saved: the masks then start afresh.
   */
  resume?: { epoch: number; optimizer: OptimizerState; dropoutRandom?: number } | null;
}

/** What an epoch's end leaves to go on from after a reload. */
export interface TrainCheckpoint { epoch: number; weights: WeightMap; optimizer: OptimizerState; dropoutRandom: number }

/** The first Conv2D's kernel [kh, kw, cin, cout] as it is now: what the panel draws as the filters forming. */
export interface FilterSnapshot { nodeId: string; name: string; shape: number[]; data: Float32Array; step: number }

/**
 * Progress events, one per batch and one per epoch, with throughput over the last batches. The
 * first Conv2D's filters ride along at the start, about twice a second and at each epoch's end.
 */
export type TrainEvent =
  | { kind: 'started'; trainCount: number; validationCount: number; totalSteps: number; stepsPerEpoch: number; classNames: string[]; filters?: FilterSnapshot }
  | (BatchEvent & { imagesPerSec: number; secondsLeft: number; filters?: FilterSnapshot })
  | (EpochEvent & { misclassifiedPictures: Picture[]; checkpoint: TrainCheckpoint; filters?: FilterSnapshot });

/** Why training could not start or stopped early; `nodeId` names the node it is about. */
export interface TrainFailure { message: string; nodeId?: string }

export type TrainOutcome =
  | { ok: true; status: 'done' | 'stopped'; steps: number; weights: WeightMap | null }
  /** `weights`: the last good ones when some steps ran before the failure. */
  | { ok: false; error: TrainFailure; steps: number; weights: WeightMap | null };

export interface TrainApi {
  /**
   * Trains `doc` until done or stopped, reporting through `onEvent`; resolves with the trained
   * weights. A user dataset (`config.dataset` 'user:...') comes as `userData`.
   */
  start(doc: GraphDocument, config: TrainConfig, onEvent: (e: TrainEvent) => void, userData?: UserDataset): Promise<TrainOutcome>;
  pause(): void;
  resume(): void;
  /** Ends training after the current batch; `start` then resolves with the weights so far. */
  stop(): void;
}

/** Reads a file the build serves (public/data/NAME). */
export type LoadBytes = (name: string) => Promise<Uint8Array>;

/** Generated sets: this many training and validation images. */
const GENERATED_TRAIN = 1500;
const GENERATED_VALIDATION = 300;
/** Work this long between yields, so pause and stop are read soon and events flow out. */
const SLICE_MS = 30;
/** Throughput is measured over this many of the last batches. */
const WINDOW = 20;
/** The filters are sent at most this often during an epoch (a copy of a few thousand floats). */
const FILTERS_MS = 500;

/**
 * The training loop behind the worker boundary: the core's stepper one batch at a time, yielding
 * to the worker's message queue every SLICE_MS so pause, resume and stop arrive mid-epoch.
 */
export function createTrainApi(loadBytes: LoadBytes, yieldNow: () => Promise<void> = yieldToMessages): TrainApi {
  let paused = false;
  let stopped = false;
  let wake: (() => void) | null = null;
  const cache = new Map<string, Promise<Dataset>>();

  const loadMnist = (name: string) => {
    let p = cache.get(name);
    if (!p) {
      p = loadBytes(name).then((bytes) => {
        const decoded = decodeMnistDigits(bytes);
        if (!decoded.ok) throw new Error(`${name}: ${decoded.error.message}`);
        return mnistDataset(decoded.digits);
      });
      p.catch(() => cache.delete(name));
      cache.set(name, p);
    }
    return p;
  };

  return {
    async start(doc, config, onEvent, userData) {
      paused = false;
      stopped = false;
      const prepared = prepareTrainingGraph(doc, config.seed);
      if (!prepared.ok) return { ok: false, error: { message: prepared.message, nodeId: prepared.nodeId }, steps: 0, weights: null };
      const { plan } = prepared.graph;
      const created = createTrainer(prepared.graph, {
        loss: 'cross-entropy',
        optimizer: { kind: config.optimizer, learningRate: config.learningRate, momentum: config.momentum, weightDecay: config.weightDecay },
        seed: config.seed,
      });
      if (!created.ok) return { ok: false, error: { message: created.message, nodeId: created.nodeId }, steps: 0, weights: null };
      const trainer = created.trainer;
      if (config.resume) {
        try {
          trainer.optimizer.restore(config.resume.optimizer);
          if (config.resume.dropoutRandom !== undefined) trainer.dropoutRandom.restore(config.resume.dropoutRandom);
        } catch (e) {
          return { ok: false, error: { message: `the checkpoint does not fit this graph: ${e instanceof Error ? e.message : String(e)}` }, steps: 0, weights: null };
        }
      }
      const input = plan.inputs[0];
      const output = plan.outputs[0];
      const user = config.dataset.startsWith('user:') ? userData : undefined;
      if (config.dataset.startsWith('user:') && !user) return { ok: false, error: { message: 'the dataset was not handed to the training worker' }, steps: 0, weights: null };
      const datasetName = user ? `"${user.name}"` : `the ${config.dataset}`;
      const classes = user ? user.classNames.length : config.dataset === 'mnist' ? 10 : GENERATED_CLASSES[config.dataset as GeneratedKind].length;
      if (config.dataset === 'mnist' && !(input.shape.length === 3 && input.shape[0] === 28 && input.shape[1] === 28 && input.shape[2] === 1)) {
        return { ok: false, error: { message: `MNIST digits are [28, 28, 1]; the Input ${input.name} is [${input.shape.join(', ')}]`, nodeId: input.nodeId }, steps: 0, weights: null };
      }
      if (user && (user.shape.length !== input.shape.length || user.shape.some((d, i) => d !== input.shape[i]))) {
        return { ok: false, error: { message: `${datasetName} was fitted to [${user.shape.join(', ')}]; the Input ${input.name} is [${input.shape.join(', ')}]: add the data again for this Input`, nodeId: input.nodeId }, steps: 0, weights: null };
      }
      if (trainer.outputSize !== classes) {
        return {
          ok: false, steps: 0, weights: null,
          error: { message: `${datasetName} dataset has ${classes} classes; the output ${output.name} gives ${trainer.outputSize} values [${output.shape.join(', ')}]: it needs ${classes}`, nodeId: output.nodeId },
        };
      }
      let train: Dataset;
      let validation: Dataset;
      try {
        if (user) {
          const perSample = user.shape.reduce((a, b) => a * b, 1);
          train = { x: user.x, targets: { kind: 'classes', classes: user.classes }, count: user.classes.length, perSample, classNames: user.classNames };
          validation = { x: user.validationX, targets: { kind: 'classes', classes: user.validationClasses }, count: user.validationClasses.length, perSample, classNames: user.classNames };
        } else if (config.dataset === 'mnist') {
          [train, validation] = await Promise.all([loadMnist('mnist-train.bin'), loadMnist('mnist-heldout.bin')]);
        } else {
          const kind = config.dataset as GeneratedKind;
          const t = generateDataset(kind, input.shape, GENERATED_TRAIN, config.seed);
          const v = generateDataset(kind, input.shape, GENERATED_VALIDATION, config.seed + 1);
          if (!t.ok) return { ok: false, error: { message: t.message, nodeId: input.nodeId }, steps: 0, weights: null };
          if (!v.ok) return { ok: false, error: { message: v.message, nodeId: input.nodeId }, steps: 0, weights: null };
          train = t.data;
          validation = v.data;
        }
      } catch (e) {
        return { ok: false, error: { message: `the ${config.dataset} data could not be loaded: ${e instanceof Error ? e.message : String(e)}` }, steps: 0, weights: null };
      }
      const stepper = createStepper(trainer, train, {
        epochs: config.epochs, stepsPerEpoch: config.stepsPerEpoch, batch: config.batch, shuffle: true, seed: config.seed,
        learningRate: config.learningRate, schedule: scheduleOf(config.schedule, config.epochs), validation,
        startEpoch: config.resume?.epoch ?? 0,
        augment: config.augment ? withShape(augmentationFor(input.shape, config.augment), input.shape) : null,
      });
      const firstConv = plan.steps.find((st) => st.kind === 'Conv2D' && st.weights.some((w) => w.name === 'kernel'));
      const filters = (step: number): FilterSnapshot | undefined => (firstConv
        ? { nodeId: firstConv.nodeId, name: firstConv.name, shape: [...firstConv.weights.find((w) => w.name === 'kernel')!.shape], data: trainer.weights[firstConv.nodeId].kernel.slice(), step }
        : undefined);
      let filtersSent = performance.now();
      onEvent({
        kind: 'started', trainCount: train.count, validationCount: validation.count, totalSteps: stepper.totalSteps,
        stepsPerEpoch: stepper.stepsPerEpoch, classNames: train.classNames ?? GENERATED_CLASSES.shapes, filters: filters(0),
      });
      const batch = Math.min(config.batch, train.count);
      const times: number[] = [];
      let steps = config.resume ? config.resume.epoch * stepper.stepsPerEpoch : 0;
      let sliceStart = performance.now();
      let last = performance.now();
      const weights = () => (steps > 0 ? toWeightMap(plan.steps, trainer.weights) : null);
      for (;;) {
        if (stopped) return { ok: true, status: 'stopped', steps, weights: weights() };
        const event = stepper.next();
        if (event.kind === 'done') return { ok: true, status: 'done', steps, weights: weights() };
        if (event.kind === 'failed') return { ok: false, error: { message: event.message }, steps, weights: weights() };
        if (event.kind === 'batch') {
          steps = event.step;
          const now = performance.now();
          times.push(now - last);
          last = now;
          if (times.length > WINDOW) times.shift();
          const msPerStep = times.reduce((a, b) => a + b, 0) / times.length;
          const sendFilters = now - filtersSent >= FILTERS_MS;
          if (sendFilters) filtersSent = now;
          onEvent({ ...event, imagesPerSec: (1000 * batch) / msPerStep, secondsLeft: ((event.totalSteps - event.step) * msPerStep) / 1000, ...(sendFilters ? { filters: filters(event.step) } : {}) });
        } else {
          const checkpoint: TrainCheckpoint = { epoch: event.epoch, weights: toWeightMap(plan.steps, trainer.weights), optimizer: trainer.optimizer.state(), dropoutRandom: trainer.dropoutRandom.state() };
          onEvent({ ...event, misclassifiedPictures: event.misclassified.map((m) => pictureOf(validation, m.index, input.shape)), checkpoint, filters: filters(event.step) });
          last = performance.now();
        }
        if (performance.now() - sliceStart >= SLICE_MS || paused) {
          await yieldNow();
          while (paused && !stopped) await new Promise<void>((resolve) => (wake = resolve));
          sliceStart = performance.now();
          // A pause is not training time.
          last = performance.now();
        }
      }
    },
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
      wake?.();
      wake = null;
    },
    stop() {
      stopped = true;
      wake?.();
      wake = null;
    },
  };
}

const withShape = (aug: Augmentation | null, shape: readonly number[]) => (aug ? { ...aug, shape } : null);

/** Validation sample `index` as a picture (the first channel when it has neither 1 nor 3). */
function pictureOf(data: Dataset, index: number, shape: readonly number[]): Picture {
  const [h, w, c] = shape.length === 3 ? shape : [1, data.perSample, 1];
  const sample = data.x.subarray(index * data.perSample, (index + 1) * data.perSample);
  if (c === 1 || c === 3) return { width: w, height: h, channels: c, data: sample.slice() };
  const out = new Float32Array(h * w);
  for (let p = 0; p < h * w; p++) out[p] = sample[p * c];
  return { width: w, height: h, channels: 1, data: out };
}

/** The panel's schedule choice: step decay halves the rate every third of the epochs. */
function scheduleOf(kind: Schedule['kind'], epochs: number): Schedule {
  if (kind === 'step') return { kind: 'step', everyEpochs: Math.max(1, Math.round(epochs / 3)), gamma: 0.5 };
  return { kind };
}

/** Lets queued messages (pause, stop) in: a message to ourselves runs after those already waiting. */
function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
