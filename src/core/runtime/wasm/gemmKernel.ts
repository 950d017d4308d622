/**
 * The GEMM micro-kernel, `igemm`: an *indirect* GEMM (as in XNNPACK). Row i of A is not copied
 * into a matrix but read through a table of addresses, one per (row, tap), each pointing at `inC`
 * contiguous floats (an input pixel, or a zero vector for padding). So Conv2D needs no im2col,
 * and Dense / 1x1 convs use one tap per row. B is the kernel packed in panels of 8 output columns
 * (../kernels/gemm's layout); a 4x8 tile of C lives in eight f32x4 accumulators: per depth step two
 * vector loads of B, four splat loads of A, eight multiplies and adds (or eight fused multiply-adds
 * with relaxed SIMD). Sums are float32, as in TensorFlow.
 */
import type { ModuleBuilder } from './assembler';
import { f32x4Const, op } from './opcodes';

/** Rows of the micro-tile (columns are 8: two f32x4). */
export const GEMM_MR = 4;

/** Activation codes `igemm` applies in registers (any other stores the tile as it is). */
export const GEMM_RELU = 1;
export const GEMM_RELU6 = 4;

/**
 * Adds `igemm(table, b, bias, c, rowPanels, taps, inC, panels, ldc, act)` (see SimdGemm.multiply);
 * `relaxed` uses f32x4.relaxed_madd for each multiply-add.
 */
export function addGemmKernel(m: ModuleBuilder, name: string, relaxed: boolean): void {
  const MR = GEMM_MR;
  m.func(name, [
    ['table', 'i32'], ['b', 'i32'], ['bias', 'i32'], ['c', 'i32'], ['rowPanels', 'i32'],
    ['taps', 'i32'], ['inC', 'i32'], ['panels', 'i32'], ['ldc', 'i32'], ['act', 'i32'],
  ] as const, [], (f, [table, b, bias, c, rowPanels, taps, inC, panels, ldc, act]) => {
    const r = f.local('r', 'i32'), p = f.local('p', 'i32'), t = f.local('t', 'i32'), k = f.local('k', 'i32');
    const ip = f.local('ip', 'i32'), bp = f.local('bp', 'i32');
    const a = Array.from({ length: MR }, (_, i) => f.local(`a${i}`, 'i32'));
    const cp = f.local('cp', 'i32');
    // Row i: acc[2i] holds columns 0..3, acc[2i + 1] columns 4..7.
    const acc = Array.from({ length: 2 * MR }, (_, i) => f.local(`acc${i >> 1}_${i & 1 ? 'hi' : 'lo'}`, 'v128'));
    const b0 = f.local('b0', 'v128'), b1 = f.local('b1', 'v128'), av = f.local('av', 'v128'); // av doubles as the zero vector
    /** acc = acc + x * y, x and y on the stack. */
    const madd = (into: typeof acc[number]) => {
      if (relaxed) f.get(into).emit(op.f32x4.relaxed_madd).set(into);
      else f.emit(op.f32x4.mul).get(into).emit(op.f32x4.add).set(into);
    };
    // Element offsets arrive; turn them into byte addresses once.
    for (const x of [table, b, bias, c]) f.get(x).emit(op.i32.const(2), op.i32.shl).set(x);
    f.assign(r, op.i32.const(0));
    f.loop('rowPanels', (rowLoop) => {
      // Over 8-column panels, last to first, the row panel's inputs staying in L1. Backwards because a
      // last, partial panel spills into the next row's first columns, which panel 0 rewrites later.
      f.get(panels).set(p);
      f.loop('panels', (panelLoop) => {
        f.get(p).emit(op.i32.const(1), op.i32.sub).set(p);
        for (let i = 0; i < MR; i++) {
          f.get(bias).get(p).emit(op.i32.const(5), op.i32.shl, op.i32.add, op.v128.load(0)).set(acc[2 * i]);
          f.get(bias).get(p).emit(op.i32.const(5), op.i32.shl, op.i32.add, op.v128.load(16)).set(acc[2 * i + 1]);
        }
        f.get(b).get(p).get(taps).get(inC).emit(op.i32.mul, op.i32.mul, op.i32.const(5), op.i32.shl, op.i32.add).set(bp);
        f.get(table).get(r).get(taps).emit(op.i32.mul, op.i32.const(4), op.i32.shl, op.i32.add).set(ip);
        f.get(taps).set(t);
        f.loop('taps', (tapLoop) => {
          for (let i = 0; i < MR; i++) f.get(ip).emit(op.i32.load(4 * i)).set(a[i]);
          f.get(inC).set(k);
          f.loop('channels', (channelLoop) => {
            f.get(bp).emit(op.v128.load(0)).set(b0).get(bp).emit(op.v128.load(16)).set(b1);
            for (let i = 0; i < MR; i++) {
              f.get(a[i]).emit(op.v128.load32_splat(0)).tee(av);
              f.get(b0);
              madd(acc[2 * i]);
              f.get(av).get(b1);
              madd(acc[2 * i + 1]);
              f.get(a[i]).emit(op.i32.const(4), op.i32.add).set(a[i]);
            }
            f.get(bp).emit(op.i32.const(32), op.i32.add).set(bp);
            f.get(k).emit(op.i32.const(1), op.i32.sub).tee(k).brIf(channelLoop);
          });
          f.get(ip).emit(op.i32.const(16), op.i32.add).set(ip);
          f.get(t).emit(op.i32.const(1), op.i32.sub).tee(t).brIf(tapLoop);
        });
        f.get(act).emit(op.i32.const(GEMM_RELU), op.i32.eq).get(act).emit(op.i32.const(GEMM_RELU6), op.i32.eq, op.i32.or).ifThen(() => {
          f.emit(op.v128.const(new Array<number>(16).fill(0))).set(av);
          for (const x of acc) f.get(x).get(av).emit(op.f32x4.max).set(x);
          f.get(act).emit(op.i32.const(GEMM_RELU6), op.i32.eq).ifThen(() => {
            f.emit(f32x4Const(6)).set(av);
            for (const x of acc) f.get(x).get(av).emit(op.f32x4.min).set(x);
          });
        });
        // Tile write-out at c + (4r * ldc + 8p) floats.
        f.get(c).get(r).get(ldc).emit(op.i32.mul, op.i32.const(2), op.i32.shl).get(p)
          .emit(op.i32.const(3), op.i32.shl, op.i32.add, op.i32.const(2), op.i32.shl, op.i32.add).set(cp);
        for (let i = 0; i < MR; i++) {
          f.get(cp).get(acc[2 * i]).emit(op.v128.store(0)).get(cp).get(acc[2 * i + 1]).emit(op.v128.store(16));
          f.get(cp).get(ldc).emit(op.i32.const(2), op.i32.shl, op.i32.add).set(cp);
        }
        f.get(p).brIf(panelLoop);
      });
      f.get(r).emit(op.i32.const(1), op.i32.add).tee(r).get(rowPanels).emit(op.i32.lt_u).brIf(rowLoop);
    });
  });
}
