/**
 * The GEMM micro-kernel as a tiny WebAssembly SIMD module (f32x4), assembled here from bytes so
 * the core stays plain TypeScript. It is an *indirect* GEMM (as in XNNPACK): row i of A is not
 * copied into a matrix but read through a table of addresses, one per (row, tap), each pointing
 * at `inC` contiguous floats (an input pixel, or a zero vector for padding). So Conv2D needs no
 * im2col at all, and Dense / 1x1 convs use one tap per row. B is the kernel packed in panels of
 * 8 output columns (./gemm's layout); a 4x8 tile of C lives in eight f32x4 accumulators: per
 * depth step two vector loads of B, four splat loads of A, eight multiplies and adds. Sums are
 * float32, as in TensorFlow. A second function applies tanh or sigmoid to the output in f64x2
 * (see assembleActivate). Where WebAssembly SIMD is unavailable (or blocked by a content security
 * policy) `createSimdGemm` returns null and callers use the scalar kernel.
 */

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

function encodeU(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

function encodeS(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

function encodeName(s: string): number[] {
  return [...encodeU(s.length), ...Array.from(s, (ch) => ch.charCodeAt(0))];
}

function encodeSection(id: number, bytes: number[]): number[] {
  return [id, ...encodeU(bytes.length), ...bytes];
}

function encodeVector(items: number[][]): number[] {
  return [...encodeU(items.length), ...items.flat()];
}

// Opcodes (WebAssembly core and SIMD proposals).
const LOOP = 0x03, IF = 0x04, ELSE = 0x05, VOID = 0x40, END = 0x0b, BR_IF = 0x0d;
const I32_ADD = 0x6a, I32_SUB = 0x6b, I32_MUL = 0x6c, I32_SHL = 0x74, I32_LT_U = 0x49, I32_EQ = 0x46;
const I32 = 0x7f, V128 = 0x7b;
const get = (i: number) => [0x20, ...encodeU(i)];
const set = (i: number) => [0x21, ...encodeU(i)];
const tee = (i: number) => [0x22, ...encodeU(i)];
const i32 = (v: number) => [0x41, ...encodeS(v)];
const simd = (op: number, ...imm: number[]) => [0xfd, ...encodeU(op), ...imm];
const i32Load = (offset: number) => [0x28, 2, ...encodeU(offset)];
const v128Load = (offset: number) => simd(0x00, 4, ...encodeU(offset));
const v128Load32Splat = (offset: number) => simd(0x09, 2, ...encodeU(offset));
const v128Store = (offset: number) => simd(0x0b, 4, ...encodeU(offset));
const F32X4_ADD = simd(0xe4);
const F32X4_MUL = simd(0xe6);
const F32X4_MAX = simd(0xe9);
const v128Zero = () => simd(0x0c, ...new Array<number>(16).fill(0));
/** The module bytes: imports env.mem, exports igemm with the parameters of SimdGemm.multiply. */
export function assembleGemmModule(): Uint8Array<ArrayBuffer> {
  const MR = 4;
  const TABLE = 0, B = 1, BIAS = 2, C = 3, ROW_PANELS = 4, TAPS = 5, IN_C = 6, PANELS = 7, LDC = 8, ACT = 9;
  const R = 10, P = 11, T = 12, K = 13, IP = 14, BP = 15, A0 = 16, CP = A0 + MR; // i32 locals
  const ACC = CP + 1; // row i: ACC + 2i (columns 0..3), ACC + 2i + 1 (columns 4..7)
  const B0 = ACC + 2 * MR, B1 = B0 + 1, AV = B0 + 2; // v128 locals (AV doubles as the zero vector)
  const body: number[] = [];
  const emit = (...parts: (number | number[])[]) => {
    for (const p of parts) if (Array.isArray(p)) body.push(...p); else body.push(p);
  };
  // Element offsets arrive; turn them into byte addresses once.
  for (const x of [TABLE, B, BIAS, C]) emit(get(x), i32(2), I32_SHL, set(x));
  emit(i32(0), set(R));
  emit(LOOP, VOID); // over 4-row panels
  // Over 8-column panels, last to first, the row panel's inputs staying in L1. Backwards because a
  // last, partial panel spills into the next row's first columns, which panel 0 rewrites later.
  emit(get(PANELS), set(P));
  emit(LOOP, VOID);
  emit(get(P), i32(1), I32_SUB, set(P));
  for (let i = 0; i < MR; i++) {
    emit(get(BIAS), get(P), i32(5), I32_SHL, I32_ADD, v128Load(0), set(ACC + 2 * i));
    emit(get(BIAS), get(P), i32(5), I32_SHL, I32_ADD, v128Load(16), set(ACC + 2 * i + 1));
  }
  emit(get(B), get(P), get(TAPS), get(IN_C), I32_MUL, I32_MUL, i32(5), I32_SHL, I32_ADD, set(BP));
  emit(get(TABLE), get(R), get(TAPS), I32_MUL, i32(4), I32_SHL, I32_ADD, set(IP));
  emit(get(TAPS), set(T));
  emit(LOOP, VOID); // over taps
  for (let i = 0; i < MR; i++) emit(get(IP), i32Load(4 * i), set(A0 + i));
  emit(get(IN_C), set(K));
  emit(LOOP, VOID); // over input channels
  emit(get(BP), v128Load(0), set(B0), get(BP), v128Load(16), set(B1));
  for (let i = 0; i < MR; i++) {
    emit(get(A0 + i), v128Load32Splat(0), tee(AV));
    emit(get(B0), F32X4_MUL, get(ACC + 2 * i), F32X4_ADD, set(ACC + 2 * i));
    emit(get(AV), get(B1), F32X4_MUL, get(ACC + 2 * i + 1), F32X4_ADD, set(ACC + 2 * i + 1));
    emit(get(A0 + i), i32(4), I32_ADD, set(A0 + i));
  }
  emit(get(BP), i32(32), I32_ADD, set(BP));
  emit(get(K), i32(1), I32_SUB, tee(K), BR_IF, 0);
  emit(END);
  emit(get(IP), i32(16), I32_ADD, set(IP));
  emit(get(T), i32(1), I32_SUB, tee(T), BR_IF, 0);
  emit(END);
  emit(get(ACT), i32(SIMD_ACT.relu), I32_EQ, IF, VOID, v128Zero(), set(AV));
  for (let i = 0; i < 2 * MR; i++) emit(get(ACC + i), get(AV), F32X4_MAX, set(ACC + i));
  emit(END);
  // Tile write-out at c + (4r * ldc + 8p) floats.
  emit(get(C), get(R), get(LDC), I32_MUL, i32(2), I32_SHL, get(P), i32(3), I32_SHL, I32_ADD, i32(2), I32_SHL, I32_ADD, set(CP));
  for (let i = 0; i < MR; i++) {
    emit(get(CP), get(ACC + 2 * i), v128Store(0), get(CP), get(ACC + 2 * i + 1), v128Store(16));
    emit(get(CP), get(LDC), i32(2), I32_SHL, I32_ADD, set(CP));
  }
  emit(get(P), BR_IF, 0);
  emit(END);
  emit(get(R), i32(1), I32_ADD, tee(R), get(ROW_PANELS), I32_LT_U, BR_IF, 0);
  emit(END);
  emit(END);
  const code = [...encodeVector([[...encodeU(CP - R + 1), I32], [...encodeU(2 * MR + 3), V128]]), ...body];
  const activate = assembleActivate();
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...encodeSection(1, encodeVector([
      [0x60, ...encodeVector(Array.from({ length: 10 }, () => [I32])), 0],
      [0x60, ...encodeVector([[I32], [I32], [I32]]), 0],
    ])),
    ...encodeSection(2, encodeVector([[...encodeName('env'), ...encodeName('mem'), 0x02, 0x00, 0x01]])),
    ...encodeSection(3, encodeVector([[0], [1]])),
    ...encodeSection(7, encodeVector([[...encodeName('igemm'), 0x00, 0], [...encodeName('activate'), 0x00, 1]])),
    ...encodeSection(10, encodeVector([[...encodeU(code.length), ...code], [...encodeU(activate.length), ...activate]])),
  ]);
}

// f64x2 and bit operations for the activation function.
const F64X2_LT = simd(0x49);
const V128_AND = simd(0x4e), V128_OR = simd(0x50), V128_BITSELECT = simd(0x52), V128_ANY_TRUE = simd(0x53);
const F32X4_DEMOTE = simd(0x5e), F64X2_PROMOTE = simd(0x5f);
const I64X2_SHL = simd(0xcb), I64X2_ADD = simd(0xce), I64X2_SUB = simd(0xd1);
const F64X2_ABS = simd(0xec), F64X2_ADD = simd(0xf0), F64X2_SUB = simd(0xf1), F64X2_MUL = simd(0xf2), F64X2_DIV = simd(0xf3), F64X2_MIN = simd(0xf4);
const shuffle = (...lanes: number[]) => simd(0x0d, ...lanes);
/** v128.const with `v` in both float64 lanes. */
const f64x2Const = (v: number) => {
  const lane = new Uint8Array(new Float64Array([v]).buffer);
  return simd(0x0c, ...lane, ...lane);
};
/** v128.const with the 64-bit integer `v` in both lanes. */
const i64x2Const = (v: bigint) => {
  const lane = new Uint8Array(new BigInt64Array([v]).buffer);
  return simd(0x0c, ...lane, ...lane);
};

/** 1.5 * 2^52: adding it rounds a double below 2^51 in magnitude to an integer held in the low mantissa bits. */
const ROUND_MAGIC = 6755399441055744;
const ROUND_MAGIC_BITS = BigInt('0x4338000000000000');
// ln 2 split so that n * LN2_HI is exact for the |n| < 2^11 used here (Cody and Waite; fdlibm's values).
const LN2_HI = 6.93147180369123816490e-1, LN2_LO = 1.90821492927058770002e-10;

/**
 * The body of activate(offset, groups, kind): in place on `groups` * 4 float32 values at element
 * `offset`, tanh (kind 2) or sigmoid (kind 3), each computed in double precision so the float32
 * result rounds as from Math.tanh or 1 / (1 + Math.exp(-x)), which TensorFlow.js uses:
 * - e^y (y <= 0) as 2^n * e^r, n = round(y / ln 2), |r| <= ln2 / 2, e^r by its Taylor series to
 *   r^10 (relative error below 3e-13), 2^n built in the exponent bits;
 * - tanh(x) = sign(x) (1 - e) / (1 + e), e = e^(-2 min(|x|, 20)), or its own Taylor series to x^13
 *   for |x| < 1/8 where 1 - e would cancel;
 * - sigmoid(x) = 1 / (1 + e) for x >= 0 and e / (1 + e) below, e = e^(-min(|x|, 110)).
 * NaN stays NaN; infinities saturate.
 */
function assembleActivate(): number[] {
  const OFFSET = 0, GROUPS = 1, KIND = 2, ADDR = 3; // i32
  const X = 4, Z = 5, A = 6, T = 7, E = 8, P = 9, LO = 10, W = 11, R2 = 12, R4 = 13; // v128
  const body: number[] = [];
  const emit = (...parts: (number | number[])[]) => {
    for (const part of parts) if (Array.isArray(part)) body.push(...part); else body.push(part);
  };
  /** Leaves e^(local A * factor) in local E, for A >= 0 and factor < 0; uses T, P, W. */
  const emitExp = (factor: number) => {
    emit(get(A), f64x2Const(factor), F64X2_MUL, set(W)); // y
    emit(get(W), f64x2Const(Math.LOG2E), F64X2_MUL, f64x2Const(ROUND_MAGIC), F64X2_ADD, set(T));
    emit(get(T), f64x2Const(ROUND_MAGIC), F64X2_SUB, set(P)); // n as a double
    emit(get(W), get(P), f64x2Const(LN2_HI), F64X2_MUL, F64X2_SUB, get(P), f64x2Const(LN2_LO), F64X2_MUL, F64X2_SUB, set(W)); // r
    // sum_{k <= 10} r^k / k! by Estrin's scheme: a shallow tree instead of ten dependent steps.
    const c = (k: number) => {
      let factorial = 1;
      for (let i = 2; i <= k; i++) factorial *= i;
      return f64x2Const(1 / factorial);
    };
    const pair = (k: number) => [c(k + 1), get(W), F64X2_MUL, c(k), F64X2_ADD]; // c_k + c_(k+1) r
    emit(get(W), get(W), F64X2_MUL, tee(R2), get(R2), F64X2_MUL, set(R4));
    emit(...pair(0), ...pair(2), get(R2), F64X2_MUL, F64X2_ADD);
    emit(...pair(4), ...pair(6), get(R2), F64X2_MUL, F64X2_ADD, get(R4), F64X2_MUL, F64X2_ADD);
    emit(...pair(8), c(10), get(R2), F64X2_MUL, F64X2_ADD, get(R4), get(R4), F64X2_MUL, F64X2_MUL, F64X2_ADD);
    // 2^n: (n + 1023) << 52 as bits, n being the low bits of T minus those of the magic number.
    emit(get(T), i64x2Const(ROUND_MAGIC_BITS - BigInt(1023)), I64X2_SUB, i32(52), I64X2_SHL, F64X2_MUL, set(E));
  };
  /** Replaces local Z by its activation. */
  const emitHalf = () => {
    emit(get(Z), F64X2_ABS, set(A));
    emit(get(KIND), i32(2), I32_EQ, IF, VOID);
    // tanh
    emit(get(A), f64x2Const(20), F64X2_MIN, set(A));
    emitExp(-2);
    emit(f64x2Const(1), get(E), F64X2_SUB, f64x2Const(1), get(E), F64X2_ADD, F64X2_DIV, set(E));
    // The series only where some lane needs it (rare after a conv): T holds the lanes' mask.
    emit(get(A), f64x2Const(0.125), F64X2_LT, tee(T), V128_ANY_TRUE, IF, VOID);
    emit(get(A), get(A), F64X2_MUL, set(W));
    emit(f64x2Const(21844 / 6081075));
    for (const c of [-1382 / 155925, 62 / 2835, -17 / 315, 2 / 15, -1 / 3, 1]) emit(get(W), F64X2_MUL, f64x2Const(c), F64X2_ADD);
    emit(get(A), F64X2_MUL); // the small-|x| value
    emit(get(E), get(T), V128_BITSELECT, set(E));
    emit(END);
    emit(get(E));
    // |tanh| with the sign bit of x
    emit(get(Z), f64x2Const(-0), V128_AND, V128_OR, set(Z));
    emit(ELSE);
    // sigmoid
    emit(get(A), f64x2Const(110), F64X2_MIN, set(A));
    emitExp(-1);
    emit(f64x2Const(1), f64x2Const(1), get(E), F64X2_ADD, F64X2_DIV, set(P)); // 1 / (1 + e)
    emit(get(E), get(P), F64X2_MUL, get(P), get(Z), f64x2Const(0), F64X2_LT, V128_BITSELECT, set(Z));
    emit(END);
  };
  emit(get(OFFSET), i32(2), I32_SHL, set(ADDR));
  emit(LOOP, VOID);
  emit(get(ADDR), v128Load(0), set(X));
  emit(get(X), F64X2_PROMOTE, set(Z));
  emitHalf();
  emit(get(Z), F32X4_DEMOTE, set(LO));
  emit(get(X), get(X), shuffle(8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15), F64X2_PROMOTE, set(Z));
  emitHalf();
  emit(get(ADDR), get(LO), get(Z), F32X4_DEMOTE, shuffle(0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23), v128Store(0));
  emit(get(ADDR), i32(16), I32_ADD, set(ADDR));
  emit(get(GROUPS), i32(1), I32_SUB, tee(GROUPS), BR_IF, 0);
  emit(END);
  emit(END);
  return [...encodeVector([[1, I32], [...encodeU(R4 - X + 1), V128]]), ...body];
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
    const bytes = assembleGemmModule();
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
