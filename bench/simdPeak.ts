/**
 * The WebAssembly SIMD limit of one core here: a tiny kernel of ours that does nothing but
 * multiply-adds on twelve independent f32x4 accumulators (enough to hide the latency), built by the
 * runtime's assembler, plain (f32x4.mul + f32x4.add) and relaxed (f32x4.relaxed_madd, when the
 * engine validates it). GFLOPS count 2 per lane per multiply-add, as the model rows do. Median of
 * interleaved rounds, so it is measured under the same load as the rows it is compared with.
 */
import { ModuleBuilder } from '../src/core/runtime/wasm/assembler';
import { f32x4Const, op } from '../src/core/runtime/wasm/opcodes';
import { supportsRelaxedSimd } from '../src/core/runtime/kernels/simdGemm';
import { median } from './benchUtils';

const ACCUMULATORS = 12;
const ITERATIONS = 2_000_000;

function assemblePeak(relaxed: boolean): (iterations: number) => void {
  const m = new ModuleBuilder({ module: 'env', name: 'mem', initial: 1 });
  m.func('peak', [['n', 'i32']] as const, [], (f, [n]) => {
    const acc = Array.from({ length: ACCUMULATORS }, (_, i) => f.local(`acc${i}`, 'v128'));
    const b = f.local('b', 'v128'), c = f.local('c', 'v128');
    f.emit(f32x4Const(0.999)).set(b).emit(f32x4Const(1e-3)).set(c);
    f.loop('iterations', (loop) => {
      for (const a of acc) {
        if (relaxed) f.get(a).get(b).get(c).emit(op.f32x4.relaxed_madd).set(a);
        else f.get(a).get(b).emit(op.f32x4.mul).get(c).emit(op.f32x4.add).set(a);
      }
      f.get(n).emit(op.i32.const(1), op.i32.sub).tee(n).brIf(loop);
    });
    // Keep the sums observable so no engine drops the loop.
    f.emit(op.i32.const(0)).get(acc[0]).emit(op.v128.store(0));
  });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(m.encode()), { env: { mem: new WebAssembly.Memory({ initial: 1 }) } });
  return instance.exports.peak as (iterations: number) => void;
}

/** GFLOPS of the plain and (null without it) relaxed multiply-add loops. */
export function measureSimdPeak(opts: { quick?: boolean } = {}): { plain: number; relaxed: number | null } {
  const kernels = { plain: assemblePeak(false), relaxed: supportsRelaxedSimd() ? assemblePeak(true) : null };
  const rounds = opts.quick ? 9 : 31;
  const times: Record<'plain' | 'relaxed', number[]> = { plain: [], relaxed: [] };
  for (let r = 0; r < rounds + 2; r++) {
    for (const kind of ['plain', 'relaxed'] as const) {
      const run = kernels[kind];
      if (!run) continue;
      const started = performance.now();
      run(ITERATIONS);
      if (r >= 2) times[kind].push(performance.now() - started);
    }
  }
  const flops = ITERATIONS * ACCUMULATORS * 4 * 2;
  const gflops = (ms: number[]) => flops / (median(ms) * 1e6);
  return { plain: gflops(times.plain), relaxed: kernels.relaxed ? gflops(times.relaxed) : null };
}
