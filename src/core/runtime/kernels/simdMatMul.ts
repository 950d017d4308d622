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
  /** Multiplies the first `rows` rows of the table and copies `rows x cols` to `out[outOffset]`. */
  multiply(rows: number, out: Float32Array, outOffset: number): void;
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
  const op: SimdIndirectMatMul = {
    inputOffset,
    begin() {
      const views = simd.reserve(total);
      view = views.f32;
      if (simd.resident !== op) {
        view.set(packed.panels, bOffset);
        view.set(packed.bias, biasOffset);
        view.fill(0, zeroOffset, inputOffset);
        views.i32.set(table, tableOffset);
        simd.resident = op;
      }
      return view;
    },
    multiply(rows, out, outOffset) {
      if (rows <= 0) return; // the SIMD loops run at least once
      simd.multiply(tableOffset, bOffset, biasOffset, cOffset, Math.ceil(rows / MR), taps, inC, panelCount, ldc);
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
