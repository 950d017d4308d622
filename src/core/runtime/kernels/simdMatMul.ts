import type { ActivationFn } from '../../graph/types';
import { MR, NR, packPanelsInto } from './gemm';
import { isPreciseActivation, SIMD_ACT, SIMD_MAX_FLOATS, type SimdGemm } from './simdGemm';

/**
 * One op's region of a SimdGemm memory: its packed kernel, bias, a zero vector (what padding taps
 * point at), an input region, its indirection table and an output region. The region is the
 * op's alone, so the constants are written once at creation and every run only stages its input
 * in and its output out. Nothing is allocated after creation.
 */
export interface SimdIndirectMatMul {
  /** Copies `count` values of `x` from `offset` into the input region (`inputFloats` long). */
  loadInput(x: Float32Array, offset: number, count: number): void;
  /**
   * Copies `runs` runs of `runFloats` values, run r from x[offset + r * runFloats] to element
   * `at + r * stride` of the input region (a convolution's rows into a horizontally padded layout).
   */
  loadRuns(x: Float32Array, offset: number, runFloats: number, runs: number, at: number, stride: number): void;
  /**
   * Multiplies the first `rows` rows of the table and copies `rows x cols` to `out[outOffset]`,
   * applying the activation in registers (see `fusedActivation`).
   */
  multiply(rows: number, out: Float32Array, outOffset: number): void;
  /** `multiply` without the copy out: returns the element offset of the result (`rows x cols`, row-major) in the memory. */
  multiplyInPlace(rows: number): number;
}

/** Fills `table` ([row panel][tap][row in panel], byte addresses) given where the input and the zero vector live. */
export type FillTable = (table: Int32Array, inputByteAddress: number, zeroByteAddress: number) => void;

/** The SIMD_ACT code of an activation the SIMD memory applies itself, or null for one it leaves to the caller (softmax, ...). */
export function fusedActivation(fn: ActivationFn): number | null {
  return Object.hasOwn(SIMD_ACT, fn) ? SIMD_ACT[fn as keyof typeof SIMD_ACT] : null;
}

/**
 * Prepares `rows x cols = act(A * B + bias)`, B a row-major `(taps * inC) x cols` kernel, A read
 * through an indirection table of `maxRows` rows x `taps` taps (each tap `inC` contiguous floats),
 * `act` a SIMD_ACT code. Returns null when the region does not fit the memory (callers then use the
 * scalar kernel).
 */
export function createSimdIndirectMatMul(
  simd: SimdGemm, kernel: Float32Array, taps: number, inC: number, cols: number, bias: Float32Array | null,
  inputFloats: number, maxRows: number, act: number, fillTable: FillTable,
): SimdIndirectMatMul | null {
  const round4 = (n: number) => Math.ceil(n / 4) * 4;
  const depth = taps * inC;
  const panelCount = Math.ceil(cols / NR);
  const rowPanelsMax = Math.ceil(maxRows / MR);
  // C rows are exactly `cols` apart, so a whole sample leaves in one bulk copy; the kernel's
  // spill past the last row (see SimdGemm.multiply) lands in NR spare floats.
  const sizes = { b: panelCount * depth * NR, bias: panelCount * NR, zero: round4(inC), input: round4(inputFloats), table: rowPanelsMax * taps * MR, c: rowPanelsMax * MR * cols + NR };
  const total = sizes.b + sizes.bias + sizes.zero + sizes.input + sizes.table + sizes.c;
  if (total > SIMD_MAX_FLOATS) return null;
  const base = simd.allocate(total);
  if (base < 0) return null;
  const bOffset = base;
  const biasOffset = bOffset + sizes.b;
  const zeroOffset = biasOffset + sizes.bias;
  const inputOffset = zeroOffset + sizes.zero;
  const tableOffset = inputOffset + sizes.input;
  const cOffset = tableOffset + sizes.table;
  // Fresh memory is zero, so the zero vector and the panels' padding columns need no writes.
  packPanelsInto(kernel, depth, cols, simd.f32, bOffset);
  if (bias) simd.f32.set(bias.subarray(0, cols), biasOffset);
  fillTable(simd.i32.subarray(tableOffset, tableOffset + sizes.table), inputOffset * 4, zeroOffset * 4);

  // Views for bulk copies, rebuilt only when the memory grew (another op allocated after this
  // one) or the caller's input array changed, so steady-state runs allocate nothing.
  let view = simd.f32;
  let cView = view.subarray(cOffset, cOffset + maxRows * cols);
  let inView = view.subarray(inputOffset, inputOffset + inputFloats);
  const refresh = () => {
    view = simd.f32;
    cView = view.subarray(cOffset, cOffset + maxRows * cols);
    inView = view.subarray(inputOffset, inputOffset + inputFloats);
  };
  let lastX: Float32Array | null = null;
  const xViews = new Map<number, Float32Array>();
  return {
    loadInput(x, offset, count) {
      if (view !== simd.f32) refresh();
      const at = simd.offsetOf(x);
      if (at >= 0) {
        // Already in this memory (the executor's arena): a memmove, where set() would first clone.
        view.copyWithin(inputOffset, at + offset, at + offset + count);
        return;
      }
      if (count !== inputFloats) {
        // A partial block (the batch's last rows): a loop, as a subarray would allocate per run.
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
    loadRuns(x, offset, runFloats, runs, at, stride) {
      if (view !== simd.f32) refresh();
      const from = simd.offsetOf(x);
      for (let r = 0; r < runs; r++) {
        const src = offset + r * runFloats, dst = inputOffset + at + r * stride;
        if (from >= 0) view.copyWithin(dst, from + src, from + src + runFloats);
        else for (let i = 0; i < runFloats; i++) view[dst + i] = x[src + i];
      }
    },
    multiplyInPlace(rows) {
      if (rows > 0) {
        simd.multiply(tableOffset, bOffset, biasOffset, cOffset, Math.ceil(rows / MR), taps, inC, panelCount, cols, act === SIMD_ACT.relu || act === SIMD_ACT.relu6 ? act : 0);
        if (isPreciseActivation(act)) simd.activate(cOffset, Math.ceil((rows * cols) / 4), act);
      }
      return cOffset;
    },
    multiply(rows, out, outOffset) {
      if (rows <= 0) return; // the SIMD loops run at least once
      if (view !== simd.f32) refresh();
      simd.multiply(tableOffset, bOffset, biasOffset, cOffset, Math.ceil(rows / MR), taps, inC, panelCount, cols, act === SIMD_ACT.relu || act === SIMD_ACT.relu6 ? act : 0);
      // Whole groups of 4 may run past rows * cols into the spare floats after C: harmless.
      if (isPreciseActivation(act)) simd.activate(cOffset, Math.ceil((rows * cols) / 4), act);
      const at = simd.offsetOf(out);
      if (at >= 0) {
        view.copyWithin(at + outOffset, cOffset, cOffset + rows * cols);
        return;
      }
      if (rows === maxRows) {
        out.set(cView, outOffset);
        return;
      }
      // The batch's last, partial block: a loop, as a subarray would allocate per run.
      const c = view;
      for (let i = 0, n = rows * cols; i < n; i++) out[outOffset + i] = c[cOffset + i];
    },
  };
}
