/**
 * Optimizers over a flat list of parameters, each a weight tensor and its gradient (the gradient
 * of the batch-mean loss). Update rules, per value, step t = 1, 2, ...:
 * - SGD (PyTorch's and TensorFlow.js's momentum form): g' = g + wd w; buf = m buf + g';
 *   w -= lr (nesterov ? g' + m buf : buf)   (m = 0: plain SGD).
 * - Adam (TensorFlow.js's form): g' = g + wd w (L2, coupled); m1 = b1 m1 + (1 - b1) g';
 *   m2 = b2 m2 + (1 - b2) g'^2; w -= lr (m1 / (1 - b1^t)) / (sqrt(m2 / (1 - b2^t)) + eps).
 * - AdamW (decoupled decay, Loshchilov & Hutter, as PyTorch): w -= lr wd w, then Adam without wd.
 */
export type OptimizerKind = 'sgd' | 'adam' | 'adamw';

export const OPTIMIZER_KINDS: readonly OptimizerKind[] = ['sgd', 'adam', 'adamw'];

export interface OptimizerConfig {
  kind: OptimizerKind;
  learningRate: number;
  /** SGD only. */
  momentum?: number;
  nesterov?: boolean;
  weightDecay?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/** Defaults: SGD lr 0.01, Adam/AdamW lr 0.001, betas 0.9/0.999, epsilon 1e-7 (Keras, TF.js); AdamW decay 0.01 (PyTorch). */
export function defaultLearningRate(kind: OptimizerKind): number {
  return kind === 'sgd' ? 0.01 : 0.001;
}

export interface Parameter { value: Float32Array; grad: Float32Array }

/** The optimizer's state (moments or momentum buffers and the step count), for checkpoints. */
export interface OptimizerState { step: number; slots: Float32Array[] }

export interface Optimizer {
  readonly config: OptimizerConfig;
  /** Applies one update at `learningRate` (the schedule's rate for this step). */
  apply(learningRate: number): void;
  state(): OptimizerState;
  restore(state: OptimizerState): void;
}

export function createOptimizer(config: OptimizerConfig, params: readonly Parameter[]): Optimizer {
  const wd = config.weightDecay ?? (config.kind === 'adamw' ? 0.01 : 0);
  const slotsPer = config.kind === 'sgd' ? 1 : 2;
  let slots = params.flatMap((p) => Array.from({ length: slotsPer }, () => new Float32Array(p.value.length)));
  let t = 0;
  const momentum = config.momentum ?? 0;
  const nesterov = config.nesterov ?? false;
  const b1 = config.beta1 ?? 0.9;
  const b2 = config.beta2 ?? 0.999;
  const eps = config.epsilon ?? 1e-7;
  return {
    config,
    apply(lr) {
      t++;
      const c1 = 1 - b1 ** t;
      const c2 = 1 - b2 ** t;
      params.forEach(({ value: w, grad: g }, i) => {
        if (config.kind === 'sgd') {
          const buf = slots[i];
          for (let j = 0; j < w.length; j++) {
            const gj = g[j] + wd * w[j];
            if (momentum === 0) {
              w[j] -= lr * gj;
              continue;
            }
            const b = momentum * buf[j] + gj;
            buf[j] = b;
            w[j] -= lr * (nesterov ? gj + momentum * b : b);
          }
          return;
        }
        const m1 = slots[2 * i];
        const m2 = slots[2 * i + 1];
        const decoupled = config.kind === 'adamw';
        for (let j = 0; j < w.length; j++) {
          if (decoupled) w[j] -= lr * wd * w[j];
          const gj = decoupled ? g[j] : g[j] + wd * w[j];
          const a = b1 * m1[j] + (1 - b1) * gj;
          const v = b2 * m2[j] + (1 - b2) * gj * gj;
          m1[j] = a;
          m2[j] = v;
          w[j] -= (lr * (a / c1)) / (Math.sqrt(v / c2) + eps);
        }
      });
    },
    state() {
      return { step: t, slots: slots.map((s) => s.slice()) };
    },
    restore(state) {
      if (state.slots.length !== slots.length || state.slots.some((s, i) => s.length !== slots[i].length)) {
        throw new Error(`optimizer state has ${state.slots.length} slots, expected ${slots.length} of matching sizes`);
      }
      t = state.step;
      slots = state.slots.map((s) => s.slice());
    },
  };
}

/**
 * Learning-rate schedules, by optimizer step s of S in all (E epochs of `stepsPerEpoch`):
 * constant: lr; step: lr * gamma^floor(epoch / everyEpochs); cosine: lr * (1 + cos(pi s / S)) / 2.
 */
export type Schedule = { kind: 'constant' } | { kind: 'step'; everyEpochs: number; gamma: number } | { kind: 'cosine' };

export function scheduledRate(base: number, schedule: Schedule, step: number, stepsPerEpoch: number, totalSteps: number): number {
  switch (schedule.kind) {
    case 'constant':
      return base;
    case 'step':
      return base * schedule.gamma ** Math.floor(Math.floor(step / Math.max(1, stepsPerEpoch)) / schedule.everyEpochs);
    case 'cosine':
      return (base * (1 + Math.cos((Math.PI * Math.min(step, totalSteps)) / Math.max(1, totalSteps)))) / 2;
  }
}

/**
 * Scales every gradient by maxNorm / ||g|| when the global L2 norm ||g|| over all parameters is
 * above `maxNorm` (tf.clip_by_global_norm). Returns the norm before clipping (NaN/Infinity tell a
 * diverged step).
 */
export function clipGradients(params: readonly Parameter[], maxNorm: number | null): number {
  let sq = 0;
  for (const { grad } of params) for (let j = 0; j < grad.length; j++) sq += grad[j] * grad[j];
  const norm = Math.sqrt(sq);
  if (maxNorm !== null && norm > maxNorm && Number.isFinite(norm)) {
    const s = maxNorm / norm;
    for (const { grad } of params) for (let j = 0; j < grad.length; j++) grad[j] *= s;
  }
  return norm;
}
