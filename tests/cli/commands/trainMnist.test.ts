import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileGraph } from '../../../src/core/compile/compileGraph';
import type { GraphDocument } from '../../../src/core/graph/types';
import { createExecutor } from '../../../src/core/runtime/executor';

const require = createRequire(import.meta.url);
const dir = mkdtempSync(path.join(tmpdir(), 'cli-train-mnist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Samples 0..99 of each class straight from the `mnist` package: the held-out digits. */
function heldOutDigits(): { images: Float32Array; labels: Uint8Array } {
  const images = new Float32Array(1000 * 784);
  const labels = new Uint8Array(1000);
  for (let d = 0; d < 10; d++) {
    const raw = (JSON.parse(readFileSync(require.resolve(`mnist/src/digits/${d}.json`), 'utf8')) as { data: number[] }).data;
    images.set(raw.slice(0, 100 * 784), d * 100 * 784);
    labels.fill(d, d * 100, (d + 1) * 100);
  }
  return { images, labels };
}

describe('cli train on MNIST', () => {
  // About 45,000 training images; minutes on a loaded machine, hence the long timeout (no timing is asserted).
  it('trains LeNet-5 from scratch to at least 97.3% on the 1,000 held-out digits within 5 epochs', () => {
    const out = path.join(dir, 'lenet-trained.json');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'train', 'lenet5-mnist', '--data', 'mnist', '--epochs', '5',
      '--batch', '32', '--lr', '0.002', '--schedule', 'cosine', '--seed', '1', '--out', out, '--json'], { encoding: 'utf8', timeout: 1_500_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as { epochs: { loss: number; valAccuracy: number }[]; trainedWeights: boolean };
    expect(report.epochs).toHaveLength(5);
    expect(report.epochs[4].loss).toBeLessThan(report.epochs[0].loss);
    // Measured again, independently of the trainer: the written document on the inference runtime.
    const doc = JSON.parse(readFileSync(out, 'utf8')) as GraphDocument;
    const compiled = compileGraph(doc);
    if (!compiled.ok) throw new Error(compiled.message);
    const { images, labels } = heldOutDigits();
    const run = createExecutor(compiled.plan, compiled.weights).run({ input: images }, 1000);
    if (!run.ok) throw new Error(run.error.message);
    let correct = 0;
    for (let k = 0; k < 1000; k++) {
      let best = 0;
      for (let c = 1; c < 10; c++) if (run.outputs.output[k * 10 + c] > run.outputs.output[k * 10 + best]) best = c;
      if (best === labels[k]) correct++;
    }
    expect(correct / 1000).toBeGreaterThanOrEqual(0.973);
  }, 1_600_000);
});
