import type { ConvGeometry } from '../../shape/types';
import type { PreparedOp } from '../op';
import { checkSizes } from './checkSizes';

/**
 * AvgPool2D over the window `g.kH x g.kW`, NHWC, outC = inC. As in TensorFlow, the sum over the
 * window is divided by the number of real (unpadded) cells it covers, so 'same' borders are not
 * darkened by zeros. A window with no real cell outputs 0.
 */
export function createAvgPool2D(g: ConvGeometry): PreparedOp {
  const { inH, inW, inC: c, outH, outW, strideH, strideW, dilationH, dilationW, padTop, padLeft, kH, kW } = g;
  checkSizes('AvgPool2D', { inH, inW, inC: c, kH, kW, outH, outW, strideH, strideW, dilationH, dilationW });
  const inPer = inH * inW * c;
  const outPer = outH * outW * c;
  const sum = new Float64Array(c);
  return {
    name: 'avgpool2d',
    run(inputs, batch, output) {
      const x = inputs[0];
      for (let n = 0; n < batch; n++) {
        const xBase = n * inPer;
        let o = n * outPer;
        for (let oy = 0; oy < outH; oy++) {
          const y0 = oy * strideH - padTop;
          for (let ox = 0; ox < outW; ox++) {
            const x0 = ox * strideW - padLeft;
            sum.fill(0);
            let count = 0;
            for (let ky = 0; ky < kH; ky++) {
              const iy = y0 + ky * dilationH;
              if (iy < 0 || iy >= inH) continue;
              for (let kx = 0; kx < kW; kx++) {
                const ix = x0 + kx * dilationW;
                if (ix < 0 || ix >= inW) continue;
                count++;
                const p = xBase + (iy * inW + ix) * c;
                for (let ch = 0; ch < c; ch++) sum[ch] += x[p + ch];
              }
            }
            const inv = count > 0 ? 1 / count : 0;
            for (let ch = 0; ch < c; ch++) output[o + ch] = sum[ch] * inv;
            o += c;
          }
        }
      }
    },
  };
}
