import { applyActivation } from '../../runtime/kernels/applyActivation';
import type { ActivationFn } from '../../graph/types';
import type { PreparedOp } from '../../runtime/op';
import { activationGradNeedsInput, applyActivationGrad } from './activationGrad';

/**
 * The training forward of a layer with a bias and a fused activation (Dense, the convolutions),
 * run by its runtime kernel, and the first part of its backward. An activation whose gradient
 * needs its input runs after a linear kernel, keeping the pre-activation.
 */
export interface FusedForward {
  forward(inputs: readonly Float32Array[], batch: number, output: Float32Array): void;
  /** dz = dy * act'(y) in place, then dBias (when given) += the sum of dz over every pixel. */
  activationGrad(output: Float32Array, dz: Float32Array, batch: number, dBias: Float32Array | undefined): void;
  /** After the optimizer changed the weights: the kernel is prepared (packed) again on the next forward. */
  reload(): void;
}

/**
 * `prepare(activation)` builds the runtime kernel with that fused activation; `outPerSample`
 * values per sample, `channels` the last axis (softmax's, and the bias's).
 */
export function createFusedForward(prepare: (activation: ActivationFn) => PreparedOp, activation: ActivationFn, outPerSample: number, channels: number): FusedForward {
  const keepPre = activationGradNeedsInput(activation);
  let pre = new Float32Array(0);
  let op: PreparedOp | null = null;
  return {
    forward(inputs, batch, output) {
      op ??= prepare(keepPre ? 'linear' : activation);
      if (!keepPre) {
        op.run(inputs, batch, output);
        return;
      }
      const n = batch * outPerSample;
      if (pre.length < n) pre = new Float32Array(n);
      op.run(inputs, batch, pre);
      output.set(pre.subarray(0, n));
      applyActivation(activation, output, 0, n, channels);
    },
    activationGrad(output, dz, batch, dBias) {
      const n = batch * outPerSample;
      applyActivationGrad(activation, keepPre ? pre : null, output, dz, 0, n, channels);
      if (!dBias) return;
      for (let o = 0; o < n; o += channels) {
        for (let c = 0; c < channels; c++) dBias[c] += dz[o + c];
      }
    },
    reload() {
      op = null;
    },
  };
}
