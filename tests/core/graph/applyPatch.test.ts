import { describe, expect, it } from 'vitest';
import { applyPatch } from '../../../src/core/graph/applyPatch';
import { createEdgeId, createNodeId } from '../../../src/core/graph/createIds';
import type { GraphDocument } from '../../../src/core/graph/types';
import { PRESETS } from '../../../src/core/presets';

const lenet = () => structuredClone(PRESETS[0].doc) as GraphDocument;

describe('applyPatch', () => {
  it('setParams merges params without touching the input document', () => {
    const doc = lenet();
    const before = JSON.stringify(doc);
    const next = applyPatch(doc, { type: 'setParams', nodeId: 'c1', params: { filters: 8 } });
    expect(next.nodes[1].params).toEqual({ ...doc.nodes[1].params, filters: 8 });
    expect(JSON.stringify(doc)).toBe(before);
  });

  it('removeEdge deletes exactly that edge', () => {
    const doc = lenet();
    const next = applyPatch(doc, { type: 'removeEdge', edgeId: 'e3' });
    expect(next.edges.map((e) => e.id)).toEqual(doc.edges.map((e) => e.id).filter((id) => id !== 'e3'));
  });

  it('insertNodeBefore rewires the incoming edges through a fresh node placed between', () => {
    const doc = lenet();
    const next = applyPatch(doc, { type: 'insertNodeBefore', nodeId: 'f6', kind: 'Dropout', params: { rate: 0.2 } });
    expect(next.nodes).toHaveLength(doc.nodes.length + 1);
    const added = next.nodes.find((n) => !doc.nodes.some((o) => o.id === n.id))!;
    expect(added).toMatchObject({ id: 'dropout_1', kind: 'Dropout', params: { rate: 0.2 } });
    expect(next.edges.filter((e) => e.target === 'f6').map((e) => e.source)).toEqual([added.id]);
    expect(next.edges.filter((e) => e.target === added.id).map((e) => e.source)).toEqual(['flatten']);
    const f6 = next.nodes.find((n) => n.id === 'f6')!;
    const flatten = next.nodes.find((n) => n.id === 'flatten')!;
    expect(added.position.y).toBeGreaterThan(flatten.position.y);
    expect(added.position.y).toBeLessThan(f6.position.y);
    expect(new Set(next.edges.map((e) => e.id)).size).toBe(next.edges.length);
  });

  it('keeps the input order of a merge when inserting before it', () => {
    const doc = structuredClone(PRESETS.find((p) => p.id === 'inception-block')!.doc) as GraphDocument;
    const next = applyPatch(doc, { type: 'insertNodeBefore', nodeId: 'concat', kind: 'Activation', params: { fn: 'relu' } });
    expect(next.edges.filter((e) => e.target === 'activation_1').map((e) => e.source)).toEqual(['b1_1x1', 'b2_3x3', 'b3_5x5', 'b4_1x1']);
  });

  it('insertNodeOnEdge puts a node on one branch of a merge and keeps the merge input order', () => {
    const doc = structuredClone(PRESETS.find((p) => p.id === 'inception-block')!.doc) as GraphDocument;
    const edge = doc.edges.find((e) => e.source === 'b3_5x5' && e.target === 'concat')!;
    const next = applyPatch(doc, { type: 'insertNodeOnEdge', edgeId: edge.id, kind: 'Cropping2D', params: { cropping: 1 } });
    expect(next.edges.filter((e) => e.target === 'concat').map((e) => e.source)).toEqual(['b1_1x1', 'b2_3x3', 'cropping2d_1', 'b4_1x1']);
    expect(next.edges.filter((e) => e.target === 'cropping2d_1').map((e) => e.source)).toEqual(['b3_5x5']);
    const added = next.nodes.find((n) => n.id === 'cropping2d_1')!;
    expect(added.position.x).toBe(doc.nodes.find((n) => n.id === 'b3_5x5')!.position.x);
    expect(added.position.y).toBeLessThan(next.nodes.find((n) => n.id === 'concat')!.position.y);
    expect(new Set(next.edges.map((e) => e.id)).size).toBe(next.edges.length);
  });

  it('removeNode feeds the removed node\'s input to its consumers in the same edge slots', () => {
    const doc = lenet();
    const next = applyPatch(doc, { type: 'removeNode', nodeId: 'flatten' });
    expect(next.nodes.map((n) => n.id)).toEqual(doc.nodes.map((n) => n.id).filter((id) => id !== 'flatten'));
    const into = doc.edges.find((e) => e.target === 'flatten')!.source;
    expect(next.edges.filter((e) => e.target === 'f6').map((e) => e.source)).toEqual([into]);
    expect(next.edges).toHaveLength(doc.edges.length - 1);
    // A node with two inputs has no single input to hand on: unchanged.
    const inception = structuredClone(PRESETS.find((p) => p.id === 'inception-block')!.doc) as GraphDocument;
    expect(applyPatch(inception, { type: 'removeNode', nodeId: 'concat' })).toBe(inception);
  });

  it('returns the document unchanged for a missing node or edge', () => {
    const doc = lenet();
    expect(applyPatch(doc, { type: 'removeNode', nodeId: 'nope' })).toBe(doc);
    expect(applyPatch(doc, { type: 'insertNodeOnEdge', edgeId: 'nope', kind: 'Flatten', params: {} })).toBe(doc);
    expect(applyPatch(doc, { type: 'setParams', nodeId: 'nope', params: {} })).toBe(doc);
    expect(applyPatch(doc, { type: 'removeEdge', edgeId: 'nope' })).toBe(doc);
    expect(applyPatch(doc, { type: 'insertNodeBefore', nodeId: 'nope', kind: 'Flatten', params: {} })).toBe(doc);
  });
});

describe('createNodeId / createEdgeId', () => {
  it('picks the smallest free number per kind', () => {
    const doc = lenet();
    doc.nodes.push({ ...doc.nodes[1], id: 'conv2d_1' });
    expect(createNodeId(doc, 'Conv2D')).toBe('conv2d_2');
    expect(createNodeId(doc, 'MaxPool2D')).toBe('maxpool2d_1');
    expect(createNodeId(doc, '???')).toBe('node_1');
  });
  it('never reuses an edge id', () => {
    const doc = lenet();
    doc.edges.push({ id: `e${doc.edges.length + 1}`, source: 'input', target: 'c1' });
    const id = createEdgeId(doc);
    expect(doc.edges.some((e) => e.id === id)).toBe(false);
  });
});
