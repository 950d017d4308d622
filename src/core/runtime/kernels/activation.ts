import type { ActivationFn } from '../../graph/types';
import type { PreparedOp } from '../op';
import { applyActivation } from './applyActivation';

/**
 * The Activation layer: `fn` elementwise, or softmax over the last axis (rows of `lastDim`).
 * Copies input to output first, so it also works when the executor gives distinct buffers.
 * `alpha` is leakyRelu's slope or elu's scale (absent: ALPHA_DEFAULTS).
 */
export function createActivation(fn: ActivationFn, perSample: number, lastDim: number, alpha?: number): PreparedOp {
  if (fn === 'softmax' && (lastDim <= 0 || perSample % lastDim !== 0)) {
    throw new Error(`Activation softmax: per-sample size ${perSample} is not a multiple of the last axis ${lastDim}`);
  }
  return {
    name: `activation.${fn}`,
    run(inputs, batch, output) {
      const total = batch * perSample;
      const x = inputs[0];
      if (x !== output) output.set(x.subarray(0, total));
      applyActivation(fn, output, 0, total, lastDim, alpha);
    },
  };
}
