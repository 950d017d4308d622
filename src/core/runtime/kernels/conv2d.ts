import type { ActivationFn } from '../../graph/types';
import type { ConvGeometry } from '../../shape/types';
import type { PreparedOp } from '../op';
import { applyActivation } from './applyActivation';

/**
 * Conv2D, NHWC input, HWIO kernel [kH, kW, inC, outC], with bias and activation fused into the
 * write-out. out[n, oy, ox, co] = act(bias[co] + sum_{ky,kx,ci} x[n, oy*sH - padTop + ky*dH,
 * ox*sW - padLeft + kx*dW, ci] * k[ky, kx, ci, co]); taps that fall in the padding read 0.
 */
export function createConv2D(g: ConvGeometry, kernelHWIO: Float32Array, bias: Float32Array | null, activation: ActivationFn): PreparedOp {
  const { inH, inW, inC, outH, outW, outC, kH, kW, strideH, strideW, dilationH, dilationW, padTop, padLeft } = g;
  const expected = kH * kW * inC * outC;
  if (kernelHWIO.length !== expected) {
    throw new Error(`Conv2D: kernel has ${kernelHWIO.length} values, expected ${kH}*${kW}*${inC}*${outC} = ${expected}`);
  }
  if (bias && bias.length !== outC) throw new Error(`Conv2D: bias has ${bias.length} values, expected ${outC}`);
  const b = bias ?? new Float32Array(outC);
  const inPer = inH * inW * inC;
  const outPer = outH * outW * outC;
  const acc = new Float64Array(outC);
  return {
    name: 'conv2d.direct',
    run(inputs, batch, output) {
      const x = inputs[0];
      for (let n = 0; n < batch; n++) {
        const xBase = n * inPer;
        let o = n * outPer;
        for (let oy = 0; oy < outH; oy++) {
          for (let ox = 0; ox < outW; ox++) {
            for (let co = 0; co < outC; co++) acc[co] = b[co];
            for (let ky = 0; ky < kH; ky++) {
              const iy = oy * strideH - padTop + ky * dilationH;
              if (iy < 0 || iy >= inH) continue;
              for (let kx = 0; kx < kW; kx++) {
                const ix = ox * strideW - padLeft + kx * dilationW;
                if (ix < 0 || ix >= inW) continue;
                const p = xBase + (iy * inW + ix) * inC;
                let w = (ky * kW + kx) * inC * outC;
                for (let ci = 0; ci < inC; ci++) {
                  const v = x[p + ci];
                  for (let co = 0; co < outC; co++) acc[co] += v * kernelHWIO[w + co];
                  w += outC;
                }
              }
            }
            for (let co = 0; co < outC; co++) output[o + co] = acc[co];
            o += outC;
          }
        }
      }
      applyActivation(activation, output, 0, batch * outPer, outC);
    },
  };
}
