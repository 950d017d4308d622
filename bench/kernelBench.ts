/**
 * Conv2D speed: our kernel (WebAssembly SIMD GEMM, and the plain-TypeScript GEMM as `ours-scalar`) against tfjs-backend-cpu and single-threaded
 * tfjs-backend-wasm, on three ResNet/VGG-like layers. Rounds are interleaved (ours, cpu, wasm,
 * ours, ...) after a warm-up so machine noise hits every implementation alike; we report medians.
 * Every implementation does the same work: conv + bias + relu, fused (tf.fused.conv2d for tfjs).
 * FLOPs = 2 * MACs. Run standalone with `npx tsx bench/kernelBench.ts [--quick]`.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { fillRandom, median, useBackend, type BenchRow, type Impl } from './benchUtils';
import { createConv2D } from '../src/core/runtime/kernels';
import { setSimdGemmEnabled } from '../src/core/runtime/kernels/simdGemm';
import { resolveConvGeometry } from '../src/core/shape/convArithmetic';
import type { ConvGeometry } from '../src/core/shape/types';

export type { BenchRow };

interface ConvCase { name: string; h: number; w: number; c: number; k: number; s: number; filters: number }

const CASES: ConvCase[] = [
  { name: 'conv 56x56x64->64 3x3 same', h: 56, w: 56, c: 64, k: 3, s: 1, filters: 64 },
  { name: 'conv 112x112x32->64 3x3 same', h: 112, w: 112, c: 32, k: 3, s: 1, filters: 64 },
  { name: 'conv 224x224x3->64 7x7 s2 same', h: 224, w: 224, c: 3, k: 7, s: 2, filters: 64 },
];

const IMPLS: Impl[] = ['ours', 'ours-scalar', 'tfjs-cpu', 'tfjs-wasm'];

/** A timed runner for one implementation; tfjs tensors are created on, and disposed from, its backend. */
async function prepare(impl: Impl, g: ConvGeometry, x: Float32Array, w: Float32Array, b: Float32Array): Promise<{ run(): void; dispose(): void }> {
  if (impl === 'ours' || impl === 'ours-scalar') {
    // The kernel picks its GEMM when it is prepared, so the switch only needs to hold for creation.
    setSimdGemmEnabled(impl === 'ours');
    const op = createConv2D(g, w, b, 'relu');
    setSimdGemmEnabled(true);
    const out = new Float32Array(g.outH * g.outW * g.outC);
    return { run: () => op.run([x], 1, out), dispose: () => {} };
  }
  await useBackend(impl);
  const xt = tf.tensor4d(x, [1, g.inH, g.inW, g.inC]);
  const wt = tf.tensor4d(w, [g.kH, g.kW, g.inC, g.outC]);
  const bt = tf.tensor1d(b);
  const stride: [number, number] = [g.strideH, g.strideW];
  return {
    run: () => {
      const y = tf.fused.conv2d({ x: xt, filter: wt, strides: stride, pad: 'same', bias: bt, activation: 'relu' });
      y.dataSync();
      y.dispose();
    },
    dispose: () => tf.dispose([xt, wt, bt]),
  };
}

/**
 * Times the three convs for every implementation and returns one row per (case, impl).
 * `quick` does fewer rounds (for smoke tests); the full run takes about a minute.
 */
export async function benchKernels(opts: { quick?: boolean } = {}): Promise<BenchRow[]> {
  const rounds = opts.quick ? 3 : 9;
  const warmup = opts.quick ? 1 : 3;
  const rows: BenchRow[] = [];
  for (const [ci, c] of CASES.entries()) {
    const g = resolveConvGeometry(c.h, c.w, c.c, { kernelSize: c.k, strides: c.s, padding: 'same' }, c.filters);
    const x = fillRandom(c.h * c.w * c.c, 11 + ci);
    const w = fillRandom(c.k * c.k * c.c * c.filters, 23 + ci).map((v) => v * 0.1);
    const b = fillRandom(c.filters, 37 + ci);
    const flops = 2 * g.outH * g.outW * g.outC * g.kH * g.kW * g.inC;
    const times = new Map<Impl, number[]>(IMPLS.map((i) => [i, []]));
    for (let round = 0; round < warmup + rounds; round++) {
      for (const impl of IMPLS) {
        const runner = await prepare(impl, g, x, w, b);
        const t0 = performance.now();
        runner.run();
        const dt = performance.now() - t0;
        runner.dispose();
        if (round >= warmup) times.get(impl)!.push(dt);
      }
    }
    for (const impl of IMPLS) {
      const medianMs = median(times.get(impl)!);
      rows.push({ name: c.name, impl, medianMs, gflops: flops / medianMs / 1e6 });
    }
  }
  return rows;
}

function formatTable(rows: BenchRow[]): string {
  const lines = ['case                                 impl        median ms   GFLOPS   ours is'];
  for (const r of rows) {
    const ours = rows.find((o) => o.name === r.name && o.impl === 'ours')!;
    const ratio = r.impl === 'ours' ? '' : `${(r.medianMs / ours.medianMs).toFixed(2)}x faster`;
    lines.push(`${r.name.padEnd(36)} ${r.impl.padEnd(10)} ${r.medianMs.toFixed(1).padStart(10)} ${(r.gflops ?? 0).toFixed(2).padStart(8)}   ${ratio}`);
  }
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const rows = await benchKernels({ quick: process.argv.includes('--quick') });
  console.log(formatTable(rows));
}
