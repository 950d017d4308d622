import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRandom } from '../../src/core/compile/random';
import { encodeNpz } from '../../src/core/export/npz';
import type { GraphDocument, GraphNode } from '../../src/core/graph/types';
import { SYSTEM_PYTHON } from '../oracles/python';
import { writeBundle } from './pytorchOracle';

const dir = mkdtempSync(path.join(tmpdir(), 'export-torch-settings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function net(training?: GraphDocument['training']): GraphDocument {
  const spec: [string, string, Record<string, unknown>][] = [
    ['input', 'Input', { shape: [6, 6, 1] }],
    ['conv', 'Conv2D', { filters: 2, kernelSize: 3, activation: 'relu' }],
    ['flat', 'Flatten', {}],
    ['out', 'Dense', { units: 3, activation: 'softmax' }],
  ];
  const nodes: GraphNode[] = spec.map(([id, kind, params]) => ({ id, kind, name: id, params, position: { x: 0, y: 0 } }));
  return { format: 'cnn-graph', version: 1, name: 'tiny', nodes, edges: nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: nodes[i].id, target: n.id })), ...(training ? { training } : {}) };
}

describe("train.py's defaults come from the graph's training settings", () => {
  it('runs SGD at the stored rate, batch and epochs with no flags given', { timeout: 300_000 }, () => {
    const next = createRandom(4);
    const n = 24;
    writeFileSync(path.join(dir, 'data.npz'), encodeNpz([
      { key: 'x', shape: [n, 6, 6, 1], data: Float32Array.from({ length: n * 36 }, () => next()) },
      { key: 'y', shape: [n], data: Float32Array.from({ length: n }, (_, i) => i % 3) },
    ]));
    const bundle = path.join(dir, 'bundle');
    writeBundle(net({ optimizer: 'sgd', learningRate: 0.05, momentum: 0.9, weightDecay: 0.0001, batch: 6, epochs: 2 }), bundle);
    const run = spawnSync(SYSTEM_PYTHON, ['train.py', '--data', path.join(dir, 'data.npz'), '--out', path.join(dir, 'ckpt')], { cwd: bundle, encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('training on 24 samples, 1 process(es) on cpu (no backend), sgd lr 0.05');
    // 24 samples in batches of 6 for 2 epochs: PyTorch's loop says how many it ran.
    expect(run.stdout).toMatch(/epoch 1: .*\(24 samples, 4 steps\)/);
    expect(run.stdout).toMatch(/epoch 2: .*\(24 samples, 8 steps\)/);
    expect(run.stdout).not.toMatch(/epoch 3/);
    // torch.optim.SGD got the stored momentum and decay.
    const check = spawnSync(SYSTEM_PYTHON, ['-c', 'import train; import torch; o = train.make_optimizer([torch.nn.Parameter(torch.zeros(1))], 0.05); g = o.param_groups[0]; print(type(o).__name__, g["momentum"], g["weight_decay"])'], { cwd: bundle, encoding: 'utf8' });
    expect(check.status, check.stderr).toBe(0);
    expect(check.stdout.trim()).toBe('SGD 0.9 0.0001');
  });

  it('without settings keeps Adam at 0.001, batch 32, one epoch', { timeout: 300_000 }, () => {
    const bundle = path.join(dir, 'plain');
    writeBundle(net(), bundle);
    const run = spawnSync(SYSTEM_PYTHON, ['train.py', '--data', path.join(dir, 'data.npz'), '--out', path.join(dir, 'ckpt2')], { cwd: bundle, encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('adam lr 0.001');
    expect(run.stdout).toMatch(/epoch 1: .*\(24 samples, 1 steps\)/);
    expect(run.stdout).not.toMatch(/epoch 2/);
  });
});
