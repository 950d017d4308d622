import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffGraphs } from '../../../src/core/diff';

/** The diff's edges by id. */
const edgeIds = (a: GraphDocument, b: GraphDocument) => {
  const { added, removed } = diffGraphs(a, b).edges;
  return { added, removed: removed.map((e) => e.id) };
};
import type { GraphDocument } from '../../../src/core/graph/types';
import { PRESETS } from '../../../src/core/presets';

const preset = (id: string): GraphDocument => structuredClone(PRESETS.find((p) => p.id === id)!.doc);

describe('the edges a diff draws', () => {
  it('none for a graph against itself, or a copy whose ids and edge ids were all renumbered', () => {
    const a = preset('resnet-block');
    expect(edgeIds(a, a)).toEqual({ added: [], removed: [] });
    const renumbered: GraphDocument = {
      ...a,
      nodes: a.nodes.map((n) => ({ ...n, id: `x_${n.id}` })),
      edges: a.edges.map((e, i) => ({ id: `edge${i}`, source: `x_${e.source}`, target: `x_${e.target}` })),
    };
    expect(edgeIds(a, renumbered)).toEqual({ added: [], removed: [] });
  });

  it('a removed skip connection is one removed edge, a new one an added edge', () => {
    const a = preset('resnet-block');
    const b = structuredClone(a);
    b.edges = b.edges.filter((e) => e.id !== 'skip');
    b.edges.push({ id: 'skip2', source: 'relu1', target: 'add' });
    expect(edgeIds(a, b)).toEqual({ added: ['skip2'], removed: ['skip'] });
    // Drawn between the paired layers of the open graph.
    expect(diffGraphs(a, b).edges.removed).toEqual([{ id: 'skip', source: 'input', target: 'add', pairedSource: 'input', pairedTarget: 'add' }]);
  });

  it('edges of a removed layer are removed, edges of an added one added', () => {
    const a = preset('lenet5');
    const b = structuredClone(a);
    // Take s2 out: c1 feeds c3 directly.
    b.nodes = b.nodes.filter((n) => n.id !== 's2');
    b.edges = b.edges.filter((e) => e.source !== 's2' && e.target !== 's2');
    b.edges.push({ id: 'bypass', source: 'c1', target: 'c3' });
    expect(edgeIds(a, b)).toEqual({ added: ['bypass'], removed: ['e2', 'e3'] });
    expect(diffGraphs(a, b).edges.removed.map((e) => [e.pairedSource, e.pairedTarget])).toEqual([['c1', null], [null, 'c3']]);
  });

  it('counts a merge fed twice by one layer as two edges', () => {
    const a = preset('resnet-block');
    a.edges.push({ id: 'twice', source: 'input', target: 'add' });
    const b = preset('resnet-block');
    expect(edgeIds(a, b)).toEqual({ added: [], removed: ['twice'] });
    expect(edgeIds(b, a)).toEqual({ added: ['twice'], removed: [] });
  });

  it('on random rewirings: kept edges plus removed ones are A, kept plus added are B (as multisets of node pairs)', () => {
    const base = preset('inception-block');
    const ids = base.nodes.map((n) => n.id);
    const pair = fc.tuple(fc.constantFrom(...ids), fc.constantFrom(...ids));
    fc.assert(fc.property(fc.array(fc.nat(base.edges.length - 1)), fc.array(pair, { maxLength: 5 }), (drop, extra) => {
      const b = structuredClone(base);
      const dropped = new Set(drop);
      b.edges = b.edges.filter((_, i) => !dropped.has(i));
      extra.forEach(([source, target], i) => b.edges.push({ id: `new${i}`, source, target }));
      const { added, removed } = edgeIds(base, b);
      const pairsOf = (doc: GraphDocument, except: readonly string[]) =>
        doc.edges.filter((e) => !except.includes(e.id)).map((e) => `${e.source}>${e.target}`).sort();
      // What neither side added nor removed is the same wiring on both.
      expect(pairsOf(base, removed)).toEqual(pairsOf(b, added));
      // And nothing is reported that did not change: an edge is removed only when B has fewer of its pair.
      const count = (doc: GraphDocument, k: string) => doc.edges.filter((e) => `${e.source}>${e.target}` === k).length;
      for (const id of removed) {
        const e = base.edges.find((x) => x.id === id)!;
        expect(count(b, `${e.source}>${e.target}`)).toBeLessThan(count(base, `${e.source}>${e.target}`));
      }
    }), { numRuns: 200, seed: 3 });
  });
});
