/**
 * The losses, each the mean over the batch as Keras and TensorFlow.js reduce them, written with
 * their gradient into `grad` (dL/d output, same layout as `output`).
 *
 * - 'cross-entropy' (softmax cross-entropy, integer class targets): the output is read as logits
 *   (a final softmax is fused into the loss, see BackwardSpec.logits):
 *   L_n = logsumexp(z_n) - z_n[y_n], dL/dz = (softmax(z) - onehot(y)) / N; stable for any z.
 * - 'binary-cross-entropy' (targets in [0, 1] shaped like the output; a final sigmoid is fused):
 *   mean over all values of max(z, 0) - z t + log(1 + e^-|z|), dL/dz = (sigmoid(z) - t) / (N*P).
 * - 'mse': mean over all values of (y - t)^2, dL/dy = 2 (y - t) / (N*P).
 */
export type LossKind = 'cross-entropy' | 'binary-cross-entropy' | 'mse';

export const LOSS_KINDS: readonly LossKind[] = ['cross-entropy', 'binary-cross-entropy', 'mse'];

/** Class indices (one per sample) or target values (perSample per sample). */
export type Targets = { kind: 'classes'; classes: Int32Array } | { kind: 'values'; values: Float32Array };

/** `correct` of `counted`: samples (or, for binary cross-entropy, values) predicted right. */
export interface LossValue { loss: number; correct: number; counted: number }

/**
 * The loss of samples [first, first + batch) of `targets` against `output` (batch x perSample),
 * with its gradient written to `grad` (null: evaluation only).
 */
export function computeLoss(
  kind: LossKind, output: Float32Array, targets: Targets, first: number, batch: number, perSample: number, grad: Float32Array | null,
): LossValue {
  switch (kind) {
    case 'cross-entropy':
      if (targets.kind !== 'classes') throw new Error('cross-entropy needs class indices as targets');
      return softmaxCrossEntropy(output, targets.classes, first, batch, perSample, grad);
    case 'binary-cross-entropy':
      if (targets.kind !== 'values') throw new Error('binary cross-entropy needs target values');
      return binaryCrossEntropy(output, targets.values, first, batch, perSample, grad);
    case 'mse':
      if (targets.kind !== 'values') throw new Error('mse needs target values');
      return meanSquaredError(output, targets.values, first, batch, perSample, grad);
  }
}

function softmaxCrossEntropy(z: Float32Array, classes: Int32Array, first: number, batch: number, k: number, grad: Float32Array | null): LossValue {
  let total = 0;
  let correct = 0;
  const invN = 1 / batch;
  for (let n = 0; n < batch; n++) {
    const row = n * k;
    const label = classes[first + n];
    let max = -Infinity;
    let arg = 0;
    for (let i = 0; i < k; i++) {
      if (z[row + i] > max) {
        max = z[row + i];
        arg = i;
      }
    }
    if (arg === label) correct++;
    let sum = 0;
    for (let i = 0; i < k; i++) sum += Math.exp(z[row + i] - max);
    total += Math.log(sum) + max - z[row + label];
    if (grad) {
      const inv = 1 / sum;
      for (let i = 0; i < k; i++) grad[row + i] = (Math.exp(z[row + i] - max) * inv - (i === label ? 1 : 0)) * invN;
    }
  }
  return { loss: total / batch, correct, counted: batch };
}

function binaryCrossEntropy(z: Float32Array, t: Float32Array, first: number, batch: number, p: number, grad: Float32Array | null): LossValue {
  let total = 0;
  let correct = 0;
  const count = batch * p;
  const off = first * p;
  for (let i = 0; i < count; i++) {
    const x = z[i];
    const target = t[off + i];
    total += Math.max(x, 0) - x * target + Math.log1p(Math.exp(-Math.abs(x)));
    if ((x > 0 ? 1 : 0) === (target >= 0.5 ? 1 : 0)) correct++;
    if (grad) {
      const s = x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
      grad[i] = (s - target) / count;
    }
  }
  return { loss: total / count, correct, counted: count };
}

function meanSquaredError(y: Float32Array, t: Float32Array, first: number, batch: number, p: number, grad: Float32Array | null): LossValue {
  let total = 0;
  let correct = 0;
  const count = batch * p;
  const off = first * p;
  for (let i = 0; i < count; i++) {
    const d = y[i] - t[off + i];
    total += d * d;
    if (grad) grad[i] = (2 * d) / count;
  }
  // A vector output compared with a one-hot-like target: right when the arg maxes agree.
  if (p > 1) {
    for (let n = 0; n < batch; n++) {
      let a = 0;
      let b = 0;
      for (let i = 1; i < p; i++) {
        if (y[n * p + i] > y[n * p + a]) a = i;
        if (t[off + n * p + i] > t[off + n * p + b]) b = i;
      }
      if (a === b) correct++;
    }
  }
  return { loss: total / count, correct, counted: p > 1 ? batch : 0 };
}

/** Probabilities are clipped to [1e-7, 1 - 1e-7] before the log, as Keras does. */
const PROBABILITY_EPSILON = 1e-7;

/**
 * The loss of an inference output whose final softmax (cross-entropy) or sigmoid (binary
 * cross-entropy) is applied, i.e. probabilities: what evaluation through the runtime sees.
 */
export function computeLossFromProbabilities(
  kind: LossKind, p: Float32Array, targets: Targets, first: number, batch: number, perSample: number,
): LossValue {
  const clip = (v: number) => Math.min(1 - PROBABILITY_EPSILON, Math.max(PROBABILITY_EPSILON, v));
  if (kind === 'cross-entropy' && targets.kind === 'classes') {
    let total = 0;
    let correct = 0;
    for (let n = 0; n < batch; n++) {
      const row = n * perSample;
      const label = targets.classes[first + n];
      let arg = 0;
      for (let i = 1; i < perSample; i++) if (p[row + i] > p[row + arg]) arg = i;
      if (arg === label) correct++;
      total -= Math.log(clip(p[row + label]));
    }
    return { loss: total / batch, correct, counted: batch };
  }
  if (kind === 'binary-cross-entropy' && targets.kind === 'values') {
    let total = 0;
    let correct = 0;
    const count = batch * perSample;
    for (let i = 0; i < count; i++) {
      const t = targets.values[first * perSample + i];
      const q = clip(p[i]);
      total -= t * Math.log(q) + (1 - t) * Math.log(1 - q);
      if ((p[i] > 0.5 ? 1 : 0) === (t >= 0.5 ? 1 : 0)) correct++;
    }
    return { loss: total / count, correct, counted: count };
  }
  return computeLoss(kind, p, targets, first, batch, perSample, null);
}
