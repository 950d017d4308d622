import { createConv2DTranspose } from '../../runtime/kernels/conv2dTranspose';
import { resolveTransposedGeometry } from '../../shape/transposedArithmetic';
import { trainingActivation } from './activationGrad';
import { createFusedForward } from './fusedForward';
import type { BackwardFactory } from './types';

/**
 * Conv2DTranspose in training. Forward is the runtime's kernel (re-prepared after each update),
 *   out[n, i*sH - padTop + ky*dH, j*sW - padLeft + kx*dW, f] += x[n, i, j, c] * k[ky, kx, f, c];
 * backward walks the same scatter and gathers, with dz = dy * act'(y):
 *   dKernel[ky, kx, f, c] += x[n, i, j, c] * dz[n, o, f],   dX[n, i, j, c] += k[ky, kx, f, c] * dz[n, o, f],
 * for every tap whose output pixel o lies inside the (cropped) output; dBias sums dz.
 */
export const conv2dTransposeBackward: BackwardFactory<'Conv2DTranspose'> = ({ step, params, weights, logits }) => {
  const [h, w, c] = step.inputShapes[0];
  const g = resolveTransposedGeometry(h, w, c, params, params.filters);
  const activation = trainingActivation(params.activation, logits);
  const kernel = weights.kernel;
  const bias = params.useBias ? weights.bias : null;
  const { inH, inW, inC, kH, kW, outH, outW, outC, strideH, strideW, dilationH, dilationW, padTop, padLeft } = g;
  const fused = createFusedForward((act) => createConv2DTranspose(g, kernel, bias, act), activation, outH * outW * outC, outC);
  return {
    name: `conv2dtranspose ${step.name}`,
    reload: fused.reload,
    forward: fused.forward,
    backward(inputs, output, dz, dInputs, grads, batch) {
      fused.activationGrad(output, dz, batch, grads.bias);
      const x = inputs[0];
      const dX = dInputs[0];
      const dKernel = grads.kernel ?? null;
      if (!dX && !dKernel) return;
      for (let n = 0; n < batch; n++) {
        for (let i = 0; i < inH; i++) {
          for (let j = 0; j < inW; j++) {
            const xs = ((n * inH + i) * inW + j) * inC;
            for (let ky = 0; ky < kH; ky++) {
              const oy = i * strideH - padTop + ky * dilationH;
              if (oy < 0 || oy >= outH) continue;
              for (let kx = 0; kx < kW; kx++) {
                const ox = j * strideW - padLeft + kx * dilationW;
                if (ox < 0 || ox >= outW) continue;
                const zs = ((n * outH + oy) * outW + ox) * outC;
                const ks = (ky * kW + kx) * outC * inC;
                for (let f = 0; f < outC; f++) {
                  const z = dz[zs + f];
                  if (z === 0) continue;
                  const kf = ks + f * inC;
                  for (let ci = 0; ci < inC; ci++) {
                    if (dKernel) dKernel[kf + ci] += x[xs + ci] * z;
                    if (dX) dX[xs + ci] += kernel[kf + ci] * z;
                  }
                }
              }
            }
          }
        }
      }
    },
  };
};
