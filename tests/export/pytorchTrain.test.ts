import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRandom } from '../../src/core/compile/random';
import { encodeNpz } from '../../src/core/export/npz';
import type { GraphDocument, GraphNode } from '../../src/core/graph/types';
import { encodeNpy, parseNpy } from '../../src/core/npy';
import { SYSTEM_PYTHON } from '../oracles/python';
import { writeBundle } from './pytorchOracle';

const dir = mkdtempSync(path.join(tmpdir(), 'export-torch-train-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every inverse move train.py makes: conv (OIHW), depthwise, BatchNorm on a map and after a flatten, reordered Linear. */
function smallNet(): GraphDocument {
  const spec: [string, string, Record<string, unknown>][] = [
    ['input', 'Input', { shape: [8, 8, 1] }],
    ['conv', 'Conv2D', { filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }],
    ['dw', 'DepthwiseConv2D', { kernelSize: 3, depthMultiplier: 2, activation: 'relu' }],
    ['bn', 'BatchNorm', { epsilon: 0.001 }],
    ['pool', 'MaxPool2D', { poolSize: 2 }],
    ['flat', 'Flatten', {}],
    ['bn2', 'BatchNorm', { epsilon: 0.001 }],
    ['out', 'Dense', { units: 3, activation: 'softmax' }],
  ];
  const nodes: GraphNode[] = spec.map(([id, kind, params]) => ({ id, kind, name: id, params, position: { x: 0, y: 0 } }));
  return { format: 'cnn-graph', version: 1, name: 'small net', nodes, edges: nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: nodes[i].id, target: n.id })) };
}

function sh(cmd: string, args: string[], cwd: string, timeout = 600_000) {
  const started = performance.now();
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout, env: { ...process.env, OMP_NUM_THREADS: '1' } });
  return { ...r, seconds: (performance.now() - started) / 1000 };
}

describe('train.py under torchrun (2 processes, gloo on CPU)', () => {
  it('trains, checkpoints from rank 0, and writes a graph our CLI runs like PyTorch', { timeout: 900_000 }, () => {
    const bundle = path.join(dir, 'bundle');
    writeBundle(smallNet(), bundle);
    const next = createRandom(3);
    const n = 24;
    const x = Float32Array.from({ length: n * 64 }, () => next());
    const y = Float32Array.from({ length: n }, (_, i) => i % 3);
    writeFileSync(path.join(dir, 'data.npz'), encodeNpz([{ key: 'x', shape: [n, 8, 8, 1], data: x }, { key: 'y', shape: [n], data: y }]));
    writeFileSync(path.join(dir, 'x.npy'), encodeNpy([n, 8, 8, 1], x));

    const run = sh('torchrun', ['--standalone', '--nproc_per_node=2', '--redirects', '1', '--tee', '1', 'train.py',
      '--data', path.join(dir, 'data.npz'), '--epochs', '2', '--batch', '4', '--lr', '0.01', '--out', path.join(dir, 'ckpt'), '--export-graph', path.join(dir, 'trained.cnn.json')], bundle);
    console.log(`torchrun --nproc_per_node=2: ${run.seconds.toFixed(1)} s wall`);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('training on 24 samples, 2 process(es) on cpu (gloo backend), adam lr 0.01');
    expect(run.stdout).toMatch(/epoch 2: loss [\d.]+, accuracy [\d.]+ \(24 samples, 6 steps\)/);
    expect(readdirSync(path.join(dir, 'ckpt')).sort()).toEqual(['epoch-1.safetensors', 'epoch-2.safetensors']);

    // The trained graph opens with our CLI and runs like PyTorch on the last checkpoint.
    const ours = sh(process.execPath, ['--import', 'tsx', path.resolve('src/cli/main.ts'), 'run', path.join(dir, 'trained.cnn.json'), '--input', path.join(dir, 'x.npy'), '--output', path.join(dir, 'ours.npy')], process.cwd());
    expect(ours.status, ours.stderr).toBe(0);
    const script = String.raw`
import json, sys
import numpy as np, torch
sys.path.insert(0, sys.argv[1])
from model import Model, read_safetensors
model = Model()
model.load_state_dict(read_safetensors(sys.argv[2]))
model.eval()
x = torch.from_numpy(np.load(sys.argv[3]).transpose(0, 3, 1, 2).copy())
with torch.no_grad():
    out = model(x).numpy()
ours = np.load(sys.argv[4])
initial = {k: v for k, v in read_safetensors(sys.argv[1] + '/weights.safetensors').items()}
trained = read_safetensors(sys.argv[2])
moved = sorted(k for k in initial if initial[k].dtype == torch.float32 and not torch.equal(initial[k], trained[k]))
print(json.dumps({'relative': float(np.abs(out - ours).max() / np.abs(ours).max()), 'moved': moved}))
`;
    const check = sh(SYSTEM_PYTHON, ['-c', script, bundle, path.join(dir, 'ckpt', 'epoch-2.safetensors'), path.join(dir, 'x.npy'), path.join(dir, 'ours.npy')], dir);
    expect(check.status, check.stderr).toBe(0);
    const verdict = JSON.parse(check.stdout) as { relative: number; moved: string[] };
    console.log(`trained graph: our runtime vs PyTorch, relative max difference ${verdict.relative.toExponential(2)}`);
    expect(verdict.relative).toBeLessThanOrEqual(1e-4);
    // Training moved every weight and both BatchNorms' statistics, so the comparison is on trained values.
    expect(verdict.moved).toEqual(['bn.bias', 'bn.running_mean', 'bn.running_var', 'bn.weight', 'bn2.bias', 'bn2.running_mean', 'bn2.running_var', 'bn2.weight',
      'conv.bias', 'conv.weight', 'dw.bias', 'dw.weight', 'out.bias', 'out.weight']);
    expect(parseNpy(readFileSync(path.join(dir, 'ours.npy'))).ok).toBe(true);
  });

  it('reads an image folder (one subfolder per class) in a single process', { timeout: 300_000 }, () => {
    const bundle = path.join(dir, 'bundle');
    if (!existsSync(bundle)) writeBundle(smallNet(), bundle);
    const images = path.join(dir, 'images');
    const make = sh(SYSTEM_PYTHON, ['-c', String.raw`
import os, sys
from PIL import Image
for c in ('cats', 'dogs', 'owls'):
    os.makedirs(os.path.join(sys.argv[1], c), exist_ok=True)
    for i in range(3):
        Image.new('RGB', (12, 10), (40 * i, 80, 120)).save(os.path.join(sys.argv[1], c, f'{i}.png'))
`, images], dir);
    expect(make.status, make.stderr).toBe(0);
    const run = sh(SYSTEM_PYTHON, ['train.py', '--data', images, '--steps', '2', '--batch', '4', '--out', path.join(dir, 'ckpt-images')], bundle);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('training on 9 samples, 1 process(es) on cpu (no backend)');
    expect(run.stdout).toMatch(/epoch 1: .*\(8 samples, 2 steps\)/);
  });

  it('refuses a model with two outputs, saying how many it has', { timeout: 120_000 }, () => {
    const bundle = path.join(dir, 'two-outputs');
    const nodes: GraphNode[] = [['input', 'Input', { shape: [4] }], ['a', 'Dense', { units: 2 }], ['b', 'Dense', { units: 3 }]].map(([id, kind, params]) => ({ id: id as string, kind: kind as string, name: id as string, params: params as Record<string, unknown>, position: { x: 0, y: 0 } }));
    writeBundle({ format: 'cnn-graph', version: 1, name: 'two heads', nodes, edges: [{ id: 'e1', source: 'input', target: 'a' }, { id: 'e2', source: 'input', target: 'b' }] }, bundle);
    const run = sh(SYSTEM_PYTHON, ['train.py', '--data', 'none.npz'], bundle);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('train.py trains a model with one input and one output; this one has 1 inputs and 2 outputs');
  });

  it.each([
    [['--data', 'missing.npz'], /missing.npz: neither a folder of class subfolders nor an .npz file/],
    [['--data', 'bad.npz'], /bad.npz: x has shape \[2, 3\]; expected \[N, 8, 8, 1\] or \[N, 1, 8, 8\]/],
    [['--data', 'labels.npz'], /labels.npz: labels run from 0 to 7; the model has 3 classes/],
    [['--data', 'nan.npz'], /nan.npz: y holds values that are not whole class indices \(first: nan\)/],
    [['--data', 'data.npz', '--batch', '0'], /--batch must be at least 1, got 0/],
  ])('refuses bad input with a message: %j', (args, message) => {
    const bundle = path.join(dir, 'bundle');
    if (!existsSync(bundle)) writeBundle(smallNet(), bundle);
    writeFileSync(path.join(bundle, 'bad.npz'), encodeNpz([{ key: 'x', shape: [2, 3], data: new Float32Array(6) }, { key: 'y', shape: [2], data: new Float32Array(2) }]));
    writeFileSync(path.join(bundle, 'labels.npz'), encodeNpz([{ key: 'x', shape: [2, 8, 8, 1], data: new Float32Array(128) }, { key: 'y', shape: [2], data: Float32Array.of(0, 7) }]));
    writeFileSync(path.join(bundle, 'nan.npz'), encodeNpz([{ key: 'x', shape: [2, 8, 8, 1], data: new Float32Array(128) }, { key: 'y', shape: [2], data: Float32Array.of(0, NaN) }]));
    writeFileSync(path.join(bundle, 'data.npz'), encodeNpz([{ key: 'x', shape: [2, 8, 8, 1], data: new Float32Array(128) }, { key: 'y', shape: [2], data: Float32Array.of(0, 1) }]));
    const run = sh(SYSTEM_PYTHON, ['train.py', ...args], bundle);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(message);
  });
});
