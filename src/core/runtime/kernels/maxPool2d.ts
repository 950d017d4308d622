import type { ConvGeometry } from '../../shape/types';
import type { PreparedOp } from '../op';
import { checkSizes } from './checkSizes';
import { clipPoolWindows } from './poolWindows';
import type { SimdGemm } from './simdGemm';
import { createSimdPool } from './simdPool';
import { geometryOf, type KernelFactory } from '../kernelFactory';

/** From this many channels the loops run over whole pixels; below it, one channel at a time. */
export const WIDE_CHANNELS = 16;

/**
 * MaxPool2D over the window `g.kH x g.kW` (dilated by g.dilation*), NHWC, outC = inC.
 * Padded cells never win: the window is clipped to the real input (once, here). A window with no
 * real cell (only possible with explicit padding at least as large as the window) outputs 0.
 */
export function createMaxPool2D(g: ConvGeometry, simd: SimdGemm | null = null): PreparedOp {
  const { inH, inW, inC: c, outH, outW, strideH, strideW, dilationH, dilationW, padTop, padLeft, kH, kW } = g;
  checkSizes('MaxPool2D', { inH, inW, inC: c, kH, kW, outH, outW, strideH, strideW, dilationH, dilationW });
  const windows = clipPoolWindows(g);
  const { kyFrom, kyTo, kxFrom, kxTo, tapOffsets } = windows;
  const taps = kH * kW;
  const inPer = inH * inW * c;
  const outPer = outH * outW * c;
  const rowStride = dilationH * inW * c;
  const colStride = dilationW * c;
  const wide = c >= WIDE_CHANNELS;
  const simdRun = simd && createSimdPool(simd, 'max', g, windows, () => 0);
  return {
    name: simdRun ? 'maxpool2d.simd' : 'maxpool2d',
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
            const base = rowBase + (ox * strideW - padLeft + kx0 * dilationW) * c;
            if (rows * cols === taps) {
              // A window wholly on the input (most of them): one flat loop over its taps.
              for (let ch = 0; ch < c; ch++, o++) {
                const p = base + ch;
                let best = x[p];
                for (let t = 1; t < taps; t++) {
                  const v = x[p + tapOffsets[t]];
                  // `v !== v` lets a NaN win and stay, wherever it sits in the window.
                  if (v > best || v !== v) best = v;
                }
                output[o] = best;
              }
              continue;
            }
            if (rows <= 0 || cols <= 0) {
              for (let ch = 0; ch < c; ch++, o++) output[o] = 0;
              continue;
            }
            if (wide) {
              // Many channels: whole pixels at a time, contiguous, the running max kept in the output.
              for (let r = 0, p = base; r < rows; r++, p += rowStride) {
                for (let k = 0, q = p; k < cols; k++, q += colStride) {
                  if (r === 0 && k === 0) {
                    for (let ch = 0; ch < c; ch++) output[o + ch] = x[q + ch];
                    continue;
                  }
                  for (let ch = 0; ch < c; ch++) {
                    const v = x[q + ch];
                    // `v !== v` lets a NaN win and stay, wherever it sits in the window.
                    if (v > output[o + ch] || v !== v) output[o + ch] = v;
                  }
                }
              }
              o += c;
              continue;
            }
            for (let ch = 0; ch < c; ch++, o++) {
              let best = -Infinity;
              for (let r = 0, p = base + ch; r < rows; r++, p += rowStride) {
                for (let k = 0, q = p; k < cols; k++, q += colStride) {
                  const v = x[q];
                  if (v > best || v !== v) best = v;
                }
              }
              output[o] = best;
            }
          }
        }
      }
    },
  };
}

export const maxPool2DKernel: KernelFactory<'MaxPool2D'> = (step, ctx) => createMaxPool2D(geometryOf(step), ctx.simd());
