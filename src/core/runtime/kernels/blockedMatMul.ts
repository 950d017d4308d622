import { MR, NR, multiplyPacked, packColumns, packedRowsLength } from './gemm';
import { loadSimdGemm, SIMD_MAX_FLOATS, type SimdGemm } from './simdGemm';

/**
 * C = A * B + bias for a fixed B (a kernel), computed a block of A rows at a time. The caller
 * packs each block of A (packRows / packPatches layout) into `aBuffer` at `aOffset`, then calls
 * `multiply`. Two engines with one interface: WebAssembly SIMD where available, else scalar JS.
 * Nothing is allocated after creation.
 */
export interface BlockedMatMul {
  readonly engine: 'simd' | 'scalar';
  /** Where to pack the current block of A; valid from `begin()` until the run ends. */
  aBuffer: Float32Array;
  aOffset: number;
  /** Call once at the start of each run, before packing the first block. */
  begin(): void;
  /** Multiplies the packed block of `rows` rows and writes `rows x cols` to `out[outOffset]`, row stride cols. */
  multiply(rows: number, out: Float32Array, outOffset: number): void;
}

/**
 * Prepares C = A * B + bias for a row-major `depth x cols` B (HWIO or [in, out] kernels are already
 * that) and blocks of at most `blockRows` rows of A.
 */
export function createBlockedMatMul(b: Float32Array, depth: number, cols: number, bias: Float32Array | null, blockRows: number): BlockedMatMul {
  const packed = packColumns(b, depth, cols, bias);
  const simd = loadSimdGemm();
  const aLength = packedRowsLength(blockRows, depth);
  const ldc = packed.panelCount * NR;
  const bOffset = 0;
  const biasOffset = packed.panels.length;
  const aOffset = biasOffset + packed.bias.length;
  const cOffset = aOffset + aLength;
  const total = cOffset + Math.ceil(blockRows / MR) * MR * ldc;
  if (simd && total <= SIMD_MAX_FLOATS) return createSimdMatMul(simd, packed.panels, packed.bias, depth, cols, packed.panelCount, { bOffset, biasOffset, aOffset, cOffset, total });
  const scratch = new Float32Array(aLength);
  return {
    engine: 'scalar',
    aBuffer: scratch,
    aOffset: 0,
    begin() {},
    multiply(rows, out, outOffset) {
      multiplyPacked(scratch, rows, packed, out, outOffset);
    },
  };
}

interface Layout { bOffset: number; biasOffset: number; aOffset: number; cOffset: number; total: number }

function createSimdMatMul(
  simd: SimdGemm, panels: Float32Array, bias: Float32Array, depth: number, cols: number, panelCount: number, at: Layout,
): BlockedMatMul {
  const ldc = panelCount * NR;
  const op: BlockedMatMul = {
    engine: 'simd',
    aBuffer: simd.reserve(at.total),
    aOffset: at.aOffset,
    begin() {
      const view = simd.reserve(at.total);
      op.aBuffer = view;
      // Weights live in the op; the shared memory holds whichever op ran last.
      if (simd.resident !== op) {
        view.set(panels, at.bOffset);
        view.set(bias, at.biasOffset);
        simd.resident = op;
      }
    },
    multiply(rows, out, outOffset) {
      simd.multiply(at.aOffset, at.bOffset, at.biasOffset, at.cOffset, Math.ceil(rows / MR) * MR, depth, panelCount, ldc);
      const c = op.aBuffer;
      for (let r = 0; r < rows; r++) {
        const s = at.cOffset + r * ldc;
        const d = outOffset + r * cols;
        for (let j = 0; j < cols; j++) out[d + j] = c[s + j];
      }
    },
  };
  return op;
}
