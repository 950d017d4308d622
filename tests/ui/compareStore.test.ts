import { afterEach, describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/core/presets';
import { leaveCompare, startCompare, useCompareStore } from '../../src/ui/diff/compareStore';
import { useEditorStore } from '../../src/ui/editor/store';

const lenet = () => structuredClone(PRESETS[0].doc);

afterEach(() => leaveCompare());

describe('compare mode follows the open graph', () => {
  it('marks a param edit, ghosts a deletion, and drops both when they are undone', () => {
    useEditorStore.getState().loadDocument(lenet());
    startCompare(lenet(), 'LeNet-5');
    expect(useCompareStore.getState().diff?.identical).toBe(true);
    useEditorStore.getState().setParam('c3', 'filters', 32);
    useEditorStore.getState().deleteElements(['f6'], []);
    const s = useCompareStore.getState();
    expect([...s.marks]).toEqual([['c3', 'changed'], ['output', 'changed']]);
    expect(s.ghosts).toEqual([{ id: 'f6', name: 'F6', kind: 'Dense', position: lenet().nodes.find((n) => n.id === 'f6')!.position }]);
    useEditorStore.getState().undo();
    useEditorStore.getState().undo();
    expect(useCompareStore.getState().diff?.identical).toBe(true);
    expect(useCompareStore.getState().ghosts).toEqual([]);
  });

  it('a drag is not compared again: moving nodes keeps the very same diff', () => {
    useEditorStore.getState().loadDocument(lenet());
    startCompare(lenet(), 'LeNet-5');
    useEditorStore.getState().setParam('c3', 'filters', 32);
    const diff = useCompareStore.getState().diff;
    useEditorStore.getState().beginGesture();
    useEditorStore.getState().moveNodes(new Map([['c3', { x: 400, y: 400 }]]));
    useEditorStore.getState().endGesture();
    expect(useCompareStore.getState().diff).toBe(diff);
  });

  it('opening another graph leaves compare mode', () => {
    useEditorStore.getState().loadDocument(lenet());
    startCompare(lenet(), 'LeNet-5');
    useEditorStore.getState().loadDocument(structuredClone(PRESETS[3].doc));
    expect(useCompareStore.getState().base).toBeNull();
    expect(useCompareStore.getState().marks.size).toBe(0);
  });
});
