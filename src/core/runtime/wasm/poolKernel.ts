/**
 * Pooling over NHWC maps, f32x4 over channels: `pool_max` and `pool_avg`, both
 *
 *   (x, y, batch, inPer, outH, outW, c, rows, cols, inv, dRow, dCol)
 *
 * Output pixel (oy, ox) of sample n reads the window that ../kernels/poolWindows clipped to the
 * input: `rows` holds per output row an i32 pair (byte offset of the window's first real tap from
 * the sample's start, counted along H only; the number of real rows), `cols` the same per output
 * column along W; `dRow` and `dCol` are the byte steps between taps (dilation included). The
 * average multiplies by `inv`, one float32 per output pixel (1 / the divisor the semantics choose),
 * so the kernel never decides what counts. A window with no real cell writes 0. Channels run four
 * at a time; the last c mod 4 go one by one through a splat load, the same vector code. x, y, rows,
 * cols and inv are element offsets; inPer is the input per sample in elements. NaN wins a max.
 */
import type { FunctionBuilder, Local, ModuleBuilder } from './assembler';
import { f32x4Const, op } from './opcodes';

type Kind = 'max' | 'avg';

/** Adds `pool_max` and `pool_avg`. */
export function addPoolKernels(m: ModuleBuilder): void {
  for (const kind of ['max', 'avg'] as const) addPool(m, kind);
}

function addPool(m: ModuleBuilder, kind: Kind): void {
  m.func(`pool_${kind}`, [
    ['x', 'i32'], ['y', 'i32'], ['batch', 'i32'], ['inPer', 'i32'], ['outH', 'i32'], ['outW', 'i32'], ['c', 'i32'],
    ['rows', 'i32'], ['cols', 'i32'], ['inv', 'i32'], ['dRow', 'i32'], ['dCol', 'i32'],
  ] as const, [], (f, [x, y, batch, inPer, outH, outW, c, rows, cols, inv, dRow, dCol]) => {
    const oy = f.local('oy', 'i32'), ox = f.local('ox', 'i32'), rp = f.local('rp', 'i32'), cp = f.local('cp', 'i32');
    const nr = f.local('nr', 'i32'), nc = f.local('nc', 'i32'), base = f.local('base', 'i32'), rowBase = f.local('rowBase', 'i32');
    const g = f.local('g', 'i32'), p = f.local('p', 'i32'), q = f.local('q', 'i32'), s = f.local('s', 'i32');
    const r = f.local('r', 'i32'), k = f.local('k', 'i32'), ip = f.local('ip', 'i32');
    const acc = f.local('acc', 'v128'), scale = f.local('scale', 'v128');
    const loops: Loops = { nr, nc, p, q, s, r, k, acc, dRow, dCol };
    for (const a of [x, y, rows, cols, inv, inPer]) f.get(a).emit(op.i32.const(2), op.i32.shl).set(a);
    f.loop('samples', (samples) => {
      f.get(rows).set(rp).get(outH).set(oy).get(inv).set(ip);
      f.loop('outRows', (outRows) => {
        f.get(x).get(rp).emit(op.i32.load(0), op.i32.add).set(rowBase).get(rp).emit(op.i32.load(4)).set(nr);
        f.get(cols).set(cp).get(outW).set(ox);
        f.loop('outCols', (outCols) => {
          f.get(rowBase).get(cp).emit(op.i32.load(0), op.i32.add).set(base).get(cp).emit(op.i32.load(4)).set(nc);
          if (kind === 'avg') {
            f.get(ip).emit(op.v128.load32_splat(0)).set(scale);
            f.get(ip).emit(op.i32.const(4), op.i32.add).set(ip);
          }
          f.get(nr).get(nc).emit(op.i32.mul, op.i32.eqz).ifThen(() => {
            // No real cell: zeros.
            f.get(c).set(g);
            f.loop('zeros', (zeros) => {
              f.get(y).emit(op.f32.const(0), op.f32.store(0));
              f.get(y).emit(op.i32.const(4), op.i32.add).set(y);
              f.get(g).emit(op.i32.const(1), op.i32.sub).tee(g).brIf(zeros);
            });
          }, () => {
            f.get(base).set(p);
            // Whole vectors of 4 channels.
            f.get(c).emit(op.i32.const(2), op.i32.shr_u).tee(g).ifThen(() => {
              f.loop('vectors', (vectors) => {
                emitWindow(f, kind, loops, op.v128.load(0));
                if (kind === 'avg') f.get(acc).get(scale).emit(op.f32x4.mul).set(acc);
                f.get(y).get(acc).emit(op.v128.store(0));
                f.get(y).emit(op.i32.const(16), op.i32.add).set(y).get(p).emit(op.i32.const(16), op.i32.add).set(p);
                f.get(g).emit(op.i32.const(1), op.i32.sub).tee(g).brIf(vectors);
              });
            });
            // The last c mod 4 channels, one splat each.
            f.get(c).emit(op.i32.const(3), op.i32.and).tee(g).ifThen(() => {
              f.loop('tail', (tail) => {
                emitWindow(f, kind, loops, op.v128.load32_splat(0));
                if (kind === 'avg') f.get(acc).get(scale).emit(op.f32x4.mul).set(acc);
                f.get(y).get(acc).emit(op.f32x4.extract_lane(0), op.f32.store(0));
                f.get(y).emit(op.i32.const(4), op.i32.add).set(y).get(p).emit(op.i32.const(4), op.i32.add).set(p);
                f.get(g).emit(op.i32.const(1), op.i32.sub).tee(g).brIf(tail);
              });
            });
          });
          f.get(cp).emit(op.i32.const(8), op.i32.add).set(cp);
          f.get(ox).emit(op.i32.const(1), op.i32.sub).tee(ox).brIf(outCols);
        });
        f.get(rp).emit(op.i32.const(8), op.i32.add).set(rp);
        f.get(oy).emit(op.i32.const(1), op.i32.sub).tee(oy).brIf(outRows);
      });
      f.get(x).get(inPer).emit(op.i32.add).set(x);
      f.get(batch).emit(op.i32.const(1), op.i32.sub).tee(batch).brIf(samples);
    });
  });
}

interface Loops {
  nr: Local<'i32'>; nc: Local<'i32'>; p: Local<'i32'>; q: Local<'i32'>; s: Local<'i32'>; r: Local<'i32'>; k: Local<'i32'>;
  acc: Local<'v128'>; dRow: Local<'i32'>; dCol: Local<'i32'>;
}

/** acc = max or sum over the window's nr x nc taps from address p, each read by `load`. */
function emitWindow(f: FunctionBuilder, kind: Kind, { nr, nc, p, q, s, r, k, acc, dRow, dCol }: Loops, load: number[]): void {
  f.emit(f32x4Const(kind === 'max' ? -Infinity : 0)).set(acc);
  f.get(p).set(q).get(nr).set(r);
  f.loop('windowRows', (windowRows) => {
    f.get(q).set(s).get(nc).set(k);
    f.loop('windowCols', (windowCols) => {
      f.get(acc).get(s).emit(load, kind === 'max' ? op.f32x4.max : op.f32x4.add).set(acc);
      f.get(s).get(dCol).emit(op.i32.add).set(s);
      f.get(k).emit(op.i32.const(1), op.i32.sub).tee(k).brIf(windowCols);
    });
    f.get(q).get(dRow).emit(op.i32.add).set(q);
    f.get(r).emit(op.i32.const(1), op.i32.sub).tee(r).brIf(windowRows);
  });
}
