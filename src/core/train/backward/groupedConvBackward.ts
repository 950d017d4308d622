import { applyActivation } from '../../runtime/kernels/applyActivation';
import { createGroupedConv2D } from '../../runtime/kernels/groupedConv2d';
import type { PreparedOp } from '../../runtime/op';
import type { ConvGeometry } from '../../shape/types';
import { activationGradNeedsInput, applyActivationGrad } from './activationGrad';
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
  const { inH, inW, inC, outH, outW, outC, kH, kW, strideH, strideW, dilationH, dilationW, padTop, padLeft } = g;
  const inG = inC / groups;
  const outG = outC / groups;
  const keepPre = activationGradNeedsInput(activation);
  let pre = new Float32Array(0);
  let forwardOp: PreparedOp | null = null;
  const prepare = () => (forwardOp = createGroupedConv2D(g, groups, kernel, bias, keepPre ? 'linear' : activation));
  return {
    name: label,
    reload() {
      forwardOp = null;
    },
    forward(inputs, batch, output) {
      const op = forwardOp ?? prepare();
      if (!keepPre) {
        op.run(inputs, batch, output);
        return;
      }
      const n = batch * outH * outW * outC;
      if (pre.length < n) pre = new Float32Array(n);
      op.run(inputs, batch, pre);
      output.set(pre.subarray(0, n));
      applyActivation(activation, output, 0, n, outC);
    },
    backward(inputs, output, dz, dInputs, grads, batch) {
      const total = batch * outH * outW;
      applyActivationGrad(activation, keepPre ? pre : null, output, dz, 0, total * outC, outC);
      const dBias = grads.bias;
      if (dBias) {
        for (let p = 0; p < total; p++) {
          const o = p * outC;
          for (let co = 0; co < outC; co++) dBias[co] += dz[o + co];
        }
      }
      const x = inputs[0];
      const dX = dInputs[0];
      const dKernel = grads.kernel ?? null;
      if (!dX && !dKernel) return;
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
    },
  };
}
