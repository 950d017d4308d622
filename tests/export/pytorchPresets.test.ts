import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRandom } from '../../src/core/compile/random';
import { encodeFloat32 } from '../../src/core/graph/tensorCodec';
import type { GraphDocument } from '../../src/core/graph/types';
import { PRESETS } from '../../src/core/presets';
import { inferShapes } from '../../src/core/shape/inferShapes';
import { checkBundlesWithTorch, writeBundle } from './pytorchOracle';

const TOLERANCE = 1e-4;
const dir = mkdtempSync(path.join(tmpdir(), 'export-torch-presets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Random BatchNorm statistics, so a wrong eps, a swapped mean/variance or a lost gamma shows. */
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

/**
 * The logits instead of a final softmax: with seeded weights a deep net's probabilities are all
 * close to 1/classes, so a wrong layer would hide in them; the logits show it.
 */
function withLogits(doc: GraphDocument): GraphDocument {
  const out = structuredClone(doc);
  const read = new Set(out.edges.map((e) => e.source));
  for (const n of out.nodes.filter((x) => !read.has(x.id))) {
    if (n.params.activation === 'softmax') n.params.activation = 'linear';
    if (n.kind === 'Activation' && n.params.fn === 'softmax') n.params.fn = 'linear';
  }
  return out;
}

describe('every preset exported to PyTorch runs like our runtime (logits)', () => {
  it('in one Python process, within 1e-4 of the output magnitude', { timeout: 900_000 }, () => {
    const dirs = PRESETS.map((p) => {
      const d = path.join(dir, p.id);
      writeBundle(withLogits(withRandomBatchNorm(p.doc)), d);
      return d;
    });
    const vgg = path.join(dir, 'vgg16');
    const vggBytes = readdirSync(vgg).reduce((s, f) => s + statSync(path.join(vgg, f)).size, 0);
    const results = checkBundlesWithTorch(dirs);
    const lines = results.map((r, i) => `${PRESETS[i].id}: ${r.relative.map((x) => x.toExponential(2)).join(', ')} (abs ${r.absolute.map((x) => x.toExponential(2)).join(', ')})`);
    console.log(`PyTorch vs ours, relative max difference per preset output:\n${lines.join('\n')}\nvgg16 bundle: ${vggBytes} bytes`);
    expect(results).toHaveLength(PRESETS.length);
    for (const [i, r] of results.entries()) {
      expect(r.relative.length, PRESETS[i].id).toBeGreaterThan(0);
      for (const rel of r.relative) expect(rel, PRESETS[i].id).toBeLessThanOrEqual(TOLERANCE);
    }
  });
});
