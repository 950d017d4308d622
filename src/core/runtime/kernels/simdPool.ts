import type { ConvGeometry } from '../../shape/types';
import { clipPoolWindows, type PoolWindows } from './poolWindows';
import type { SimdGemm } from './simdGemm';

/**
 * The SIMD path of a pooling op: runs the WebAssembly kernel (../wasm/poolKernel) when input and
 * output lie in the SIMD memory (the executor's arena does) and returns true; false otherwise,
 * and the caller runs its TypeScript loops.
 */
export type SimdPoolRun = (x: Float32Array, output: Float32Array, batch: number) => boolean;

/**
 * Writes the kernel's tables for the clipped `windows` of `g` into `simd` once: per output row and
 * column the byte offset of the first real tap and the number of real taps, and for the average
 * one float per output pixel, 1 / `divisor(oy, ox)` (0 for a window with no real cell). Returns
 * null when the memory cannot hold them.
 */
export function createSimdPool(
  simd: SimdGemm, kind: 'max' | 'avg', g: ConvGeometry, windows: PoolWindows, divisor: (oy: number, ox: number) => number,
): SimdPoolRun | null {
  const at = createSimdPoolAt(simd, kind, g, windows, divisor);
  if (!at) return null;
  return (x, output, batch) => {
    const xo = simd.offsetOf(x), yo = simd.offsetOf(output);
    if (xo < 0 || yo < 0) return false;
    at(xo, yo, batch);
    return true;
  };
}

/** createSimdPool for tensors given by their element offsets in the memory (a conv's own output region). */
export function createSimdPoolAt(
  simd: SimdGemm, kind: 'max' | 'avg', g: ConvGeometry, windows: PoolWindows, divisor: (oy: number, ox: number) => number,
): ((x: number, y: number, batch: number) => void) | null {
  const { inH, inW, inC: c, outH, outW, strideH, strideW, dilationH, dilationW, padTop, padLeft } = g;
  const pixels = outH * outW;
  const base = simd.allocate(2 * outH + 2 * outW + (kind === 'avg' ? pixels : 0));
  if (base < 0) return null;
  const rows = base, cols = base + 2 * outH, inv = cols + 2 * outW;
  const i32 = simd.i32, f32 = simd.f32;
  for (let oy = 0; oy < outH; oy++) {
    i32[rows + 2 * oy] = (oy * strideH - padTop + windows.kyFrom[oy] * dilationH) * inW * c * 4;
    i32[rows + 2 * oy + 1] = Math.max(0, windows.kyTo[oy] - windows.kyFrom[oy]);
  }
  for (let ox = 0; ox < outW; ox++) {
    i32[cols + 2 * ox] = (ox * strideW - padLeft + windows.kxFrom[ox] * dilationW) * c * 4;
    i32[cols + 2 * ox + 1] = Math.max(0, windows.kxTo[ox] - windows.kxFrom[ox]);
  }
  if (kind === 'avg') {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        const d = divisor(oy, ox);
        f32[inv + oy * outW + ox] = d > 0 ? 1 / d : 0;
      }
    }
  }
  const inPer = inH * inW * c;
  const dRow = dilationH * inW * c * 4, dCol = dilationW * c * 4;
  return (x, y, batch) => simd.pool(kind, x, y, batch, inPer, outH, outW, c, rows, cols, inv, dRow, dCol);
}

/** Global pooling as one window over the whole [h, w] map (divisor h * w for the average). */
export function createSimdGlobalPool(simd: SimdGemm, kind: 'max' | 'avg', h: number, w: number, c: number): SimdPoolRun | null {
  const g: ConvGeometry = {
    inH: h, inW: w, inC: c, kH: h, kW: w, effKH: h, effKW: w, strideH: 1, strideW: 1, dilationH: 1, dilationW: 1,
    padTop: 0, padBottom: 0, padLeft: 0, padRight: 0, outH: 1, outW: 1, outC: c,
  };
  return createSimdPool(simd, kind, g, clipPoolWindows(g), () => h * w);
}
