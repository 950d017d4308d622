import { describe, expect, it } from 'vitest';
import { applyPatch } from '../../../src/core/graph/applyPatch';
import { inferShapes } from '../../../src/core/shape/inferShapes';
import { chainDoc } from './buildDoc';

const dupes = (doc: ReturnType<typeof chainDoc>) => inferShapes(doc).diagnostics.filter((d) => d.code === 'duplicate-name');

describe('duplicate-name: layers that share a name (from a file or an import)', () => {
  const doc = chainDoc([
    ['in', 'Input', { shape: [8, 8, 1] }, 'in'],
    ['a', 'Conv2D', { filters: 2, activation: 'linear' }, 'C1'],
    ['b', 'Conv2D', { filters: 2, activation: 'linear' }, 'C1'],
    ['c', 'Conv2D', { filters: 2, activation: 'linear' }, 'C1'],
    ['d', 'Conv2D', { filters: 2, activation: 'linear' }, 'C1_2'],
  ]);

  it('warns on each later layer, naming the first one, with a rename to a free name', () => {
    const found = dupes(doc);
    expect(found.map((d) => [d.nodeId, d.severity, d.fixes.map((f) => f.label)])).toEqual([
      ['b', 'warning', ['rename to C1_3']],
      ['c', 'warning', ['rename to C1_4']],
    ]);
    expect(found[0].message).toBe('C1: another layer, a (Conv2D), is already called "C1"; layer names must be unique (exports and the summary name layers by them)');
  });

  it('applying the renames leaves every name unique and no warning', () => {
    let fixed = doc;
    for (const d of dupes(doc)) fixed = applyPatch(fixed, d.fixes[0].patch);
    expect(dupes(fixed)).toEqual([]);
    const names = fixed.nodes.map((n) => n.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('unnamed layers are not duplicates of each other (their ids label them)', () => {
    expect(dupes(chainDoc([['in', 'Input', { shape: [4] }, ''], ['x', 'Dense', { units: 2, activation: 'linear' }, '']]))).toEqual([]);
  });
});
