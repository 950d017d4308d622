import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs-core';
import { createDense } from '../../../src/core/runtime/kernels';
import { setSimdGemmEnabled } from '../../../src/core/runtime/kernels/simdGemm';
import { ACTIVATIONS, type ActivationFn } from '../../../src/core/graph/types';
import { activateWithTfjs } from '../../oracles/tfjsActivation';
import { expectClose, makeRandom, randomArray, runOp, useCpuOracle } from './helpers';

let tf: typeof TF;
beforeAll(async () => { tf = await useCpuOracle(); });

const CASES: [number, number, number, ActivationFn, boolean][] = [
  [1, 1, 1, 'linear', true],
  [1, 7, 3, 'relu', true],
  [5, 13, 10, 'softmax', true],
  [5, 3, 1, 'sigmoid', false],
  [2, 64, 33, 'tanh', true],
  [3, 400, 120, 'relu', true],
  [4, 84, 10, 'softmax', false],
  [7, 9, 8, 'linear', true],
  [1, 1024, 17, 'sigmoid', true],
  [9, 5, 2, 'tanh', false],
  [37, 1100, 9, 'relu', true], // several row blocks, 9 units: a full and a partial column panel
  // Every fused activation, batch > 1, odd sizes.
  ...ACTIVATIONS.map((act, i): [number, number, number, ActivationFn, boolean] => [3 + (i % 3), 23, 11 + i, act, i % 2 === 0]),
];

afterAll(() => setSimdGemmEnabled(true));

describe.each(['simd', 'scalar'] as const)('createDense (%s GEMM) matches tf.matMul + bias + activation', (engine) => {
  beforeEach(() => setSimdGemmEnabled(engine === 'simd'));

  it.each(CASES)('batch=%i in=%i units=%i %s bias=%s', (batch, inSize, units, act, useBias) => {
    const rand = makeRandom(batch * 1000 + inSize * 10 + units);
    const x = randomArray(rand, batch * inSize);
    const w = randomArray(rand, inSize * units, -0.5, 0.5);
    const b = useBias ? randomArray(rand, units) : null;
    const op = createDense(inSize, units, w, b, act);
    expect(op.name.endsWith(engine)).toBe(true);
    const got = runOp(op, [x], batch, batch * units);
    const expected = tf.tidy(() => {
      let y: TF.Tensor2D = tf.matMul(tf.tensor2d(x, [batch, inSize]), tf.tensor2d(w, [inSize, units]));
      if (b) y = tf.add(y, tf.tensor1d(b));
      return activateWithTfjs(y, act).dataSync() as Float32Array;
    });
    expectClose(got, expected);
  });

  it('rejects mismatched weights with the numbers', () => {
    expect(() => createDense(4, 3, new Float32Array(11), null, 'linear')).toThrow(/11 values, expected 4\*3 = 12/);
    expect(() => createDense(4, 3, new Float32Array(12), new Float32Array(2), 'linear')).toThrow(/bias has 2 values, expected 3/);
  });
});
