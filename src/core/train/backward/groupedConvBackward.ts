import { createGroupedConv2D } from '../../runtime/kernels/groupedConv2d';
import type { ConvGeometry } from '../../shape/types';
import { createFusedForward } from './fusedForward';
import type { TrainableOp } from './types';

/**
 * Grouped Conv2D (groups > 1, kernel [kH, kW, inC/groups, outC]) in training. Forward is the
 * runtime's grouped kernel (re-prepared after each update, as it slices the kernel per group);
 * backward, with dz = dy * act'(y) and output channel co in group j = floor(co / (outC/groups)):
 *   dKernel[ky, kx, c, co] += x[n, iy, ix, j*inG + c] * dz[n, oy, ox, co],
 *   dX[n, iy, ix, j*inG + c] += kernel[ky, kx, c, co] * dz[n, oy, ox, co],
 * over every tap whose input pixel lies inside; dBias sums dz.
 */
export function createGroupedConvTraining(
  g: ConvGeometry, groups: number, kernel: Float32Array, bias: Float32Array | null,
  activation: Parameters<typeof createGroupedConv2D>[4], label: string,
): TrainableOp {
  const { outH, outW, outC } = g;
  const fused = createFusedForward((act) => createGroupedConv2D(g, groups, kernel, bias, act), activation, outH * outW * outC, outC);
  return {
    name: label,
    reload: fused.reload,
    forward: fused.forward,
    backward(inputs, output, dz, dInputs, grads, batch) {
      fused.activationGrad(output, dz, batch, grads.bias);
      convGradientsByGroup(inputs[0], kernel, dz, g, groups, batch, grads.kernel ?? null, dInputs[0]);
    },
  };
}

/**
 * Adds the kernel's and the input's gradients of a grouped convolution (either may be null:
 * nothing upstream trains, or a frozen kernel). Kernel [kH, kW, inC/groups, outC]; a depthwise
 * kernel [kH, kW, inC, dm] is the same layout with groups = inC (output channel ci * dm + m).
 */
export function convGradientsByGroup(
  x: Float32Array, kernel: Float32Array, dz: Float32Array, g: ConvGeometry, groups: number, batch: number,
  dKernel: Float32Array | null, dX: Float32Array | null,
): void {
  if (!dX && !dKernel) return;
  const { inH, inW, inC, outH, outW, outC, kH, kW, strideH, strideW, dilationH, dilationW, padTop, padLeft } = g;
  const inG = inC / groups;
  const outG = outC / groups;
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
            const ks = (ky * kW + kx) * inG * outC;
            for (let j = 0; j < groups; j++) {
              for (let c = 0; c < inG; c++) {
                const xi = xs + j * inG + c;
                const xv = x[xi];
                const kr = ks + c * outC;
                let dxv = 0;
                for (let co = j * outG, end = co + outG; co < end; co++) {
                  const z = dz[zs + co];
                  if (dKernel) dKernel[kr + co] += xv * z;
                  dxv += kernel[kr + co] * z;
                }
                if (dX) dX[xi] += dxv;
              }
            }
          }
        }
      }
    }
  }
}
