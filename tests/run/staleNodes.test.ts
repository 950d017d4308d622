import { describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../src/core/graph/types';
import { findPreset } from '../../src/core/presets';
import { findStaleNodes, findStaleNodesCached } from '../../src/ui/run/staleNodes';
import { createRuntimeApi } from '../../src/worker/runtimeApi';

/**
 * The Inception module preset (four branches into one Concatenate) on a 6x6x8 input, so running
 * it in a test is instant. Ids: input; b1_1x1; b2_1x1 -> b2_3x3; b3_1x1 -> b3_5x5;
 * b4_pool -> b4_1x1; all four branch ends -> concat.
 */
function inception(): GraphDocument {
  const doc = structuredClone(findPreset('inception-block')!.doc);
  doc.nodes.find((n) => n.id === 'input')!.params = { shape: [6, 6, 8] };
  return doc;
}

const ALL = ['input', 'b1_1x1', 'b2_1x1', 'b2_3x3', 'b3_1x1', 'b3_5x5', 'b4_pool', 'b4_1x1', 'concat'];

function setParam(doc: GraphDocument, id: string, key: string, value: unknown): GraphDocument {
  return { ...doc, nodes: doc.nodes.map((n) => (n.id === id ? { ...n, params: { ...n.params, [key]: value } } : n)) };
}

/** A 1x1 kernel for b2_1x1 (8 in, 96 out), all `v`, as base64 float32. */
function kernelOf(v: number): { shape: number[]; data: string } {
  const values = new Float32Array(8 * 96).fill(v);
  return { shape: [1, 1, 8, 96], data: Buffer.from(values.buffer).toString('base64') };
}

const edits: [string, (d: GraphDocument) => GraphDocument, string[]][] = [
  ['moving every node', (d) => ({ ...d, nodes: d.nodes.map((n) => ({ ...n, position: { x: n.position.x + 40, y: n.position.y - 7 } })) }), []],
  ['renaming a node', (d) => ({ ...d, nodes: d.nodes.map((n) => (n.id === 'b2_3x3' ? { ...n, name: 'wide 3x3' } : n)) }), []],
  ['the same params in another key order', (d) => ({ ...d, nodes: d.nodes.map((n) => (n.id === 'b1_1x1' ? { ...n, params: Object.fromEntries(Object.entries(n.params).reverse()) } : n)) }), []],
  ['b3_5x5 kernel 5 -> 3 (its branch end and the concat)', (d) => setParam(d, 'b3_5x5', 'kernelSize', 3), ['b3_5x5', 'concat']],
  ['b2_1x1 activation relu -> tanh (the rest of branch 2 and the concat)', (d) => setParam(d, 'b2_1x1', 'activation', 'tanh'), ['b2_1x1', 'b2_3x3', 'concat']],
  ['the Input shape (everything)', (d) => setParam(d, 'input', 'shape', [7, 7, 8]), ALL],
  ['b2_1x1 gets stored weights', (d) => ({ ...d, weights: { b2_1x1: { kernel: kernelOf(0.01) } } }), ['b2_1x1', 'b2_3x3', 'concat']],
  ['the concat inputs reordered (channel order changes)', (d) => ({ ...d, edges: [...d.edges.filter((e) => e.source !== 'b1_1x1'), ...d.edges.filter((e) => e.source === 'b1_1x1')] }), ['concat']],
  ['the edge b4_1x1 -> concat removed', (d) => ({ ...d, edges: d.edges.filter((e) => !(e.source === 'b4_1x1' && e.target === 'concat')) }), ['concat']],
  ['branch 3 deleted', (d) => ({ ...d, nodes: d.nodes.filter((n) => !n.id.startsWith('b3')), edges: d.edges.filter((e) => !e.source.startsWith('b3') && !e.target.startsWith('b3')) }), ['concat']],
  ['a new pool off the input (only itself)', (d) => ({
    ...d,
    nodes: [...d.nodes, { id: 'side', kind: 'MaxPool2D', name: 'side', params: { poolSize: 2, strides: 2, padding: 'valid' }, position: { x: 600, y: 120 } }],
    edges: [...d.edges, { id: 'e-side', source: 'input', target: 'side' }],
  }), ['side']],
];

describe('stale thumbnails after an edit', () => {
  it.each(edits)('%s', (_, edit, expected) => {
    const ran = inception();
    expect([...findStaleNodes(ran, edit(ran), true)].sort()).toEqual([...expected].sort());
  });

  it('weights are ignored when the run drew all of them from the seed', () => {
    const ran = inception();
    const now = { ...ran, weights: { b2_1x1: { kernel: kernelOf(0.01) } } };
    expect(findStaleNodes(ran, now, false).size).toBe(0);
    // The same tensor in a fresh object is no change either.
    const again = { ...now, weights: { b2_1x1: { kernel: kernelOf(0.01) } } };
    expect(findStaleNodes(now, again, true).size).toBe(0);
    expect([...findStaleNodes(now, { ...now, weights: { b2_1x1: { kernel: kernelOf(0.02) } } }, true)].sort()).toEqual(['b2_1x1', 'b2_3x3', 'concat']);
  });

  it('a node id like __proto__ or constructor is diffed as a plain id', () => {
    const doc: GraphDocument = {
      format: 'cnn-graph', version: 1, name: 'odd ids',
      nodes: [
        { id: '__proto__', kind: 'Input', name: 'in', params: { shape: [4] }, position: { x: 0, y: 0 } },
        { id: 'constructor', kind: 'Dense', name: 'out', params: { units: 2, activation: 'linear', useBias: true }, position: { x: 0, y: 100 } },
      ],
      edges: [{ id: 'e', source: '__proto__', target: 'constructor' }],
    };
    expect(findStaleNodes(doc, structuredClone(doc), true).size).toBe(0);
    expect([...findStaleNodes(doc, setParam(doc, 'constructor', 'units', 3), true)]).toEqual(['constructor']);
  });

  it('a cycle in a hand-written file ends', () => {
    const ran = inception();
    const now = setParam({ ...ran, edges: [...ran.edges, { id: 'back', source: 'concat', target: 'b2_1x1' }] }, 'b1_1x1', 'filters', 4);
    expect([...findStaleNodes(ran, now, true)].sort()).toEqual(['b1_1x1', 'b2_1x1', 'b2_3x3', 'concat']);
  });

  it('remembers the answer per pair of documents', () => {
    const ran = inception();
    const now = setParam(ran, 'b1_1x1', 'filters', 4);
    expect(findStaleNodesCached(ran, now, true)).toBe(findStaleNodesCached(ran, now, true));
  });

  // The runtime is the independent judge: a node left fresh must give bit-identical output, and
  // every node whose output did change must be in the stale set.
  it.each(edits.filter(([name]) => !name.startsWith('the Input shape') && !name.startsWith('the edge b4') && !name.startsWith('branch 3')))(
    'running both graphs agrees: %s',
    (_, edit) => {
      const ran = inception();
      const now = edit(ran);
      const before = runAll(ran);
      const after = runAll(now);
      const stale = findStaleNodes(ran, now, true);
      for (const node of now.nodes) {
        const a = before.get(node.id);
        const b = after.get(node.id)!;
        const same = a !== undefined && a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
        expect({ id: node.id, stale: stale.has(node.id) }).toEqual({ id: node.id, stale: !same });
      }
    },
  );
});

/** Every node's output for one fixed 6x6x8 input (a ramp, so no two pixels are alike). */
function runAll(doc: GraphDocument): Map<string, Float32Array> {
  const api = createRuntimeApi();
  const loaded = api.load(doc, 7);
  if (!loaded.ok) throw new Error(loaded.error.message);
  const input = new Float32Array(6 * 6 * 8).map((_, i) => Math.sin(i * 0.37));
  const res = api.run({ input });
  if (!res.ok) throw new Error(res.error.message);
  return new Map(doc.nodes.map((n) => [n.id, api.featureMap(n.id)!.data] as const));
}
