import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../../src/core/compile/compileGraph';
import { decodeFloat32 } from '../../../src/core/graph/tensorCodec';
import { findPreset, PRESETS } from '../../../src/core/presets';
import { createExecutor } from '../../../src/core/runtime/executor';
import { inferShapes } from '../../../src/core/shape/inferShapes';

const require = createRequire(import.meta.url);
const PIXELS = 28 * 28;
/** Samples 0..99 of each digit class: the range scripts/trainLenet.ts holds out and scripts/buildMnist.ts ships. */
const HELD_OUT_PER_DIGIT = 100;

/** The held-out digits, straight from the `mnist` package (not from the app's files). */
function loadHeldOut(): { images: Float32Array; labels: Uint8Array } {
  const images = new Float32Array(10 * HELD_OUT_PER_DIGIT * PIXELS);
  const labels = new Uint8Array(10 * HELD_OUT_PER_DIGIT);
  for (let d = 0; d < 10; d++) {
    const raw = (JSON.parse(readFileSync(require.resolve(`mnist/src/digits/${d}.json`), 'utf8')) as { data: number[] }).data;
    const first = d * HELD_OUT_PER_DIGIT;
    images.set(raw.slice(0, HELD_OUT_PER_DIGIT * PIXELS), first * PIXELS);
    labels.fill(d, first, first + HELD_OUT_PER_DIGIT);
  }
  return { images, labels };
}

const trained = findPreset('lenet5-mnist-trained')!;
const untrained = findPreset('lenet5-mnist')!;

describe('LeNet-5 for MNIST (trained)', () => {
  let heldOut: ReturnType<typeof loadHeldOut>;
  beforeAll(() => {
    heldOut = loadHeldOut();
  });

  it('sits right after the untrained LeNet-5 for MNIST and has the same architecture', () => {
    const ids = PRESETS.map((p) => p.id);
    expect(ids.indexOf('lenet5-mnist-trained')).toBe(ids.indexOf('lenet5-mnist') + 1);
    expect(trained.doc.nodes).toEqual(untrained.doc.nodes);
    expect(trained.doc.edges).toEqual(untrained.doc.edges);
    const inferred = inferShapes(trained.doc);
    expect(inferred.diagnostics).toEqual([]);
    const count = (inf: typeof inferred) => [...inf.nodes.values()].reduce((s, n) => s + n.trainableParams, 0);
    expect(count(inferred)).toBe(count(inferShapes(untrained.doc)));
  });

  it('runs on its own weights: every layer is in the document, so the initialiser seed changes nothing', () => {
    const a = compileGraph(trained.doc, { seed: 1 });
    const b = compileGraph(trained.doc, { seed: 2 });
    if (!a.ok || !b.ok) throw new Error(a.ok ? (b as { message: string }).message : a.message);
    for (const id of ['c1', 'c3', 'c5', 'f6', 'output']) {
      for (const name of ['kernel', 'bias']) {
        const stored = decodeFloat32(trained.doc.weights![id][name].data)!;
        expect(a.weights[id][name], `${id}.${name}`).toEqual(stored);
        expect(b.weights[id][name], `${id}.${name}`).toEqual(stored);
      }
    }
  });

  it('classifies the held-out digits on our runtime as well as its description says (at least 97%)', () => {
    const compiled = compileGraph(trained.doc);
    if (!compiled.ok) throw new Error(compiled.message);
    const executor = createExecutor(compiled.plan, compiled.weights);
    const batch = 250;
    let correct = 0;
    const wrongByDigit = new Array<number>(10).fill(0);
    for (let start = 0; start < heldOut.labels.length; start += batch) {
      const run = executor.run({ input: heldOut.images.subarray(start * PIXELS, (start + batch) * PIXELS) }, batch);
      if (!run.ok) throw new Error(run.error.message);
      const probs = run.outputs.output;
      for (let k = 0; k < batch; k++) {
        let best = 0;
        for (let c = 1; c < 10; c++) if (probs[k * 10 + c] > probs[k * 10 + best]) best = c;
        if (best === heldOut.labels[start + k]) correct++;
        else wrongByDigit[heldOut.labels[start + k]]++;
      }
    }
    const accuracy = correct / heldOut.labels.length;
    // No digit class is left behind: at most 10 of its 100 samples wrong.
    expect(Math.max(...wrongByDigit), `misses per digit ${wrongByDigit.join(',')}`).toBeLessThanOrEqual(10);
    expect(accuracy).toBeGreaterThanOrEqual(0.97);
    // The description quotes this very measurement.
    const quoted = /(\d+(?:\.\d+)?)% of 1,000 held-out/.exec(trained.description);
    expect(quoted, trained.description).not.toBeNull();
    expect(Number(quoted![1])).toBeCloseTo(100 * accuracy, 5);
  });
});
