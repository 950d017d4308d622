import type { ActivationFn } from '../../graph/types';

/**
 * dy <- dL/dx in place, for y = fn(x) applied to `count` values from `start` (rows of `lastDim`
 * for softmax). Every activation here has a derivative expressible through its output, so only
 * y is needed: relu' = [y > 0], sigmoid' = y(1 - y), tanh' = 1 - y^2, and for softmax over a row
 * dx_i = y_i (dy_i - sum_j dy_j y_j). `x` is the input, for activations whose derivative needs it.
 */
export function applyActivationGrad(
  fn: ActivationFn, x: Float32Array | null, y: Float32Array, dy: Float32Array, start: number, count: number, lastDim: number,
): void {
  const end = start + count;
  void x;
  switch (fn) {
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
}

/** The activation a step's forward applies in training: none when the loss takes its logits. */
export function trainingActivation(fn: ActivationFn, logits: boolean): ActivationFn {
  return logits && (fn === 'softmax' || fn === 'sigmoid') ? 'linear' : fn;
}
