/**
 * ONNX import of ResNet-50 (torchvision, random weights, about 100 MB) in the CLI's runtime: the
 * time from reading the file to the finished document with base64 weights, and the peak memory
 * it adds, against the file size. Each round is a fresh Node process (peak memory is per process);
 * the model is exported once by Debian's PyTorch (/usr/bin/python3), skipped when it is missing.
 * Run standalone with `npx tsx bench/importBench.ts [--quick]`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { median } from './benchUtils';

export interface ImportBenchRow { name: string; medianMs: number; medianCpuMs: number; medianPeakMiB: number; fileMiB: number; peakOverFile: number; rounds: number }

const PYTHON = '/usr/bin/python3';

/** Exports torchvision's ResNet-50 once into the temp directory; null without PyTorch. */
export function exportResnet50(): string | null {
  const dir = path.join(tmpdir(), 'cnn-graph-studio-bench');
  const file = path.join(dir, 'resnet50.onnx');
  if (existsSync(file)) return file;
  if (!existsSync(PYTHON)) return null;
  mkdirSync(dir, { recursive: true });
  const script = [
    'import sys, torch, torchvision',
    'torch.manual_seed(0)',
    'm = torchvision.models.resnet50().eval()',
    'torch.onnx.export(m, torch.randn(1, 3, 224, 224), sys.argv[1], opset_version=13, training=torch.onnx.TrainingMode.PRESERVE, input_names=["input"], output_names=["output"])',
  ].join('\n');
  const r = spawnSync(PYTHON, ['-c', script, file], { encoding: 'utf8' });
  return r.status === 0 ? file : null;
}

/** Median time and peak memory of `rounds` fresh-process imports of `file` (`--library`: the worker's path). */
function measure(name: string, file: string, rounds: number, extra: string[]): ImportBenchRow {
  const runs: Array<{ ms: number; cpuMs: number; addedPeakBytes: number; fileBytes: number }> = [];
  for (let i = 0; i < rounds; i++) {
    const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx/esm', path.resolve('bench/importOnce.ts'), file, ...extra], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`importOnce failed: ${r.stderr}`);
    runs.push(JSON.parse(r.stdout.trim().split('\n').pop()!));
  }
  const fileMiB = runs[0].fileBytes / 2 ** 20;
  const peakMiB = median(runs.map((r) => r.addedPeakBytes)) / 2 ** 20;
  return { name, medianMs: median(runs.map((r) => r.ms)), medianCpuMs: median(runs.map((r) => r.cpuMs)), medianPeakMiB: peakMiB, fileMiB, peakOverFile: peakMiB / fileMiB, rounds };
}

export function benchImport({ quick = false } = {}): ImportBenchRow[] {
  const file = exportResnet50();
  if (!file) return [];
  const rounds = quick ? 3 : 7;
  return [
    measure('ResNet-50 ONNX import (CLI, Node)', file, rounds, []),
    measure('ResNet-50 ONNX import for the library (the browser workers\' path: import, gate, then ELK layout; in Node)', file, rounds, ['--library']),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of benchImport({ quick: process.argv.includes('--quick') })) console.log(JSON.stringify(r));
}
