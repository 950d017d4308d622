import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients; the full tfjs package loads these.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { applyPatch } from '../../../src/core/graph/applyPatch';
import { inferShapes } from '../../../src/core/shape/inferShapes';
import { useCpuOracle } from '../../runtime/kernels/helpers';
import { chainDoc, type NodeSpec } from './buildDoc';

let tf: typeof TF;
beforeAll(async () => { tf = await useCpuOracle(); });

const classifier = (...tail: NodeSpec[]) => chainDoc([['in', 'Input', { shape: [28, 28, 1] }], ['flat', 'Flatten', {}], ...tail]);
const warnings = (doc: ReturnType<typeof classifier>) => inferShapes(doc).diagnostics.filter((d) => d.code === 'relu-output');

describe('relu-output: a classifier whose logits end in relu', () => {
  it('warns on an output Dense with relu over 10 values; softmax and linear each clear it', () => {
    const doc = classifier(['out', 'Dense', { units: 10, activation: 'relu' }]);
    const [w, ...rest] = warnings(doc);
    expect(rest).toEqual([]);
    expect(w).toMatchObject({ nodeId: 'out', severity: 'warning', field: 'activation' });
    expect(w.message).toBe("out: the model's output ends in relu over 10 values, so no score can go below 0 and a class the network rates below zero is stuck at 0 with no gradient; use softmax for class probabilities or linear for logits");
    expect(w.fixes.map((f) => f.label)).toEqual(['use softmax', 'use linear']);
    for (const fix of w.fixes) expect(warnings(applyPatch(doc, fix.patch))).toEqual([]);
  });

  it("warns when the activation is left out: Dense's default is relu", () => {
    expect(warnings(classifier(['out', 'Dense', { units: 10 }])).map((d) => d.nodeId)).toEqual(['out']);
  });

  it('warns on an output Activation relu6 after linear logits', () => {
    const doc = classifier(['logits', 'Dense', { units: 10, activation: 'linear' }], ['act', 'Activation', { fn: 'relu6' }]);
    expect(warnings(doc).map((d) => [d.nodeId, d.field])).toEqual([['act', 'fn']]);
  });

  it('is quiet for relu inside the model, for a single regression output, and for softmax', () => {
    expect(warnings(classifier(['h', 'Dense', { units: 32, activation: 'relu' }], ['out', 'Dense', { units: 10, activation: 'softmax' }]))).toEqual([]);
    expect(warnings(classifier(['out', 'Dense', { units: 1, activation: 'relu' }]))).toEqual([]);
    expect(warnings(classifier(['out', 'Dense', { units: 10, activation: 'linear' }]))).toEqual([]);
  });

  it('what it warns about is real: tfjs gives a relu-clamped logit no cross-entropy gradient', () => {
    // Pre-activations with the true class (index 0) below zero: after relu its logit is stuck at 0.
    const z = tf.tensor2d([[-1.5, 0.3, 2.0]]);
    const label = tf.tensor2d([[1, 0, 0]]);
    const loss = (logits: TF.Tensor) => tf.neg(tf.sum(tf.mul(label, tf.logSoftmax(logits))));
    const throughRelu = tf.grad((x: TF.Tensor) => loss(tf.relu(x)))(z).arraySync() as number[][];
    const linear = tf.grad((x: TF.Tensor) => loss(x))(z).arraySync() as number[][];
    expect(Math.abs(throughRelu[0][0])).toBe(0);
    expect(linear[0][0]).toBeLessThan(-0.5);
  });
});
