import { createDense } from '../../runtime/kernels/dense';
import type { PreparedOp } from '../../runtime/op';
import { applyActivation } from '../../runtime/kernels/applyActivation';
import { activationGradNeedsInput, applyActivationGrad, trainingActivation } from './activationGrad';
import { createMatMulScratch, matMulAdd } from './matMulAdd';
import type { BackwardFactory } from './types';

/**
 * Dense in training: forward is the runtime's kernel (re-prepared after each update). With
 * dz = dy * act'(y) [batch x units] and x [batch x in]:
 *   dBias = column sums of dz,   dKernel += x^T dz,   dx += dz kernel^T.
 */
export const denseBackward: BackwardFactory<'Dense'> = ({ step, params, weights, logits }) => {
  const inSize = step.inputShapes[0].reduce((a, b) => a * b, 1);
  const units = params.units;
  const activation = trainingActivation(params.activation, logits);
  const kernel = weights.kernel;
  const bias = params.useBias ? weights.bias : null;
  const scratch = createMatMulScratch();
  // An activation whose gradient needs its input runs after a linear Dense, keeping the pre-activation.
  const keepPre = activationGradNeedsInput(activation);
  let pre = new Float32Array(0);
  let forwardOp: PreparedOp | null = null;
  return {
    name: `dense ${step.name}`,
    reload() {
      forwardOp = null;
    },
    forward(inputs, batch, output) {
      const op = (forwardOp ??= createDense(inSize, units, kernel, bias, keepPre ? 'linear' : activation));
      if (!keepPre) {
        op.run(inputs, batch, output);
        return;
      }
      const n = batch * units;
      if (pre.length < n) pre = new Float32Array(n);
      op.run(inputs, batch, pre);
      output.set(pre.subarray(0, n));
      applyActivation(activation, output, 0, n, units);
    },
    backward(inputs, output, dz, dInputs, grads, batch) {
      const x = inputs[0];
      applyActivationGrad(activation, keepPre ? pre : null, output, dz, 0, batch * units, units);
      if (grads.bias) {
        for (let n = 0; n < batch; n++) for (let u = 0; u < units; u++) grads.bias[u] += dz[n * units + u];
      }
      if (grads.kernel) {
        matMulAdd(
          { data: x, offset: 0, rowStride: 1, colStride: inSize },
          { data: dz, offset: 0, rowStride: units, colStride: 1 },
          inSize, batch, units, grads.kernel, 0, units, scratch,
        );
      }
      const dX = dInputs[0];
      if (dX) {
        matMulAdd(
          { data: dz, offset: 0, rowStride: units, colStride: 1 },
          { data: kernel, offset: 0, rowStride: 1, colStride: units },
          batch, units, inSize, dX, 0, inSize, scratch,
        );
      }
    },
  };
};
