import { createDepthwiseConv2D } from '../../runtime/kernels/depthwiseConv2d';
import { trainingActivation } from './activationGrad';
import { createFusedForward } from './fusedForward';
import { convGradientsByGroup } from './groupedConvBackward';
import type { BackwardFactory } from './types';

/**
 * DepthwiseConv2D in training. Forward is the runtime's kernel (re-prepared after each update).
 * Output channel co = ci * dm + m reads input channel ci through depthwiseKernel[ky, kx, ci, m];
 * with dz = dy * act'(y):
 *   dBias[co] = sum of dz[.., co],
 *   dKernel[ky, kx, ci, m] += x[n, iy, ix, ci] * dz[n, oy, ox, co],
 *   dX[n, iy, ix, ci] += kernel[ky, kx, ci, m] * dz[n, oy, ox, co],
 * over every output pixel and tap whose input pixel lies inside (padding taps read 0).
 */
export const depthwiseConv2dBackward: BackwardFactory<'DepthwiseConv2D'> = ({ step, params, weights, logits }) => {
  const g = step.geometry;
  if (!g) throw new Error(`DepthwiseConv2D ${step.name}: the plan step has no geometry`);
  const activation = trainingActivation(params.activation, logits);
  const kernel = weights.depthwiseKernel;
  const bias = params.useBias ? weights.bias : null;
  const dm = params.depthMultiplier;
  const { outH, outW, outC } = g;
  const fused = createFusedForward((act) => createDepthwiseConv2D(g, dm, kernel, bias, act), activation, outH * outW * outC, outC);
  return {
    name: `depthwiseconv2d ${step.name}`,
    reload: fused.reload,
    forward: fused.forward,
    backward(inputs, output, dz, dInputs, grads, batch) {
      fused.activationGrad(output, dz, batch, grads.bias);
      // A depthwise kernel [kH, kW, inC, dm] is a grouped one with a group per input channel.
      convGradientsByGroup(inputs[0], kernel, dz, g, g.inC, batch, grads.depthwiseKernel ?? null, dInputs[0]);
    },
  };
};
