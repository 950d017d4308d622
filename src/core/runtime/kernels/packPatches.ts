import type { ConvGeometry } from '../../shape/types';
import { MR } from './gemm';

/**
 * im2col straight into the GEMM's packed A layout: output pixels `m0 .. m0 + rows - 1` (counted
 * over the whole batch, row-major over [n, oy, ox]) become rows of length kH*kW*inC in HWIO tap
 * order, MR rows interleaved per panel, written to `dst` from `dstOffset`. Taps in the padding
 * are 0; the missing rows of a last, partial panel are 0 too. Reads only the samples those
 * pixels belong to.
 */
export function packPatches(x: Float32Array, g: ConvGeometry, m0: number, rows: number, dst: Float32Array, dstOffset: number): void {
  const { inH, inW, inC, outH, outW, kH, kW, strideH, strideW, dilationH, dilationW, padTop, padLeft } = g;
  const depth = kH * kW * inC;
  const outHW = outH * outW;
  const inPer = inH * inW * inC;
  const padded = Math.ceil(rows / MR) * MR;
  for (let r = 0; r < padded; r++) {
    let d = dstOffset + (r - (r & 3)) * depth + (r & 3);
    if (r >= rows) {
      for (let k = 0; k < depth; k++, d += MR) dst[d] = 0;
      continue;
    }
    const m = m0 + r;
    const n = Math.floor(m / outHW);
    const rem = m - n * outHW;
    const oy = Math.floor(rem / outW);
    const ox = rem - oy * outW;
    const xBase = n * inPer;
    const y0 = oy * strideH - padTop;
    const x0 = ox * strideW - padLeft;
    for (let ky = 0; ky < kH; ky++) {
      const iy = y0 + ky * dilationH;
      const rowInside = iy >= 0 && iy < inH;
      for (let kx = 0; kx < kW; kx++) {
        const ix = x0 + kx * dilationW;
        if (rowInside && ix >= 0 && ix < inW) {
          const s = xBase + (iy * inW + ix) * inC;
          for (let ci = 0; ci < inC; ci++, d += MR) dst[d] = x[s + ci];
        } else {
          for (let ci = 0; ci < inC; ci++, d += MR) dst[d] = 0;
        }
      }
    }
  }
}
