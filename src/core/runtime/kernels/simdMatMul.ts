import { MR, NR, packColumns } from './gemm';
import { SIMD_MAX_FLOATS, type SimdGemm } from './simdGemm';

/**
 * One op's use of the shared SIMD memory: its packed kernel, bias, a zero vector (what padding
 * taps point at), an input region, its indirection table and an output region, laid out from
 * address 0. Ops overwrite each other's regions, so `begin` re-copies the constants whenever
 * another op ran in between. Nothing is allocated after creation.
 */
export interface SimdIndirectMatMul {
  /** Reserves the memory, restores this op's constants if needed; returns the view to copy inputs into. */
  begin(): Float32Array;
  /** Element offset of the input region (`inputFloats` long). */
  readonly inputOffset: number;
  /** Copies `count` values of `x` from `offset` into the input region. */
  loadInput(x: Float32Array, offset: number, count: number): void;
  /**
   * Multiplies the first `rows` rows of the table and copies `rows x cols` to `out[outOffset]`;
   * with `relu` the kernel clamps negatives before storing.
   */
  multiply(rows: number, out: Float32Array, outOffset: number, relu: boolean): void;
}

/** Fills `table` ([row panel][tap][row in panel], byte addresses) given where the input and the zero vector live. */
export type FillTable = (table: Int32Array, inputByteAddress: number, zeroByteAddress: number) => void;

/**
 * Prepares `rows x cols = A * B + bias`, B a row-major `(taps * inC) x cols` kernel, A read through an
 * indirection table of `maxRows` rows x `taps` taps (each tap `inC` contiguous floats). Returns
 * null when the layout would not fit the SIMD memory cap (callers then use the scalar kernel).
 */
export function createSimdIndirectMatMul(
  simd: SimdGemm, kernel: Float32Array, taps: number, inC: number, cols: number, bias: Float32Array | null,
  inputFloats: number, maxRows: number, fillTable: FillTable,
): SimdIndirectMatMul | null {
  const round4 = (n: number) => Math.ceil(n / 4) * 4;
  const depth = taps * inC;
  const panelCount = Math.ceil(cols / NR);
  const ldc = panelCount * NR;
  const rowPanelsMax = Math.ceil(maxRows / MR);
  const bOffset = 0;
  const biasOffset = bOffset + panelCount * depth * NR;
  const zeroOffset = biasOffset + ldc;
  const inputOffset = zeroOffset + round4(inC);
  const tableOffset = inputOffset + round4(inputFloats);
  const cOffset = tableOffset + rowPanelsMax * taps * MR;
  const total = cOffset + rowPanelsMax * MR * ldc;
  if (total > SIMD_MAX_FLOATS) return null;
  let view: Float32Array;
  try {
    view = simd.reserve(total).f32;
  } catch {
    return null; // the memory could not grow: the scalar kernel works in ordinary arrays
  }
  const packed = packColumns(kernel, depth, cols, bias);
  const table = new Int32Array(rowPanelsMax * taps * MR);
  fillTable(table, inputOffset * 4, zeroOffset * 4);
  // Views for bulk copies, rebuilt only when the memory grows or the caller's input array changes,
  // so steady-state runs allocate nothing.
  let cView = view.subarray(cOffset, cOffset + maxRows * cols);
  let inView = view.subarray(inputOffset, inputOffset + inputFloats);
  let lastX: Float32Array | null = null;
  const xViews = new Map<number, Float32Array>();
  const op: SimdIndirectMatMul = {
    inputOffset,
    begin() {
      const views = simd.reserve(total);
      if (views.f32 !== view) {
        view = views.f32;
        cView = view.subarray(cOffset, cOffset + maxRows * cols);
        inView = view.subarray(inputOffset, inputOffset + inputFloats);
      }
      if (simd.resident !== op) {
        view.set(packed.panels, bOffset);
        view.set(packed.bias, biasOffset);
        view.fill(0, zeroOffset, inputOffset);
        views.i32.set(table, tableOffset);
        simd.resident = op;
      }
      return view;
    },
    loadInput(x, offset, count) {
      if (count !== inputFloats) {
        for (let i = 0; i < count; i++) view[inputOffset + i] = x[offset + i];
        return;
      }
      if (x !== lastX) {
        lastX = x;
        xViews.clear();
      }
      let source = xViews.get(offset);
      if (!source) {
        source = x.subarray(offset, offset + count);
        xViews.set(offset, source);
      }
      inView.set(source);
    },
    multiply(rows, out, outOffset, relu) {
      if (rows <= 0) return; // the SIMD loops run at least once
      simd.multiply(tableOffset, bOffset, biasOffset, cOffset, Math.ceil(rows / MR), taps, inC, panelCount, ldc, relu ? 1 : 0);
      if (rows === maxRows && ldc === cols) {
        out.set(cView, outOffset);
        return;
      }
      const c = view;
      for (let r = 0; r < rows; r++) {
        const s = cOffset + r * ldc;
        const d = outOffset + r * cols;
        for (let j = 0; j < cols; j++) out[d + j] = c[s + j];
      }
    },
  };
  return op;
}
