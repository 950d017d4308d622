import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs-core';
import { applyPatch } from '../../../src/core/graph/applyPatch';
import type { GraphDocument, Shape } from '../../../src/core/graph/types';
import { inferShapes } from '../../../src/core/shape/inferShapes';
import type { Diagnostic, Fix } from '../../../src/core/shape/types';
import { useCpuOracle } from '../../runtime/kernels/helpers';
import { buildDoc, chainDoc } from './buildDoc';

let tf: typeof TF;
beforeAll(async () => { tf = await useCpuOracle(); });

function problem(doc: GraphDocument, nodeId: string, code: string): Diagnostic {
  const d = inferShapes(doc).diagnostics.find((x) => x.nodeId === nodeId && x.code === code);
  if (!d) throw new Error(`no ${code} on ${nodeId}`);
  return d;
}

/** Applies the fix, re-infers, and checks the problem is gone, nothing else broke, and `nodeId` now gives `shape`. */
function applyAndCheck(doc: GraphDocument, d: Diagnostic, fix: Fix, shape: Shape): GraphDocument {
  const fixed = applyPatch(doc, fix.patch);
  const inf = inferShapes(fixed);
  expect(inf.diagnostics.filter((x) => x.nodeId === d.nodeId && x.code === d.code), fix.label).toEqual([]);
  expect(inf.hasErrors, fix.label).toBe(false);
  expect(inf.nodes.get(d.nodeId)!.outputShape, fix.label).toEqual(shape);
  return fixed;
}

const conv = (filters: number, kernelSize: number, extra: Record<string, unknown> = {}) => ({ filters, kernelSize, activation: 'linear', ...extra });

describe('Add of 26x26x16 and 26x26x8', () => {
  const doc = buildDoc([
    ['in', 'Input', { shape: [28, 28, 3] }],
    ['wide', 'Conv2D', conv(16, 3)],
    ['narrow', 'Conv2D', conv(8, 3)],
    ['add', 'Add', {}],
  ], [['in', 'wide'], ['in', 'narrow'], ['wide', 'add'], ['narrow', 'add']]);

  it('offers a 1x1 projection on the narrower branch, then filters 16 on its Conv2D; each works', () => {
    const d = problem(doc, 'add', 'merge-shape-mismatch');
    expect(d.fixes.map((f) => f.label)).toEqual([
      'insert a 1x1 Conv2D projection with 16 filters after narrow ([26, 26, 8] → [26, 26, 16])',
      'set filters 16 on narrow (→ [26, 26, 16])',
    ]);
    const projected = applyAndCheck(doc, d, d.fixes[0], [26, 26, 16]);
    const proj = projected.nodes.find((n) => n.kind === 'Conv2D' && !doc.nodes.some((o) => o.id === n.id))!;
    expect(inferShapes(projected).nodes.get(proj.id)!.inputShapes).toEqual([[26, 26, 8]]);
    // 1x1 x 8 x 16 weights + 16 biases: the projection's params.
    expect(inferShapes(projected).nodes.get(proj.id)!.trainableParams).toBe(8 * 16 + 16);
    applyAndCheck(doc, d, d.fixes[1], [26, 26, 16]);
  });

  it('agrees with tfjs: the sum is refused as it was and works after the projection', () => {
    const x = tf.randomNormal([1, 28, 28, 3]) as TF.Tensor4D;
    const wide = tf.conv2d(x, tf.randomNormal([3, 3, 3, 16]) as TF.Tensor4D, 1, 'valid');
    const narrow = tf.conv2d(x, tf.randomNormal([3, 3, 3, 8]) as TF.Tensor4D, 1, 'valid');
    expect(() => tf.add(wide, narrow)).toThrow();
    const projected = tf.conv2d(narrow, tf.randomNormal([1, 1, 8, 16]) as TF.Tensor4D, 1, 'valid');
    expect(tf.add(wide, projected).shape.slice(1)).toEqual(inferShapes(applyPatch(doc, problem(doc, 'add', 'merge-shape-mismatch').fixes[0].patch)).nodes.get('add')!.outputShape);
  });

  it('a branch from a layer without filters gets only the projection', () => {
    const pooled = buildDoc([
      ['in', 'Input', { shape: [28, 28, 8] }],
      ['wide', 'Conv2D', conv(16, 3, { padding: 'same' })],
      ['pool', 'MaxPool2D', { poolSize: 3, strides: 1, padding: 'same' }],
      ['add', 'Add', {}],
    ], [['in', 'wide'], ['in', 'pool'], ['pool', 'add'], ['wide', 'add']]);
    const d = problem(pooled, 'add', 'merge-shape-mismatch');
    expect(d.fixes.map((f) => f.label)).toEqual(['insert a 1x1 Conv2D projection with 16 filters after pool ([28, 28, 8] → [28, 28, 16])']);
    applyAndCheck(pooled, d, d.fixes[0], [28, 28, 16]);
  });
});

describe('Concatenate of 26x26 and 24x24', () => {
  // stem feeds the concat directly and through a valid 3x3 conv (a skip connection).
  const doc = buildDoc([
    ['in', 'Input', { shape: [28, 28, 3] }],
    ['stem', 'Conv2D', conv(8, 3)],
    ['branch', 'Conv2D', conv(4, 3)],
    ['cat', 'Concatenate', {}],
  ], [['in', 'stem'], ['stem', 'branch'], ['stem', 'cat'], ['branch', 'cat']]);

  it("offers padding 'same' on the branch conv and a centred Cropping2D on the larger input; each works", () => {
    const d = problem(doc, 'cat', 'merge-shape-mismatch');
    // padding 'same' on stem would grow both inputs (stem feeds branch): not offered.
    expect(d.fixes.map((f) => f.label)).toEqual([
      'insert Cropping2D [[1, 1], [1, 1]] after stem ([26, 26, 8] → [24, 24, 8])',
      "padding 'same' on branch (→ [26, 26, 4])",
    ]);
    applyAndCheck(doc, d, d.fixes[0], [24, 24, 12]);
    applyAndCheck(doc, d, d.fixes[1], [26, 26, 12]);
  });

  it('crops an odd difference with the extra pixel off the bottom and right, as tfjs slices it', () => {
    const odd = buildDoc([
      ['in', 'Input', { shape: [27, 25, 3] }],
      ['big', 'Conv2D', conv(2, 1)],
      ['small', 'MaxPool2D', { poolSize: 2, strides: 2 }],
      ['cat', 'Concatenate', {}],
    ], [['in', 'big'], ['in', 'small'], ['big', 'cat'], ['small', 'cat']]);
    const d = problem(odd, 'cat', 'merge-shape-mismatch');
    const crop = d.fixes.find((f) => f.label.startsWith('insert Cropping2D'))!;
    expect(crop.patch).toMatchObject({ params: { cropping: [[7, 7], [6, 7]] } });
    const fixed = applyAndCheck(odd, d, crop, [13, 12, 5]);
    const x = tf.randomNormal([1, 27, 25, 2]);
    const cropped = tf.slice(x, [0, 7, 6, 0], [1, 27 - 14, 25 - 13, 2]);
    const pooled = tf.maxPool(tf.randomNormal([1, 27, 25, 3]) as TF.Tensor4D, 2, 2, 'valid');
    expect(tf.concat([cropped, pooled], 3).shape.slice(1)).toEqual(inferShapes(fixed).nodes.get('cat')!.outputShape);
  });

  it("the 'same' branch matches tfjs' own 'same' output", () => {
    const fixed = applyPatch(doc, problem(doc, 'cat', 'merge-shape-mismatch').fixes[1].patch);
    const stem = tf.conv2d(tf.randomNormal([1, 28, 28, 3]) as TF.Tensor4D, tf.randomNormal([3, 3, 3, 8]) as TF.Tensor4D, 1, 'valid');
    const branch = tf.conv2d(stem, tf.randomNormal([3, 3, 8, 4]) as TF.Tensor4D, 1, 'same');
    expect(tf.concat([stem, branch], 3).shape.slice(1)).toEqual(inferShapes(fixed).nodes.get('cat')!.outputShape);
  });
});

describe('a vector fed to a spatial layer', () => {
  it('Conv2D after a Flatten: remove the Flatten, or Reshape back to a map it can convolve', () => {
    const doc = chainDoc([['in', 'Input', { shape: [28, 28, 1] }], ['flat', 'Flatten', {}], ['c', 'Conv2D', conv(6, 5)]]);
    const d = problem(doc, 'c', 'needs-spatial-input');
    // [1, 1, 784] is not offered: a 5x5 kernel does not fit a 1x1 map.
    expect(d.fixes.map((f) => f.label)).toEqual(['remove the Flatten flat (c gets its [28, 28, 1] map)', 'insert Reshape to [28, 28, 1] after flat']);
    const removed = applyAndCheck(doc, d, d.fixes[0], [24, 24, 6]);
    expect(removed.nodes.map((n) => n.id)).toEqual(['in', 'c']);
    applyAndCheck(doc, d, d.fixes[1], [24, 24, 6]);
  });

  it('GlobalAvgPool2D after a Dense: Reshape to a square map or to [1, 1, n]', () => {
    const doc = chainDoc([['in', 'Input', { shape: [10] }], ['d', 'Dense', { units: 72 }], ['gap', 'GlobalAvgPool2D', {}]]);
    const d = problem(doc, 'gap', 'needs-spatial-input');
    expect(d.fixes.map((f) => f.label)).toEqual(['insert Reshape to [6, 6, 2] after d', 'insert Reshape to [1, 1, 72] after d']);
    applyAndCheck(doc, d, d.fixes[0], [2]);
    applyAndCheck(doc, d, d.fixes[1], [72]);
    // tfjs reads 72 values as [6, 6, 2] and as [1, 1, 72], and pools each over its map.
    expect(tf.mean(tf.reshape(tf.randomNormal([1, 72]), [1, 6, 6, 2]), [1, 2]).shape).toEqual([1, 2]);
    expect(tf.mean(tf.reshape(tf.randomNormal([1, 72]), [1, 1, 1, 72]), [1, 2]).shape).toEqual([1, 72]);
  });

  it('a Flatten that also feeds a Dense stays; only the Reshape is offered', () => {
    const doc = buildDoc([
      ['in', 'Input', { shape: [4, 4, 2] }], ['flat', 'Flatten', {}], ['gap', 'GlobalMaxPool2D', {}], ['head', 'Dense', { units: 3 }],
    ], [['in', 'flat'], ['flat', 'gap'], ['flat', 'head']]);
    const d = problem(doc, 'gap', 'needs-spatial-input');
    expect(d.fixes.map((f) => f.label)).toEqual(['insert Reshape to [4, 4, 2] after flat', 'insert Reshape to [1, 1, 32] after flat']);
    applyAndCheck(doc, d, d.fixes[0], [2]);
  });
});

describe('a stride that skips pixels', () => {
  it("offers 'same' first when it gives the explicit padding's output", () => {
    const doc = chainDoc([['in', 'Input', { shape: [28, 28, 1] }], ['c', 'Conv2D', conv(4, 3, { strides: 2 })]]);
    const d = problem(doc, 'c', 'stride-skips-pixels');
    expect(d.fixes.map((f) => f.label)).toEqual(["padding 'same'", 'padding [[0, 1], [0, 1]]']);
    for (const fix of d.fixes) applyAndCheck(doc, d, fix, [14, 14, 4]);
    // tfjs' 'same' gives 14 too.
    expect(tf.conv2d(tf.zeros([1, 28, 28, 1]) as TF.Tensor4D, tf.zeros([3, 3, 1, 4]) as TF.Tensor4D, 2, 'same').shape).toEqual([1, 14, 14, 4]);
  });

  it('also before a symmetric number, on a pool (whose ceil mode comes last)', () => {
    const doc = chainDoc([['in', 'Input', { shape: [28, 28, 1] }], ['p', 'MaxPool2D', { poolSize: 3, strides: 3 }]]);
    const d = problem(doc, 'p', 'stride-skips-pixels');
    expect(d.fixes.map((f) => f.label)).toEqual(["padding 'same'", 'padding 1', 'ceil mode']);
    for (const fix of d.fixes) applyAndCheck(doc, d, fix, [10, 10, 1]);
  });

  it("leaves 'same' out when it gives another size than the explicit fix", () => {
    // 5x5/2 on 28: [[0, 1], [0, 1]] gives 13, 'same' gives 14.
    const doc = chainDoc([['in', 'Input', { shape: [28, 28, 1] }], ['c', 'Conv2D', conv(4, 5, { strides: 2 })]]);
    const d = problem(doc, 'c', 'stride-skips-pixels');
    expect(d.fixes.map((f) => f.label)).toEqual(['padding [[0, 1], [0, 1]]']);
    applyAndCheck(doc, d, d.fixes[0], [13, 13, 4]);
  });
});

describe('Multiply of a map and a gate of another width', () => {
  it("sets the gate's Dense units to the map's channels (squeeze-and-excitation)", () => {
    const doc = buildDoc([
      ['in', 'Input', { shape: [8, 8, 16] }],
      ['squeeze', 'GlobalAvgPool2D', {}],
      ['reduce', 'Dense', { units: 4, activation: 'relu' }],
      ['expand', 'Dense', { units: 8, activation: 'sigmoid' }],
      ['scale', 'Multiply', {}],
    ], [['in', 'squeeze'], ['squeeze', 'reduce'], ['reduce', 'expand'], ['in', 'scale'], ['expand', 'scale']]);
    const d = problem(doc, 'scale', 'merge-shape-mismatch');
    expect(d.fixes.map((f) => f.label)).toEqual(["set units 16 on expand (the gate gets the map's 16 channels)"]);
    applyAndCheck(doc, d, d.fixes[0], [8, 8, 16]);
    expect(tf.mul(tf.randomNormal([1, 8, 8, 16]), tf.reshape(tf.randomNormal([1, 16]), [1, 1, 1, 16])).shape).toEqual([1, 8, 8, 16]);
  });

  it('finds the Dense through the gate activation', () => {
    const doc = buildDoc([
      ['in', 'Input', { shape: [6, 6, 12] }],
      ['squeeze', 'GlobalAvgPool2D', {}],
      ['expand', 'Dense', { units: 3, activation: 'linear' }],
      ['gate', 'Activation', { fn: 'hardSigmoid' }],
      ['scale', 'Multiply', {}],
    ], [['in', 'squeeze'], ['squeeze', 'expand'], ['expand', 'gate'], ['gate', 'scale'], ['in', 'scale']]);
    const d = problem(doc, 'scale', 'merge-shape-mismatch');
    expect(d.fixes.map((f) => f.label)).toEqual(["set units 12 on expand (the gate gets the map's 12 channels)"]);
    applyAndCheck(doc, d, d.fixes[0], [6, 6, 12]);
  });
});
