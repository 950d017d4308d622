import { createDense } from '../../runtime/kernels/dense';
import { trainingActivation } from './activationGrad';
import { createFusedForward } from './fusedForward';
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
  const fused = createFusedForward((act) => createDense(inSize, units, kernel, bias, act), activation, units, units);
  return {
    name: `dense ${step.name}`,
    reload: fused.reload,
    forward: fused.forward,
    backward(inputs, output, dz, dInputs, grads, batch) {
      const x = inputs[0];
      fused.activationGrad(output, dz, batch, grads.bias);
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
