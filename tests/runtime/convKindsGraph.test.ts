import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs-core';
import { compileGraph } from '../../src/core/compile/compileGraph';
import { createExecutor } from '../../src/core/runtime/executor';
import { chainDoc } from '../core/shape/buildDoc';
import { expectClose, makeRandom, randomArray, useCpuOracle } from './kernels/helpers';

let tf: typeof TF;
beforeAll(async () => { tf = await useCpuOracle(); });

/**
 * The four convolution kinds compiled from a document and run by the executor (seeded Keras
 * initial weights, nonzero biases written into the document), against the same network in
 * TensorFlow.js ops on the same weights: grouped conv by slices, tf.depthwiseConv2d,
 * tf.separableConv2d, tf.conv2dTranspose.
 */
describe('a graph of grouped, depthwise, separable and transposed convolutions', () => {
  const doc = chainDoc([
    ['in', 'Input', { shape: [11, 9, 4] }],
    ['g', 'Conv2D', { filters: 8, kernelSize: 3, groups: 2, padding: 'same', activation: 'relu' }],
    ['d', 'DepthwiseConv2D', { kernelSize: 3, strides: 2, padding: 'same', depthMultiplier: 2, activation: 'tanh' }],
    ['s', 'SeparableConv2D', { filters: 6, kernelSize: 3, padding: 'valid', activation: 'linear' }],
    ['t', 'Conv2DTranspose', { filters: 3, kernelSize: 3, strides: 2, padding: 'same', outputPadding: 1, activation: 'sigmoid' }],
  ]);

  it('compiles, runs a batch of 3 and matches tfjs', () => {
    const compiled = compileGraph(doc, { seed: 7 });
    if (!compiled.ok) throw new Error(compiled.message);
    const { plan, weights } = compiled;
    // Nonzero biases, so a bias that is skipped or misplaced shows.
    const rand = makeRandom(11);
    for (const id of ['g', 'd', 's', 't']) weights[id].bias.set(randomArray(rand, weights[id].bias.length));
    const n = 3;
    const x = randomArray(rand, n * 11 * 9 * 4);
    const result = createExecutor(plan, weights).run(x, n);
    if (!result.ok) throw new Error(result.error.message);
    const got = result.outputs.t;
    const expected = tf.tidy(() => {
      const w = (id: string, name: string, shape: [number, number, number, number]) => tf.tensor4d(weights[id][name], shape);
      const b = (id: string) => tf.tensor1d(weights[id].bias);
      const xt = tf.tensor4d(x, [n, 11, 9, 4]);
      const kg = w('g', 'kernel', [3, 3, 2, 8]);
      const grouped = tf.concat4d([0, 1].map((j) => tf.conv2d(tf.slice(xt, [0, 0, 0, 2 * j], [n, 11, 9, 2]), tf.slice(kg, [0, 0, 0, 4 * j], [3, 3, 2, 4]), 1, 'same')), 3);
      const y1 = tf.relu(tf.add(grouped, b('g'))) as TF.Tensor4D;
      const y2 = tf.tanh(tf.add(tf.depthwiseConv2d(y1, w('d', 'depthwiseKernel', [3, 3, 8, 2]), 2, 'same'), b('d'))) as TF.Tensor4D;
      const y3 = tf.add(tf.separableConv2d(y2, w('s', 'depthwiseKernel', [3, 3, 16, 1]), w('s', 'pointwiseKernel', [1, 1, 16, 6]), 1, 'valid'), b('s')) as TF.Tensor4D;
      expect(y3.shape).toEqual([n, 4, 3, 6]);
      // Keras: (4 - 1)*2 + 3 - 2*1 + 1 = 8 rows, (3 - 1)*2 + 3 - 2 + 1 = 6 cols.
      const y4 = tf.sigmoid(tf.add(tf.conv2dTranspose(y3, w('t', 'kernel', [3, 3, 3, 6]), [n, 8, 6, 3], 2, 'same'), b('t')));
      return y4.dataSync() as Float32Array;
    });
    expect(plan.outputs[0].shape).toEqual([8, 6, 3]);
    expectClose(got, expected);
  });
});
