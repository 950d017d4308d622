/**
 * A packed single-precision GEMM for Conv2D (im2col) and Dense: C = A * B + bias, where A is
 * `rows x depth`, B is `depth x cols` (row-major, as HWIO and [in, out] kernels already are) and
 * C is written row-major with row stride `cols`.
 *
 * Both operands are repacked so the inner loop reads them with unit stride: A into panels of
 * MR = 4 rows interleaved along depth (a[k*4 + i]), B once at prepare time into panels of NR = 8
 * columns (b[k*8 + j]), zero-padded. The 4x8 micro-tile keeps its 32 sums in local variables, which
 * V8 keeps in registers (or cheap stack slots) as unboxed doubles, so each depth step does 12 loads
 * for 32 multiply-adds. Sums are accumulated in double precision.
 */

/** Rows per A panel. */
export const MR = 4;
/** Columns per B panel. */
export const NR = 8;

/** B packed into NR-column panels plus the bias padded to a whole number of panels. */
export interface PackedMatrix {
  readonly depth: number;
  readonly cols: number;
  readonly panelCount: number;
  readonly panels: Float32Array;
  readonly bias: Float32Array;
}

/** Packs a row-major `depth x cols` matrix (and optional bias of length `cols`) into NR-column panels. */
export function packColumns(b: Float32Array, depth: number, cols: number, bias: Float32Array | null): PackedMatrix {
  const panelCount = Math.ceil(cols / NR);
  const panels = new Float32Array(panelCount * depth * NR);
  packPanelsInto(b, depth, cols, panels, 0);
  const paddedBias = new Float32Array(panelCount * NR);
  if (bias) paddedBias.set(bias.subarray(0, cols));
  return { depth, cols, panelCount, panels, bias: paddedBias };
}

/** Rows of B packed per sweep over the panels: the rows of a wide B stay in cache meanwhile. */
const PACK_BLOCK_ROWS = 64;

/**
 * Writes the NR-column panels of a row-major `depth x cols` matrix to `dst` from `offset`
 * (`ceil(cols / NR) * depth * NR` values). The padding columns of a last, partial panel are left
 * as they are: callers pass zeroed memory. Rows go a block at a time, every panel per block, so
 * each source row is read while in cache rather than once per panel (a 25088 x 4096 Dense kernel
 * would otherwise miss on every read).
 */
export function packPanelsInto(b: Float32Array, depth: number, cols: number, dst: Float32Array, offset: number): void {
  const panelCount = Math.ceil(cols / NR);
  const panelStride = depth * NR;
  for (let k0 = 0; k0 < depth; k0 += PACK_BLOCK_ROWS) {
    const k1 = Math.min(depth, k0 + PACK_BLOCK_ROWS);
    for (let p = 0; p < panelCount; p++) {
      const n0 = p * NR;
      const width = Math.min(NR, cols - n0);
      let d = offset + p * panelStride + k0 * NR;
      if (width === NR) {
        for (let k = k0, s = k0 * cols + n0; k < k1; k++, d += NR, s += cols) {
          dst[d] = b[s]; dst[d + 1] = b[s + 1]; dst[d + 2] = b[s + 2]; dst[d + 3] = b[s + 3];
          dst[d + 4] = b[s + 4]; dst[d + 5] = b[s + 5]; dst[d + 6] = b[s + 6]; dst[d + 7] = b[s + 7];
        }
        continue;
      }
      for (let k = k0; k < k1; k++, d += NR) {
        const s = k * cols + n0;
        for (let j = 0; j < width; j++) dst[d + j] = b[s + j];
      }
    }
  }
}

/** Length of the A scratch that holds `rows` packed rows of `depth` values. */
export function packedRowsLength(rows: number, depth: number): number {
  return Math.ceil(rows / MR) * MR * depth;
}

/**
 * Packs `rows` consecutive row-major rows of `src` (starting at `srcOffset`, `depth` values each)
 * into MR-row panels in `dst` from `dstOffset`; the missing rows of a last, partial panel are zero.
 */
export function packRows(src: Float32Array, srcOffset: number, rows: number, depth: number, dst: Float32Array, dstOffset: number): void {
  const padded = Math.ceil(rows / MR) * MR;
  for (let r = 0; r < padded; r++) {
    let d = dstOffset + (r - (r & 3)) * depth + (r & 3);
    if (r >= rows) {
      for (let k = 0; k < depth; k++, d += MR) dst[d] = 0;
      continue;
    }
    const s = srcOffset + r * depth;
    for (let k = 0; k < depth; k++, d += MR) dst[d] = src[s + k];
  }
}

// Edge tiles (fewer than MR rows or NR columns) are computed here, then the valid part copied out.
const edgeTile = new Float32Array(MR * NR);

/**
 * C[rows x cols] = A * B + bias, with A packed by packRows (or an im2col packer with the same
 * layout) and B by packColumns; writes C row-major at `out[outOffset]`, row stride B.cols.
 */
export function multiplyPacked(a: Float32Array, rows: number, b: PackedMatrix, out: Float32Array, outOffset: number): void {
  const { depth, cols, panelCount, panels, bias } = b;
  const fullRows = rows - (rows % MR);
  const panelStride = depth * NR;
  for (let p = 0; p < panelCount; p++) {
    const n0 = p * NR;
    const bi = p * panelStride;
    const width = Math.min(NR, cols - n0);
    let r = 0;
    if (width === NR) {
      for (; r < fullRows; r += MR) multiplyTile(depth, a, r * depth, panels, bi, out, outOffset + r * cols + n0, cols, bias, n0);
    }
    for (; r < rows; r += MR) {
      multiplyTile(depth, a, r * depth, panels, bi, edgeTile, 0, NR, bias, n0);
      const h = Math.min(MR, rows - r);
      for (let i = 0; i < h; i++) {
        const o = outOffset + (r + i) * cols + n0;
        for (let j = 0; j < width; j++) out[o + j] = edgeTile[i * NR + j];
      }
    }
  }
}

/** The 4x8 micro-kernel: one MR x NR tile of C over the full depth, bias as the initial sums. */
function multiplyTile(
  depth: number, a: Float32Array, ai: number, b: Float32Array, bi: number,
  c: Float32Array, ci: number, ldc: number, bias: Float32Array, n0: number,
): void {
  let c00 = bias[n0 + 0], c01 = bias[n0 + 1], c02 = bias[n0 + 2], c03 = bias[n0 + 3], c04 = bias[n0 + 4], c05 = bias[n0 + 5], c06 = bias[n0 + 6], c07 = bias[n0 + 7];
  let c10 = bias[n0 + 0], c11 = bias[n0 + 1], c12 = bias[n0 + 2], c13 = bias[n0 + 3], c14 = bias[n0 + 4], c15 = bias[n0 + 5], c16 = bias[n0 + 6], c17 = bias[n0 + 7];
  let c20 = bias[n0 + 0], c21 = bias[n0 + 1], c22 = bias[n0 + 2], c23 = bias[n0 + 3], c24 = bias[n0 + 4], c25 = bias[n0 + 5], c26 = bias[n0 + 6], c27 = bias[n0 + 7];
  let c30 = bias[n0 + 0], c31 = bias[n0 + 1], c32 = bias[n0 + 2], c33 = bias[n0 + 3], c34 = bias[n0 + 4], c35 = bias[n0 + 5], c36 = bias[n0 + 6], c37 = bias[n0 + 7];
  for (let k = 0; k < depth; k++) {
    const a0 = a[ai + 0], a1 = a[ai + 1], a2 = a[ai + 2], a3 = a[ai + 3];
    const b0 = b[bi + 0];
    c00 += a0 * b0; c10 += a1 * b0; c20 += a2 * b0; c30 += a3 * b0;
    const b1 = b[bi + 1];
    c01 += a0 * b1; c11 += a1 * b1; c21 += a2 * b1; c31 += a3 * b1;
    const b2 = b[bi + 2];
    c02 += a0 * b2; c12 += a1 * b2; c22 += a2 * b2; c32 += a3 * b2;
    const b3 = b[bi + 3];
    c03 += a0 * b3; c13 += a1 * b3; c23 += a2 * b3; c33 += a3 * b3;
    const b4 = b[bi + 4];
    c04 += a0 * b4; c14 += a1 * b4; c24 += a2 * b4; c34 += a3 * b4;
    const b5 = b[bi + 5];
    c05 += a0 * b5; c15 += a1 * b5; c25 += a2 * b5; c35 += a3 * b5;
    const b6 = b[bi + 6];
    c06 += a0 * b6; c16 += a1 * b6; c26 += a2 * b6; c36 += a3 * b6;
    const b7 = b[bi + 7];
    c07 += a0 * b7; c17 += a1 * b7; c27 += a2 * b7; c37 += a3 * b7;
    ai += 4;
    bi += 8;
  }
  c[ci] = c00; c[ci + 1] = c01; c[ci + 2] = c02; c[ci + 3] = c03; c[ci + 4] = c04; c[ci + 5] = c05; c[ci + 6] = c06; c[ci + 7] = c07;
  ci += ldc;
  c[ci] = c10; c[ci + 1] = c11; c[ci + 2] = c12; c[ci + 3] = c13; c[ci + 4] = c14; c[ci + 5] = c15; c[ci + 6] = c16; c[ci + 7] = c17;
  ci += ldc;
  c[ci] = c20; c[ci + 1] = c21; c[ci + 2] = c22; c[ci + 3] = c23; c[ci + 4] = c24; c[ci + 5] = c25; c[ci + 6] = c26; c[ci + 7] = c27;
  ci += ldc;
  c[ci] = c30; c[ci + 1] = c31; c[ci + 2] = c32; c[ci + 3] = c33; c[ci + 4] = c34; c[ci + 5] = c35; c[ci + 6] = c36; c[ci + 7] = c37;

}
