import type { ConvGeometry } from '../../shape/types';
import type { PreparedOp } from '../op';
import { checkSizes } from './checkSizes';
import { WIDE_CHANNELS } from './maxPool2d';
import { clipPoolWindows } from './poolWindows';
import type { SimdGemm } from './simdGemm';
import { createSimdPool } from './simdPool';
import { geometryOf, type KernelFactory } from '../kernelFactory';

/**
 * AvgPool2D over the window `g.kH x g.kW`, NHWC, outC = inC. As in TensorFlow, the sum over the
 * window is divided by the number of real (unpadded) cells it covers, so 'same' borders are not
 * darkened by zeros; with `countIncludePad` (PyTorch's count_include_pad) by the cells it covers
 * on the padded input instead. A window with no real cell outputs 0. Windows are clipped to the
 * input once, here; each output value is summed in a local (double) before it is stored.
 */
export function createAvgPool2D(g: ConvGeometry, simd: SimdGemm | null = null, countIncludePad = false): PreparedOp {
  const { inH, inW, inC: c, outH, outW, strideH, strideW, dilationH, dilationW, padTop, padLeft, kH, kW } = g;
  checkSizes('AvgPool2D', { inH, inW, inC: c, kH, kW, outH, outW, strideH, strideW, dilationH, dilationW });
  const windows = clipPoolWindows(g);
  const { kyFrom, kyTo, kxFrom, kxTo, kyPadded, kxPadded, tapOffsets } = windows;
  const taps = kH * kW;
  const inPer = inH * inW * c;
  const outPer = outH * outW * c;
  const rowStride = dilationH * inW * c;
  const colStride = dilationW * c;
  const wide = c >= WIDE_CHANNELS;
  const sum = new Float64Array(c);
  const divisorOf = (oy: number, ox: number) => (countIncludePad ? kyPadded[oy] * kxPadded[ox] : (kyTo[oy] - kyFrom[oy]) * (kxTo[ox] - kxFrom[ox]));
  const simdRun = simd && createSimdPool(simd, 'avg', g, windows, divisorOf);
  return {
    name: simdRun ? 'avgpool2d.simd' : 'avgpool2d',
    run(inputs, batch, output) {
      const x = inputs[0];
      if (simdRun?.(x, output, batch)) return;
      for (let n = 0; n < batch; n++) {
        let o = n * outPer;
        for (let oy = 0; oy < outH; oy++) {
          const ky0 = kyFrom[oy];
          const rows = kyTo[oy] - ky0;
          const rowBase = n * inPer + (oy * strideH - padTop + ky0 * dilationH) * inW * c;
          for (let ox = 0; ox < outW; ox++) {
            const kx0 = kxFrom[ox];
            const cols = kxTo[ox] - kx0;
            const count = rows * cols;
            const divisor = countIncludePad ? kyPadded[oy] * kxPadded[ox] : count;
            const inv = count > 0 ? 1 / divisor : 0;
            const base = rowBase + (ox * strideW - padLeft + kx0 * dilationW) * c;
            if (count === taps) {
              // A window wholly on the input (most of them): one flat loop over its taps.
              for (let ch = 0; ch < c; ch++, o++) {
                const p = base + ch;
                let total = x[p];
                for (let t = 1; t < taps; t++) total += x[p + tapOffsets[t]];
                output[o] = total * inv;
              }
              continue;
            }
            if (wide) {
              // Many channels: whole pixels at a time, contiguous, summed in doubles.
              sum.fill(0);
              for (let r = 0, p = base; r < rows; r++, p += rowStride) {
                for (let k = 0, q = p; k < cols; k++, q += colStride) {
                  for (let ch = 0; ch < c; ch++) sum[ch] += x[q + ch];
                }
              }
              for (let ch = 0; ch < c; ch++, o++) output[o] = sum[ch] * inv;
              continue;
            }
            for (let ch = 0; ch < c; ch++, o++) {
              let total = 0;
              for (let r = 0, p = base + ch; r < rows; r++, p += rowStride) {
                for (let k = 0, q = p; k < cols; k++, q += colStride) total += x[q];
              }
              output[o] = total * inv;
            }
          }
        }
      }
    },
  };
}

export const avgPool2DKernel: KernelFactory<'AvgPool2D'> = (step, ctx) => createAvgPool2D(geometryOf(step), ctx.simd(), step.params.countIncludePad);
