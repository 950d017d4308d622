import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chainDoc, type NodeSpec } from '../core/shape/buildDoc';
import { checkBundlesWithTorch, writeBundle } from './pytorchOracle';

/**
 * Pools in PyTorch's dialect exported to PyTorch: ceilMode and countIncludePad where nn.MaxPool2d
 * and nn.AvgPool2d take the padding, and the hand-padded forms (asymmetric, or more than half the
 * window) where they do not, run by torch against our runtime's output (one Python process).
 */
const CHAINS: { name: string; nodes: NodeSpec[] }[] = [
  {
    name: 'symmetric pads: ceil_mode, count_include_pad',
    nodes: [['in', 'Input', { shape: [13, 12, 3] }], ['m', 'MaxPool2D', { poolSize: 3, strides: 2, padding: 1, ceilMode: true }],
      ['a', 'AvgPool2D', { poolSize: 3, strides: 2, padding: 1, ceilMode: true, countIncludePad: true }],
      ['b', 'AvgPool2D', { poolSize: 2, strides: 1, padding: 1, ceilMode: false, countIncludePad: true }]],
  },
  {
    name: 'unpadded ceil_mode (SqueezeNet) and a mean over real cells',
    nodes: [['in', 'Input', { shape: [14, 11, 2] }], ['m', 'MaxPool2D', { poolSize: 3, strides: 2, ceilMode: true }],
      ['a', 'AvgPool2D', { poolSize: 3, strides: 2, padding: 1, ceilMode: true }]],
  },
  {
    name: 'asymmetric pads, padded by hand, with the ceil overhang',
    nodes: [['in', 'Input', { shape: [12, 11, 3] }], ['m', 'MaxPool2D', { poolSize: 3, strides: 2, padding: [[0, 2], [1, 0]], ceilMode: true }],
      ['a', 'AvgPool2D', { poolSize: 3, strides: 2, padding: [[1, 0], [0, 1]], ceilMode: true, countIncludePad: true }],
      ['b', 'AvgPool2D', { poolSize: 2, strides: 3, padding: [[0, 1], [1, 1]], ceilMode: true }]],
  },
  {
    name: 'pads over half the window, counted',
    nodes: [['in', 'Input', { shape: [9, 10, 2] }], ['a', 'AvgPool2D', { poolSize: 2, strides: 2, padding: 2, ceilMode: true, countIncludePad: true }],
      ['m', 'MaxPool2D', { poolSize: 3, strides: 2, padding: 2, ceilMode: true }]],
  },
];

const dir = mkdtempSync(path.join(tmpdir(), 'export-torch-pools-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ceilMode and countIncludePad pools exported to PyTorch', () => {
  it('run like our runtime, within 1e-5 of the output magnitude', { timeout: 300_000 }, () => {
    const dirs = CHAINS.map((c, i) => {
      const d = path.join(dir, `chain${i}`);
      writeBundle(chainDoc(c.nodes), d);
      return d;
    });
    const results = checkBundlesWithTorch(dirs);
    expect(results).toHaveLength(CHAINS.length);
    for (const [i, r] of results.entries()) {
      expect(r.relative.length, CHAINS[i].name).toBeGreaterThan(0);
      for (const rel of r.relative) expect(rel, CHAINS[i].name).toBeLessThanOrEqual(1e-5);
    }
  });
});
