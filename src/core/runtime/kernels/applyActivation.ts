import { ALPHA_DEFAULTS, type ActivationFn } from '../../graph/types';
import { EXP_STEPS, EXP_TABLE, EXP_TABLE_MIN } from './expTable';
import { normalCdf } from './normalCdf';

/**
 * Applies `fn` in place to `data[start, start + count)`, which holds `count / lastDim` rows of
 * `lastDim` values. Softmax runs over each row, subtracting the row max first so exp never
 * overflows: softmax(x)_i = exp(x_i - max x) / sum_j exp(x_j - max x).
 * Shared by the Activation kernel and the fused write-out of Conv2D and Dense. tanh and sigmoid
 * go through ./expTable, in double precision: float32 results as from Math.tanh and
 * 1 / (1 + Math.exp(-x)) (what TensorFlow.js computes), at a third of the cost. The others are
 * computed in double precision from their definitions (see ACTIVATIONS), in forms that neither
 * overflow nor cancel. `alpha` is leakyRelu's slope or elu's scale (others ignore it); a fused
 * activation takes the default. NaN stays NaN in every one.
 */
export function applyActivation(
  fn: ActivationFn, data: Float32Array, start: number, count: number, lastDim: number, alpha?: number,
): void {
  const end = start + count;
  switch (fn) {
    case 'linear':
      return;
    case 'relu':
      // `< 0` keeps NaN as NaN, like tf.relu.
      for (let i = start; i < end; i++) if (data[i] < 0) data[i] = 0;
      return;
    case 'sigmoid':
      return applySigmoid(data, start, end);
    case 'tanh':
      return applyTanh(data, start, end);
    case 'softmax':
      for (let row = start; row < end; row += lastDim) softmaxRow(data, row, row + lastDim);
      return;
    case 'leakyRelu': {
      const slope = alpha ?? ALPHA_DEFAULTS.leakyRelu;
      for (let i = start; i < end; i++) if (data[i] < 0) data[i] *= slope;
      return;
    }
    case 'relu6':
      for (let i = start; i < end; i++) {
        const x = data[i];
        if (x < 0) data[i] = 0;
        else if (x > 6) data[i] = 6;
      }
      return;
    case 'elu': {
      const scale = alpha ?? ALPHA_DEFAULTS.elu;
      // expm1 keeps e^x - 1 accurate near 0, where e^x - 1 would cancel.
      for (let i = start; i < end; i++) if (data[i] < 0) data[i] = scale * Math.expm1(data[i]);
      return;
    }
    case 'gelu':
      for (let i = start; i < end; i++) {
        const p = normalCdf(data[i]);
        data[i] = p === 0 ? -0 : data[i] * p; // the limit at -Infinity, not Infinity * 0
      }
      return;
    case 'geluTanh':
      return applyGeluTanh(data, start, end);
    case 'silu':
      for (let i = start; i < end; i++) {
        // x / (1 + e^-x); once e^-x overflows (x < -709) the value is -0, also at -Infinity.
        const e = Math.exp(-data[i]);
        data[i] = e === Infinity ? -0 : data[i] / (1 + e);
      }
      return;
    case 'hardSigmoid':
      for (let i = start; i < end; i++) data[i] = hardSigmoid(data[i]);
      return;
    case 'hardSwish':
      for (let i = start; i < end; i++) {
        // x relu6(x + 3) / 6 by its branches, so -Infinity gives 0 rather than -Infinity * 0.
        const x = data[i];
        const t = x + 3;
        data[i] = t <= 0 ? 0 : t >= 6 ? x : (x * t) / 6;
      }
      return;
    case 'softplus':
      for (let i = start; i < end; i++) {
        // max(x, 0) + log(1 + e^-|x|): e^x never overflows and log1p keeps the small tail.
        const x = data[i];
        data[i] = x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
      }
      return;
  }
}

/** relu6(x + 3) / 6 (Keras 3 and PyTorch; Keras 2's was 0.2x + 0.5). NaN falls through both tests. */
function hardSigmoid(x: number): number {
  const t = x + 3;
  return t < 0 ? 0 : t > 6 ? 1 : t / 6;
}

const GELU_TANH_C = Math.sqrt(2 / Math.PI);

/**
 * x/2 (1 + tanh u), u = sqrt(2/pi) (x + 0.044715 x^3), written as x / (1 + e^(-2u)) (the same
 * value, since 1 + tanh u = 2 / (1 + e^(-2u))), which does not cancel for negative x.
 */
function applyGeluTanh(data: Float32Array, start: number, end: number): void {
  for (let i = start; i < end; i++) {
    const x = data[i];
    const u = GELU_TANH_C * (x + 0.044715 * x * x * x);
    const e = Math.exp(-2 * u);
    data[i] = e === Infinity ? -0 : x / (1 + e); // -0 is also the limit at -Infinity
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

/**
 * tanh(x) = (1 - e) / (1 + e), e = e^(-2|x|), with the sign of x; an odd Taylor series near 0,
 * where 1 - e would cancel. e^y comes from EXP_TABLE times e^d (see ./expTable), inlined.
 */
function applyTanh(data: Float32Array, start: number, end: number): void {
  // Locals: an imported binding can compile to a getter call per access (CommonJS interop).
  const table = EXP_TABLE;
  const steps = EXP_STEPS;
  for (let i = start; i < end; i++) {
    const x = data[i];
    const a = x < 0 ? -x : x;
    let t: number;
    if (a < 0.125) {
      // Terms to x^13; the next is below 3e-17 relative here.
      const z = a * a;
      t = a * (1 + z * (-1 / 3 + z * (2 / 15 + z * (-17 / 315 + z * (62 / 2835 + z * (-1382 / 155925 + z * (21844 / 6081075)))))));
    } else if (a < 20) {
      const y = -2 * a;
      const k = Math.floor(-y * steps);
      const d = y + k / steps;
      const e = table[k] * (1 + d * (1 + d * (0.5 + d * (1 / 6 + d * (1 / 24 + d * (1 / 120 + d * (1 / 720 + d / 5040)))))));
      t = (1 - e) / (1 + e);
    } else if (a === a) {
      t = 1; // float32 tanh is exactly 1 from |x| = 9.1
    } else {
      continue; // NaN stays NaN
    }
    data[i] = x < 0 ? -t : t;
  }
}

/** 1 / (1 + e^-x) for x >= 0, e^x / (1 + e^x) below, so the exponential never overflows. */
function applySigmoid(data: Float32Array, start: number, end: number): void {
  const table = EXP_TABLE;
  const steps = EXP_STEPS;
  const min = -EXP_TABLE_MIN;
  for (let i = start; i < end; i++) {
    const x = data[i];
    if (x >= 40) {
      data[i] = 1;
      continue;
    }
    if (!(x > min)) {
      if (x === x) data[i] = 0; // below float32's smallest value; NaN stays NaN
      continue;
    }
    const y = x < 0 ? x : -x;
    const k = Math.floor(-y * steps);
    const d = y + k / steps;
    const e = table[k] * (1 + d * (1 + d * (0.5 + d * (1 / 6 + d * (1 / 24 + d * (1 / 120 + d * (1 / 720 + d / 5040)))))));
    data[i] = x < 0 ? e / (1 + e) : 1 / (1 + e);
  }
}
