/**
 * `npm run bench [-- --json] [-- --quick]`: every benchmark of the project in one process.
 * - shape inference of a 1,000-node graph (median ms),
 * - LeNet-5 forward (batch 1 and 64) against TensorFlow.js cpu and wasm, VGG-16 forward at
 *   224x224 against tfjs wasm, VGG-16 compile and kernel-preparation times,
 * - three Conv2D layers against TensorFlow.js cpu and wasm (single-threaded),
 * - three DepthwiseConv2D layers (MobileNet's) against tf.fused.depthwiseConv2d on cpu and wasm.
 * Each section interleaves implementations round by round after a warm-up and reports medians,
 * so a busy machine slows every implementation alike. This is a measurement, never a test.
 */
import type { BenchRow } from './benchUtils';
import { benchInference } from './inferenceBench';
import { benchDepthwise } from './depthwiseBench';
import { benchKernels } from './kernelBench';
import { benchModels } from './modelBench';

type PeerRow = BenchRow;

const json = process.argv.includes('--json');
const quick = process.argv.includes('--quick');
const log = (line: string): void => { if (!json) console.log(line); };

/** Ratio of a peer's time to ours (or to `mine`): > 1 means ours is faster. */
function speedup(rows: PeerRow[], name: string, peer: PeerRow['impl'], mine: PeerRow['impl'] = 'ours'): number | undefined {
  const ours = rows.find((r) => r.name === name && r.impl === mine);
  const other = rows.find((r) => r.name === name && r.impl === peer);
  return ours && other && ours.medianMs > 0 ? other.medianMs / ours.medianMs : undefined;
}

function formatPeerTable(rows: PeerRow[]): string {
  const names = [...new Set(rows.map((r) => r.name))];
  const head = `${'case'.padEnd(50)}${'impl'.padEnd(11)}${'median ms'.padStart(11)}${'img/s'.padStart(10)}${'GFLOPS'.padStart(9)}   ours vs peer`;
  const lines = [head, '-'.repeat(head.length)];
  for (const name of names) {
    for (const r of rows.filter((x) => x.name === name)) {
      const ratio =
        r.impl === 'ours' ? ''
        : r.impl === 'ours-scalar' ? `(plain TS: ${speedup(rows, name, 'tfjs-cpu', 'ours-scalar')?.toFixed(2)}x tfjs-cpu)`
        : `${speedup(rows, name, r.impl)!.toFixed(2)}x`;
      lines.push(
        `${name.padEnd(50)}${r.impl.padEnd(11)}${r.medianMs.toFixed(2).padStart(11)}` +
          `${r.imagesPerSec ? Math.round(r.imagesPerSec).toLocaleString('en-US').padStart(10) : ''.padStart(10)}` +
          `${r.gflops ? r.gflops.toFixed(2).padStart(9) : ''.padStart(9)}   ${ratio}`,
      );
    }
  }
  return lines.join('\n');
}

const inference = await benchInference();
log('Shape inference');
for (const r of inference) log(`  ${r.name}: median ${r.medianMs.toFixed(3)} ms, p95 ${r.p95Ms.toFixed(3)} ms over ${r.runs} runs (${r.nodes} nodes, ${r.edges} edges)`);

const models = await benchModels({ quick });
log('\nModels (ms per batch; ratio = peer time / our time, > 1 means ours is faster)');
log(formatPeerTable(models));

const kernels = await benchKernels({ quick });
log('\nConv2D layers (fused bias + relu)');
log(formatPeerTable(kernels));

const depthwise = await benchDepthwise({ quick });
log('\nDepthwiseConv2D layers (fused bias + relu)');
log(formatPeerTable(depthwise));

if (json) {
  const withRatios = (rows: PeerRow[]) =>
    rows.map((r) => ({ ...r, vsTfjsCpu: r.impl.startsWith('ours') ? speedup(rows, r.name, 'tfjs-cpu', r.impl) : undefined, vsTfjsWasm: r.impl.startsWith('ours') ? speedup(rows, r.name, 'tfjs-wasm', r.impl) : undefined }));
  console.log(JSON.stringify({ inference, models: withRatios(models), kernels: withRatios(kernels), depthwise: withRatios(depthwise) }, null, 2));
}
