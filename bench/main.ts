/**
 * `npm run bench [-- --json] [-- --quick] [-- --only=TEXT]`: every benchmark of the project in one process.
 * - shape inference of a 1,000-node graph (median ms),
 * - the cases of ./modelBench (LeNet-5 variants at batch 1 and 64, three Conv2D layers, VGG-16)
 *   on our runtime against tfjs (cpu, wasm; fused ops, prod mode), onnxruntime-web (wasm) and
 *   onnxruntime-node (native, 1 and 2 threads), outputs checked against ours first,
 * - VGG-16 compile and kernel-preparation times,
 * - three DepthwiseConv2D layers (MobileNet's) against tf.fused.depthwiseConv2d on cpu and wasm,
 * - training (./trainBench): a LeNet-5 step at batch 64 and a Conv2D 56x56x64 backward,
 * - ONNX import of ResNet-50: time and peak memory against the file size (./importBench),
 * - the library holding that ResNet-50: bytes written and read per save, revision and start (./libraryBench),
 * - ONNX export of VGG-16: time and file size (./exportBench).
 * Each case interleaves implementations round by round after a warm-up and reports medians, so a
 * busy machine slows every implementation alike. This is a measurement, never a test.
 */
import type { BenchRow } from './benchUtils';
import { benchDepthwise } from './depthwiseBench';
import { benchExport } from './exportBench';
import { benchImport } from './importBench';
import { benchInference } from './inferenceBench';
import { benchLibrary } from './libraryBench';
import { benchModels } from './modelBench';
import { benchVggMemory } from './memoryBench';
import { measureSimdPeak } from './simdPeak';
import { benchTraining } from './trainBench';

const json = process.argv.includes('--json');
const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const log = (line: string): void => { if (!json) console.log(line); };

/** Ratio of a peer's time to ours (or to `mine`): > 1 means ours is faster. */
function speedup(rows: BenchRow[], name: string, peer: BenchRow['impl'], mine: BenchRow['impl'] = 'ours'): number | undefined {
  const ours = rows.find((r) => r.name === name && r.impl === mine);
  const other = rows.find((r) => r.name === name && r.impl === peer);
  return ours && other && ours.medianMs > 0 ? other.medianMs / ours.medianMs : undefined;
}

function formatPeerTable(rows: BenchRow[]): string {
  const names = [...new Set(rows.map((r) => r.name))];
  const head = `${'case'.padEnd(48)}${'impl'.padEnd(13)}${'median ms'.padStart(11)}${'img/s'.padStart(10)}${'GFLOPS'.padStart(9)}   peer time / ours`;
  const lines = [head, '-'.repeat(head.length)];
  for (const name of names) {
    for (const r of rows.filter((x) => x.name === name)) {
      const ratio = r.impl === 'ours' ? '' : `${speedup(rows, name, r.impl)?.toFixed(2) ?? ''}x`;
      lines.push(
        `${name.padEnd(48)}${r.impl.padEnd(13)}${r.medianMs.toFixed(2).padStart(11)}` +
          `${r.imagesPerSec ? Math.round(r.imagesPerSec).toLocaleString('en-US').padStart(10) : ''.padStart(10)}` +
          `${r.gflops ? r.gflops.toFixed(2).padStart(9) : ''.padStart(9)}   ${r.name.includes('compile') || r.name.includes('prepare') ? '' : ratio}`,
      );
    }
  }
  return lines.join('\n');
}

const inference = only ? [] : await benchInference();
if (!only) log('Shape inference');
for (const r of inference) log(`  ${r.name}: median ${r.medianMs.toFixed(3)} ms, p95 ${r.p95Ms.toFixed(3)} ms over ${r.runs} runs (${r.nodes} nodes, ${r.edges} edges)`);

const models = await benchModels({ quick, only });
log('\nModels and layers (ms per batch; peer time / ours > 1 means ours is faster)');
log(formatPeerTable(models));
// Our GFLOPS as a share of what one core's SIMD multiply-adds reach, measured right after.
const peak = models.length > 0 ? measureSimdPeak({ quick }) : null;
if (peak) {
  log(`\nSIMD peak of one core (multiply-adds only): plain ${peak.plain.toFixed(1)} GFLOPS, relaxed ${peak.relaxed?.toFixed(1) ?? 'n/a'} GFLOPS`);
  for (const r of models) {
    const limit = r.impl === 'ours' ? peak.relaxed ?? peak.plain : r.impl === 'ours-plain' ? peak.plain : null;
    if (limit && r.gflops) log(`  ${r.name.padEnd(46)} ${r.impl.padEnd(11)} ${(100 * r.gflops / limit).toFixed(0).padStart(3)}% of the ${r.impl === 'ours-plain' ? 'plain' : 'relaxed'} peak`);
  }
}

const memory = only && !'memory'.includes(only) ? [] : await benchVggMemory();
if (memory.length > 0) {
  log('\nVGG-16 memory (batch 1)');
  for (const line of memory) log(`  ${line}`);
}

const depthwise = only ? [] : await benchDepthwise({ quick });
if (!only) {
  log('\nDepthwiseConv2D layers (fused bias + relu)');
  log(formatPeerTable(depthwise));
}

const training = only ? { rows: [], notes: [] } : await benchTraining({ quick });
if (!only) {
  log('\nTraining (LeNet-5 step with Adam; Conv2D data + filter gradients)');
  log(formatPeerTable(training.rows));
  for (const n of training.notes) log(`  ${n}`);
}

const imports = only && !'import'.includes(only) ? [] : benchImport({ quick });
if (imports.length > 0) {
  log('\nONNX import (fresh process per round; peak = resident memory the import added)');
  for (const r of imports) log(`  ${r.name}: median ${r.medianMs.toFixed(0)} ms (CPU ${r.medianCpuMs.toFixed(0)} ms), peak +${r.medianPeakMiB.toFixed(0)} MiB for a ${r.fileMiB.toFixed(0)} MiB file (${r.peakOverFile.toFixed(2)}x) over ${r.rounds} rounds`);
}

const library = only && !'library'.includes(only) ? [] : await benchLibrary();
if (library.length > 0) {
  log('\nLibrary holding the imported ResNet-50 (fake-indexeddb in Node; bytes exact, times a floor)');
  const mb = (b: number) => `${(b / 1e6).toFixed(2)} MB`;
  for (const r of library) log(`  ${r.step}: ${r.ms.toFixed(0)} ms, wrote ${mb(r.writtenBytes)}, read ${mb(r.readBytes)}`);
}

const exports = only && !'export'.includes(only) ? [] : benchExport({ quick });
if (exports.length > 0) {
  log('\nONNX export');
  for (const r of exports) log(`  ${r.name}: compile ${r.compileMs.toFixed(0)} ms, export ${r.exportMs.toFixed(0)} ms, ${r.fileMiB.toFixed(0)} MiB over ${r.rounds} rounds`);
}

if (json) {
  const peers = ['tfjs-cpu', 'tfjs-wasm', 'ort-web', 'ort-node', 'ort-node-2t'] as const;
  const withRatios = models.map((r) => (r.impl === 'ours' ? { ...r, vs: Object.fromEntries(peers.map((p) => [p, speedup(models, r.name, p)])) } : r));
  console.log(JSON.stringify({ inference, models: withRatios, simdPeak: peak, memory, depthwise, training, imports, library, exports }, null, 2));
}
