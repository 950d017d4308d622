import { MR, multiplyPacked, NR, type PackedMatrix } from '../../runtime/kernels/gemm';

/**
 * A strided view of a matrix: element (r, k) is `data[offset + r * rowStride + k * colStride]`.
 * A transposed operand is the same array with the strides swapped, so no copy is made to
 * transpose a kernel or an activation.
 */
export interface MatrixView { data: Float32Array; offset: number; rowStride: number; colStride: number }

/** Rows of A and depth of the product per block: the packed blocks stay in L2. */
const BLOCK_ROWS = 128;
const BLOCK_DEPTH = 256;

/** Scratch for matMulAdd, reused across calls; grows to the largest block seen. */
export interface MatMulScratch { a: Float32Array; b: Float32Array; c: Float32Array; bias: Float32Array }

export function createMatMulScratch(): MatMulScratch {
  return { a: new Float32Array(0), b: new Float32Array(0), c: new Float32Array(0), bias: new Float32Array(0) };
}

/**
 * C[rows x cols] += A[rows x depth] * B[depth x cols], C row-major with row stride `ldc` from
 * `cOffset`. A and B are packed a block at a time into the layouts of the runtime's GEMM
 * (runtime/kernels/gemm: MR-row panels of A, NR-column panels of B) and multiplied by its
 * micro-kernel, so the backward passes run on the same inner loop as the forward ones.
 */
export function matMulAdd(
  a: MatrixView, b: MatrixView, rows: number, depth: number, cols: number,
  c: Float32Array, cOffset: number, ldc: number, scratch: MatMulScratch,
): void {
  if (rows <= 0 || depth <= 0 || cols <= 0) return;
  const panelCount = Math.ceil(cols / NR);
  const blockDepth = Math.min(depth, BLOCK_DEPTH);
  const blockRows = Math.min(Math.ceil(rows / MR) * MR, BLOCK_ROWS);
  if (scratch.b.length < panelCount * blockDepth * NR) scratch.b = new Float32Array(panelCount * blockDepth * NR);
  if (scratch.a.length < blockRows * blockDepth) scratch.a = new Float32Array(blockRows * blockDepth);
  if (scratch.c.length < blockRows * cols) scratch.c = new Float32Array(blockRows * cols);
  if (scratch.bias.length < panelCount * NR) scratch.bias = new Float32Array(panelCount * NR);
  scratch.bias.fill(0);
  for (let k0 = 0; k0 < depth; k0 += blockDepth) {
    const kd = Math.min(blockDepth, depth - k0);
    packB(b, k0, kd, cols, scratch.b);
    const packed: PackedMatrix = { depth: kd, cols, panelCount, panels: scratch.b, bias: scratch.bias };
    for (let r0 = 0; r0 < rows; r0 += blockRows) {
      const rs = Math.min(blockRows, rows - r0);
      packA(a, r0, rs, k0, kd, scratch.a);
      multiplyPacked(scratch.a, rs, packed, scratch.c, 0);
      const cc = scratch.c;
      for (let r = 0; r < rs; r++) {
        const dst = cOffset + (r0 + r) * ldc;
        const src = r * cols;
        for (let j = 0; j < cols; j++) c[dst + j] += cc[src + j];
      }
    }
  }
}

/** A's rows r0.. (rs of them), depth k0.. (kd), into MR-row panels interleaved along depth; missing rows 0. */
function packA(a: MatrixView, r0: number, rs: number, k0: number, kd: number, dst: Float32Array): void {
  const { data, offset, rowStride, colStride } = a;
  const padded = Math.ceil(rs / MR) * MR;
  for (let r = 0; r < padded; r++) {
    let d = (r - (r & 3)) * kd + (r & 3);
    if (r >= rs) {
      for (let k = 0; k < kd; k++, d += MR) dst[d] = 0;
      continue;
    }
    let s = offset + (r0 + r) * rowStride + k0 * colStride;
    for (let k = 0; k < kd; k++, d += MR, s += colStride) dst[d] = data[s];
  }
}

/** B's depth rows k0.. (kd of them) into NR-column panels; padding columns 0. */
function packB(b: MatrixView, k0: number, kd: number, cols: number, dst: Float32Array): void {
  const { data, offset, rowStride, colStride } = b;
  const panelCount = Math.ceil(cols / NR);
  for (let p = 0; p < panelCount; p++) {
    const n0 = p * NR;
    const width = Math.min(NR, cols - n0);
    let d = p * kd * NR;
    for (let k = 0; k < kd; k++, d += NR) {
      const s = offset + (k0 + k) * rowStride + n0 * colStride;
      for (let j = 0; j < width; j++) dst[d + j] = data[s + j * colStride];
      for (let j = width; j < NR; j++) dst[d + j] = 0;
    }
  }
}
