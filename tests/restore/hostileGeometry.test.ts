import { describe, expect, it } from 'vitest';
import { restoreGraph, RESTORE_LIMITS } from '../../src/core/graph/restore';
import { LAYER_SPACING } from '../../src/core/graph/restore/layoutUnplaced';
import { PRESETS } from '../../src/core/presets';
import { placeEdgeLabels } from '../../src/ui/canvas/labelPlacement';

const lenet = () => structuredClone(PRESETS.find((p) => p.id === 'lenet5')!.doc) as unknown as Record<string, any>;

function ok(r: ReturnType<typeof restoreGraph>) {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r;
}

describe('node positions are bounded at the gate', () => {
  it.each([2e18, -2e18, 1e7 + 1, Number.MAX_VALUE])('x = %d is laid out again, with a line in the report', (x) => {
    const doc = lenet();
    doc.nodes[1].position = { x, y: 0 };
    const r = ok(restoreGraph(JSON.stringify(doc), 'file'));
    const c1 = r.doc.nodes[1];
    expect(Math.abs(c1.position.x)).toBeLessThanOrEqual(RESTORE_LIMITS.maxCoordinate);
    expect(r.unplaced).toEqual([c1.id]);
    expect(r.report).toContain('1 node placed beyond ±10,000,000 px was laid out again.');
    // The others keep their places; C1 goes to the right of them, in its depth's row.
    const others = r.doc.nodes.filter((n) => n.id !== c1.id);
    expect(others.map((n) => n.position)).toEqual(lenet().nodes.filter((n: any) => n.id !== c1.id).map((n: any) => n.position));
    expect(c1.position.x).toBe(Math.max(...others.map((n) => n.position.x)) + LAYER_SPACING.x);
  });
  it('exactly ±10,000,000 is kept', () => {
    const doc = lenet();
    doc.nodes[1].position = { x: -1e7, y: 1e7 };
    const r = ok(restoreGraph(doc, 'file'));
    expect(r.doc.nodes[1].position).toEqual({ x: -1e7, y: 1e7 });
    expect(r.unplaced).toEqual([]);
  });
});

describe('label placement terminates wherever the cards are', () => {
  it('a card at x = 2e18 (past 2^53, where i++ stops changing i) does not hang it', () => {
    const nodes = [{ id: 'a', position: { x: 0, y: 0 } }, { id: 'b', position: { x: 2e18, y: 0 } }, { id: 'c', position: { x: 0, y: 200 } }];
    const labels = placeEdgeLabels(nodes, [{ id: 'ab', source: 'a', target: 'b', text: '28x28x6' }, { id: 'ac', source: 'a', target: 'c', text: '28x28x6' }]);
    expect(labels.size).toBe(2);
    // The ordinary wire still gets a label clear of both cards it joins.
    const ac = labels.get('ac')!;
    expect(ac.y).toBeGreaterThan(0);
    expect(ac.y).toBeLessThan(200 + 60);
  });
});

describe('parallel edges', () => {
  const parallelDoc = (n: number) => {
    const doc = { format: 'cnn-graph', version: 1, name: 'parallel', nodes: [
      { id: 'a', kind: 'Input', name: 'a', params: { shape: [4] }, position: { x: 0, y: 0 } },
      { id: 'b', kind: 'Activation', name: 'b', params: { fn: 'relu' }, position: { x: 0, y: 200 } },
    ], edges: Array.from({ length: n }, () => ({ source: 'a', target: 'b' })) };
    return doc;
  };
  it('the gate keeps one a -> b edge and says how many it removed', () => {
    const r = ok(restoreGraph(parallelDoc(RESTORE_LIMITS.maxEdges), 'link'));
    expect(r.doc.edges).toEqual([{ id: 'e_a_b', source: 'a', target: 'b' }]);
    expect(r.report.join('\n')).toContain(`${(RESTORE_LIMITS.maxEdges - 1).toLocaleString('en-US')} duplicate edges between the same two nodes removed (a layer takes each input once).`);
  });
  it('the edge limit is two per node at the node limit', () => {
    expect(RESTORE_LIMITS.maxEdges).toBe(2 * RESTORE_LIMITS.maxNodes);
    const r = restoreGraph(parallelDoc(RESTORE_LIMITS.maxEdges + 1), 'link');
    expect(!r.ok && r.error.code).toBe('too-many-edges');
  });
  it('label placement gives parallel wires one spot, computed once', () => {
    const nodes = [{ id: 'a', position: { x: 0, y: 0 } }, { id: 'b', position: { x: 0, y: 300 } }];
    const edges = Array.from({ length: 5000 }, (_, i) => ({ id: `e${i}`, source: 'a', target: 'b', text: '4' }));
    const labels = placeEdgeLabels(nodes, edges);
    expect(new Set([...labels.values()]).size).toBe(1);
    expect(labels.size).toBe(5000);
  });
});

describe('documents written by hand', () => {
  it('nodes without name and position get the id as label and a layered layout', () => {
    const doc = lenet();
    for (const n of doc.nodes) { delete n.name; delete n.position; }
    const r = ok(restoreGraph(doc, 'file'));
    expect(r.doc.nodes.map((n) => n.name)).toEqual(lenet().nodes.map((n: any) => n.id));
    // LeNet-5 is a chain: one node per row, rows LAYER_SPACING.y apart, in order.
    expect(r.doc.nodes.map((n) => n.position)).toEqual(r.doc.nodes.map((_, i) => ({ x: 0, y: i * LAYER_SPACING.y })));
    expect(r.unplaced).toHaveLength(9);
    expect(r.report).toEqual(expect.arrayContaining(['9 nodes without a name named after their id.', '9 nodes without a position laid out automatically.']));
  });
  it('branches share a row side by side (the Inception module)', () => {
    const doc = structuredClone(PRESETS.find((p) => p.id === 'inception-block')!.doc) as any;
    for (const n of doc.nodes) delete n.position;
    const r = ok(restoreGraph(doc, 'file'));
    const keys = new Set(r.doc.nodes.map((n) => `${n.position.x},${n.position.y}`));
    expect(keys.size).toBe(r.doc.nodes.length);
    const byId = new Map(r.doc.nodes.map((n) => [n.id, n]));
    for (const e of r.doc.edges) expect(byId.get(e.target)!.position.y).toBeGreaterThan(byId.get(e.source)!.position.y);
  });
  it('a cycle does not loop the layout', () => {
    const doc = { format: 'cnn-graph', version: 1, name: 'cycle', nodes: [{ id: 'a', kind: 'Flatten' }, { id: 'b', kind: 'Flatten' }], edges: [{ source: 'a', target: 'b' }, { source: 'b', target: 'a' }] };
    const r = ok(restoreGraph(doc, 'file'));
    expect(r.doc.nodes).toHaveLength(2);
    expect(new Set(r.doc.nodes.map((n) => n.position.y)).size).toBe(2);
  });
});
