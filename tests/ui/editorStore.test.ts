import { describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../src/core/graph/types';
import { PRESETS } from '../../src/core/presets';
import { createEditorStore } from '../../src/ui/editor/store';
import { HISTORY_LIMIT } from '../../src/ui/editor/history';

/** Input 32x32x1 -> Conv2D 6@5x5 valid: LeNet-5's C1, whose output is 28x28x6 in the paper. */
function smallDoc(): GraphDocument {
  return {
    format: 'cnn-graph', version: 1, name: 'small',
    nodes: [
      { id: 'in', kind: 'Input', name: 'in', params: { shape: [32, 32, 1] }, position: { x: 0, y: 0 } },
      { id: 'c1', kind: 'Conv2D', name: 'C1', params: { filters: 6, kernelSize: 5, strides: 1, padding: 'valid', dilation: 1, activation: 'tanh', useBias: true }, position: { x: 0, y: 150 } },
    ],
    edges: [{ id: 'e1', source: 'in', target: 'c1' }],
  };
}

const shapeOf = (store: ReturnType<typeof createEditorStore>, id: string) => store.getState().inference.nodes.get(id)?.outputShape ?? null;

describe('editor store', () => {
  it('infers on load: Conv2D 6@5x5 valid on 32x32x1 gives 28x28x6', () => {
    const store = createEditorStore(smallDoc());
    expect(shapeOf(store, 'c1')).toEqual([28, 28, 6]);
  });

  it('adds a layer with the registry defaults at the drop position and selects it', () => {
    const store = createEditorStore(smallDoc());
    const id = store.getState().addLayer('MaxPool2D', { x: 10, y: 300 });
    const node = store.getState().doc.nodes.find((n) => n.id === id)!;
    expect(node.kind).toBe('MaxPool2D');
    expect(node.position).toEqual({ x: 10, y: 300 });
    expect(node.params).toHaveProperty('poolSize');
    expect(store.getState().selectedNodeIds).toEqual([id]);
    expect(new Set(store.getState().doc.nodes.map((n) => n.id)).size).toBe(3);
  });

  it('adds a layer wired below another one, and infers its shape (2x2 pool halves 28 -> 14)', () => {
    const store = createEditorStore(smallDoc());
    const id = store.getState().addLayer('MaxPool2D', { x: 0, y: 300 }, 'c1');
    store.getState().setParam(id, 'poolSize', 2);
    store.getState().setParam(id, 'strides', 2);
    expect(store.getState().doc.edges.some((e) => e.source === 'c1' && e.target === id)).toBe(true);
    expect(shapeOf(store, id)).toEqual([14, 14, 6]);
  });

  it('connects two free nodes and refuses a cycle with a notice naming the nodes', () => {
    const store = createEditorStore(smallDoc());
    const dense = store.getState().addLayer('Flatten', { x: 0, y: 300 });
    expect(store.getState().connect('c1', dense)).toBe(true);
    expect(shapeOf(store, dense)).toEqual([28 * 28 * 6]);
    const before = store.getState().doc;
    const act = store.getState().addLayer('Activation', { x: 0, y: 400 }, dense);
    const doc = store.getState().doc;
    expect(store.getState().connect(act, dense)).toBe(false);
    expect(store.getState().doc).toBe(doc);
    expect(store.getState().notice?.text).toMatch(/cycle/);
    expect(store.getState().notice?.text).toContain('flatten_1');
    expect(before).not.toBe(doc);
  });

  it('refuses a second input to a single-input layer but lets Add take two or more', () => {
    const store = createEditorStore(smallDoc());
    const other = store.getState().addLayer('Input', { x: 300, y: 0 });
    expect(store.getState().connect(other, 'c1')).toBe(false);
    expect(store.getState().notice?.text).toMatch(/C1 \(Conv2D\) takes one input and already has one from in/);
    const add = store.getState().addLayer('Add', { x: 0, y: 400 });
    expect(store.getState().connect('in', add)).toBe(true);
    expect(store.getState().connect(other, add)).toBe(true);
    const third = store.getState().addLayer('Input', { x: 600, y: 0 });
    expect(store.getState().connect(third, add)).toBe(true);
    expect(store.getState().doc.edges.filter((e) => e.target === add)).toHaveLength(3);
  });

  it('refuses any input into an Input layer and a self loop', () => {
    const store = createEditorStore(smallDoc());
    const act = store.getState().addLayer('Activation', { x: 0, y: 300 });
    expect(store.getState().connect(act, 'in')).toBe(false);
    expect(store.getState().notice?.text).toMatch(/takes no inputs/);
    expect(store.getState().connect(act, act)).toBe(false);
  });

  it('deletes the selection with its edges, and undo brings both back', () => {
    const store = createEditorStore(smallDoc());
    store.getState().setSelection(['c1'], []);
    store.getState().deleteSelection();
    expect(store.getState().doc.nodes.map((n) => n.id)).toEqual(['in']);
    expect(store.getState().doc.edges).toEqual([]);
    expect(store.getState().selectedNodeIds).toEqual([]);
    store.getState().undo();
    expect(store.getState().doc).toEqual(smallDoc());
    expect(shapeOf(store, 'c1')).toEqual([28, 28, 6]);
  });

  it('a param change re-infers, and undo/redo walk it back and forth', () => {
    const store = createEditorStore(smallDoc());
    store.getState().setParam('c1', 'kernelSize', 3);
    store.getState().sealEdit();
    expect(shapeOf(store, 'c1')).toEqual([30, 30, 6]);
    store.getState().undo();
    expect(shapeOf(store, 'c1')).toEqual([28, 28, 6]);
    store.getState().redo();
    expect(shapeOf(store, 'c1')).toEqual([30, 30, 6]);
  });

  it('typing in one field is one undo step; another field is another', () => {
    const store = createEditorStore(smallDoc());
    for (const v of [1, 12, 120]) store.getState().setParam('c1', 'filters', v);
    store.getState().setParam('c1', 'kernelSize', 3);
    expect(store.getState().history.past).toHaveLength(2);
    store.getState().undo();
    expect(store.getState().doc.nodes[1].params.filters).toBe(120);
    store.getState().undo();
    expect(store.getState().doc.nodes[1].params.filters).toBe(6);
  });

  it('a kernel larger than its input is an error on the kernelSize field, and its fix removes it', () => {
    const store = createEditorStore(smallDoc());
    store.getState().setParam('c1', 'kernelSize', 40);
    const diag = store.getState().inference.diagnostics.find((d) => d.nodeId === 'c1' && d.severity === 'error');
    expect(diag?.code).toBe('window-too-large');
    expect(diag?.field).toBe('kernelSize');
    expect(shapeOf(store, 'c1')).toBeNull();
    const fix = diag!.fixes[0];
    store.getState().applyFix(fix.patch);
    expect(store.getState().inference.hasErrors).toBe(false);
    store.getState().undo();
    expect(store.getState().inference.hasErrors).toBe(true);
  });

  it('a whole drag is one undo step and does not re-run inference', () => {
    const store = createEditorStore(smallDoc());
    const inference = store.getState().inference;
    store.getState().beginGesture();
    for (let i = 1; i <= 30; i++) store.getState().moveNodes(new Map([['c1', { x: i, y: 150 + i }]]));
    store.getState().endGesture();
    expect(store.getState().inference).toBe(inference);
    expect(store.getState().history.past).toHaveLength(1);
    expect(store.getState().doc.nodes[1].position).toEqual({ x: 30, y: 180 });
    store.getState().undo();
    expect(store.getState().doc.nodes[1].position).toEqual({ x: 0, y: 150 });
  });

  it(`keeps the last ${HISTORY_LIMIT} steps (at least 100) and drops older ones`, () => {
    expect(HISTORY_LIMIT).toBeGreaterThanOrEqual(100);
    const store = createEditorStore(smallDoc());
    const steps = HISTORY_LIMIT + 25;
    for (let i = 1; i <= steps; i++) store.getState().moveNodes(new Map([['c1', { x: i, y: 0 }]]));
    expect(store.getState().history.past).toHaveLength(HISTORY_LIMIT);
    let undone = 0;
    while (store.getState().history.past.length > 0) {
      store.getState().undo();
      undone++;
    }
    expect(undone).toBe(HISTORY_LIMIT);
    // The oldest state still reachable is the one after the 25 steps that fell off.
    expect(store.getState().doc.nodes[1].position).toEqual({ x: steps - HISTORY_LIMIT, y: 0 });
  });

  it('a new edit after undo clears redo', () => {
    const store = createEditorStore(smallDoc());
    store.getState().setParam('c1', 'filters', 8);
    store.getState().undo();
    expect(store.getState().history.future).toHaveLength(1);
    store.getState().rename('c1', 'conv');
    expect(store.getState().history.future).toHaveLength(0);
  });

  it('copy/paste clones nodes and the edges between them with fresh ids, beside the originals, keeping their names, selected', () => {
    const store = createEditorStore(smallDoc());
    store.getState().setSelection(['in', 'c1'], []);
    store.getState().copySelection();
    store.getState().paste();
    const { doc, selectedNodeIds } = store.getState();
    expect(doc.nodes).toHaveLength(4);
    expect(new Set(doc.nodes.map((n) => n.id)).size).toBe(4);
    expect(new Set(doc.nodes.map((n) => n.name)).size).toBe(4);
    expect(selectedNodeIds).toHaveLength(2);
    const [pin, pc1] = selectedNodeIds.map((id) => doc.nodes.find((n) => n.id === id)!);
    // Right of the copied cards (224 px wide) plus a 40 px gap: nothing covers the originals.
    expect(pin.position).toEqual({ x: 264, y: 0 });
    expect(pc1.position).toEqual({ x: 264, y: 150 });
    // C1's copy is C1_1, not conv2d_1.
    expect([pin.name, pc1.name]).toEqual(['in_1', 'C1_1']);
    expect(doc.edges.some((e) => e.source === pin.id && e.target === pc1.id)).toBe(true);
    expect(shapeOf(store, pc1.id)).toEqual([28, 28, 6]);
    // A second paste lands further along, not on top of the first.
    store.getState().paste();
    const second = store.getState().selectedNodeIds.map((id) => store.getState().doc.nodes.find((n) => n.id === id)!);
    expect(second[0].position).toEqual({ x: 528, y: 0 });
    expect(second.map((n) => n.name)).toEqual(['in_2', 'C1_2']);
    store.getState().undo();
    store.getState().undo();
    expect(store.getState().doc.nodes).toHaveLength(2);
  });

  it('refuses to rename a layer to a name another layer has, saying which', () => {
    const store = createEditorStore(smallDoc());
    expect(store.getState().rename('c1', ' in ')).toBe('Another layer (Input) is already called "in": layer names must be unique.');
    expect(store.getState().doc.nodes.find((n) => n.id === 'c1')!.name).toBe('C1');
    expect(store.getState().history.past).toHaveLength(0);
    expect(store.getState().rename('c1', 'C1b')).toBeNull();
    expect(store.getState().doc.nodes.find((n) => n.id === 'c1')!.name).toBe('C1b');
  });

  it('duplicate copies only the selected node when its input is not selected', () => {
    const store = createEditorStore(smallDoc());
    store.getState().setSelection(['c1'], []);
    store.getState().duplicateSelection();
    const { doc } = store.getState();
    expect(doc.nodes).toHaveLength(3);
    expect(doc.edges).toHaveLength(1);
    expect(doc.nodes[2].params).toEqual(doc.nodes[1].params);
    expect(doc.nodes[2].params).not.toBe(doc.nodes[1].params);
  });

  it('LeNet-5 loads with 61,706 params in the inference', () => {
    const store = createEditorStore();
    store.getState().loadDocument(PRESETS[0].doc);
    let total = 0;
    for (const n of store.getState().inference.nodes.values()) total += n.trainableParams + n.nonTrainableParams;
    expect(total).toBe(61_706);
    expect(store.getState().history.past).toHaveLength(0);
  });
});
