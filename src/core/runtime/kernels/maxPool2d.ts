import type { ConvGeometry } from '../../shape/types';
import type { PreparedOp } from '../op';
import { checkSizes } from './checkSizes';

/**
 * MaxPool2D over the window `g.kH x g.kW` (dilated by g.dilation*), NHWC, outC = inC.
 * Padded cells never win: the window is clipped to the real input. A window with no real cell
 * (only possible with explicit padding at least as large as the window) outputs 0.
 */
export function createMaxPool2D(g: ConvGeometry): PreparedOp {
  const { inH, inW, inC: c, outH, outW, strideH, strideW, dilationH, dilationW, padTop, padLeft, kH, kW } = g;
  checkSizes('MaxPool2D', { inH, inW, inC: c, kH, kW, outH, outW, strideH, strideW, dilationH, dilationW });
  const inPer = inH * inW * c;
  const outPer = outH * outW * c;
  const best = new Float32Array(c);
  return {
    name: 'maxpool2d',
    run(inputs, batch, output) {
      const x = inputs[0];
      for (let n = 0; n < batch; n++) {
        const xBase = n * inPer;
        let o = n * outPer;
        for (let oy = 0; oy < outH; oy++) {
          const y0 = oy * strideH - padTop;
          for (let ox = 0; ox < outW; ox++) {
            const x0 = ox * strideW - padLeft;
            best.fill(-Infinity);
            let any = false;
            for (let ky = 0; ky < kH; ky++) {
              const iy = y0 + ky * dilationH;
              if (iy < 0 || iy >= inH) continue;
              for (let kx = 0; kx < kW; kx++) {
                const ix = x0 + kx * dilationW;
                if (ix < 0 || ix >= inW) continue;
                any = true;
                const p = xBase + (iy * inW + ix) * c;
                for (let ch = 0; ch < c; ch++) {
                  const v = x[p + ch];
                  // `!(v <= best)` lets NaN win, so NaN propagates as in TensorFlow.
                  if (!(v <= best[ch])) best[ch] = v;
                }
              }
            }
            if (any) for (let ch = 0; ch < c; ch++) output[o + ch] = best[ch];
            else for (let ch = 0; ch < c; ch++) output[o + ch] = 0;
            o += c;
          }
        }
      }
    },
  };
}
