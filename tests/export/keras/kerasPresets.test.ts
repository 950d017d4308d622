import { beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../../src/core/compile/compileGraph';
import { referenceBatch } from '../../../src/core/export/prepareExport';
import { PRESETS } from '../../../src/core/presets';
import { withLogits, withRandomBatchNorm } from '../presetVariants';
import { compareWithRuntime, kerasBundle, loadBundle, useTfjsWasm } from './kerasOracle';

const TOLERANCE = 1e-4;

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
