import { describe, expect, it } from 'vitest';
import { LAYER_KINDS, type LayerKind } from '../../../src/core/graph/types';
import { LAYERS } from '../../../src/core/layers/registry';
import { KERNELS } from '../../../src/core/runtime/kernelMap';
import { PALETTE_GROUPS } from '../../../src/ui/palette/paletteGroups';

/** Every kind's definition is complete: what used to be spread over a dozen files is checked here. */
describe.each(LAYER_KINDS.map((k) => [k] as [LayerKind]))('%s definition', (kind) => {
  const def = LAYERS[kind];

  it('names its own kind and has a palette hint', () => {
    expect(def.kind).toBe(kind);
    expect(def.hint.length).toBeGreaterThan(3);
  });

  it('is listed exactly once in the palette, under its category', () => {
    const groups = PALETTE_GROUPS.filter((g) => g.kinds.includes(kind));
    expect(groups.map((g) => g.title)).toEqual([def.category]);
  });

  it('has an inspector field for every param, and every field is a param it validates', () => {
    const params = Object.keys(def.defaultParams());
    const fields = def.fields.map((f) => f.field);
    expect(fields).toEqual(expect.arrayContaining(params));
    expect(new Set(fields).size).toBe(fields.length);
    for (const f of def.fields) if (f.control === 'choice') expect(f.options?.length).toBeGreaterThan(1);
  });

  it('has a kernel in the runtime map', () => {
    expect(typeof KERNELS[kind]).toBe('function');
  });

  it('names an activation field that is one of its params', () => {
    if (def.activationField) expect(Object.keys(def.defaultParams())).toContain(def.activationField);
  });
});

describe('window kinds explain their arithmetic', () => {
  const ctx = { nodeId: 'n', label: 'n' };
  it.each(LAYER_KINDS.map((k) => [k] as [LayerKind]))('%s: geometry from inference comes with inspector arithmetic', (kind) => {
    const def = LAYERS[kind];
    if (def.arity.max === 0) return;
    const input = [17, 13, 4];
    const inputs = def.arity.min > 1 ? [input, input] : [input];
    const out = def.inferOutput(inputs, def.defaultParams() as never, ctx);
    if (out.ok && out.geometry) {
      const arithmetic = def.explainArithmetic?.(input, def.defaultParams() as never);
      expect(arithmetic?.axes.map((a) => a.name)).toEqual(['rows', 'cols']);
    }
  });
});
