/**
 * How an ONNX value (NCHW, batch first) is laid out in the graph document (NHWC, per sample), and
 * the weight rearrangements that follow from it.
 */

/**
 * - map: ONNX [N, C, H, W] is ours [H, W, C];
 * - vector: ONNX [N, F] is ours [F], same order;
 * - pooled: ONNX [N, C, 1, 1] (a global pool with keepdims) is ours [C];
 * - flattened: ONNX [N, C*H*W] in C, H, W order is ours [H*W*C] in H, W, C order (a Flatten of a map):
 *   whatever reads it with weights (Gemm, MatMul) gets its rows reordered;
 * - nhwc: ONNX [N, H, W, C] is ours [H, W, C], same order: a map transposed to channels-last, which
 *   only a Reshape, a Flatten or the Transpose back to NCHW may read (how NHWC exporters reshape);
 * - unknown: made by a node that was not mapped.
 */
export type Layout =
  | { type: 'map' }
  | { type: 'vector' }
  | { type: 'pooled' }
  | { type: 'flattened'; h: number; w: number; c: number }
  | { type: 'nhwc' }
  | { type: 'unknown' };

/** The ONNX shape (batch 1) that our per-sample shape stands for under a layout. */
export function toOnnxShape(shape: readonly number[], layout: Layout): number[] | null {
  switch (layout.type) {
    case 'map': return shape.length === 3 ? [1, shape[2], shape[0], shape[1]] : null;
    case 'vector': return [1, ...shape];
    case 'pooled': return shape.length === 1 ? [1, shape[0], 1, 1] : null;
    case 'flattened': return [1, ...shape];
    case 'nhwc': return shape.length === 3 ? [1, ...shape] : null;
    case 'unknown': return null;
  }
}

/** Side of the square tiles the transposes below move: 32x32 floats keep reads and writes in cache. */
const TILE = 32;

/**
 * Conv kernel OIHW [o, i, kh, kw] -> HWIO [kh, kw, i, o] (ConvTranspose's IOHW is the same move with
 * i and o swapped). Each of the kh*kw slabs [i, o] is the transpose of an [o, i] matrix read with
 * stride kh*kw, done in tiles: a plain loop writes with a stride of i*o floats, which for ResNet's
 * 512x512 kernels misses the cache on every store and is ~3x slower. `out` (of data's length)
 * is written when given.
 */
export function transposeOihwToHwio(data: Float32Array, o: number, i: number, kh: number, kw: number, out = new Float32Array(data.length)): Float32Array {
  const k = kh * kw;
  const step = i * k;
  for (let i0 = 0; i0 < i; i0 += TILE) {
    const i1 = Math.min(i0 + TILE, i);
    for (let o0 = 0; o0 < o; o0 += TILE) {
      const o1 = Math.min(o0 + TILE, o);
      for (let t = 0; t < k; t++) {
        for (let ii = i0; ii < i1; ii++) {
          const row = (t * i + ii) * o;
          let src = (o0 * i + ii) * k + t;
          for (let oo = o0; oo < o1; oo++, src += step) out[row + oo] = data[src];
        }
      }
    }
  }
  return out;
}

/** A row-major [rows, cols] matrix transposed to [cols, rows] (into `out` when given). */
export function transposeMatrix(data: Float32Array, rows: number, cols: number, out = new Float32Array(data.length)): Float32Array {
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c];
  return out;
}

/**
 * A Dense kernel [h*w*c, units] whose rows are in ONNX's C, H, W flatten order, reordered to our
 * H, W, C order: our row (y*w + x)*c + ch is ONNX row ch*h*w + y*w + x.
 */
export function reorderFlattenedRows(kernel: Float32Array, h: number, w: number, c: number, units: number): Float32Array {
  const out = new Float32Array(kernel.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let ch = 0; ch < c; ch++) {
        const ours = ((y * w + x) * c + ch) * units;
        const theirs = (ch * h * w + y * w + x) * units;
        out.set(kernel.subarray(theirs, theirs + units), ours);
      }
    }
  }
  return out;
}
