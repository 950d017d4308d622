import { describe, expect, it } from 'vitest';
import { compileGraph } from '../../src/core/compile/compileGraph';
import { encodeFloat32 } from '../../src/core/graph/tensorCodec';
import type { GraphDocument } from '../../src/core/graph/types';
import { PRESETS } from '../../src/core/presets';

const lenet = (): GraphDocument => structuredClone(PRESETS.find((p) => p.id === 'lenet5')!.doc);
const tensor = (shape: number[], fill: (i: number) => number = () => 0.5) => {
  const n = shape.reduce((a, b) => a * b, 1);
  return { shape, data: encodeFloat32(Float32Array.from({ length: n }, (_, i) => fill(i))) };
};
const errorOf = (doc: GraphDocument): string => {
  const r = compileGraph(doc);
  if (r.ok) throw new Error('expected a refusal');
  expect(r.code).toBe('invalid-weights');
  return r.message;
};

describe('weights from the document', () => {
  it('are used as given, and the other layers are initialised', () => {
    const doc = lenet();
    doc.weights = { c1: { kernel: tensor([5, 5, 1, 6], (i) => i / 150), bias: tensor([6], (i) => -i) } };
    const r = compileGraph(doc);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.weights.c1.kernel[149]).toBeCloseTo(149 / 150, 6);
    expect(Array.from(r.weights.c1.bias)).toEqual([-0, -1, -2, -3, -4, -5]);
    expect(r.weights.c3.kernel.length).toBe(5 * 5 * 6 * 16);
  });
  it('a wrong shape names the node, the weight and both shapes', () => {
    const doc = lenet();
    doc.weights = { c1: { kernel: tensor([5, 5, 1, 5]) } };
    expect(errorOf(doc)).toBe('C1.kernel: shape [5,5,1,6] expected, got [5,5,1,5]');
  });
  it('a byte length that does not match the shape is refused', () => {
    const doc = lenet();
    doc.weights = { c1: { bias: { shape: [6], data: encodeFloat32(new Float32Array(5)) } } };
    expect(errorOf(doc)).toBe('C1.bias: 24 bytes expected (4*6 values of [6]), got 20');
  });
  it('a non-finite value names its index', () => {
    const doc = lenet();
    doc.weights = { f6: { kernel: tensor([120, 84], (i) => (i === 17 ? Number.NaN : 0)) } };
    expect(errorOf(doc)).toBe('F6.kernel: non-finite value at index 17 (NaN)');
  });
  it('a weight the layer does not have is refused rather than dropped', () => {
    const doc = lenet();
    doc.nodes.find((n) => n.id === 'c3')!.params.useBias = false;
    doc.weights = { c3: { bias: tensor([16]) } };
    expect(errorOf(doc)).toBe('C3.bias: unexpected weight (Conv2D C3 has kernel)');
  });
  it('bad base64 is refused', () => {
    const doc = lenet();
    doc.weights = { c1: { bias: { shape: [6], data: '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!' } } };
    expect(errorOf(doc)).toMatch(/^C1\.bias: /);
  });
});

describe('initialised weights', () => {
  it('the same seed gives the same weights; another seed others', () => {
    const a = compileGraph(lenet(), { seed: 3 });
    const b = compileGraph(lenet(), { seed: 3 });
    const c = compileGraph(lenet(), { seed: 4 });
    if (!a.ok || !b.ok || !c.ok) throw new Error('compile failed');
    expect(b.weights).toEqual(a.weights);
    expect(c.weights.c1.kernel).not.toEqual(a.weights.c1.kernel);
    expect(Array.from(a.weights.c1.bias)).toEqual([0, 0, 0, 0, 0, 0]);
  });
  it('adding a node leaves every other node weights unchanged', () => {
    const before = compileGraph(lenet(), { seed: 9 });
    const doc = lenet();
    doc.nodes.push({ id: 'extra', kind: 'Dense', name: 'extra', params: { units: 5 }, position: { x: 0, y: 0 } });
    doc.edges.push({ id: 'ex', source: 'f6', target: 'extra' });
    const after = compileGraph(doc, { seed: 9 });
    if (!before.ok || !after.ok) throw new Error('compile failed');
    for (const id of Object.keys(before.weights)) expect(after.weights[id]).toEqual(before.weights[id]);
    expect(after.weights.extra.kernel.length).toBe(84 * 5);
  });
  it('Dense kernels follow Glorot with fanIn + fanOut = 120 + 84', () => {
    const r = compileGraph(lenet(), { seed: 1 });
    if (!r.ok) throw new Error(r.message);
    const limit = Math.sqrt(6 / (120 + 84));
    const k = r.weights.f6.kernel;
    expect(Math.max(...k.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...k.map(Math.abs))).toBeGreaterThan(0.98 * limit);
  });
});
