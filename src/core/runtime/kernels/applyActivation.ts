import type { ActivationFn } from '../../graph/types';

/**
 * Applies `fn` in place to `data[start, start + count)`, which holds `count / lastDim` rows of
 * `lastDim` values. Softmax runs over each row, subtracting the row max first so exp never
 * overflows: softmax(x)_i = exp(x_i - max x) / sum_j exp(x_j - max x).
 * Shared by the Activation kernel and the fused write-out of Conv2D and Dense.
 */
export function applyActivation(fn: ActivationFn, data: Float32Array, start: number, count: number, lastDim: number): void {
  const end = start + count;
  switch (fn) {
    case 'linear':
      return;
    case 'relu':
      // `< 0` keeps NaN as NaN, like tf.relu.
      for (let i = start; i < end; i++) if (data[i] < 0) data[i] = 0;
      return;
    case 'sigmoid':
      for (let i = start; i < end; i++) data[i] = 1 / (1 + Math.exp(-data[i]));
      return;
    case 'tanh':
      for (let i = start; i < end; i++) data[i] = Math.tanh(data[i]);
      return;
    case 'softmax':
      for (let row = start; row < end; row += lastDim) softmaxRow(data, row, row + lastDim);
      return;
  }
}

function softmaxRow(data: Float32Array, from: number, to: number): void {
  let max = -Infinity;
  for (let i = from; i < to; i++) if (data[i] > max) max = data[i];
  let sum = 0;
  for (let i = from; i < to; i++) {
    const e = Math.exp(data[i] - max);
    data[i] = e;
    sum += e;
  }
  const inv = 1 / sum;
  for (let i = from; i < to; i++) data[i] *= inv;
}
