import { describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../src/core/graph/types';
import { PRESETS } from '../../src/core/presets';
import { inferDocument } from '../../src/ui/editor/inference';
import { setNodeParam, moveNodes } from '../../src/ui/editor/graphEdits';
import { createFlowViewBuilder, type ViewInput } from '../../src/ui/canvas/viewModel';
import { formatCount, formatShape } from '../../src/core/format';

const lenet = PRESETS[0].doc;
const input = (doc: GraphDocument, extra: Partial<ViewInput> = {}): ViewInput => ({
  doc, inference: inferDocument(doc), selectedNodeIds: [], selectedEdgeIds: [], measured: {}, ...extra,
});

describe('flow view model', () => {
  it('shows LeNet-5 shapes from the paper on nodes and edges', () => {
    const view = createFlowViewBuilder()(input(lenet));
    const byName = new Map(view.nodes.map((n) => [n.data.name, n.data]));
    // LeCun et al. 1998: C1 28x28x6, S2 14x14x6, C3 10x10x16, S4 5x5x16, C5 1x1x120, F6 84.
    expect(byName.get('C1')?.outputShape).toBe('28x28x6');
    expect(byName.get('S2')?.outputShape).toBe('14x14x6');
    expect(byName.get('C3')?.outputShape).toBe('10x10x16');
    expect(byName.get('S4')?.outputShape).toBe('5x5x16');
    expect(byName.get('C5')?.outputShape).toBe('1x1x120');
    expect(byName.get('F6')?.outputShape).toBe('84');
    // C1: 6 * (5*5*1 + 1) = 156 params; C3 16 * (5*5*6 + 1) = 2,416.
    expect(byName.get('C1')?.paramCount).toBe('156');
    expect(byName.get('C3')?.paramCount).toBe('2,416');
    expect(byName.get('C1')?.paramLine).toContain('6 @ 5x5');
    expect(byName.get('C1')?.category).toBe('Convolution');
    const c1 = lenet.nodes.find((n) => n.name === 'C1')!;
    const edgeOut = view.edges.find((e) => e.source === c1.id)!;
    expect(edgeOut.data?.shape).toBe('28x28x6');
    expect(edgeOut.type).toBe('shape');
    expect(view.nodes.every((n) => n.type === 'layer' && n.data.severity === null)).toBe(true);
  });

  it('marks an error node and shows ? downstream of it, without marking the downstream nodes', () => {
    const c3 = lenet.nodes.find((n) => n.name === 'C3')!;
    const broken = setNodeParam(lenet, c3.id, 'kernelSize', 20);
    const view = createFlowViewBuilder()(input(broken));
    const byName = new Map(view.nodes.map((n) => [n.data.name, n.data]));
    expect(byName.get('C3')?.severity).toBe('error');
    expect(byName.get('C3')?.messages).toMatch(/^Error: /);
    expect(byName.get('C3')?.outputShape).toBe('?');
    expect(byName.get('S4')?.outputShape).toBe('?');
    expect(byName.get('S4')?.severity).toBeNull();
    expect(byName.get('S2')?.outputShape).toBe('14x14x6');
    expect(view.edges.find((e) => e.source === c3.id)?.data?.unknown).toBe(true);
  });

  it('renders an unknown kind as a placeholder keeping its raw kind', () => {
    const doc: GraphDocument = { ...lenet, nodes: [...lenet.nodes, { id: 'z', kind: 'Transformer', name: 'tx', params: { heads: 8 }, position: { x: 0, y: 0 } }] };
    const z = createFlowViewBuilder()(input(doc)).nodes.find((n) => n.id === 'z')!;
    expect(z.data.kind).toBe('Transformer');
    expect(z.data.category).toBeNull();
    expect(z.data.outputShape).toBe('?');
    expect(z.data.severity).toBe('error');
  });

  it('keeps the node objects whose display did not change, so memo skips them', () => {
    const build = createFlowViewBuilder();
    const first = build(input(lenet));
    const f6 = lenet.nodes.find((n) => n.name === 'F6')!;
    const next = setNodeParam(lenet, f6.id, 'units', 50);
    const second = build(input(next));
    const changed = second.nodes.filter((n, i) => n !== first.nodes[i]).map((n) => n.data.name);
    // F6's card changes (84 -> 50), and Output's param count (84*10+10 -> 50*10+10).
    expect(changed.sort()).toEqual(['F6', 'Output']);
    const changedEdges = second.edges.filter((e, i) => e !== first.edges[i]).map((e) => e.source);
    expect(changedEdges).toEqual([f6.id]);
  });

  it('moving one node replaces only that node object', () => {
    const build = createFlowViewBuilder();
    const first = build(input(lenet));
    const moved = moveNodes(lenet, new Map([[lenet.nodes[2].id, { x: 500, y: 500 }]]));
    const second = build(input(moved));
    expect(second.nodes.filter((n, i) => n !== first.nodes[i]).map((n) => n.id)).toEqual([lenet.nodes[2].id]);
    expect(second.nodes[2].position).toEqual({ x: 500, y: 500 });
    // The wires of the moved node carry their labels along; every other edge is the same object.
    const touches = (e: { source: string; target: string }) => e.source === lenet.nodes[2].id || e.target === lenet.nodes[2].id;
    expect(second.edges.filter((e, i) => e !== first.edges[i]).map((e) => e.id)).toEqual(first.edges.filter(touches).map((e) => e.id));
  });

  it('carries selection and measured sizes onto the nodes', () => {
    const id = lenet.nodes[1].id;
    const view = createFlowViewBuilder()(input(lenet, { selectedNodeIds: [id], measured: { [id]: { width: 210, height: 90 } } }));
    expect(view.nodes[1].selected).toBe(true);
    expect(view.nodes[1].measured).toEqual({ width: 210, height: 90 });
    expect(view.nodes[0].selected).toBe(false);
  });
});

describe('formatting', () => {
  it.each([[[28, 28, 6], '28x28x6'], [[120], '120'], [null, '?']] as const)('formatShape(%j) = %s', (shape, text) => {
    expect(formatShape(shape)).toBe(text);
  });
  it('groups thousands', () => {
    expect(formatCount(61706)).toBe('61,706');
    expect(formatCount(138357544)).toBe('138,357,544');
  });
});
