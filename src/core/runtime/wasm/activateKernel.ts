/**
 * `activate(offset, groups, kind)`: in place on `groups` * 4 float32 values at element `offset`,
 * tanh (kind 2) or sigmoid (kind 3), each computed in double precision so the float32 result
 * rounds as from Math.tanh or 1 / (1 + Math.exp(-x)), which TensorFlow.js uses:
 * - e^y (y <= 0) as 2^n * e^r, n = round(y / ln 2), |r| <= ln2 / 2, e^r by its Taylor series to
 *   r^10 (relative error below 3e-13), 2^n built in the exponent bits;
 * - tanh(x) = sign(x) (1 - e) / (1 + e), e = e^(-2 min(|x|, 20)), or its own Taylor series to x^13
 *   for |x| < 1/8 where 1 - e would cancel;
 * - sigmoid(x) = 1 / (1 + e) for x >= 0 and e / (1 + e) below, e = e^(-min(|x|, 110));
 * - silu (kind 5) = x sigmoid(x), and -0 for x <= -110 (including -Infinity), where the float32
 *   result is -0 anyway (110 e^-110 is below half the smallest subnormal).
 * NaN stays NaN; infinities saturate. A float32 approximation would be a few ulp off, which
 * chains of layers amplify past what matches TensorFlow.
 */
import type { FunctionBuilder, Local, ModuleBuilder } from './assembler';
import { f64x2Const, i64x2Const, op } from './opcodes';

/** Activation codes of `activate` (and SIMD_ACT). */
export const ACTIVATE_TANH = 2;
export const ACTIVATE_SIGMOID = 3;
export const ACTIVATE_SILU = 5;

/** 1.5 * 2^52: adding it rounds a double below 2^51 in magnitude to an integer held in the low mantissa bits. */
const ROUND_MAGIC = 6755399441055744;
const ROUND_MAGIC_BITS = BigInt('0x4338000000000000');
// ln 2 split so that n * LN2_HI is exact for the |n| < 2^11 used here (Cody and Waite; fdlibm's values).
const LN2_HI = 6.93147180369123816490e-1, LN2_LO = 1.90821492927058770002e-10;

interface Scratch { z: Local<'v128'>; x0: Local<'v128'>; a: Local<'v128'>; t: Local<'v128'>; e: Local<'v128'>; p: Local<'v128'>; w: Local<'v128'>; r2: Local<'v128'>; r4: Local<'v128'> }

/** Leaves e^(a * factor) in `e`, for a >= 0 and factor < 0; uses t, p, w, r2, r4. */
function emitExp(f: FunctionBuilder, { a, t, e, p, w, r2, r4 }: Scratch, factor: number): void {
  f.get(a).emit(f64x2Const(factor), op.f64x2.mul).set(w); // y
  f.get(w).emit(f64x2Const(Math.LOG2E), op.f64x2.mul, f64x2Const(ROUND_MAGIC), op.f64x2.add).set(t);
  f.get(t).emit(f64x2Const(ROUND_MAGIC), op.f64x2.sub).set(p); // n as a double
  f.get(w).get(p).emit(f64x2Const(LN2_HI), op.f64x2.mul, op.f64x2.sub).get(p).emit(f64x2Const(LN2_LO), op.f64x2.mul, op.f64x2.sub).set(w); // r
  // sum_{k <= 10} r^k / k! by Estrin's scheme: a shallow tree instead of ten dependent steps.
  const c = (k: number) => {
    let factorial = 1;
    for (let i = 2; i <= k; i++) factorial *= i;
    return f64x2Const(1 / factorial);
  };
  const pair = (k: number) => f.emit(c(k + 1)).get(w).emit(op.f64x2.mul, c(k), op.f64x2.add); // c_k + c_(k+1) r
  f.get(w).get(w).emit(op.f64x2.mul).tee(r2).get(r2).emit(op.f64x2.mul).set(r4);
  pair(0); pair(2); f.get(r2).emit(op.f64x2.mul, op.f64x2.add);
  pair(4); pair(6); f.get(r2).emit(op.f64x2.mul, op.f64x2.add).get(r4).emit(op.f64x2.mul, op.f64x2.add);
  pair(8); f.emit(c(10)).get(r2).emit(op.f64x2.mul, op.f64x2.add).get(r4).get(r4).emit(op.f64x2.mul, op.f64x2.mul, op.f64x2.add);
  // 2^n: (n + 1023) << 52 as bits, n being the low bits of t minus those of the magic number.
  f.get(t).emit(i64x2Const(ROUND_MAGIC_BITS - BigInt(1023)), op.i64x2.sub, op.i32.const(52), op.i64x2.shl, op.f64x2.mul).set(e);
}

/** Replaces `z` (two doubles) by its activation. */
function emitHalf(f: FunctionBuilder, kind: Local<'i32'>, s: Scratch): void {
  const { z, x0, a, t, e, p, w } = s;
  f.get(z).emit(op.f64x2.abs).set(a);
  f.get(kind).emit(op.i32.const(ACTIVATE_TANH), op.i32.eq).ifThen(() => {
    f.get(a).emit(f64x2Const(20), op.f64x2.min).set(a);
    emitExp(f, s, -2);
    f.emit(f64x2Const(1)).get(e).emit(op.f64x2.sub, f64x2Const(1)).get(e).emit(op.f64x2.add, op.f64x2.div).set(e);
    // The series only where some lane needs it (rare after a conv): t holds the lanes' mask.
    f.get(a).emit(f64x2Const(0.125), op.f64x2.lt).tee(t).emit(op.v128.any_true).ifThen(() => {
      f.get(a).get(a).emit(op.f64x2.mul).set(w);
      f.emit(f64x2Const(21844 / 6081075));
      for (const c of [-1382 / 155925, 62 / 2835, -17 / 315, 2 / 15, -1 / 3, 1]) f.get(w).emit(op.f64x2.mul, f64x2Const(c), op.f64x2.add);
      f.get(a).emit(op.f64x2.mul); // the small-|x| value
      f.get(e).get(t).emit(op.v128.bitselect).set(e);
    });
    f.get(e);
    // |tanh| with the sign bit of x
    f.get(z).emit(f64x2Const(-0), op.v128.and, op.v128.or).set(z);
  }, () => {
    // sigmoid (and silu's factor)
    f.get(z).set(x0);
    f.get(a).emit(f64x2Const(110), op.f64x2.min).set(a);
    emitExp(f, s, -1);
    f.emit(f64x2Const(1), f64x2Const(1)).get(e).emit(op.f64x2.add, op.f64x2.div).set(p); // 1 / (1 + e)
    f.get(e).get(p).emit(op.f64x2.mul).get(p).get(z).emit(f64x2Const(0), op.f64x2.lt, op.v128.bitselect).set(z);
    f.get(kind).emit(op.i32.const(ACTIVATE_SILU), op.i32.eq).ifThen(() => {
      f.emit(f64x2Const(-0)).get(x0).get(z).emit(op.f64x2.mul).get(x0).emit(f64x2Const(-110), op.f64x2.le, op.v128.bitselect).set(z);
    });
  });
}

/** Adds `activate(offset, groups, kind)`. */
export function addActivateKernel(m: ModuleBuilder): void {
  m.func('activate', [['offset', 'i32'], ['groups', 'i32'], ['kind', 'i32']] as const, [], (f, [offset, groups, kind]) => {
    const addr = f.local('addr', 'i32');
    const x = f.local('x', 'v128');
    const z = f.local('z', 'v128'), x0 = f.local('x0', 'v128'), a = f.local('a', 'v128'), t = f.local('t', 'v128'), e = f.local('e', 'v128');
    const p = f.local('p', 'v128'), lo = f.local('lo', 'v128'), w = f.local('w', 'v128');
    const r2 = f.local('r2', 'v128'), r4 = f.local('r4', 'v128');
    const s: Scratch = { z, x0, a, t, e, p, w, r2, r4 };
    f.get(offset).emit(op.i32.const(2), op.i32.shl).set(addr);
    f.loop('groups', (groups4) => {
      f.get(addr).emit(op.v128.load(0)).set(x);
      f.get(x).emit(op.f64x2.promote_low_f32x4).set(z);
      emitHalf(f, kind, s);
      f.get(z).emit(op.f32x4.demote_f64x2_zero).set(lo);
      f.get(x).get(x).emit(op.i8x16.shuffle(8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15), op.f64x2.promote_low_f32x4).set(z);
      emitHalf(f, kind, s);
      f.get(addr).get(lo).get(z).emit(op.f32x4.demote_f64x2_zero, op.i8x16.shuffle(0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23), op.v128.store(0));
      f.get(addr).emit(op.i32.const(16), op.i32.add).set(addr);
      f.get(groups).emit(op.i32.const(1), op.i32.sub).tee(groups).brIf(groups4);
    });
  });
}
