import {
  BR_IF, createEmitter, encodeBody, encodeName, encodeSection, encodeVector, END, F32, F32X4_ADD, F32X4_MAX, F32X4_MIN,
  F32X4_MUL, F32X4_SPLAT, get, I32, I32_ADD, I32_LT_U, I32_MUL, I32_SHL, I32_SUB, i32, i32Load, IF, LOOP, set, tee,
  V128, v128Load, v128Store, VOID,
} from './wasmEncoding';

/**
 * The depthwise-convolution inner loop as a WebAssembly SIMD module (f32x4 over channels), in the
 * indirect style of ./simdGemm: each output pixel has a row of `taps` byte addresses, one per
 * kernel tap, pointing at the input pixel that tap reads (or at a zero vector in the padding).
 * Channels are contiguous in NHWC, so one tap of 16 channels is four vector loads of input, four
 * of weights and four multiply-adds into accumulators that stay in registers over all taps; the
 * result is clamped to [lo, hi] (relu, relu6 or nothing) before it is stored.
 *
 *   dw(table, w, bias, out, pixels, taps, cp, cp16, lo, hi)
 *   for p < pixels, c < cp:  out[p*cp + c] = clamp(bias[c] + sum_t mem[table[p*taps + t] + c] * w[t*cp + c])
 *
 * table, w, bias and out are element offsets; cp (channels, a multiple of 4) is also the stride
 * of input pixels, outputs and weight rows; cp16 = floor(cp / 16) * 16.
 */
export function assembleDepthwiseModule(): Uint8Array<ArrayBuffer> {
  const TABLE = 0, W = 1, BIAS = 2, OUT = 3, PIXELS = 4, TAPS = 5, CP = 6, CP16 = 7, LO = 8, HI = 9;
  const P = 10, TP = 11, OP = 12, CB = 13, TQ = 14, WP = 15, T = 16, A = 17, CPB = 18, CP16B = 19; // i32 locals
  const VLO = 20, VHI = 21, ACC = 22; // v128 locals, ACC .. ACC + 3
  const { code, emit } = createEmitter();
  for (const x of [TABLE, W, BIAS, OUT]) emit(get(x), i32(2), I32_SHL, set(x));
  emit(get(CP), i32(2), I32_SHL, set(CPB), get(CP16), i32(2), I32_SHL, set(CP16B));
  emit(get(LO), F32X4_SPLAT, set(VLO), get(HI), F32X4_SPLAT, set(VHI));
  emit(get(TABLE), set(TP), get(OUT), set(OP), get(PIXELS), set(P));
  /** One block of `vectors` * 4 channels at byte offset CB of the current pixel. */
  const emitBlock = (vectors: number) => {
    for (let v = 0; v < vectors; v++) emit(get(BIAS), get(CB), I32_ADD, v128Load(16 * v), set(ACC + v));
    emit(get(TP), set(TQ), get(W), get(CB), I32_ADD, set(WP), get(TAPS), set(T));
    emit(LOOP, VOID);
    emit(get(TQ), i32Load(0), get(CB), I32_ADD, set(A));
    for (let v = 0; v < vectors; v++) {
      emit(get(A), v128Load(16 * v), get(WP), v128Load(16 * v), F32X4_MUL, get(ACC + v), F32X4_ADD, set(ACC + v));
    }
    emit(get(TQ), i32(4), I32_ADD, set(TQ), get(WP), get(CPB), I32_ADD, set(WP));
    emit(get(T), i32(1), I32_SUB, tee(T), BR_IF, 0);
    emit(END);
    for (let v = 0; v < vectors; v++) {
      emit(get(OP), get(CB), I32_ADD, get(ACC + v), get(VLO), F32X4_MAX, get(VHI), F32X4_MIN, v128Store(16 * v));
    }
  };
  emit(LOOP, VOID); // over output pixels
  emit(i32(0), set(CB));
  emit(get(CP16B), IF, VOID, LOOP, VOID);
  emitBlock(4);
  emit(get(CB), i32(64), I32_ADD, tee(CB), get(CP16B), I32_LT_U, BR_IF, 0, END, END);
  emit(get(CB), get(CPB), I32_LT_U, IF, VOID, LOOP, VOID);
  emitBlock(1);
  emit(get(CB), i32(16), I32_ADD, tee(CB), get(CPB), I32_LT_U, BR_IF, 0, END, END);
  emit(get(TP), get(TAPS), i32(4), I32_MUL, I32_ADD, set(TP), get(OP), get(CPB), I32_ADD, set(OP));
  emit(get(P), i32(1), I32_SUB, tee(P), BR_IF, 0);
  emit(END);
  const body = encodeBody([[CP16B - P + 1, I32], [ACC + 4 - VLO, V128]], code);
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...encodeSection(1, encodeVector([[0x60, ...encodeVector([...Array.from({ length: 8 }, () => [I32]), [F32], [F32]]), 0]])),
    ...encodeSection(2, encodeVector([[...encodeName('env'), ...encodeName('mem'), 0x02, 0x00, 0x01]])),
    ...encodeSection(3, encodeVector([[0]])),
    ...encodeSection(7, encodeVector([[...encodeName('dw'), 0x00, 0]])),
    ...encodeSection(10, encodeVector([body])),
  ]);
}

/** The exported function, with the parameters documented on assembleDepthwiseModule. */
export type DepthwiseFunction = (
  table: number, w: number, bias: number, out: number, pixels: number, taps: number, cp: number, cp16: number, lo: number, hi: number,
) => void;

/** One instance with its own memory of `floats` floats, zero-filled. */
export interface SimdDepthwise {
  readonly f32: Float32Array;
  readonly i32: Int32Array;
  readonly dw: DepthwiseFunction;
}

/** Largest memory one depthwise op asks for: 1 GiB (beyond it the op runs its scalar loops). */
const MAX_FLOATS = 256 * 1024 * 1024;
const PAGE_FLOATS = 65536 / 4;

let compiled: WebAssembly.Module | null | undefined;

function compileModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  try {
    if (typeof WebAssembly !== 'object') return null;
    const bytes = assembleDepthwiseModule();
    if (WebAssembly.validate(bytes)) compiled = new WebAssembly.Module(bytes);
  } catch {
    compiled = null; // e.g. a content security policy that forbids compiling WebAssembly
  }
  return compiled;
}

/** An instance with `floats` floats of memory; null where SIMD is unavailable or the size too large. */
export function createSimdDepthwise(floats: number): SimdDepthwise | null {
  if (floats > MAX_FLOATS) return null;
  const module = compileModule();
  if (!module) return null;
  try {
    const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(floats / PAGE_FLOATS)) });
    const instance = new WebAssembly.Instance(module, { env: { mem: memory } });
    return { f32: new Float32Array(memory.buffer), i32: new Int32Array(memory.buffer), dw: instance.exports.dw as DepthwiseFunction };
  } catch {
    return null; // the engine refused the memory
  }
}
