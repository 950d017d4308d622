/**
 * DepthwiseConv2D speed (it dominates MobileNet's time): our kernel (WebAssembly SIMD, and the
 * plain-TypeScript loops as `ours-scalar`) against tfjs-backend-cpu and single-threaded
 * tfjs-backend-wasm (XNNPACK), each doing depthwise conv + bias + relu fused
 * (tf.fused.depthwiseConv2d for tfjs), on the same weights and input. Every implementation's
 * output is checked against tfjs-cpu's before timing. Rounds are interleaved after a warm-up;
 * medians are reported. FLOPs = 2 * MACs. Standalone: `npx tsx bench/depthwiseBench.ts [--quick]`.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { fillRandom, median, useBackend, type BenchRow, type Impl } from './benchUtils';
import { createDepthwiseConv2D } from '../src/core/runtime/kernels/depthwiseConv2d';
import { resolveConvGeometry } from '../src/core/shape/convArithmetic';
import type { ConvGeometry } from '../src/core/shape/types';

interface DepthwiseCase { name: string; h: number; w: number; c: number; k: number; s: number }

const CASES: DepthwiseCase[] = [
  { name: 'DepthwiseConv2D 112x112x32 3x3 same', h: 112, w: 112, c: 32, k: 3, s: 1 },
  { name: 'DepthwiseConv2D 56x56x144 3x3 s2 same', h: 56, w: 56, c: 144, k: 3, s: 2 },
  { name: 'DepthwiseConv2D 14x14x576 3x3 same', h: 14, w: 14, c: 576, k: 3, s: 1 },
];

const IMPLS: Impl[] = ['ours', 'ours-scalar', 'tfjs-cpu', 'tfjs-wasm'];

interface Runner { run(): Float32Array; dispose(): void }

async function prepare(impl: Impl, g: ConvGeometry, x: Float32Array, w: Float32Array, b: Float32Array): Promise<Runner> {
  if (impl === 'ours' || impl === 'ours-scalar') {
    const op = createDepthwiseConv2D(g, 1, w, b, 'relu', impl === 'ours');
    const out = new Float32Array(g.outH * g.outW * g.outC);
    return { run: () => { op.run([x], 1, out); return out; }, dispose: () => {} };
  }
  await useBackend(impl as 'tfjs-cpu' | 'tfjs-wasm');
  const xt = tf.tensor4d(x, [1, g.inH, g.inW, g.inC]);
  const wt = tf.tensor4d(w, [g.kH, g.kW, g.inC, 1]);
  const bt = tf.tensor1d(b);
  const stride: [number, number] = [g.strideH, g.strideW];
  return {
    run: () => {
      const y = tf.fused.depthwiseConv2d({ x: xt, filter: wt, strides: stride, pad: 'same', bias: bt, activation: 'relu' });
      const data = y.dataSync() as Float32Array;
      y.dispose();
      return data;
    },
    dispose: () => tf.dispose([xt, wt, bt]),
  };
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

/** One row per (case, impl); throws if an implementation's output differs from tfjs-cpu's. */
export async function benchDepthwise(opts: { quick?: boolean } = {}): Promise<BenchRow[]> {
  const rounds = opts.quick ? 3 : 15;
  const warmup = opts.quick ? 1 : 3;
  const rows: BenchRow[] = [];
  for (const [ci, c] of CASES.entries()) {
    const g = resolveConvGeometry(c.h, c.w, c.c, { kernelSize: c.k, strides: c.s, padding: 'same' }, c.c);
    const x = fillRandom(c.h * c.w * c.c, 41 + ci);
    const w = fillRandom(c.k * c.k * c.c, 53 + ci);
    const b = fillRandom(c.c, 67 + ci);
    const flops = 2 * g.outH * g.outW * g.outC * g.kH * g.kW;
    const runners = new Map<Impl, Runner>();
    for (const impl of IMPLS) runners.set(impl, await prepare(impl, g, x, w, b));
    await useBackend('tfjs-cpu');
    const reference = runners.get('tfjs-cpu')!.run().slice();
    for (const impl of IMPLS) {
      if (impl.startsWith('tfjs')) await useBackend(impl as 'tfjs-cpu' | 'tfjs-wasm');
      const diff = maxAbsDiff(runners.get(impl)!.run(), reference);
      if (!(diff < 1e-4)) throw new Error(`${c.name}: ${impl} differs from tfjs-cpu by ${diff}`);
    }
    const times = new Map<Impl, number[]>(IMPLS.map((i) => [i, []]));
    for (let round = 0; round < warmup + rounds; round++) {
      for (const impl of IMPLS) {
        if (impl.startsWith('tfjs')) await useBackend(impl as 'tfjs-cpu' | 'tfjs-wasm');
        const runner = runners.get(impl)!;
        const t0 = performance.now();
        runner.run();
        const dt = performance.now() - t0;
        if (round >= warmup) times.get(impl)!.push(dt);
      }
    }
    for (const impl of IMPLS) {
      if (impl.startsWith('tfjs')) await useBackend(impl as 'tfjs-cpu' | 'tfjs-wasm');
      runners.get(impl)!.dispose();
      const medianMs = median(times.get(impl)!);
      rows.push({ name: c.name, impl, medianMs, gflops: flops / medianMs / 1e6 });
    }
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const rows = await benchDepthwise({ quick: process.argv.includes('--quick') });
  for (const r of rows) console.log(`${r.name.padEnd(40)} ${r.impl.padEnd(12)} ${r.medianMs.toFixed(3).padStart(9)} ms ${(r.gflops ?? 0).toFixed(2).padStart(7)} GFLOPS`);
}
