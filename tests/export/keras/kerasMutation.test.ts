import { beforeAll, describe, expect, it } from 'vitest';
import { PRESETS } from '../../../src/core/presets';
import { compareWithRuntime, kerasBundle, loadBundle, textOf, useTfjsCpu } from './kerasOracle';

/** The checks can fail: weights.bin with one tensor in the wrong order must disagree beyond 1e-4. */
describe('a wrong weight order fails the tfjs comparison', () => {
  beforeAll(useTfjsCpu);

  /** weights.bin with the values of manifest weight `name` permuted by `reorder`. */
  function mutated(files: Record<string, Uint8Array>, name: string, reorder: (v: Float32Array, shape: number[]) => Float32Array): Uint8Array {
    const json = JSON.parse(textOf(files['model.json'])) as { weightsManifest: { weights: { name: string; shape: number[] }[] }[] };
    const bin = files['weights.bin'].slice();
    let offset = 0;
    for (const w of json.weightsManifest.flatMap((g) => g.weights)) {
      const n = w.shape.reduce((a, b) => a * b, 1);
      if (w.name === name) new Uint8Array(bin.buffer, offset, n * 4).set(new Uint8Array(reorder(new Float32Array(bin.buffer.slice(offset, offset + n * 4)), w.shape).buffer));
      offset += n * 4;
    }
    return bin;
  }

  it('a conv kernel read as OIHW instead of HWIO', async () => {
    const doc = PRESETS.find((p) => p.id === 'lenet5')!.doc;
    const files = kerasBundle(doc);
    const good = await compareWithRuntime(doc, await loadBundle(files), 2);
    expect(good.relative[0]).toBeLessThan(1e-4);
    // [kh, kw, cin, cout] values laid out as [cout, cin, kh, kw].
    const oihw = (v: Float32Array, [kh, kw, ci, co]: number[]) => {
      const out = new Float32Array(v.length);
      for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) for (let i = 0; i < ci; i++) for (let o = 0; o < co; o++) out[((o * ci + i) * kh + y) * kw + x] = v[((y * kw + x) * ci + i) * co + o];
      return out;
    };
    const bad = await compareWithRuntime(doc, await loadBundle(files, mutated(files, 'c3/kernel', oihw)), 2);
    expect(bad.relative[0]).toBeGreaterThan(1e-2);
  });

  it("a BatchNorm's moving mean off by 0.5", async () => {
    const doc = structuredClone(PRESETS.find((p) => p.id === 'resnet-block')!.doc);
    const files = kerasBundle(doc);
    const json = JSON.parse(textOf(files['model.json'])) as { weightsManifest: { weights: { name: string }[] }[] };
    const mean = json.weightsManifest[0].weights.find((w) => w.name.endsWith('/moving_mean'))!.name;
    const shifted = mutated(files, mean, (v) => v.map((x) => x + 0.5));
    const bad = await compareWithRuntime(doc, await loadBundle(files, shifted), 2);
    expect(bad.relative[0]).toBeGreaterThan(1e-4);
  });
});
