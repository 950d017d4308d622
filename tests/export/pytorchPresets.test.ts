import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PRESETS } from '../../src/core/presets';
import { checkBundlesWithTorch, writeBundle } from './pytorchOracle';
import { withLogits, withRandomBatchNorm } from './presetVariants';

const TOLERANCE = 1e-4;
const dir = mkdtempSync(path.join(tmpdir(), 'export-torch-presets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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
