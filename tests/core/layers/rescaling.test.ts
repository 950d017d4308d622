import { describe, expect, it } from 'vitest';
import { getLayer } from '../../../src/core/layers/registry';
import { compileGraph } from '../../../src/core/compile/compileGraph';
import { inferShapes } from '../../../src/core/shape/inferShapes';
import { chainDoc } from '../shape/buildDoc';

const rescaling = getLayer('Rescaling')!;

describe('Rescaling', () => {
  it('keeps any shape, with no weights and 0 MACs (as Keras and torchinfo count it)', () => {
    for (const shape of [[28, 28, 1], [10]]) {
      const doc = chainDoc([['in', 'Input', { shape }], ['r', 'Rescaling', { scale: 1 / 255 }]]);
      const r = inferShapes(doc).nodes.get('r')!;
      expect(r.outputShape).toEqual(shape);
      expect([r.trainableParams, r.nonTrainableParams, r.macs]).toEqual([0, 0, 0]);
      expect(r.diagnostics).toEqual([]);
    }
  });

  it('fills what a hand-written node leaves out: scale 1/255, offset 0', () => {
    expect(rescaling.validateParams({})).toEqual({ ok: true, params: { scale: 1 / 255, offset: 0 } });
  });

  it('names a bad scale or offset with its value', () => {
    const r = rescaling.validateParams({ scale: 'x', offset: 1e9 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.map((e) => e.field)).toEqual(['scale', 'offset']);
      expect(r.errors[0].message).toBe('scale must be a number from -1000000 to 1000000, got "x"');
      expect(r.errors[1].message).toContain('got 1000000000');
    }
  });

  it('reads 1/255 and 1/127.5 on the card as fractions', () => {
    expect(rescaling.describeParams({ scale: 1 / 255, offset: 0 })).toBe('× 1/255');
    expect(rescaling.describeParams({ scale: 1 / 127.5, offset: -1 })).toBe('× 1/127.5 − 1');
    expect(rescaling.describeParams({ scale: 2, offset: 0.5 })).toBe('× 2 + 0.5');
    expect(rescaling.describeParams({ scale: 0.3, offset: 0 })).toBe('× 0.3');
  });

  it('compiles to a step of its own, which allocates a buffer', () => {
    const doc = chainDoc([['in', 'Input', { shape: [4, 4, 3] }], ['r', 'Rescaling', { scale: 0.5, offset: 1 }]]);
    const compiled = compileGraph(doc);
    expect(compiled.ok).toBe(true);
    if (compiled.ok) expect(compiled.plan.steps.map((s) => s.kind)).toEqual(['Input', 'Rescaling']);
  });
});
