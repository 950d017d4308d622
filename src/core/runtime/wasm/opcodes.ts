/**
 * Named WebAssembly opcodes: the core ones the kernels use, the fixed-width SIMD proposal and
 * relaxed SIMD. An instruction is its bytes; memory instructions take their offset (in bytes) and
 * give the natural alignment. Add an opcode here, by its name in the specification, before using it.
 */
import { encodeS, encodeU } from './encoding';

const simd = (op: number, ...imm: number[]): number[] => [0xfd, ...encodeU(op), ...imm];
/** memarg: log2 of the alignment, then the offset. */
const mem = (op: number[], alignLog2: number) => (offset = 0): number[] => [...op, alignLog2, ...encodeU(offset)];

/** Value types. */
export const VALTYPE = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b } as const;
export type ValType = keyof typeof VALTYPE;

export const op = {
  unreachable: [0x00],
  nop: [0x01],
  drop: [0x1a],
  select: [0x1b],
  return: [0x0f],
  i32: {
    const: (v: number) => [0x41, ...encodeS(v)],
    load: mem([0x28], 2),
    store: mem([0x36], 2),
    eqz: [0x45], eq: [0x46], ne: [0x47], lt_s: [0x48], lt_u: [0x49], gt_s: [0x4a], gt_u: [0x4b],
    le_s: [0x4c], le_u: [0x4d], ge_s: [0x4e], ge_u: [0x4f],
    add: [0x6a], sub: [0x6b], mul: [0x6c], div_s: [0x6d], div_u: [0x6e], and: [0x71], or: [0x72],
    shl: [0x74], shr_s: [0x75], shr_u: [0x76],
  },
  f32: {
    const: (v: number) => [0x43, ...new Uint8Array(new Float32Array([v]).buffer)],
    load: mem([0x2a], 2),
    store: mem([0x38], 2),
    lt: [0x5d], gt: [0x5e], le: [0x5f], ge: [0x60],
    abs: [0x8b], neg: [0x8c],
    add: [0x92], sub: [0x93], mul: [0x94], div: [0x95], min: [0x96], max: [0x97],
  },
  v128: {
    load: mem(simd(0x00), 4),
    load32_splat: mem(simd(0x09), 2),
    store: mem(simd(0x0b), 4),
    /** v128.const from 16 bytes. */
    const: (bytes: ArrayLike<number>) => simd(0x0c, ...Array.from(bytes)),
    not: simd(0x4d), and: simd(0x4e), andnot: simd(0x4f), or: simd(0x50), xor: simd(0x51),
    bitselect: simd(0x52), any_true: simd(0x53),
  },
  i8x16: {
    shuffle: (...lanes: number[]) => simd(0x0d, ...lanes),
  },
  f32x4: {
    splat: simd(0x13),
    extract_lane: (lane: number) => simd(0x1f, lane),
    eq: simd(0x41), ne: simd(0x42), lt: simd(0x43), gt: simd(0x44), le: simd(0x45), ge: simd(0x46),
    demote_f64x2_zero: simd(0x5e),
    abs: simd(0xe0), neg: simd(0xe1), sqrt: simd(0xe3),
    add: simd(0xe4), sub: simd(0xe5), mul: simd(0xe6), div: simd(0xe7), min: simd(0xe8), max: simd(0xe9),
    pmin: simd(0xea), pmax: simd(0xeb),
    relaxed_madd: simd(0x105), relaxed_nmadd: simd(0x106),
  },
  f64x2: {
    lt: simd(0x49), le: simd(0x4b),
    promote_low_f32x4: simd(0x5f),
    abs: simd(0xec), add: simd(0xf0), sub: simd(0xf1), mul: simd(0xf2), div: simd(0xf3), min: simd(0xf4),
  },
  i64x2: {
    shl: simd(0xcb), add: simd(0xce), sub: simd(0xd1),
  },
} as const;

/** v128.const with `v` in all four float32 lanes. */
export function f32x4Const(v: number): number[] {
  const lane = new Uint8Array(new Float32Array([v]).buffer);
  return op.v128.const([...lane, ...lane, ...lane, ...lane]);
}

/** v128.const with `v` in both float64 lanes. */
export function f64x2Const(v: number): number[] {
  const lane = new Uint8Array(new Float64Array([v]).buffer);
  return op.v128.const([...lane, ...lane]);
}

/** v128.const with the 64-bit integer `v` in both lanes. */
export function i64x2Const(v: bigint): number[] {
  const lane = new Uint8Array(new BigInt64Array([v]).buffer);
  return op.v128.const([...lane, ...lane]);
}
