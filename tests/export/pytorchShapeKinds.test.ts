import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildChain, inputArb, stepArb } from '../e2eOracle/spatialChains';
import { checkBundlesWithTorch, writeBundle } from './pytorchOracle';

/**
 * The reshaping and gating kinds exported to PyTorch: random chains of UpSampling2D (nearest and
 * bilinear), ZeroPadding2D, Cropping2D, Reshape of maps and vectors, squeeze-and-excitation
 * Multiply and GlobalMaxPool2D, each run by PyTorch (one process) against our runtime.
 */

const GRAPHS = 60;
const dir = mkdtempSync(path.join(tmpdir(), 'export-torch-shapes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe(`${GRAPHS} random reshaping chains exported to PyTorch`, () => {
  it('agree with our runtime within 1e-4 of the output magnitude', { timeout: 600_000 }, () => {
    const samples = fc.sample(fc.tuple(inputArb, fc.array(stepArb, { minLength: 1, maxLength: 8 })), { numRuns: GRAPHS, seed: 42 });
    const kinds = new Set<string>();
    const dirs = samples.map(([input, steps], i) => {
      const doc = buildChain(input, steps);
      for (const n of doc.nodes) kinds.add(`${n.kind}${n.kind === 'UpSampling2D' ? ` ${n.params.interpolation}` : ''}`);
      const d = path.join(dir, String(i));
      writeBundle(doc, d, i);
      return d;
    });
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['Cropping2D', 'GlobalMaxPool2D', 'Multiply', 'Reshape', 'UpSampling2D bilinear', 'UpSampling2D nearest', 'ZeroPadding2D']));
    const results = checkBundlesWithTorch(dirs);
    const bad = results.flatMap((r, i) => r.relative.map((rel) => ({ graph: i, rel, error: r.error }))).filter((x) => !(x.rel <= 1e-4));
    expect(bad).toEqual([]);
  });
});
