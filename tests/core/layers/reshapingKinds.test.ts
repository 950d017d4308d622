import { describe, expect, it } from 'vitest';
import { applyPatch } from '../../../src/core/graph/applyPatch';
import { getLayer } from '../../../src/core/layers/registry';
import { inferShapes } from '../../../src/core/shape/inferShapes';
import { buildDoc, chainDoc } from '../shape/buildDoc';

const out = (doc: Parameters<typeof inferShapes>[0], id: string) => inferShapes(doc).nodes.get(id)!;
const errorsOf = (doc: Parameters<typeof inferShapes>[0], id: string) => out(doc, id).diagnostics.filter((d) => d.severity === 'error');

describe('UpSampling2D', () => {
  it('multiplies rows and cols by size, as Keras does; bilinear counts 4 MACs per value', () => {
    const doc = chainDoc([['in', 'Input', { shape: [7, 5, 3] }], ['up', 'UpSampling2D', { size: [2, 3], interpolation: 'bilinear' }]]);
    expect(out(doc, 'up').outputShape).toEqual([14, 15, 3]);
    expect(out(doc, 'up').macs).toBe(4 * 14 * 15 * 3);
    const nearest = chainDoc([['in', 'Input', { shape: [7, 5, 3] }], ['up', 'UpSampling2D', {}]]);
    expect(out(nearest, 'up').outputShape).toEqual([14, 10, 3]);
    expect(out(nearest, 'up').macs).toBe(0);
  });
  it('names a bad interpolation with its value', () => {
    const r = getLayer('UpSampling2D')!.validateParams({ interpolation: 'bicubic' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0].message).toContain('"bicubic"');
  });
  it('shows its arithmetic per axis', () => {
    const lines = getLayer('UpSampling2D')!.explainArithmetic!([7, 5, 3], { size: [2, 3], interpolation: 'nearest' } as never)!;
    expect(lines.axes.map((a) => a.text)).toEqual(['7 * 2 = 14', '5 * 3 = 15']);
  });
});

describe('ZeroPadding2D and Cropping2D take every Keras form of their margins', () => {
  const cases: [unknown, number[]][] = [[2, [14, 13, 4]], [[1, 3], [12, 15, 4]], [[[0, 1], [2, 0]], [11, 11, 4]]];
  for (const [padding, shape] of cases) {
    it(`padding ${JSON.stringify(padding)} on 10x9x4 gives [${shape.join(', ')}]`, () => {
      const doc = chainDoc([['in', 'Input', { shape: [10, 9, 4] }], ['z', 'ZeroPadding2D', { padding }]]);
      expect(out(doc, 'z').outputShape).toEqual(shape);
    });
  }
  it('cropping [[1, 2], [0, 3]] on 10x9x4 gives 7x6x4', () => {
    const doc = chainDoc([['in', 'Input', { shape: [10, 9, 4] }], ['c', 'Cropping2D', { cropping: [[1, 2], [0, 3]] }]]);
    expect(out(doc, 'c').outputShape).toEqual([7, 6, 4]);
  });
  it('a crop that removes the whole map is an error with the arithmetic and a fix that fits', () => {
    const doc = chainDoc([['in', 'Input', { shape: [4, 9, 4] }], ['c', 'Cropping2D', { cropping: [[2, 3], [1, 1]] }]]);
    const [e] = errorsOf(doc, 'c');
    expect(e.code).toBe('non-positive-output');
    expect(e.message).toContain('rows 4 - 2 - 3 = -1');
    const fixed = applyPatch(doc, e.fixes[0].patch);
    expect(errorsOf(fixed, 'c')).toEqual([]);
    expect(out(fixed, 'c').outputShape).toEqual([1, 7, 4]);
  });
  it('refuses negative or fractional margins, naming the value', () => {
    const r = getLayer('ZeroPadding2D')!.validateParams({ padding: [[1, -1], [0, 0]] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0].message).toContain('[[1,-1],[0,0]]');
  });
});

describe('Reshape', () => {
  it('infers the -1 and keeps the element count', () => {
    const doc = chainDoc([['in', 'Input', { shape: [7, 7, 64] }], ['r', 'Reshape', { targetShape: [49, -1, 1] }]]);
    expect(out(doc, 'r').outputShape).toEqual([49, 64, 1]);
  });
  it('a count mismatch shows both element counts and offers a -1 that fits', () => {
    const doc = chainDoc([['in', 'Input', { shape: [7, 7, 64] }], ['r', 'Reshape', { targetShape: [7, 7, 32] }]]);
    const [e] = errorsOf(doc, 'r');
    expect(e.code).toBe('reshape-count-mismatch');
    expect(e.message).toContain('3,136 values');
    expect(e.message).toContain('holds 1,568');
    const fixed = applyPatch(doc, e.fixes[0].patch);
    expect(out(fixed, 'r').outputShape).toEqual([7, 7, 64]);
  });
  it('a -1 that cannot divide says why', () => {
    const doc = chainDoc([['in', 'Input', { shape: [3, 3, 2] }], ['r', 'Reshape', { targetShape: [4, -1, 1] }]]);
    expect(errorsOf(doc, 'r')[0].message).toContain('18 values, not a multiple of 4');
  });
  it('allows one -1 only', () => {
    const r = getLayer('Reshape')!.validateParams({ targetShape: [-1, -1, 3] });
    expect(r.ok).toBe(false);
  });
});

describe('Multiply', () => {
  it('broadcasts a [c] or [1, 1, c] gate onto [h, w, c], in either input position', () => {
    for (const gate of [[16], [1, 1, 16]]) {
      const doc = buildDoc([['x', 'Input', { shape: [8, 8, 16] }], ['g', 'Input', { shape: gate }], ['m', 'Multiply', {}]], [['g', 'm'], ['x', 'm']]);
      expect(out(doc, 'm').outputShape).toEqual([8, 8, 16]);
    }
  });
  it('a [c] gate first times a [1, 1, c] map stays a map (found by the random graphs)', () => {
    const doc = buildDoc([['x', 'Input', { shape: [1, 1, 1] }], ['g', 'Input', { shape: [1] }], ['m', 'Multiply', {}]], [['g', 'm'], ['x', 'm']]);
    expect(out(doc, 'm').outputShape).toEqual([1, 1, 1]);
  });
  it('refuses a gate of another channel count, naming both inputs', () => {
    const doc = buildDoc([['x', 'Input', { shape: [8, 8, 16] }], ['g', 'Input', { shape: [8] }], ['m', 'Multiply', {}]], [['x', 'm'], ['g', 'm']]);
    const [e] = errorsOf(doc, 'm');
    expect(e.code).toBe('merge-shape-mismatch');
    expect(e.message).toContain('x [8, 8, 16], g [8]');
  });
});

describe('GlobalMaxPool2D', () => {
  it('gives one value per channel and needs a map', () => {
    const doc = chainDoc([['in', 'Input', { shape: [5, 6, 3] }], ['g', 'GlobalMaxPool2D', {}]]);
    expect(out(doc, 'g').outputShape).toEqual([3]);
    const vec = chainDoc([['in', 'Input', { shape: [5] }], ['g', 'GlobalMaxPool2D', {}]]);
    expect(errorsOf(vec, 'g')[0].code).toBe('needs-spatial-input');
  });
});
