/**
 * ONNX export of VGG-16 (138 M params, seeded weights): the compile that makes the weights, then
 * the export itself (kernels to OIHW and the protobuf encoding), and the file size. Run standalone
 * with `npx tsx bench/exportBench.ts [--quick]`.
 */
import { compileGraph } from '../src/core/compile/compileGraph';
import { exportPlanToOnnx } from '../src/core/export/onnx/exportOnnx';
import { findPreset } from '../src/core/presets';
import { median } from './benchUtils';

export interface ExportBenchRow { name: string; compileMs: number; exportMs: number; fileMiB: number; rounds: number }

export function benchExport({ quick = false } = {}): ExportBenchRow[] {
  const doc = findPreset('vgg16')!.doc;
  const rounds = quick ? 1 : 3;
  const compileMs: number[] = [];
  const exportMs: number[] = [];
  let bytes = 0;
  for (let i = 0; i < rounds; i++) {
    let t = performance.now();
    const compiled = compileGraph(doc);
    if (!compiled.ok) throw new Error(compiled.message);
    compileMs.push(performance.now() - t);
    t = performance.now();
    const exported = exportPlanToOnnx(doc, compiled.plan, compiled.weights);
    if (!exported.ok) throw new Error(exported.message);
    exportMs.push(performance.now() - t);
    bytes = exported.bytes.length;
  }
  return [{ name: 'VGG-16 ONNX export (seeded weights)', compileMs: median(compileMs), exportMs: median(exportMs), fileMiB: bytes / 2 ** 20, rounds }];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of benchExport({ quick: process.argv.includes('--quick') })) console.log(JSON.stringify(r));
}
