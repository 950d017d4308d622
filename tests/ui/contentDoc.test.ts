import { describe, expect, it } from 'vitest';
import { findPreset } from '../../src/core/presets';
import { selectContentDoc } from '../../src/ui/editor/contentDoc';
import { createEditorStore } from '../../src/ui/editor/store';

describe('selectContentDoc', () => {
  it('stays the same object through a drag and through a move outside a drag', () => {
    const store = createEditorStore(structuredClone(findPreset('lenet5')!.doc));
    const before = selectContentDoc(store.getState());
    store.getState().beginGesture();
    for (let i = 1; i <= 5; i++) store.getState().moveNodes(new Map([['c1', { x: 10 * i, y: 0 }]]));
    store.getState().endGesture();
    store.getState().moveNodes(new Map([['c3', { x: 500, y: 500 }]]));
    expect(store.getState().doc).not.toBe(before);
    expect(selectContentDoc(store.getState())).toBe(before);
  });

  it('changes with a param edit, and then carries the new filters', () => {
    const store = createEditorStore(structuredClone(findPreset('lenet5')!.doc));
    const before = selectContentDoc(store.getState());
    store.getState().setParam('c1', 'filters', 8);
    const after = selectContentDoc(store.getState());
    expect(after).not.toBe(before);
    expect(after.nodes.find((n) => n.id === 'c1')!.params.filters).toBe(8);
  });

  it('undo of a move gives back the content document of that time', () => {
    const store = createEditorStore(structuredClone(findPreset('lenet5')!.doc));
    store.getState().setParam('c1', 'filters', 8);
    const edited = selectContentDoc(store.getState());
    store.getState().moveNodes(new Map([['c1', { x: 300, y: 0 }]]));
    store.getState().undo();
    expect(selectContentDoc(store.getState()).nodes.find((n) => n.id === 'c1')!.params.filters).toBe(8);
    expect(selectContentDoc(store.getState())).toBe(edited);
  });
});
