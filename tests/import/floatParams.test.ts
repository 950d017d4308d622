import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { shortestFloat32 } from '../../src/core/import/attributes';
import { importOnnx } from '../../src/core/import/importOnnx';
import { createFloatTensor } from '../../src/core/onnx/tensors';
import { buildBytes, node, weight } from './buildOnnx';

/** ONNX keeps params as float32; the document shows each as the shortest decimal of that float32. */
describe('float params read from ONNX', () => {
  it('are the same float32, in no more digits than the widened value (20,000 random floats)', () => {
    fc.assert(fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), (f) => {
      const short = shortestFloat32(f);
      expect(Math.fround(short)).toBe(Math.fround(f));
      expect(String(short).length).toBeLessThanOrEqual(String(f).length);
    }), { numRuns: 20_000 });
    expect(shortestFloat32(Math.fround(1e-5))).toBe(1e-5);
    expect(shortestFloat32(Math.fround(1 / 255))).toBe(0.003921569);
    expect(shortestFloat32(Infinity)).toBe(Infinity);
  });

  it('BatchNorm epsilon, LeakyRelu alpha and a Rescaling constant import as written in torch, not widened', () => {
    const bn = ['scale', 'bias', 'mean', 'var'].map((n) => weight(n, [4], 0.1));
    const bytes = buildBytes({
      inputs: [['x', [1, 3, 6, 6]]],
      outputs: [['y', [1, 4, 6, 6]]],
      initializers: [weight('w', [4, 3, 3, 3]), ...bn, createFloatTensor('k', [], Float32Array.of(0.3))],
      nodes: [
        node('Conv', ['x', 'w'], ['c'], { pads: [1, 1, 1, 1] }),
        node('BatchNormalization', ['c', 'scale', 'bias', 'mean', 'var'], ['b'], { epsilon: { f: 1e-5 } }),
        node('LeakyRelu', ['b'], ['l'], { alpha: { f: 0.01 } }),
        node('Mul', ['l', 'k'], ['y']),
      ],
      opset: 13,
    });
    const r = importOnnx(bytes);
    if (!r.ok) throw new Error(r.message);
    const params = Object.fromEntries(r.doc.nodes.map((n) => [n.kind, n.params]));
    expect(params.BatchNorm.epsilon).toBe(1e-5);
    expect(JSON.stringify(r.doc.nodes.map((n) => n.params))).not.toMatch(/\d{9,}/);
    expect(JSON.stringify(params)).toMatch(/:0\.01\b/);
    expect(params.Rescaling).toMatchObject({ scale: 0.3 });
  });
});
