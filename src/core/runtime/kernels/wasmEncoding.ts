/**
 * The few WebAssembly binary-format pieces the hand-assembled kernels need: LEB128 numbers,
 * sections, names and the opcodes they emit. A kernel module builds its function bodies from
 * these (see ./simdDepthwise).
 */

import { encodeName, encodeS, encodeU, encodeVector } from '../wasm/encoding';

// The LEB128, name and vector encodings are the typed assembler's (../wasm/encoding), not a copy.
export { encodeName, encodeS, encodeU, encodeVector };

export function encodeSection(id: number, bytes: number[]): number[] {
  return [id, ...encodeU(bytes.length), ...bytes];
}

// Control, integer and value-type opcodes of the core specification.
export const LOOP = 0x03, IF = 0x04, VOID = 0x40, END = 0x0b, BR_IF = 0x0d;
export const I32_ADD = 0x6a, I32_SUB = 0x6b, I32_MUL = 0x6c, I32_SHL = 0x74, I32_LT_U = 0x49;
export const I32 = 0x7f, F32 = 0x7d, V128 = 0x7b;
export const get = (i: number) => [0x20, ...encodeU(i)];
export const set = (i: number) => [0x21, ...encodeU(i)];
export const tee = (i: number) => [0x22, ...encodeU(i)];
export const i32 = (v: number) => [0x41, ...encodeS(v)];
export const i32Load = (offset: number) => [0x28, 2, ...encodeU(offset)];

// The fixed-width SIMD proposal (f32x4).
export const simd = (op: number, ...imm: number[]) => [0xfd, ...encodeU(op), ...imm];
export const v128Load = (offset: number) => simd(0x00, 4, ...encodeU(offset));
export const v128Store = (offset: number) => simd(0x0b, 4, ...encodeU(offset));
export const F32X4_SPLAT = simd(0x13);
export const F32X4_ADD = simd(0xe4);
export const F32X4_MUL = simd(0xe6);
export const F32X4_MIN = simd(0xe8);
export const F32X4_MAX = simd(0xe9);

/** A function body: the locals (count, type) pairs, then the code, then `end`. */
export function encodeBody(locals: [number, number][], code: number[]): number[] {
  const body = [...encodeVector(locals.map(([n, t]) => [...encodeU(n), t])), ...code, END];
  return [...encodeU(body.length), ...body];
}

/** Collects code from opcodes and opcode arrays. */
export function createEmitter(): { code: number[]; emit: (...parts: (number | number[])[]) => void } {
  const code: number[] = [];
  return {
    code,
    emit: (...parts) => {
      for (const p of parts) if (Array.isArray(p)) code.push(...p); else code.push(p);
    },
  };
}
