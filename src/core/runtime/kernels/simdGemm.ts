/**
 * The WebAssembly SIMD kernels (../wasm/kernelModule: the indirect GEMM of ../wasm/gemmKernel and
 * the f64x2 activation of ../wasm/activateKernel) behind one instance with its own memory. Where
 * WebAssembly SIMD is unavailable (or blocked by a content security policy) `createSimdGemm`
 * returns null and callers use the scalar kernels.
 */
import { assembleKernelModule } from '../wasm/kernelModule';

/**
 * Activation codes. `multiply` applies relu to a tile in registers; tanh and sigmoid run through
 * `activate` over the written output, in double precision: a float32 approximation is a few ulp
 * off, which chains of layers amplify past what matches TensorFlow.
 */
export const SIMD_ACT = { linear: 0, relu: 1, tanh: 2, sigmoid: 3 } as const;

/**
 * One instance of the kernel with its own linear memory. Regions are handed out once, at prepare
 * time, and never freed: an executor makes one for its plan, so every op's packed weights stay
 * resident for the life of the plan (nothing is re-copied per run) and the memory goes away with
 * the executor. An op prepared on its own gets a private one.
 */
export interface SimdGemm {
  /** Float32 and Int32 views of the whole memory; replaced (the old ones detached) when it grows. */
  readonly f32: Float32Array;
  readonly i32: Int32Array;
  /**
   * Reserves `floats` floats (16-byte aligned, zero-filled) and returns the element offset of the
   * region, or -1 when the memory would pass SIMD_MAX_FLOATS or cannot grow (callers then use the
   * scalar kernel).
   */
  allocate(floats: number): number;
  /**
   * For each of `rowPanels` panels of 4 rows and each of `panels` column panels:
   * C[4 x 8] = act(bias + sum over taps t, channels ci of A(row, t)[ci] * B[(t * inC + ci), col]).
   * `table` holds rowPanels * taps * 4 byte addresses ([panel][tap][row]); b, bias, c and table
   * are element offsets into the memory; C is row-major with row stride `ldc` (>= the real
   * columns). Tiles are 8 wide, so a partial last panel writes past `ldc` into the next row's first
   * columns, which later stores rewrite: C needs 8 spare floats after its last row, no more.
   * `act` = SIMD_ACT.relu applies max(x, 0) in registers before the tile is stored (NaN stays
   * NaN); any other code stores the tile as it is.
   */
  multiply(table: number, b: number, bias: number, c: number, rowPanels: number, taps: number, inC: number, panels: number, ldc: number, act: number): void;
  /**
   * In place on `groups * 4` floats from element `offset`: SIMD_ACT.tanh or SIMD_ACT.sigmoid,
   * computed in double precision (see assembleActivate) so results equal TensorFlow.js's.
   */
  activate(offset: number, groups: number, act: number): void;
}

const PAGE_FLOATS = 65536 / 4;
/** Largest memory one SimdGemm asks for: 1 GiB. Ops that would pass it use the scalar kernel. */
export const SIMD_MAX_FLOATS = 256 * 1024 * 1024;

let compiled: WebAssembly.Module | null | undefined;
let enabled = true;

/**
 * Turns the SIMD kernel off (or back on) for ops prepared afterwards: the tests use it to check
 * the scalar kernel too, and it is a way to compare the two.
 */
export function setSimdGemmEnabled(on: boolean): void {
  enabled = on;
}

/** Whether ops prepared now may use WebAssembly SIMD (the other SIMD kernels follow this switch). */
export function isSimdGemmEnabled(): boolean {
  return enabled;
}

/** The module, compiled on first use; null when this engine cannot run it. */
function compileModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  try {
    if (typeof WebAssembly !== 'object') return null;
    const bytes = assembleKernelModule();
    if (WebAssembly.validate(bytes)) compiled = new WebAssembly.Module(bytes);
  } catch {
    compiled = null; // e.g. a content security policy that forbids compiling WebAssembly
  }
  return compiled;
}

/** A fresh kernel instance with its own, empty memory; null when disabled or unsupported. */
export function createSimdGemm(): SimdGemm | null {
  if (!enabled) return null;
  const module = compileModule();
  if (!module) return null;
  let memory: WebAssembly.Memory;
  let instance: WebAssembly.Instance;
  try {
    memory = new WebAssembly.Memory({ initial: 1 });
    instance = new WebAssembly.Instance(module, { env: { mem: memory } });
  } catch {
    return null;
  }
  const igemm = instance.exports.igemm as SimdGemm['multiply'];
  const activate = instance.exports.activate as SimdGemm['activate'];
  let f32 = new Float32Array(memory.buffer);
  let i32 = new Int32Array(memory.buffer);
  let used = 0;
  return {
    get f32() {
      return f32;
    },
    get i32() {
      return i32;
    },
    allocate(floats) {
      const offset = used;
      const end = offset + Math.ceil(floats / 4) * 4;
      if (end > SIMD_MAX_FLOATS) return -1;
      if (end > f32.length) {
        // Read before growing: growth detaches the old views, whose length then reads 0.
        const grownFrom = f32.length;
        try {
          memory.grow(Math.ceil((end - grownFrom) / PAGE_FLOATS));
        } catch {
          return -1; // the engine refused more memory
        }
        f32 = new Float32Array(memory.buffer);
        i32 = new Int32Array(memory.buffer);
        // Fault the new pages in, in order: packing writes them scattered (panel by panel), and
        // first touches in that order cost the operating system twice as much.
        f32.fill(0, grownFrom);
      }
      used = end;
      return offset;
    },
    multiply: igemm,
    activate,
  };
}
