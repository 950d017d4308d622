import { createRandom } from '../compile/random';
import { augmentBatch, type Augmentation } from './data/augment';
import { gatherBatch, type Dataset } from './data/dataset';
import { scheduledRate, type Schedule } from './optimizers';
import type { Trainer } from './trainer';

export type { Augmentation };

export interface FitOptions {
  epochs: number;
  /** Stop after this many optimizer steps in all (the last epoch may then be partial). */
  maxSteps?: number;
  batch: number;
  shuffle: boolean;
  /** Seeds the shuffling and the augmentation. */
  seed: number;
  learningRate: number;
  schedule?: Schedule;
  augment?: Augmentation | null;
  validation?: Dataset | null;
  onEpoch?: (stats: EpochStats) => void;
  /** Called after every step; returning false stops training after that step. */
  onStep?: (stats: { epoch: number; step: number; loss: number; accuracy: number | null }) => boolean | void;
}

/** One epoch: mean training loss and accuracy over its batches, validation after it, throughput. */
export interface EpochStats {
  epoch: number;
  steps: number;
  loss: number;
  accuracy: number | null;
  valLoss: number | null;
  valAccuracy: number | null;
  imagesPerSec: number;
  learningRate: number;
}

export type FitResult =
  | { ok: true; epochs: EpochStats[]; steps: number }
  | { ok: false; epochs: EpochStats[]; steps: number; message: string };

/**
 * Trains for `epochs` passes over `data` in batches of `batch` (the last batch of an epoch may be
 * smaller), shuffled per epoch from `seed` unless `shuffle` is off. A step whose loss is not
 * finite stops training there with the last good weights (the trainer refuses the update).
 */
export function fit(trainer: Trainer, data: Dataset, opts: FitOptions): FitResult {
  const random = createRandom(opts.seed);
  const order = Int32Array.from({ length: data.count }, (_, i) => i);
  const batch = Math.min(opts.batch, data.count);
  const stepsPerEpoch = Math.ceil(data.count / batch);
  const totalSteps = Math.min(opts.maxSteps ?? Infinity, stepsPerEpoch * opts.epochs);
  const x = new Float32Array(batch * data.perSample);
  const shape = trainer.graph.plan.inputs[0].shape;
  const epochs: EpochStats[] = [];
  let step = 0;
  for (let epoch = 1; epoch <= opts.epochs && step < totalSteps; epoch++) {
    if (opts.shuffle) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        const t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    const started = performance.now();
    let lossSum = 0;
    let correct = 0;
    let counted = 0;
    let seen = 0;
    let steps = 0;
    let rate = opts.learningRate;
    let stop = false;
    for (let first = 0; first < data.count && step < totalSteps && !stop; first += batch) {
      const n = Math.min(batch, data.count - first);
      const targets = gatherBatch(data, order.subarray(first, first + n), n, x, trainer.outputSize);
      if (opts.augment) augmentBatch(x, n, shape, opts.augment, random);
      rate = scheduledRate(opts.learningRate, opts.schedule ?? { kind: 'constant' }, step, stepsPerEpoch, totalSteps);
      const outcome = trainer.trainStep(x, targets, n, rate);
      if (!outcome.ok) {
        return { ok: false, epochs, steps: step, message: `epoch ${epoch}, step ${step + 1}: ${outcome.message}` };
      }
      step++;
      steps++;
      seen += n;
      lossSum += outcome.loss * n;
      correct += outcome.correct;
      counted += outcome.counted;
      if (opts.onStep?.({ epoch, step, loss: outcome.loss, accuracy: outcome.counted ? outcome.correct / outcome.counted : null }) === false) stop = true;
    }
    const seconds = (performance.now() - started) / 1000;
    const val = opts.validation ? trainer.evaluate(opts.validation.x, opts.validation.targets, opts.validation.count) : null;
    const stats: EpochStats = {
      epoch,
      steps,
      loss: lossSum / Math.max(1, seen),
      accuracy: counted ? correct / counted : null,
      valLoss: val ? val.loss : null,
      valAccuracy: val && val.counted ? val.correct / val.counted : null,
      imagesPerSec: seconds > 0 ? seen / seconds : 0,
      learningRate: rate,
    };
    epochs.push(stats);
    opts.onEpoch?.(stats);
    if (stop) break;
  }
  return { ok: true, epochs, steps: step };
}
