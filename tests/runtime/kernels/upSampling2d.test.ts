import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs-core';
import { createUpSampling2D } from '../../../src/core/runtime/kernels';
import { runPythonJson } from '../../oracles/python';
import { expectClose, makeRandom, randomArray, runOp, useCpuOracle } from './helpers';

let tf: typeof TF;
beforeAll(async () => { tf = await useCpuOracle(); });

/** [batch, h, w, c, sizeH, sizeW]: odd sizes, unequal factors, one-pixel inputs, batch > 1. */
const CASES: [number, number, number, number, number, number][] = [
  [1, 2, 2, 1, 2, 2], [3, 5, 7, 3, 2, 2], [2, 7, 5, 4, 3, 1], [2, 1, 1, 5, 4, 3], [1, 9, 4, 2, 1, 5], [4, 3, 6, 7, 3, 3], [1, 13, 11, 1, 2, 4],
];
const label = ([n, h, w, c, sh, sw]: (typeof CASES)[number]) => `x=[${n},${h},${w},${c}] size=[${sh},${sw}]`;

describe('createUpSampling2D nearest matches tf.image.resizeNearestNeighbor (a pixel repeat)', () => {
  it.each(CASES.map((k) => [label(k), k] as const))('%s', (_name, [n, h, w, c, sh, sw]) => {
    const x = randomArray(makeRandom(h * 31 + w + c), n * h * w * c);
    const outSize = n * h * sh * w * sw * c;
    const got = runOp(createUpSampling2D(h, w, c, sh, sw, 'nearest'), [x], n, outSize);
    const expected = tf.tidy(() => tf.image.resizeNearestNeighbor(tf.tensor4d(x, [n, h, w, c]), [h * sh, w * sw], false, false).dataSync() as Float32Array);
    expect(got).toEqual(expected); // a copy: exact
  });
});

describe('createUpSampling2D bilinear matches tf.image.resizeBilinear with half-pixel centres', () => {
  it.each(CASES.map((k) => [label(k), k] as const))('%s', (_name, [n, h, w, c, sh, sw]) => {
    const x = randomArray(makeRandom(h * 17 + w + c), n * h * w * c);
    const outSize = n * h * sh * w * sw * c;
    const got = runOp(createUpSampling2D(h, w, c, sh, sw, 'bilinear'), [x], n, outSize);
    const expected = tf.tidy(() => tf.image.resizeBilinear(tf.tensor4d(x, [n, h, w, c]), [h * sh, w * sw], false, true).dataSync() as Float32Array);
    expectClose(got, expected);
  });

  it('matches PyTorch Upsample(bilinear, align_corners=False), the same half-pixel rule', () => {
    const cases = CASES.map(([n, h, w, c, sh, sw], i) => ({ n, h, w, c, sh, sw, x: Array.from(randomArray(makeRandom(900 + i), n * h * w * c)) }));
    const refs = runPythonJson<number[][]>(String.raw`
import json, sys, torch
out = []
for k in json.load(sys.stdin):
    x = torch.tensor(k['x'], dtype=torch.float64).reshape(k['n'], k['h'], k['w'], k['c']).permute(0, 3, 1, 2)
    y = torch.nn.functional.interpolate(x, scale_factor=(k['sh'], k['sw']), mode='bilinear', align_corners=False)
    out.append(y.permute(0, 2, 3, 1).reshape(-1).tolist())
print(json.dumps(out))
`, cases);
    cases.forEach((k, i) => {
      const got = runOp(createUpSampling2D(k.h, k.w, k.c, k.sh, k.sw, 'bilinear'), [Float32Array.from(k.x)], k.n, refs[i].length);
      expectClose(got, refs[i]);
    });
  }, 120_000);

  it('refuses sizes that are not positive integers', () => {
    expect(() => createUpSampling2D(4, 4, 2, 0, 2, 'bilinear')).toThrow(/UpSampling2D: sizes must be positive integers, got sizeH=0/);
  });
});
