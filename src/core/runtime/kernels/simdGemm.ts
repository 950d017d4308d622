/**
 * The GEMM micro-kernel as a tiny WebAssembly SIMD module (f32x4), assembled here from bytes so
 * the core stays plain TypeScript. It is an *indirect* GEMM (as in XNNPACK): row i of A is not
 * copied into a matrix but read through a table of addresses, one per (row, tap), each pointing
 * at `inC` contiguous floats (an input pixel, or a zero vector for padding). So Conv2D needs no
 * im2col at all, and Dense / 1x1 convs use one tap per row. B is the kernel packed in panels of
 * 8 output columns (./gemm's layout); a 4x8 tile of C lives in eight f32x4 accumulators: per
 * depth step two vector loads of B, four splat loads of A, eight multiplies and adds. Sums are
 * float32, as in TensorFlow. Where WebAssembly SIMD is unavailable (or blocked by a content
 * security policy) `createSimdGemm` returns null and callers use the scalar kernel.
 */

/** Activation codes the kernel applies to a tile in registers before storing it. */
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
   * are element offsets into the memory; C is row-major with row stride `ldc` (>= panels * 8).
   * `act` is a SIMD_ACT code applied in registers before the tile is stored: relu as max(x, 0)
   * (NaN stays NaN); tanh as a float32 rational minimax approximation (Eigen's, within a few ulp,
   * saturating to +-1 past |x| = 7.905); sigmoid(x) as 0.5 + 0.5 * tanh(x / 2).
   */
  multiply(table: number, b: number, bias: number, c: number, rowPanels: number, taps: number, inC: number, panels: number, ldc: number, act: number): void;
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
const LOOP = 0x03, IF = 0x04, VOID = 0x40, END = 0x0b, BR_IF = 0x0d;
const I32_ADD = 0x6a, I32_SUB = 0x6b, I32_MUL = 0x6c, I32_SHL = 0x74, I32_LT_U = 0x49, I32_EQ = 0x46, I32_GE_U = 0x4f;
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
const F32X4_DIV = simd(0xe7);
const F32X4_MIN = simd(0xe8);
const F32X4_MAX = simd(0xe9);
const v128Zero = () => simd(0x0c, ...new Array<number>(16).fill(0));
/** v128.const with `v` in all four float32 lanes. */
const f32x4Const = (v: number) => {
  const lane = new Uint8Array(new Float32Array([v]).buffer);
  return simd(0x0c, ...lane, ...lane, ...lane, ...lane);
};

// tanh(x) ~ x * P(x^2) / Q(x^2) on [-7.905, 7.905], past which float32 tanh is +-1 (Eigen's
// generic_fast_tanh_float). Odd coefficients of P from x^1 up, even ones of Q from x^0 up.
const TANH_CLAMP = 7.90531110763549805;
const TANH_P = [4.89352455891786e-3, 6.37261928875436e-4, 1.48572235717979e-5, 5.12229709037114e-8, -8.60467152213735e-11, 2.00018790482477e-13, -2.76076847742355e-16];
const TANH_Q = [4.89352518554385e-3, 2.268434632439e-3, 1.18534705686654e-4, 1.19825839466702e-6];

/** Replaces v128 local `x` by tanh(x), using locals `x2` and `p` as scratch. */
function emitTanh(x: number, x2: number, p: number): number[] {
  const out: number[] = [];
  const push = (...parts: number[][]) => parts.forEach((part) => out.push(...part));
  push(get(x), f32x4Const(TANH_CLAMP), F32X4_MIN, f32x4Const(-TANH_CLAMP), F32X4_MAX, tee(x), get(x), F32X4_MUL, set(x2));
  push(f32x4Const(TANH_P[6]));
  for (let i = 5; i >= 0; i--) push(get(x2), F32X4_MUL, f32x4Const(TANH_P[i]), F32X4_ADD);
  push(get(x), F32X4_MUL, set(p));
  push(f32x4Const(TANH_Q[3]));
  for (let i = 2; i >= 0; i--) push(get(x2), F32X4_MUL, f32x4Const(TANH_Q[i]), F32X4_ADD);
  push(set(x2), get(p), get(x2), F32X4_DIV, set(x));
  return out;
}

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
  emit(i32(0), set(P));
  emit(LOOP, VOID); // over 8-column panels, the row panel's inputs staying in L1
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
  // tanh and sigmoid; B0, B1 and AV are free here and serve as scratch.
  const isSigmoid = [get(ACT), i32(SIMD_ACT.sigmoid), I32_EQ];
  emit(get(ACT), i32(SIMD_ACT.tanh), I32_GE_U, IF, VOID);
  emit(...isSigmoid, IF, VOID);
  for (let i = 0; i < 2 * MR; i++) emit(get(ACC + i), f32x4Const(0.5), F32X4_MUL, set(ACC + i));
  emit(END);
  for (let i = 0; i < 2 * MR; i++) emit(emitTanh(ACC + i, B0, B1));
  emit(...isSigmoid, IF, VOID);
  for (let i = 0; i < 2 * MR; i++) emit(get(ACC + i), f32x4Const(0.5), F32X4_MUL, f32x4Const(0.5), F32X4_ADD, set(ACC + i));
  emit(END);
  emit(END);
  // Tile write-out at c + (4r * ldc + 8p) floats.
  emit(get(C), get(R), get(LDC), I32_MUL, i32(2), I32_SHL, get(P), i32(3), I32_SHL, I32_ADD, i32(2), I32_SHL, I32_ADD, set(CP));
  for (let i = 0; i < MR; i++) {
    emit(get(CP), get(ACC + 2 * i), v128Store(0), get(CP), get(ACC + 2 * i + 1), v128Store(16));
    emit(get(CP), get(LDC), i32(2), I32_SHL, I32_ADD, set(CP));
  }
  emit(get(P), i32(1), I32_ADD, tee(P), get(PANELS), I32_LT_U, BR_IF, 0);
  emit(END);
  emit(get(R), i32(1), I32_ADD, tee(R), get(ROW_PANELS), I32_LT_U, BR_IF, 0);
  emit(END);
  emit(END);
  const code = [...encodeVector([[...encodeU(CP - R + 1), I32], [...encodeU(2 * MR + 3), V128]]), ...body];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...encodeSection(1, encodeVector([[0x60, ...encodeVector(Array.from({ length: 10 }, () => [I32])), 0]])),
    ...encodeSection(2, encodeVector([[...encodeName('env'), ...encodeName('mem'), 0x02, 0x00, 0x01]])),
    ...encodeSection(3, encodeVector([[0]])),
    ...encodeSection(7, encodeVector([[...encodeName('igemm'), 0x00, 0]])),
    ...encodeSection(10, encodeVector([[...encodeU(code.length), ...code]])),
  ]);
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
  };
}
