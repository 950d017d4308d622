import { ALPHA_DEFAULTS, type ActivationFn } from '../../graph/types';
import { normalCdf } from '../../runtime/kernels/normalCdf';

/** Activations whose derivative is read off the output alone; the others need the input x. */
const FROM_OUTPUT: ReadonlySet<ActivationFn> = new Set(['linear', 'relu', 'sigmoid', 'tanh', 'softmax']);

/** Whether the backward of `fn` needs its input (a fused Conv2D / Dense then keeps its pre-activation). */
export function activationGradNeedsInput(fn: ActivationFn): boolean {
  return !FROM_OUTPUT.has(fn);
}

const SQRT_2PI = Math.sqrt(2 * Math.PI);
const GELU_C = Math.sqrt(2 / Math.PI);

/**
 * dy <- dL/dx in place, for y = fn(x) applied to `count` values from `start` (rows of `lastDim`
 * for softmax). From the output: relu' = [y > 0], sigmoid' = y(1 - y), tanh' = 1 - y^2, softmax
 * over a row dx_i = y_i (dy_i - sum_j dy_j y_j). From the input x (null only for the former):
 * leakyRelu [x > 0] + alpha [x <= 0]; relu6 [0 < x <= 6]; elu [x > 0] + (y + alpha) [x <= 0];
 * gelu Phi(x) + x phi(x); geluTanh with u = c (x + 0.044715 x^3), t = tanh u:
 * (1 + t)/2 + x (1 - t^2) c (1 + 3 * 0.044715 x^2) / 2; silu s (1 + x (1 - s)), s = sigmoid x;
 * hardSigmoid [-3 < x < 3] / 6; hardSwish 0 below -3, 1 above 3, (2x + 3)/6 between;
 * softplus sigmoid(x). The kinks take TensorFlow.js's one-sided choices.
 */
export function applyActivationGrad(
  fn: ActivationFn, x: Float32Array | null, y: Float32Array, dy: Float32Array, start: number, count: number, lastDim: number, alpha?: number,
): void {
  const end = start + count;
  if (activationGradNeedsInput(fn) && !x) throw new Error(`the ${fn} gradient needs the activation's input`);
  const xs = x as Float32Array;
  const sig = (v: number) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));
  switch (fn) {
    case 'leakyRelu': {
      const a = alpha ?? ALPHA_DEFAULTS.leakyRelu;
      for (let i = start; i < end; i++) if (!(xs[i] > 0)) dy[i] *= a;
      return;
    }
    case 'relu6':
      for (let i = start; i < end; i++) if (!(xs[i] > 0 && xs[i] <= 6)) dy[i] = 0;
      return;
    case 'elu': {
      const a = alpha ?? ALPHA_DEFAULTS.elu;
      for (let i = start; i < end; i++) if (!(xs[i] > 0)) dy[i] *= a * Math.exp(xs[i]);
      return;
    }
    case 'gelu':
      for (let i = start; i < end; i++) {
        const v = xs[i];
        dy[i] *= normalCdf(v) + (v * Math.exp(-0.5 * v * v)) / SQRT_2PI;
      }
      return;
    case 'geluTanh':
      for (let i = start; i < end; i++) {
        const v = xs[i];
        const t = Math.tanh(GELU_C * (v + 0.044715 * v * v * v));
        dy[i] *= 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * GELU_C * (1 + 3 * 0.044715 * v * v);
      }
      return;
    case 'silu':
      for (let i = start; i < end; i++) {
        const s = sig(xs[i]);
        dy[i] *= s * (1 + xs[i] * (1 - s));
      }
      return;
    case 'hardSigmoid':
      for (let i = start; i < end; i++) dy[i] *= xs[i] > -3 && xs[i] < 3 ? 1 / 6 : 0;
      return;
    case 'hardSwish':
      for (let i = start; i < end; i++) {
        const v = xs[i];
        dy[i] *= v < -3 ? 0 : v > 3 ? 1 : (2 * v + 3) / 6;
      }
      return;
    case 'softplus':
      for (let i = start; i < end; i++) dy[i] *= sig(xs[i]);
      return;
    case 'linear':
      return;
    case 'relu':
      for (let i = start; i < end; i++) if (!(y[i] > 0)) dy[i] = 0;
      return;
    case 'sigmoid':
      for (let i = start; i < end; i++) dy[i] *= y[i] * (1 - y[i]);
      return;
    case 'tanh':
      for (let i = start; i < end; i++) dy[i] *= 1 - y[i] * y[i];
      return;
    case 'softmax':
      for (let row = start; row < end; row += lastDim) {
        let dot = 0;
        for (let i = row; i < row + lastDim; i++) dot += dy[i] * y[i];
        for (let i = row; i < row + lastDim; i++) dy[i] = y[i] * (dy[i] - dot);
      }
      return;
  }
  // Every case returns: a new activation name fails to compile here until its gradient is added.
  fn satisfies never;
}

/** The activation a step's forward applies in training: none when the loss takes its logits. */
export function trainingActivation(fn: ActivationFn, logits: boolean): ActivationFn {
  return logits && (fn === 'softmax' || fn === 'sigmoid') ? 'linear' : fn;
}
