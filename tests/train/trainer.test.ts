import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs-core';
import type { GraphDocument } from '../../src/core/graph/types';
import { createTrainer } from '../../src/core/train/trainer';
import { prepareTrainingGraph } from '../../src/core/train/trainingGraph';
import type { LossKind, Targets } from '../../src/core/train/losses';
import type { OptimizerConfig } from '../../src/core/train/optimizers';
import { expectClose, makeRandom, randomArray } from '../runtime/kernels/helpers';
import { useGradientOracle } from './tfOracle';
import { buildTfGraph } from './tfGraph';

let tf: typeof TF;
beforeAll(async () => {
  tf = await useGradientOracle();
}, 120_000);

type NodeSpec = [id: string, kind: string, params: Record<string, unknown>, inputs: string[]];

function doc(name: string, specs: NodeSpec[]): GraphDocument {
  return {
    format: 'cnn-graph', version: 1, name,
    nodes: specs.map(([id, kind, params]) => ({ id, kind, name: id, params, position: { x: 0, y: 0 } })),
    edges: specs.flatMap(([id, , , inputs]) => inputs.map((src, k) => ({ id: `${src}-${id}-${k}`, source: src, target: id }))),
  };
}

const conv = (filters: number, kernelSize: number, padding: string, activation: string) => ({ filters, kernelSize, strides: 1, padding, dilation: 1, activation, useBias: true });

/** Graphs covering every kind the oracle can express, a branch, a merge of three and BatchNorm in training. */
const GRAPHS: { doc: GraphDocument; input: number[]; loss: LossKind }[] = [
  {
    loss: 'cross-entropy', input: [12, 12, 2],
    doc: doc('small LeNet', [
      ['in', 'Input', { shape: [12, 12, 2] }, []],
      ['c1', 'Conv2D', conv(4, 3, 'same', 'relu'), ['in']],
      ['p1', 'MaxPool2D', { poolSize: 2, strides: 2, padding: 'valid' }, ['c1']],
      ['c2', 'Conv2D', { ...conv(6, 3, 'valid', 'tanh'), strides: 1, dilation: 1 }, ['p1']],
      ['p2', 'AvgPool2D', { poolSize: 2, strides: 2, padding: 'valid' }, ['c2']],
      ['f', 'Flatten', {}, ['p2']],
      ['d1', 'Dense', { units: 10, activation: 'relu', useBias: true }, ['f']],
      ['out', 'Dense', { units: 5, activation: 'softmax', useBias: true }, ['d1']],
    ]),
  },
  {
    loss: 'cross-entropy', input: [8, 8, 3],
    doc: doc('branches', [
      ['in', 'Input', { shape: [8, 8, 3] }, []],
      ['a', 'Conv2D', conv(4, 3, 'same', 'linear'), ['in']],
      ['bn', 'BatchNorm', { epsilon: 1e-3 }, ['a']],
      ['r', 'Activation', { fn: 'relu' }, ['bn']],
      ['b', 'Conv2D', conv(4, 1, 'valid', 'sigmoid'), ['in']],
      ['sum', 'Add', {}, ['r', 'b', 'a']],
      ['c', 'Conv2D', conv(3, 3, 'same', 'relu'), ['sum']],
      ['cat', 'Concatenate', {}, ['sum', 'c']],
      ['gap', 'GlobalAvgPool2D', {}, ['cat']],
      ['out', 'Dense', { units: 4, activation: 'linear', useBias: true }, ['gap']],
      ['sm', 'Activation', { fn: 'softmax' }, ['out']],
    ]),
  },
  {
    loss: 'cross-entropy', input: [8, 8, 4],
    doc: doc('inverted residual (MobileNetV2 block)', [
      ['in', 'Input', { shape: [8, 8, 4] }, []],
      ['expand', 'Conv2D', conv(8, 1, 'valid', 'relu'), ['in']],
      ['dw', 'DepthwiseConv2D', { kernelSize: 3, strides: 1, padding: 'same', dilation: 1, depthMultiplier: 1, activation: 'linear', useBias: false }, ['expand']],
      ['bn', 'BatchNorm', { epsilon: 1e-3 }, ['dw']],
      ['r', 'Activation', { fn: 'relu' }, ['bn']],
      ['dw2', 'DepthwiseConv2D', { kernelSize: 3, strides: 2, padding: 'valid', dilation: 1, depthMultiplier: 2, activation: 'tanh', useBias: true }, ['r']],
      ['project', 'Conv2D', conv(4, 1, 'valid', 'linear'), ['dw2']],
      ['gap', 'GlobalAvgPool2D', {}, ['project']],
      ['out', 'Dense', { units: 3, activation: 'softmax', useBias: true }, ['gap']],
    ]),
  },
  {
    loss: 'mse', input: [6],
    doc: doc('regression', [
      ['in', 'Input', { shape: [6] }, []],
      ['h', 'Dense', { units: 8, activation: 'tanh', useBias: true }, ['in']],
      ['bn', 'BatchNorm', { epsilon: 1e-3 }, ['h']],
      ['out', 'Dense', { units: 3, activation: 'sigmoid', useBias: true }, ['bn']],
    ]),
  },
  {
    loss: 'binary-cross-entropy', input: [5, 5, 1],
    doc: doc('binary', [
      ['in', 'Input', { shape: [5, 5, 1] }, []],
      ['c', 'Conv2D', conv(3, 3, 'valid', 'relu'), ['in']],
      ['f', 'Flatten', {}, ['c']],
      ['out', 'Dense', { units: 2, activation: 'sigmoid', useBias: true }, ['f']],
    ]),
  },
];

function randomTargets(loss: LossKind, batch: number, outSize: number, rand: () => number): Targets {
  if (loss === 'cross-entropy') return { kind: 'classes', classes: Int32Array.from({ length: batch }, () => Math.floor(rand() * outSize)) };
  if (loss === 'binary-cross-entropy') return { kind: 'values', values: Float32Array.from({ length: batch * outSize }, () => (rand() < 0.5 ? 0 : 1)) };
  return { kind: 'values', values: randomArray(rand, batch * outSize, 0, 1) };
}

function tfLoss(loss: LossKind, targets: Targets, out: TF.Tensor, outSize: number): TF.Scalar {
  // -mean(sum(onehot * logSoftmax(z))): tf.losses.softmaxCrossEntropy's custom gradient trips tfjs's own leak check under test.
  if (loss === 'cross-entropy' && targets.kind === 'classes') {
    return tf.neg(tf.mean(tf.sum(tf.mul(tf.oneHot(tf.tensor1d(targets.classes, 'int32'), outSize), tf.logSoftmax(out)), 1))) as TF.Scalar;
  }
  const t = tf.tensor((targets as { values: Float32Array }).values, out.shape);
  return (loss === 'mse' ? tf.losses.meanSquaredError(t, out) : tf.losses.sigmoidCrossEntropy(t, out)) as TF.Scalar;
}

function tfOptimizer(config: OptimizerConfig): TF.Optimizer {
  switch (config.kind) {
    case 'sgd':
      return config.momentum ? tf.train.momentum(config.learningRate, config.momentum, config.nesterov) : tf.train.sgd(config.learningRate);
    case 'adam':
      return tf.train.adam(config.learningRate, 0.9, 0.999, 1e-7);
    case 'adamw':
      throw new Error('no tfjs AdamW');
  }
}

const OPTIMIZERS: { config: OptimizerConfig; steps: number }[] = [
  { config: { kind: 'sgd', learningRate: 0.1 }, steps: 1 },
  { config: { kind: 'sgd', learningRate: 0.05, momentum: 0.9, nesterov: true }, steps: 3 },
  { config: { kind: 'sgd', learningRate: 0.05, weightDecay: 0.01 }, steps: 1 },
  { config: { kind: 'adam', learningRate: 0.01 }, steps: 1 },
  { config: { kind: 'adam', learningRate: 0.001 }, steps: 10 },
];

describe('whole-graph training steps against TensorFlow.js', () => {
  const cases = GRAPHS.flatMap((g) => OPTIMIZERS.map((o) => ({ ...g, ...o, label: `${g.doc.name} ${o.config.kind}${o.config.momentum ? ' nesterov' : ''}${o.config.weightDecay ? ' wd' : ''} x${o.steps}` })));
  it.each(cases)('$label', ({ doc: d, input, loss, config, steps }) => {
    const prepared = prepareTrainingGraph(d, 7);
    if (!prepared.ok) throw new Error(prepared.message);
    const graph = prepared.graph;
    const initial = structuredClone(graph.weights);
    const created = createTrainer(graph, { loss, optimizer: config });
    if (!created.ok) throw new Error(created.message);
    const trainer = created.trainer;
    const rand = makeRandom(input.length * 100 + steps);
    const batch = 6;
    const x = randomArray(rand, batch * input.reduce((a, b) => a * b, 1));
    const targets = randomTargets(loss, batch, trainer.outputSize, rand);

    const oracle = buildTfGraph(tf, { ...graph, weights: initial });
    const optimizer = tfOptimizer(config);
    const xt = tf.tensor(x, [batch, ...input]);
    const fuse = loss !== 'mse';
    for (let s = 0; s < steps; s++) {
      const ours = trainer.trainStep(x, targets, batch, config.learningRate);
      expect(ours.ok).toBe(true);
      const theirs = optimizer.minimize(() => {
        let l = tfLoss(loss, targets, oracle.forward(xt, fuse), trainer.outputSize);
        // SGD's weight decay as the gradient of (wd / 2) * sum w^2 (what decay adds to the gradient).
        if (config.weightDecay) for (const v of oracle.trainable()) l = tf.add(l, tf.mul(0.5 * config.weightDecay, tf.sum(tf.square(v))));
        return l as TF.Scalar;
      }, true, oracle.trainable());
      if (!config.weightDecay) expect(ours.loss).toBeCloseTo(theirs!.dataSync()[0], 4);
    }
    for (const [id, byName] of Object.entries(oracle.vars)) {
      for (const [name, v] of Object.entries(byName)) {
        if (name.startsWith('moving')) continue;
        const want = v.dataSync() as Float32Array;
        // Relative to the update itself as well as the weight: the step must be right, not just small.
        expectClose(trainer.weights[id][name], want);
      }
    }
  });
});

describe('refusals', () => {
  it('refuses a graph without trainable weights, and one with two outputs, by name', () => {
    const noWeights = prepareTrainingGraph(doc('pools', [['in', 'Input', { shape: [4, 4, 1] }, []], ['p', 'GlobalAvgPool2D', {}, ['in']]]), 0);
    if (!noWeights.ok) throw new Error(noWeights.message);
    const a = createTrainer(noWeights.graph, { loss: 'mse', optimizer: { kind: 'sgd', learningRate: 0.1 } });
    expect(a.ok ? null : a.code).toBe('no-trainable-params');
    const twoOut = prepareTrainingGraph(doc('two', [
      ['in', 'Input', { shape: [4] }, []],
      ['a', 'Dense', { units: 2, activation: 'linear', useBias: true }, ['in']],
      ['b', 'Dense', { units: 2, activation: 'linear', useBias: true }, ['in']],
    ]), 0);
    if (!twoOut.ok) throw new Error(twoOut.message);
    const b = createTrainer(twoOut.graph, { loss: 'mse', optimizer: { kind: 'sgd', learningRate: 0.1 } });
    expect(b.ok ? '' : b.message).toContain('2 (a, b)');
  });

  it('stops at a step whose loss is not finite and keeps the last good weights', () => {
    const prepared = prepareTrainingGraph(GRAPHS.find((g) => g.doc.name === 'regression')!.doc, 1);
    if (!prepared.ok) throw new Error(prepared.message);
    const created = createTrainer(prepared.graph, { loss: 'mse', optimizer: { kind: 'sgd', learningRate: 1e30 } });
    if (!created.ok) throw new Error(created.message);
    const t = created.trainer;
    const rand = makeRandom(3);
    const x = randomArray(rand, 4 * 6, -1e3, 1e3);
    const targets: Targets = { kind: 'values', values: randomArray(rand, 12, -1e19, 1e19) };
    let last = structuredClone(t.weights);
    for (let s = 0; s < 20; s++) {
      const r = t.trainStep(x, targets, 4, 1e30);
      if (!r.ok) {
        expect(r.message).toMatch(/not finite|is (NaN|Infinity)|norm/);
        expect(t.weights).toEqual(last);
        return;
      }
      last = structuredClone(t.weights);
    }
    throw new Error('the loss never became non-finite at learning rate 1e30');
  });
});
