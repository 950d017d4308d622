import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffGraphs, formatDiff } from '../../../src/core/diff';
import type { GraphDiff } from '../../../src/core/diff';
import { decodeFloat32, encodeFloat32 } from '../../../src/core/graph/tensorCodec';
import type { GraphDocument } from '../../../src/core/graph/types';
import { PRESETS } from '../../../src/core/presets';

function preset(id: string): GraphDocument {
  const p = PRESETS.find((x) => x.id === id);
  if (!p) throw new Error(`no preset ${id}`);
  return structuredClone(p.doc);
}

function nodeOf(doc: GraphDocument, id: string) {
  const n = doc.nodes.find((x) => x.id === id);
  if (!n) throw new Error(`no node ${id}`);
  return n;
}

/** Conv2D params counted by hand: k*k*cin*filters + filters (bias). */
const convParams = (k: number, cin: number, filters: number) => k * k * cin * filters + filters;

describe('diffGraphs', () => {
  it.each(PRESETS.map((p) => [p.id]))('%s against itself is identical', (id) => {
    const diff = diffGraphs(preset(id), preset(id));
    expect(diff.identical).toBe(true);
    expect(diff.nodes).toEqual([]);
    expect(diff.counts.unchanged).toBe(preset(id).nodes.length);
    expect(diff.totals.params.delta).toBe(0);
    expect(diff.totals.outputs.changed).toBe(false);
  });

  it('LeNet-5 with C3 at 32 filters: the change, and the params counted by hand (61,706 published)', () => {
    const before = preset('lenet5');
    const after = preset('lenet5');
    nodeOf(after, 'c3').params.filters = 32;
    const diff = diffGraphs(before, after);
    expect(diff.counts).toEqual({ added: 0, removed: 0, changed: 1, unchanged: 8 });
    expect(diff.nodes).toEqual([expect.objectContaining({ status: 'changed', match: 'id', params: [{ field: 'filters', before: 16, after: 32 }], inputs: null, weights: [] })]);
    expect(formatDiff(diff)).toContain('    C3.filters 16 -> 32');
    // C3 5x5x6 -> 32 and C5 5x5x32 -> 120 instead of 5x5x6 -> 16 and 5x5x16 -> 120.
    const delta = convParams(5, 6, 32) - convParams(5, 6, 16) + convParams(5, 32, 120) - convParams(5, 16, 120);
    expect(diff.totals.params).toEqual({ before: 61_706, after: 61_706 + delta, delta });
    // MACs per output pixel: C3 10x10 outputs, C5 1x1.
    const macDelta = 10 * 10 * 5 * 5 * 6 * 16 + 5 * 5 * 16 * 120;
    expect(diff.totals.macs.delta).toBe(macDelta);
    expect(diff.totals.outputs).toEqual({ before: [{ name: 'Output', shape: [10] }], after: [{ name: 'Output', shape: [10] }], changed: false });
  });

  it('VGG-16 (138,357,544 published) without its last 4096 Dense: removed, rewired, and the output unchanged', () => {
    const before = preset('vgg16');
    const after = preset('vgg16');
    const dense = after.nodes.filter((n) => n.kind === 'Dense');
    const [fc1, fc2, last] = dense;
    after.nodes = after.nodes.filter((n) => n.id !== fc2.id);
    after.edges = after.edges.filter((e) => e.source !== fc2.id && e.target !== fc2.id);
    after.edges.push({ id: 'rewire', source: fc1.id, target: last.id });
    const diff = diffGraphs(before, after);
    expect(diff.counts).toMatchObject({ added: 0, removed: 1, changed: 1 });
    expect(diff.nodes.map((n) => [n.status, (n.after ?? n.before)!.name])).toEqual([['changed', last.name], ['removed', fc2.name]]);
    expect(diff.nodes[0].inputs).toEqual({ before: [fc2.name], after: [fc1.name] });
    expect(diff.totals.params.before).toBe(138_357_544);
    expect(diff.totals.params.delta).toBe(-(4096 * 4096 + 4096));
    expect(diff.totals.outputs.changed).toBe(false);
  });

  it('params left out and params spelled as their defaults are the same; 3 and [3, 3] are the same pair', () => {
    const before = preset('lenet5');
    const after = preset('lenet5');
    const c1 = nodeOf(after, 'c1');
    c1.params = { filters: 6, kernelSize: [5, 5], activation: 'tanh' };
    nodeOf(after, 's2').params = { poolSize: [2, 2] };
    expect(diffGraphs(before, after).identical).toBe(true);
    c1.params.padding = [[0, 0], [0, 0]];
    expect(diffGraphs(before, after).identical).toBe(true);
    c1.params.padding = 1;
    expect(diffGraphs(before, after).nodes[0].params).toEqual([{ field: 'padding', before: 'valid', after: 1 }]);
  });

  it('moving nodes and renaming the document are not changes', () => {
    const after = preset('lenet5');
    after.name = 'Another';
    for (const n of after.nodes) n.position = { x: n.position.x + 100, y: 3 };
    expect(diffGraphs(preset('lenet5'), after).identical).toBe(true);
  });

  it('a file from elsewhere whose ids are renumbered pairs layers by name, not by the numbering', () => {
    const before = preset('lenet5');
    const after = preset('lenet5');
    // Both sides use n0, n1, ... but for other layers: id matching alone would pair C1 with Output.
    const renumber = (doc: GraphDocument, order: string[]) => {
      const map = new Map(order.map((id, i) => [id, `n${i}`]));
      for (const n of doc.nodes) n.id = map.get(n.id)!;
      for (const e of doc.edges) { e.source = map.get(e.source)!; e.target = map.get(e.target)!; }
    };
    const ids = before.nodes.map((n) => n.id);
    renumber(before, ids);
    renumber(after, [...ids].reverse());
    nodeOf(after, 'n5').params.filters = 20; // n5 is C3 in the reversed numbering
    const diff = diffGraphs(before, after);
    expect(diff.nodes).toEqual([expect.objectContaining({ match: 'name', before: expect.objectContaining({ id: 'n3', name: 'C3' }), after: expect.objectContaining({ id: 'n5', name: 'C3' }) })]);
  });

  it('a renamed layer keeps its id and is paired as renamed', () => {
    const after = preset('lenet5');
    nodeOf(after, 'c3').name = 'conv3';
    const diff = diffGraphs(preset('lenet5'), after);
    expect(diff.nodes).toEqual([expect.objectContaining({ status: 'changed', match: 'renamed', name: { before: 'C3', after: 'conv3' }, params: [] })]);
  });

  it('trained weights: changed values are flagged by name without copying the tensor', () => {
    const before = preset('lenet5-mnist-trained');
    const after = preset('lenet5-mnist-trained');
    const kernel = after.weights!.c1.kernel;
    const values = decodeFloat32(kernel.data)!;
    values[0] += 1;
    after.weights!.c1.kernel = { shape: kernel.shape, data: encodeFloat32(values) };
    delete after.weights!.c3.bias;
    const diff = diffGraphs(before, after);
    expect(diff.nodes.map((n) => [n.after!.name, n.weights])).toEqual([
      ['C1', [{ name: 'kernel', change: 'values', before: { shape: [5, 5, 1, 6], count: 150 }, after: { shape: [5, 5, 1, 6], count: 150 } }]],
      ['C3', [{ name: 'bias', change: 'removed', before: { shape: [16], count: 16 }, after: null }]],
    ]);
    expect(JSON.stringify(diff).length).toBeLessThan(2000);
  });

  it('a merge whose inputs swap order is rewired (Add order is the edge order)', () => {
    const after = preset('resnet-block');
    const skip = after.edges.findIndex((e) => e.id === 'skip');
    const [edge] = after.edges.splice(skip, 1);
    after.edges.unshift(edge);
    const diff = diffGraphs(preset('resnet-block'), after);
    expect(diff.nodes).toEqual([expect.objectContaining({ inputs: { before: ['bn2', 'Input'], after: ['Input', 'bn2'] } })]);
  });

  it('a model whose last layer has other units reports the output shape change', () => {
    const after = preset('lenet5');
    nodeOf(after, 'output').params.units = 4;
    expect(diffGraphs(preset('lenet5'), after).totals.outputs).toMatchObject({ before: [{ shape: [10] }], after: [{ shape: [4] }], changed: true });
  });
});

/** The edits the property test makes, and what the diff must then list, by the before side's id. */
interface Edits { params: Map<string, string>; renamed: Set<string>; weights: Set<string>; removed: Set<string>; rewired: Set<string>; added: Set<string> }

function applyEdits(doc: GraphDocument, picks: { param: boolean; rename: boolean; weight: boolean; remove: boolean; addLeaf: boolean }[]): Edits {
  const edits: Edits = { params: new Map(), renamed: new Set(), weights: new Set(), removed: new Set(), rewired: new Set(), added: new Set() };
  const original = [...doc.nodes];
  original.forEach((node, i) => {
    const pick = picks[i];
    if (pick.remove && node.kind !== 'Input') {
      edits.removed.add(node.id);
      return;
    }
    const field = node.kind === 'Conv2D' ? 'filters' : node.kind === 'Dense' ? 'units' : null;
    if (pick.param && field) {
      node.params[field] = (node.params[field] as number) + 1;
      edits.params.set(node.id, field);
    }
    if (pick.rename) {
      node.name = `renamed_${i}`;
      edits.renamed.add(node.id);
    }
    const kernel = doc.weights?.[node.id]?.kernel;
    if (pick.weight && kernel) {
      const values = decodeFloat32(kernel.data)!;
      values[values.length - 1] += 0.5;
      doc.weights![node.id].kernel = { shape: kernel.shape, data: encodeFloat32(values) };
      edits.weights.add(node.id);
    }
  });
  for (const e of doc.edges) if (edits.removed.has(e.source) && !edits.removed.has(e.target)) edits.rewired.add(e.target);
  doc.nodes = doc.nodes.filter((n) => !edits.removed.has(n.id));
  doc.edges = doc.edges.filter((e) => !edits.removed.has(e.source) && !edits.removed.has(e.target));
  for (const id of edits.removed) delete doc.weights?.[id];
  original.forEach((node, i) => {
    if (!picks[i].addLeaf || edits.removed.has(node.id)) return;
    const id = `added_${i}`;
    doc.nodes.push({ id, kind: 'Dropout', name: id, params: { rate: 0.5 }, position: { x: 0, y: 0 } });
    doc.edges.push({ id: `edge_${id}`, source: node.id, target: id });
    edits.added.add(id);
  });
  return edits;
}

/** What the diff lists, in the same terms. */
function listed(diff: GraphDiff): Edits {
  const out: Edits = { params: new Map(), renamed: new Set(), weights: new Set(), removed: new Set(), rewired: new Set(), added: new Set() };
  for (const n of diff.nodes) {
    if (n.status === 'added') out.added.add(n.after!.name);
    if (n.status === 'removed') out.removed.add(n.before!.id);
    if (n.status !== 'changed') continue;
    const id = n.before!.id;
    for (const p of n.params) out.params.set(id, p.field);
    if (n.name) out.renamed.add(id);
    if (n.inputs) out.rewired.add(id);
    for (const w of n.weights) if (w.name === 'kernel' && w.change === 'values') out.weights.add(id);
  }
  return out;
}

function renumberIds(doc: GraphDocument): void {
  const map = new Map(doc.nodes.map((n, i) => [n.id, `imported_${doc.nodes.length - i}`]));
  for (const n of doc.nodes) n.id = map.get(n.id)!;
  for (const e of doc.edges) { e.source = map.get(e.source)!; e.target = map.get(e.target)!; }
  if (doc.weights) doc.weights = Object.fromEntries(Object.entries(doc.weights).map(([id, w]) => [map.get(id)!, w]));
}

describe('diffGraphs property: random edits are listed, and only they', () => {
  const pick = fc.record({ param: fc.boolean(), rename: fc.boolean(), weight: fc.boolean(), remove: fc.boolean(), addLeaf: fc.boolean() });

  it.each([['lenet5-mnist-trained'], ['resnet-block']])('%s', (id) => {
    const base = preset(id);
    fc.assert(fc.property(fc.array(pick, { minLength: base.nodes.length, maxLength: base.nodes.length }), (picks) => {
      const after = preset(id);
      const edits = applyEdits(after, picks);
      expect(listed(diffGraphs(base, after))).toEqual(edits);
    }), { numRuns: 60 });
  });

  it.each([['lenet5-mnist-trained'], ['resnet-block']])('%s re-imported with new ids (no renames): paired by name', (id) => {
    const base = preset(id);
    fc.assert(fc.property(fc.array(pick.map((p) => ({ ...p, rename: false })), { minLength: base.nodes.length, maxLength: base.nodes.length }), (picks) => {
      const after = preset(id);
      const edits = applyEdits(after, picks);
      renumberIds(after);
      const diff = diffGraphs(base, after);
      expect(listed(diff)).toEqual(edits);
      expect(diff.nodes.every((n) => n.match === null || n.match === 'name')).toBe(true);
    }), { numRuns: 40 });
  });
});

describe('listOutputs', () => {
  it('a layer dropped on the canvas and not wired yet is not an output', () => {
    const doc = preset('lenet5');
    doc.nodes.push({ id: 'loose', kind: 'Dropout', name: 'loose', params: {}, position: { x: 0, y: 0 } });
    expect(diffGraphs(preset('lenet5'), doc).totals.outputs).toEqual({ before: [{ name: 'Output', shape: [10] }], after: [{ name: 'Output', shape: [10] }], changed: false });
  });
});
