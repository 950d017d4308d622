import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import type * as TF from '@tensorflow/tfjs-core';
import { decodeFloat32 } from '../../../src/core/graph/tensorCodec';
import type { GraphDocument } from '../../../src/core/graph/types';
import { encodeNpy } from '../../../src/core/npy';
import { prepareTrainingGraph } from '../../../src/core/train/trainingGraph';
import { expectClose, makeRandom, randomArray } from '../../runtime/kernels/helpers';
import { buildTfGraph } from '../../train/tfGraph';
import { useGradientOracle } from '../../train/tfOracle';

const dir = mkdtempSync(path.join(tmpdir(), 'cli-train-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let tf: typeof TF;
beforeAll(async () => {
  tf = await useGradientOracle();
}, 120_000);

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const file = (name: string, bytes: Uint8Array | string) => {
  const p = path.join(dir, name);
  writeFileSync(p, bytes);
  return p;
};

/** An int64 .npy of class indices, as `np.save('y.npy', np.array([...]))` writes by default. */
function int64Npy(values: number[]): Uint8Array {
  let header = `{'descr': '<i8', 'fortran_order': False, 'shape': (${values.length},), }`;
  while ((10 + header.length + 1) % 64 !== 0) header += ' ';
  header += '\n';
  const out = new Uint8Array(10 + header.length + 8 * values.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const view = new DataView(out.buffer, 10 + header.length);
  values.forEach((v, i) => view.setBigInt64(8 * i, BigInt(v), true));
  return out;
}

const node = (id: string, kind: string, params: Record<string, unknown>) => ({ id, kind, name: id, params, position: { x: 0, y: 0 } });
const DOC: GraphDocument = {
  format: 'cnn-graph', version: 1, name: 'tiny classifier',
  nodes: [
    node('in', 'Input', { shape: [6, 6, 1] }),
    node('c', 'Conv2D', { filters: 3, kernelSize: 3, strides: 1, padding: 'same', dilation: 1, activation: 'relu', useBias: true }),
    node('p', 'MaxPool2D', { poolSize: 2, strides: 2, padding: 'valid' }),
    node('f', 'Flatten', {}),
    node('out', 'Dense', { units: 4, activation: 'softmax', useBias: true }),
  ],
  edges: [['in', 'c'], ['c', 'p'], ['p', 'f'], ['f', 'out']].map(([source, target], i) => ({ id: `e${i}`, source, target })),
};

describe('cli train', () => {
  const rand = makeRandom(42);
  const n = 7;
  const x = randomArray(rand, n * 36);
  const labels = [0, 3, 1, 2, 3, 0, 1];

  it('--no-shuffle --optimizer sgd --batch N --steps 1 is exactly one full-batch gradient step (against TensorFlow.js)', () => {
    const graphPath = file('tiny.json', JSON.stringify(DOC));
    const out = path.join(dir, 'trained.json');
    const r = cli('train', graphPath, '--input', file('x.npy', encodeNpy([n, 6, 6, 1], x)), '--labels', file('y.npy', int64Npy(labels)),
      '--no-shuffle', '--optimizer', 'sgd', '--lr', '0.5', '--batch', String(n), '--steps', '1', '--seed', '3', '--out', out, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { epochs: { loss: number; accuracy: number; imagesPerSec: number }[]; trainedWeights: boolean };
    expect(report.trainedWeights).toBe(true);
    expect(report.epochs).toHaveLength(1);

    // The oracle: the same initial weights (seed 3), one tf.train.sgd step on the mean softmax cross-entropy.
    const prepared = prepareTrainingGraph(DOC, 3);
    if (!prepared.ok) throw new Error(prepared.message);
    const oracle = buildTfGraph(tf, prepared.graph);
    const xt = tf.tensor(x, [n, 6, 6, 1]);
    const loss = tf.train.sgd(0.5).minimize(() => {
      const z = oracle.forward(xt, true);
      return tf.neg(tf.mean(tf.sum(tf.mul(tf.oneHot(tf.tensor1d(labels, 'int32'), 4), tf.logSoftmax(z)), 1))) as TF.Scalar;
    }, true, oracle.trainable());
    expect(report.epochs[0].loss).toBeCloseTo(loss!.dataSync()[0], 5);
    const trained = JSON.parse(readFileSync(out, 'utf8')) as GraphDocument;
    for (const id of ['c', 'out']) {
      for (const name of ['kernel', 'bias']) expectClose(decodeFloat32(trained.weights![id][name].data)!, oracle.vars[id][name].dataSync() as Float32Array);
    }
  });

  it('--data DATA.npz trains exactly as the same arrays given as --input and --labels; --augment runs', () => {
    const graphPath = file('tiny-npz.json', JSON.stringify(DOC));
    const npz = file('data.npz', zipSync({ 'x.npy': encodeNpy([n, 6, 6, 1], x), 'y.npy': int64Npy(labels) }));
    const common = ['--no-shuffle', '--optimizer', 'sgd', '--lr', '0.5', '--batch', String(n), '--steps', '1', '--seed', '3', '--json'];
    const fromNpz = path.join(dir, 'from-npz.json');
    const fromPair = path.join(dir, 'from-pair.json');
    expect(cli('train', graphPath, '--data', npz, ...common, '--out', fromNpz).code).toBe(0);
    expect(cli('train', graphPath, '--input', file('x2.npy', encodeNpy([n, 6, 6, 1], x)), '--labels', file('y2.npy', int64Npy(labels)), ...common, '--out', fromPair).code).toBe(0);
    expect(JSON.parse(readFileSync(fromNpz, 'utf8')).weights).toEqual(JSON.parse(readFileSync(fromPair, 'utf8')).weights);

    const augmented = cli('train', graphPath, '--data', npz, '--augment', 'shift,flip', '--epochs', '2', '--batch', '4', '--json');
    expect(augmented.code).toBe(0);
    expect((JSON.parse(augmented.stdout) as { epochs: unknown[] }).epochs).toHaveLength(2);
    const bad = cli('train', graphPath, '--data', npz, '--augment', 'rotate');
    expect([bad.code, bad.stderr.trim()]).toEqual([2, '--augment takes shift, flip or shift,flip, got rotate']);
  });

  it('refuses labels that do not fit the output, naming the sample and the number', () => {
    const graphPath = file('tiny2.json', JSON.stringify(DOC));
    const xPath = file('x2.npy', encodeNpy([n, 6, 6, 1], x));
    const outOfRange = cli('train', graphPath, '--input', xPath, '--labels', file('bad.npy', int64Npy([0, 1, 2, 9, 0, 1, 2])));
    expect(outOfRange.code).toBe(2);
    expect(outOfRange.stderr).toContain('label 9 of sample 3 is not a class index 0..3');
    const nan = cli('train', graphPath, '--input', xPath, '--labels', file('nan.npy', encodeNpy([n], Float32Array.from([0, 1, NaN, 1, 0, 1, 2]))));
    expect(nan.stderr).toContain('label NaN of sample 2');
    const count = cli('train', graphPath, '--input', xPath, '--labels', file('short.npy', int64Npy([0, 1])));
    expect(count.stderr).toContain('2 labels for 7 samples');
  });

  it('refuses a graph with nothing to train, and a learning rate that makes the loss diverge stops with the last good weights', () => {
    const pools: GraphDocument = { ...DOC, nodes: [DOC.nodes[0], node('g', 'GlobalAvgPool2D', {})], edges: [{ id: 'e', source: 'in', target: 'g' }] };
    const r = cli('train', file('pools.json', JSON.stringify(pools)), '--input', file('x3.npy', encodeNpy([n, 6, 6, 1], x)), '--labels', file('y3.npy', encodeNpy([n, 1], new Float32Array(n))), '--loss', 'mse');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no trainable weights');
    const huge = cli('train', file('tiny3.json', JSON.stringify(DOC)), '--input', file('x4.npy', encodeNpy([n, 6, 6, 1], x.map((v) => v * 1e18))),
      '--labels', file('y4.npy', int64Npy(labels)), '--optimizer', 'sgd', '--lr', '1e6', '--epochs', '50', '--batch', '2', '--json');
    expect(huge.code).toBe(1);
    expect(huge.stderr).toMatch(/training stopped: epoch \d+, step \d+: the (loss|gradient norm) is (NaN|Infinity)/);
  });
});
