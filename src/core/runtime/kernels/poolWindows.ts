import type { ConvGeometry } from '../../shape/types';

/**
 * The part of each pooling window that lies on the real input, per output row and column:
 * taps `ky` in [kyFrom[oy], kyTo[oy]) and `kx` in [kxFrom[ox], kxTo[ox]) read input row
 * `oy * strideH - padTop + ky * dilationH` and column likewise; the others fall in the padding.
 * Computed once at prepare time so the pooling loops carry no bounds tests. `kyPadded[oy]` counts
 * the taps on the padded input (rows -padTop to inH + padBottom - 1): the divisor of PyTorch's
 * count_include_pad, which counts padding but not the overhang of ceil_mode.
 */
export interface PoolWindows {
  kyFrom: Int32Array; kyTo: Int32Array; kxFrom: Int32Array; kxTo: Int32Array;
  kyPadded: Int32Array; kxPadded: Int32Array;
  /** Element offset of each tap of a whole window (ky-major) from its first tap, NHWC. */
  tapOffsets: Int32Array;
}

/** Clips every window of `g` to the input. */
export function clipPoolWindows(g: ConvGeometry): PoolWindows {
  const rows = clipAxis(g.outH, g.strideH, g.padTop, g.padBottom, g.kH, g.dilationH, g.inH);
  const cols = clipAxis(g.outW, g.strideW, g.padLeft, g.padRight, g.kW, g.dilationW, g.inW);
  const tapOffsets = new Int32Array(g.kH * g.kW);
  for (let ky = 0; ky < g.kH; ky++) {
    for (let kx = 0; kx < g.kW; kx++) tapOffsets[ky * g.kW + kx] = (ky * g.dilationH * g.inW + kx * g.dilationW) * g.inC;
  }
  return { kyFrom: rows.from, kyTo: rows.to, kxFrom: cols.from, kxTo: cols.to, kyPadded: rows.padded, kxPadded: cols.padded, tapOffsets };
}

function clipAxis(outSize: number, stride: number, pad: number, padAfter: number, k: number, dilation: number, inSize: number): { from: Int32Array; to: Int32Array; padded: Int32Array } {
  const from = new Int32Array(outSize);
  const to = new Int32Array(outSize);
  const padded = new Int32Array(outSize);
  for (let o = 0; o < outSize; o++) {
    const start = o * stride - pad;
    let a = 0;
    while (a < k && start + a * dilation < 0) a++;
    let b = k;
    while (b > a && start + (b - 1) * dilation >= inSize) b--;
    from[o] = a;
    to[o] = b;
    let taps = k;
    while (taps > 0 && start + (taps - 1) * dilation >= inSize + padAfter) taps--;
    padded[o] = taps;
  }
  return { from, to, padded };
}
