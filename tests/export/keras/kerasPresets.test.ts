import { beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../../src/core/compile/random';
import { compileGraph } from '../../../src/core/compile/compileGraph';
import { referenceBatch } from '../../../src/core/export/prepareExport';
import { encodeFloat32 } from '../../../src/core/graph/tensorCodec';
import type { GraphDocument } from '../../../src/core/graph/types';
import { PRESETS } from '../../../src/core/presets';
import { inferShapes } from '../../../src/core/shape/inferShapes';
import { compareWithRuntime, kerasBundle, loadBundle, useTfjsWasm } from './kerasOracle';

const TOLERANCE = 1e-4;

/** Random BatchNorm statistics, so a swapped mean/variance, a lost gamma or a wrong epsilon shows. */
function withRandomBatchNorm(doc: GraphDocument): GraphDocument {
  const out = structuredClone(doc);
  const inference = inferShapes(out);
  const next = createRandom(7);
  const vec = (c: number, lo: number, hi: number) => ({ shape: [c], data: encodeFloat32(Float32Array.from({ length: c }, () => lo + (hi - lo) * next())) });
  for (const n of out.nodes.filter((x) => x.kind === 'BatchNorm')) {
    const c = inference.nodes.get(n.id)!.outputShape!.at(-1)!;
    out.weights = { ...out.weights, [n.id]: { gamma: vec(c, 0.5, 1.5), beta: vec(c, -0.5, 0.5), movingMean: vec(c, -0.2, 0.2), movingVariance: vec(c, 0.5, 2) } };
  }
  return out;
}

/** The logits instead of a final softmax: seeded deep nets give near-uniform probabilities that would hide a wrong layer. */
function withLogits(doc: GraphDocument): GraphDocument {
  const out = structuredClone(doc);
  const read = new Set(out.edges.map((e) => e.source));
  for (const n of out.nodes.filter((x) => !read.has(x.id))) {
    if (n.params.activation === 'softmax') n.params.activation = 'linear';
    if (n.kind === 'Activation' && n.params.fn === 'softmax') n.params.fn = 'linear';
  }
  return out;
}

describe('every preset exported to Keras runs in tfjs-layers like our runtime (logits)', () => {
  // The wasm backend: VGG-16 and U-Net take its plain-JS CPU backend minutes each.
  beforeAll(useTfjsWasm);

  it.each(PRESETS.map((p) => [p.id, p] as const))('%s: tf.loadLayersModel of model.json + weights.bin agrees within 1e-4', { timeout: 600_000 }, async (_id, preset) => {
    const doc = withLogits(withRandomBatchNorm(preset.doc));
    const compiled = compileGraph(doc);
    if (!compiled.ok) throw new Error(compiled.message);
    const started = performance.now();
    const files = kerasBundle(doc);
    const exported = performance.now();
    const model = await loadBundle(files);
    const batch = referenceBatch(compiled.plan);
    const agreement = await compareWithRuntime(doc, model, batch);
    model.dispose();
    const bytes = Object.values(files).reduce((s, f) => s + f.length, 0);
    console.log(`${preset.id}: relative ${agreement.relative.map((x) => x.toExponential(2)).join(', ')} (abs ${agreement.absolute.map((x) => x.toExponential(2)).join(', ')}), batch ${batch}, export ${(exported - started).toFixed(0)} ms, bundle ${bytes} bytes, tfjs ${((performance.now() - exported) / 1000).toFixed(1)} s`);
    expect(agreement.relative.length).toBe(compiled.plan.outputs.length);
    for (const rel of agreement.relative) expect(rel).toBeLessThanOrEqual(TOLERANCE);
  });
});
