import { createRandom } from '../compile/random';
import { confusionMatrix } from './confusion';
import { augmentBatch, batchRandom, type Augmentation } from './data/augment';
import { gatherBatch, type Dataset } from './data/dataset';
import { scheduledRate, type Schedule } from './optimizers';
import type { Trainer } from './trainer';

export interface StepperOptions {
  epochs: number;
  /** At most this many steps per epoch (null: the whole training set each epoch). */
  stepsPerEpoch?: number | null;
  batch: number;
  shuffle: boolean;
  seed: number;
  learningRate: number;
  schedule?: Schedule;
  validation?: Dataset | null;
  /** Epochs already done (a resumed checkpoint): their shuffles are replayed, not their steps. */
  startEpoch?: number;
  /** Shifts and flips of training images ([h, w, c] samples, `shape`); validation is never augmented. */
  augment?: (Augmentation & { shape: readonly number[] }) | null;
}

/** One optimizer step, as the Train panel charts it. */
export interface BatchEvent {
  kind: 'batch';
  epoch: number;
  /** Steps done so far, over all epochs. */
  step: number;
  totalSteps: number;
  loss: number;
  accuracy: number | null;
  learningRate: number;
}

/** The end of an epoch: its means, validation, and the validation confusion matrix (classes only). */
export interface EpochEvent {
  kind: 'epoch';
  epoch: number;
  step: number;
  loss: number;
  accuracy: number | null;
  valLoss: number | null;
  valAccuracy: number | null;
  /** confusion[true * classes + predicted], counts; null without class targets or validation. */
  confusion: Int32Array | null;
  classes: number;
  /** The first MISCLASSIFIED_SHOWN validation samples predicted wrong, in validation order. */
  misclassified: { index: number; truth: number; predicted: number }[];
}

/** How many wrong validation samples an epoch event lists. */
export const MISCLASSIFIED_SHOWN = 24;

export type StepperEvent = BatchEvent | EpochEvent | { kind: 'done' } | { kind: 'failed'; message: string };

/** Training one batch at a time, so a caller (the browser's worker) can pause, stop and report between batches. */
export interface Stepper {
  readonly totalSteps: number;
  readonly stepsPerEpoch: number;
  /** Runs the next batch (and, after an epoch's last, returns the epoch event next call). */
  next(): StepperEvent;
}

/**
 * The same training as `fit` (same shuffling from the seed, same batches, same schedule), cut
 * into calls: each `next()` does one optimizer step, or closes an epoch (validation and its
 * confusion matrix), or says it is done. A non-finite loss ends it with the last good weights.
 */
export function createStepper(trainer: Trainer, data: Dataset, opts: StepperOptions): Stepper {
  const random = createRandom(opts.seed);
  const order = Int32Array.from({ length: data.count }, (_, i) => i);
  const batch = Math.max(1, Math.min(opts.batch, data.count));
  const fullEpoch = Math.ceil(data.count / batch);
  const stepsPerEpoch = Math.max(1, Math.min(fullEpoch, opts.stepsPerEpoch ?? fullEpoch));
  const totalSteps = stepsPerEpoch * opts.epochs;
  const x = new Float32Array(batch * data.perSample);
  const schedule = opts.schedule ?? { kind: 'constant' };
  let epoch = 0;
  let stepInEpoch = stepsPerEpoch;
  let step = 0;
  let epochOpen = false;
  let lossSum = 0;
  let seen = 0;
  let correct = 0;
  let counted = 0;
  let finished: StepperEvent | null = null;
  const shuffle = () => {
    if (!opts.shuffle) return;
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  };
  // The random stream then stands where an uninterrupted run has it at this epoch.
  for (; epoch < Math.min(opts.startEpoch ?? 0, opts.epochs); epoch++) shuffle();
  step = epoch * stepsPerEpoch;

  const closeEpoch = (): EpochEvent => {
    epochOpen = false;
    const val = opts.validation ? trainer.evaluate(opts.validation.x, opts.validation.targets, opts.validation.count) : null;
    const classes = trainer.outputSize;
    const confusion = val && opts.validation?.targets.kind === 'classes' && classes > 1
      ? confusionMatrix(opts.validation.targets.classes, val.predictions, classes)
      : null;
    const misclassified: EpochEvent['misclassified'] = [];
    if (confusion && val && opts.validation?.targets.kind === 'classes') {
      const truth = opts.validation.targets.classes;
      for (let i = 0; i < truth.length && misclassified.length < MISCLASSIFIED_SHOWN; i++) {
        if (val.predictions[i] !== truth[i]) misclassified.push({ index: i, truth: truth[i], predicted: val.predictions[i] });
      }
    }
    return {
      kind: 'epoch', epoch, step,
      loss: lossSum / Math.max(1, seen),
      accuracy: counted ? correct / counted : null,
      valLoss: val ? val.loss : null,
      valAccuracy: val && val.counted ? val.correct / val.counted : null,
      confusion, classes, misclassified,
    };
  };

  return {
    totalSteps,
    stepsPerEpoch,
    next() {
      if (finished) return finished;
      if (epochOpen && stepInEpoch >= stepsPerEpoch) return closeEpoch();
      if (stepInEpoch >= stepsPerEpoch) {
        if (epoch >= opts.epochs) return (finished = { kind: 'done' });
        epoch++;
        stepInEpoch = 0;
        epochOpen = true;
        lossSum = 0;
        seen = 0;
        correct = 0;
        counted = 0;
        shuffle();
      }
      const first = stepInEpoch * batch;
      const n = Math.min(batch, data.count - first);
      const targets = gatherBatch(data, order.subarray(first, first + n), n, x, trainer.outputSize);
      if (opts.augment) augmentBatch(x, n, opts.augment.shape, opts.augment, batchRandom(opts.seed, step));
      const rate = scheduledRate(opts.learningRate, schedule, step, stepsPerEpoch, totalSteps);
      const outcome = trainer.trainStep(x, targets, n, rate);
      if (!outcome.ok) return (finished = { kind: 'failed', message: `epoch ${epoch}, step ${step + 1}: ${outcome.message}` });
      step++;
      stepInEpoch++;
      seen += n;
      lossSum += outcome.loss * n;
      correct += outcome.correct;
      counted += outcome.counted;
      return {
        kind: 'batch', epoch, step, totalSteps, loss: outcome.loss,
        accuracy: outcome.counted ? outcome.correct / outcome.counted : null, learningRate: rate,
      };
    },
  };
}
