import { createDepthwiseConv2D } from '../../runtime/kernels/depthwiseConv2d';
import type { ConvGeometry } from '../../shape/types';
import { trainingActivation } from './activationGrad';
import { createFusedForward } from './fusedForward';
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
      depthwiseGradients(inputs[0], kernel, dz, g, dm, batch, grads.depthwiseKernel ?? null, dInputs[0]);
    },
  };
};

/** Adds the kernel's and the input's gradients (either may be null: nothing upstream trains, or a frozen kernel). */
export function depthwiseGradients(
  x: Float32Array, kernel: Float32Array, dz: Float32Array, g: ConvGeometry, dm: number, batch: number,
  dKernel: Float32Array | null, dX: Float32Array | null,
): void {
  if (!dKernel && !dX) return;
  const { inH, inW, inC, outH, outW, outC, kH, kW, strideH, strideW, dilationH, dilationW, padTop, padLeft } = g;
  const inPer = inH * inW * inC;
  for (let n = 0; n < batch; n++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        const zs = ((n * outH + oy) * outW + ox) * outC;
        for (let ky = 0; ky < kH; ky++) {
          const iy = oy * strideH - padTop + ky * dilationH;
          if (iy < 0 || iy >= inH) continue;
          for (let kx = 0; kx < kW; kx++) {
            const ix = ox * strideW - padLeft + kx * dilationW;
            if (ix < 0 || ix >= inW) continue;
            const xs = n * inPer + (iy * inW + ix) * inC;
            const ks = (ky * kW + kx) * outC;
            for (let ci = 0; ci < inC; ci++) {
              const xv = x[xs + ci];
              let dxv = 0;
              for (let m = 0; m < dm; m++) {
                const c = ci * dm + m;
                const z = dz[zs + c];
                if (dKernel) dKernel[ks + c] += xv * z;
                dxv += kernel[ks + c] * z;
              }
              if (dX) dX[xs + ci] += dxv;
            }
          }
        }
      }
    }
  }
}
