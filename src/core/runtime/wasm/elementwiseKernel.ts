/**
 * Element-wise kernels, f32x4, over `n` floats (the last n mod 4 one at a time through a splat
 * load and lane 0, the same vector code):
 * - `add(a, b, y, n)`: y = a + b;
 * - `scale_shift(x, y, pixels, c, scale, shift)`: y = x * scale[ch] + shift[ch] per channel of
 *   `pixels` NHWC pixels (BatchNorm at inference, folded);
 * - `map(x, y, n, kind, alpha)`: y = an activation of x, kind one of MAP_KIND (alpha: leakyRelu's slope).
 * Offsets are in elements; x and y may be the same region. NaN stays NaN in every activation.
 */
import type { FunctionBuilder, Local, ModuleBuilder } from './assembler';
import { f32x4Const, op } from './opcodes';

/** Activation codes of `map`. */
export const MAP_KIND = { relu: 1, relu6: 4, leakyRelu: 5, hardSigmoid: 6, hardSwish: 7 } as const;
export type MapKind = keyof typeof MAP_KIND;

/** The value of each activation, from v (the input vector, in a local) onto the stack. */
const BODIES: Record<MapKind, (f: FunctionBuilder, v: Local<'v128'>, alpha: Local<'v128'>, t: Local<'v128'>) => void> = {
  // max, not pmax: max keeps NaN.
  relu: (f, v) => { f.get(v).emit(f32x4Const(0), op.f32x4.max); },
  relu6: (f, v) => { f.get(v).emit(f32x4Const(0), op.f32x4.max, f32x4Const(6), op.f32x4.min); },
  // x < 0 ? alpha x : x (a NaN compares false and stays).
  leakyRelu: (f, v, alpha) => { f.get(v).get(alpha).emit(op.f32x4.mul).get(v).get(v).emit(f32x4Const(0), op.f32x4.lt, op.v128.bitselect); },
  // relu6(x + 3) / 6, Keras 3.
  hardSigmoid: (f, v) => { f.get(v).emit(f32x4Const(3), op.f32x4.add, f32x4Const(0), op.f32x4.max, f32x4Const(6), op.f32x4.min, f32x4Const(6), op.f32x4.div); },
  // x relu6(x + 3) / 6, forced to 0 where x + 3 <= 0 so -Infinity gives 0 rather than -Infinity * 0.
  hardSwish: (f, v, _alpha, t) => {
    f.get(v).emit(f32x4Const(3), op.f32x4.add).set(t);
    f.get(v).get(t).emit(f32x4Const(0), op.f32x4.max, f32x4Const(6), op.f32x4.min, op.f32x4.mul, f32x4Const(6), op.f32x4.div);
    f.get(t).emit(f32x4Const(0), op.f32x4.le, op.v128.andnot);
  },
};

/**
 * Over `count` floats from byte addresses `ins` (each advancing with the loop) to `out`: pushes
 * each input as a vector (or a splat of one float in the tail) and stores what `body` leaves.
 */
function emitStream(f: FunctionBuilder, count: Local<'i32'>, ins: Local<'i32'>[], out: Local<'i32'>, i: Local<'i32'>, body: (loads: (k: number) => void) => void): void {
  const pass = (width: 4 | 1) => {
    const load = width === 4 ? op.v128.load(0) : op.v128.load32_splat(0);
    f.loop(width === 4 ? 'vectors' : 'tail', (loop) => {
      f.get(out);
      body((k) => { f.get(ins[k]).emit(load); });
      f.emit(width === 4 ? op.v128.store(0) : [...op.f32x4.extract_lane(0), ...op.f32.store(0)]);
      for (const a of [...ins, out]) f.get(a).emit(op.i32.const(4 * width), op.i32.add).set(a);
      f.get(i).emit(op.i32.const(1), op.i32.sub).tee(i).brIf(loop);
    });
  };
  f.get(count).emit(op.i32.const(2), op.i32.shr_u).tee(i).ifThen(() => pass(4));
  f.get(count).emit(op.i32.const(3), op.i32.and).tee(i).ifThen(() => pass(1));
}

/** Adds `add`, `scale_shift` and `map`. */
export function addElementwiseKernels(m: ModuleBuilder): void {
  m.func('add', [['a', 'i32'], ['b', 'i32'], ['y', 'i32'], ['n', 'i32']] as const, [], (f, [a, b, y, n]) => {
    const i = f.local('i', 'i32');
    for (const p of [a, b, y]) f.get(p).emit(op.i32.const(2), op.i32.shl).set(p);
    emitStream(f, n, [a, b], y, i, (load) => { load(0); load(1); f.emit(op.f32x4.add); });
  });

  m.func('scale_shift', [['x', 'i32'], ['y', 'i32'], ['pixels', 'i32'], ['c', 'i32'], ['scale', 'i32'], ['shift', 'i32']] as const, [], (f, [x, y, pixels, c, scale, shift]) => {
    const i = f.local('i', 'i32'), sp = f.local('sp', 'i32'), tp = f.local('tp', 'i32');
    for (const p of [x, y, scale, shift]) f.get(p).emit(op.i32.const(2), op.i32.shl).set(p);
    f.loop('pixels', (pixelLoop) => {
      f.get(scale).set(sp).get(shift).set(tp);
      // x and y advance through the pixel; the channel parameters restart at each.
      emitStream(f, c, [x, sp, tp], y, i, (load) => { load(0); load(1); f.emit(op.f32x4.mul); load(2); f.emit(op.f32x4.add); });
      f.get(pixels).emit(op.i32.const(1), op.i32.sub).tee(pixels).brIf(pixelLoop);
    });
  });

  m.func('map', [['x', 'i32'], ['y', 'i32'], ['n', 'i32'], ['kind', 'i32'], ['alpha', 'f32']] as const, [], (f, [x, y, n, kind, alphaScalar]) => {
    const i = f.local('i', 'i32');
    const v = f.local('v', 'v128'), alpha = f.local('alpha4', 'v128'), t = f.local('t', 'v128');
    for (const p of [x, y]) f.get(p).emit(op.i32.const(2), op.i32.shl).set(p);
    f.get(alphaScalar).emit(op.f32x4.splat).set(alpha);
    for (const name of Object.keys(MAP_KIND) as MapKind[]) {
      f.get(kind).emit(op.i32.const(MAP_KIND[name]), op.i32.eq).ifThen(() => {
        emitStream(f, n, [x], y, i, (load) => { load(0); f.set(v); BODIES[name](f, v, alpha, t); });
      });
    }
  });
}
