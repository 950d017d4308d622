/**
 * The WebAssembly SIMD kernels (../wasm/kernelModule: the indirect GEMM of ../wasm/gemmKernel,
 * the f64x2 activation of ../wasm/activateKernel, pooling of ../wasm/poolKernel and the
 * element-wise kernels of ../wasm/elementwiseKernel) behind one instance with its own memory. Where
 * WebAssembly SIMD is unavailable (or blocked by a content security policy) `createSimdGemm`
 * returns null and callers use the scalar kernels.
 */
import { ModuleBuilder } from '../wasm/assembler';
import { assembleKernelModule } from '../wasm/kernelModule';
import { op } from '../wasm/opcodes';

/**
 * Activation codes. `multiply` applies relu and relu6 to a tile in registers; tanh and sigmoid run through
 * `activate` over the written output, in double precision: a float32 approximation is a few ulp
 * off, which chains of layers amplify past what matches TensorFlow.
 */
export const SIMD_ACT = { linear: 0, relu: 1, tanh: 2, sigmoid: 3, relu6: 4, silu: 5 } as const;

/** Whether `act` is one `activate` computes in double precision after the tile is stored. */
export function isPreciseActivation(act: number | null): boolean {
  return act === SIMD_ACT.tanh || act === SIMD_ACT.sigmoid || act === SIMD_ACT.silu;
}

/**
 * One instance of the kernel with its own linear memory. Regions are handed out once, at prepare
 * time, and never freed: an executor makes one for its plan, so every op's packed weights stay
 * resident for the life of the plan (nothing is re-copied per run) and the memory goes away with
 * the executor. An op prepared on its own gets a private one.
 */
export interface SimdGemm {
  /** Whether its GEMM is the relaxed-SIMD one (fused multiply-adds; see supportsRelaxedSimd). */
  readonly relaxed: boolean;
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
   * NaN), SIMD_ACT.relu6 min(max(x, 0), 6); any other code stores the tile as it is.
   */
  multiply(table: number, b: number, bias: number, c: number, rowPanels: number, taps: number, inC: number, panels: number, ldc: number, act: number): void;
  /**
   * In place on `groups * 4` floats from element `offset`: SIMD_ACT.tanh, .sigmoid or .silu,
   * computed in double precision (see assembleActivate) so results equal TensorFlow.js's.
   */
  activate(offset: number, groups: number, act: number): void;
  /**
   * Max or average pooling, `kind` 'max' or 'avg' (see ../wasm/poolKernel for the arguments);
   * x and y are element offsets of tensors in this memory.
   */
  pool(kind: 'max' | 'avg', x: number, y: number, batch: number, inPer: number, outH: number, outW: number, c: number,
    rows: number, cols: number, inv: number, dRow: number, dCol: number): void;
  /** y = a + b over n floats (element offsets). */
  add(a: number, b: number, y: number, n: number): void;
  /** y = x * scale[ch] + shift[ch] over `pixels` pixels of c channels (element offsets). */
  scaleShift(x: number, y: number, pixels: number, c: number, scale: number, shift: number): void;
  /** y = an activation (MAP_KIND code) of x over n floats; alpha is leakyRelu's slope. */
  map(x: number, y: number, n: number, kind: number, alpha: number): void;
  /** The element offset of `view` when it lies in this memory (as the executor's arena does), else -1. */
  offsetOf(view: Float32Array): number;
  /**
   * The executor's arena: `floats` floats after every region allocated so far, at the same offset
   * each call (the region grows in place, so call it only once every op is prepared; a later
   * `allocate` lands after it and fixes its size). Returns the element offset, or -1 when the
   * memory cannot hold it (the caller then keeps its arena in a plain array and the kernels run
   * their TypeScript paths).
   */
  reserveArena(floats: number): number;
}

const PAGE_FLOATS = 65536 / 4;
/** Largest memory one SimdGemm asks for: 1 GiB. Ops that would pass it use the scalar kernel. */
export const SIMD_MAX_FLOATS = 256 * 1024 * 1024;

const compiled = new Map<boolean, WebAssembly.Module | null>();
let enabled = true;
let relaxedAllowed = true;

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

/**
 * Allows (the default) or forbids the relaxed-SIMD GEMM for memories made afterwards: the tests
 * check both kernels, and the benchmark can compare them.
 */
export function setRelaxedSimdEnabled(on: boolean): void {
  relaxedAllowed = on;
}

/** Whether memories made now may use the relaxed-SIMD GEMM (when the engine has it). */
export function isRelaxedSimdEnabled(): boolean {
  return relaxedAllowed;
}

/**
 * Whether this engine runs relaxed SIMD, by validating a one-instruction module
 * (f32x4.relaxed_madd). Chromium ships it; Node 20 needs --experimental-wasm-relaxed-simd.
 */
export function supportsRelaxedSimd(): boolean {
  return (relaxedSupport ??= probeRelaxedSimd());
}

let relaxedSupport: boolean | undefined;

function probeRelaxedSimd(): boolean {
  const m = new ModuleBuilder({ module: 'env', name: 'mem', initial: 1 });
  m.func('probe', [['a', 'v128']] as const, ['v128'], (f, [a]) => { f.get(a).get(a).get(a).emit(op.f32x4.relaxed_madd); });
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(m.encode());
  } catch {
    return false;
  }
}

/** The module (relaxed or plain), compiled on first use; null when this engine cannot run it. */
function compileModule(relaxed: boolean): WebAssembly.Module | null {
  const known = compiled.get(relaxed);
  if (known !== undefined) return known;
  let module: WebAssembly.Module | null = null;
  try {
    if (typeof WebAssembly === 'object') {
      const bytes = assembleKernelModule({ relaxed });
      if (WebAssembly.validate(bytes)) module = new WebAssembly.Module(bytes);
    }
  } catch {
    module = null; // e.g. a content security policy that forbids compiling WebAssembly
  }
  compiled.set(relaxed, module);
  return module;
}

/** A fresh kernel instance with its own, empty memory; null when disabled or unsupported. */
export function createSimdGemm(): SimdGemm | null {
  if (!enabled) return null;
  const relaxed = relaxedAllowed && supportsRelaxedSimd() && compileModule(true) !== null;
  const module = compileModule(relaxed);
  if (!module) return null;
  let memory: WebAssembly.Memory;
  let instance: WebAssembly.Instance;
  try {
    memory = new WebAssembly.Memory({ initial: 1 });
    instance = new WebAssembly.Instance(module, { env: { mem: memory } });
  } catch {
    return null;
  }
  const exports = instance.exports;
  const igemm = exports.igemm as SimdGemm['multiply'];
  const activate = exports.activate as SimdGemm['activate'];
  type Pool = (x: number, y: number, batch: number, inPer: number, outH: number, outW: number, c: number, rows: number, cols: number, inv: number, dRow: number, dCol: number) => void;
  const poolMax = exports.pool_max as Pool, poolAvg = exports.pool_avg as Pool;
  let f32 = new Float32Array(memory.buffer);
  let i32 = new Int32Array(memory.buffer);
  let used = 0;
  let arenaAt = -1, arenaEnd = 0;
  /** Makes the memory at least `end` floats long; false if it cannot grow. */
  const ensure = (end: number): boolean => {
    if (end > SIMD_MAX_FLOATS) return false;
    if (end <= f32.length) return true;
    // Read before growing: growth detaches the old views, whose length then reads 0.
    const grownFrom = f32.length;
    try {
      memory.grow(Math.ceil((end - grownFrom) / PAGE_FLOATS));
    } catch {
      return false; // the engine refused more memory
    }
    f32 = new Float32Array(memory.buffer);
    i32 = new Int32Array(memory.buffer);
    // Fault the new pages in, in order: packing writes them scattered (panel by panel), and
    // first touches in that order cost the operating system twice as much.
    f32.fill(0, grownFrom);
    return true;
  };
  return {
    relaxed,
    get f32() {
      return f32;
    },
    get i32() {
      return i32;
    },
    allocate(floats) {
      // After an arena, past it: that arena then keeps its size, and the next one starts anew.
      const offset = Math.max(used, arenaEnd);
      const end = offset + Math.ceil(floats / 4) * 4;
      if (!ensure(end)) return -1;
      used = end;
      arenaAt = -1;
      return offset;
    },
    reserveArena(floats) {
      const at = arenaAt >= 0 ? arenaAt : Math.max(used, arenaEnd);
      const end = at + Math.ceil(floats / 4) * 4;
      if (!ensure(end)) return -1;
      arenaAt = at;
      arenaEnd = Math.max(arenaEnd, end);
      return at;
    },
    offsetOf(view) {
      return view.buffer === memory.buffer ? view.byteOffset >> 2 : -1;
    },
    multiply: igemm,
    activate,
    pool: (kind, ...args) => (kind === 'max' ? poolMax : poolAvg)(...args),
    add: exports.add as SimdGemm['add'],
    scaleShift: exports.scale_shift as SimdGemm['scaleShift'],
    map: exports.map as SimdGemm['map'],
  };
}
