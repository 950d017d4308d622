import { describe, expect, it } from 'vitest';
import { decodeFloat32, encodeFloat32 } from '../../src/core/graph/tensorCodec';
import type { GraphDocument } from '../../src/core/graph/types';
import { findPreset } from '../../src/core/presets';
import { createEditorStore } from '../../src/ui/editor/store';
import { setNodeWeight } from '../../src/ui/run/weightEdits';

const lenet = (): GraphDocument => structuredClone(findPreset('lenet5-mnist')!.doc);
const c1 = () => lenet().nodes.find((n) => n.name === 'C1')!.id;

describe('setNodeWeight', () => {
  const tensor = { shape: [1], data: encodeFloat32(Float32Array.from([2.5])) };

  it('adds, replaces and removes a weight; removing the last drops `weights`', () => {
    const doc = lenet();
    const added = setNodeWeight(doc, 'n', 'kernel', tensor);
    expect(decodeFloat32(added.weights!.n.kernel.data)![0]).toBe(2.5);
    expect(doc.weights).toBeUndefined();
    const removed = setNodeWeight(added, 'n', 'kernel', null);
    expect(removed.weights).toBeUndefined();
  });

  it('returns the same document when nothing changes', () => {
    const doc = lenet();
    expect(setNodeWeight(doc, 'n', 'kernel', null)).toBe(doc);
    const added = setNodeWeight(doc, 'n', 'kernel', tensor);
    expect(setNodeWeight(added, 'n', 'kernel', { ...tensor })).toBe(added);
  });
});

describe('editor store setWeight', () => {
  it('writes a kernel into doc.weights as one undoable step', () => {
    const store = createEditorStore(lenet());
    const id = c1();
    const kernel = new Float32Array(5 * 5 * 1 * 6).fill(0.5);
    store.getState().setWeight(id, 'kernel', { shape: [5, 5, 1, 6], data: encodeFloat32(kernel) });
    expect(store.getState().doc.weights?.[id]?.kernel.shape).toEqual([5, 5, 1, 6]);
    store.getState().sealEdit();
    store.getState().undo();
    expect(store.getState().doc.weights).toBeUndefined();
    store.getState().redo();
    expect(decodeFloat32(store.getState().doc.weights![id].kernel.data)![7]).toBe(0.5);
  });
});
