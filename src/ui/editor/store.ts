import { create } from 'zustand';
import type { GraphDocument, Position, TensorData } from '../../core/graph/types';
import type { GraphInference, GraphPatch } from '../../core/shape/types';
import { applyPatch } from '../../core/graph/applyPatch';
import { checkConnection } from './connection';
import { addEdge, addNode, copyFragment, createEmptyDocument, moveNodes, pasteFragment, pasteOffsetOf, removeElements, renameNode, setNodeParam, type GraphFragment } from './graphEdits';
import { createHistory, recordStep, redoStep, undoStep, type History } from './history';
import { inferDocument, reuseInference } from './inference';
import { computeLayout } from '../layout/autoLayout';
import { setNodeWeight } from '../run/weightEdits';
import { arityOf, defaultParamsOf } from './layerInfo';

/** A short message the editor shows over the canvas, e.g. why a wire was refused. */
export interface Notice { id: number; tone: 'error' | 'info'; text: string }

/** Measured node sizes reported by the canvas; view state, never part of the document or history. */
export type MeasuredSizes = Readonly<Record<string, { width: number; height: number }>>;

export interface EditorState {
  doc: GraphDocument;
  /** Always `inferDocument(doc)`: kept in the state so selectors read it without recomputing. */
  inference: GraphInference;
  history: History;
  selectedNodeIds: readonly string[];
  selectedEdgeIds: readonly string[];
  measured: MeasuredSizes;
  clipboard: GraphFragment | null;
  notice: Notice | null;
  /** The document when the current drag began; the whole drag becomes one undo step. */
  gestureStart: GraphDocument | null;
  /** Node and field of the last param edit: keystrokes in one field merge into one undo step. */
  editKey: string | null;

  /** Counts loadDocument calls: panels holding results of the previous graph (Run) forget them when it changes. */
  loadCount: number;
  /** Replaces the document (preset, file, library). `undoable` keeps the old one on the undo stack; otherwise history starts afresh. */
  loadDocument(doc: GraphDocument, options?: { undoable?: boolean }): void;
  /** Adds a layer with its default params at `position`; optionally wires `connectFrom` -> new node. Returns the new id. */
  addLayer(kind: string, position: Position, connectFrom?: string): string;
  /** Wires source -> target unless that makes a cycle or overfills the target; a refusal is shown as a notice. */
  connect(source: string, target: string): boolean;
  deleteElements(nodeIds: readonly string[], edgeIds: readonly string[]): void;
  deleteSelection(): void;
  /** Commits one param value (already parsed by the inspector; the registry reports bad values as diagnostics). */
  setParam(nodeId: string, field: string, value: unknown): void;
  /** Renames a layer; refuses (returns the reason) a name another layer already has, since exported code and the summary name layers by it. */
  rename(nodeId: string, name: string): string | null;
  /** Sets (or with null removes) one weight tensor of a node in doc.weights, as an undoable edit. */
  setWeight(nodeId: string, name: string, tensor: TensorData | null): void;
  /** Makes `next` the document as one undoable step, keeping the selection (trained weights land this way). */
  replaceDocument(next: GraphDocument): void;
  /** Ends the current run of merged param edits (the inspector calls it when a field loses focus). */
  sealEdit(): void;
  /** Applies a diagnostic's fix through the core's applyPatch, as one undoable step. */
  applyFix(patch: GraphPatch): void;
  beginGesture(): void;
  /** Moves nodes; inside a gesture the positions change live and the history records the gesture once at its end. */
  moveNodes(positions: ReadonlyMap<string, Position>): void;
  endGesture(): void;
  setSelection(nodeIds: readonly string[], edgeIds: readonly string[]): void;
  copySelection(): void;
  paste(): void;
  duplicateSelection(): void;
  undo(): void;
  redo(): void;
  /** Lays the graph out top to bottom with ELK as one undoable step. */
  autoLayout(): Promise<void>;
  setMeasured(sizes: ReadonlyMap<string, { width: number; height: number }>): void;
  showNotice(text: string, tone?: Notice['tone']): void;
  dismissNotice(id: number): void;
}

let noticeSeq = 0;

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/** Builds an editor store; the app uses the singleton `useEditorStore`, tests build their own. */
export function createEditorStore(initial: GraphDocument = createEmptyDocument()) {
  return create<EditorState>()((set, get) => {
    /** Makes `next` the document as one undo step and re-infers it. */
    function commit(next: GraphDocument, extra: Partial<EditorState> = {}, editKey: string | null = null): void {
      const { doc, history } = get();
      if (next === doc) {
        if (Object.keys(extra).length > 0) set(extra);
        return;
      }
      const merge = editKey !== null && editKey === get().editKey;
      set({ doc: next, inference: inferDocument(next), history: merge ? history : recordStep(history, doc), editKey, ...extra });
    }

    /** Keeps only selected ids that still exist in `doc`. */
    function pruneSelection(doc: GraphDocument): Pick<EditorState, 'selectedNodeIds' | 'selectedEdgeIds'> {
      const nodeIds = new Set(doc.nodes.map((n) => n.id));
      const edgeIds = new Set(doc.edges.map((e) => e.id));
      const { selectedNodeIds, selectedEdgeIds } = get();
      return { selectedNodeIds: selectedNodeIds.filter((id) => nodeIds.has(id)), selectedEdgeIds: selectedEdgeIds.filter((id) => edgeIds.has(id)) };
    }

    return {
      doc: initial,
      inference: inferDocument(initial),
      history: createHistory(),
      selectedNodeIds: [],
      selectedEdgeIds: [],
      measured: {},
      clipboard: null,
      notice: null,
      gestureStart: null,
      editKey: null,
      loadCount: 0,

      loadDocument(doc, options = {}) {
        const selection = { selectedNodeIds: [], selectedEdgeIds: [], gestureStart: null, notice: null, loadCount: get().loadCount + 1 };
        if (options.undoable) commit(doc, selection);
        else set({ doc, inference: inferDocument(doc), history: createHistory(), editKey: null, ...selection });
      },

      addLayer(kind, position, connectFrom) {
        const added = addNode(get().doc, kind, defaultParamsOf(kind), position);
        let next = added.doc;
        if (connectFrom !== undefined) {
          const check = checkConnection(next, connectFrom, added.nodeId, arityOf);
          if (check.ok) next = addEdge(next, connectFrom, added.nodeId).doc;
          else get().showNotice(check.error.message);
        }
        commit(next, { selectedNodeIds: [added.nodeId], selectedEdgeIds: [] });
        return added.nodeId;
      },

      connect(source, target) {
        const { doc } = get();
        const check = checkConnection(doc, source, target, arityOf);
        if (!check.ok) {
          get().showNotice(check.error.message);
          return false;
        }
        commit(addEdge(doc, source, target).doc);
        return true;
      },

      deleteElements(nodeIds, edgeIds) {
        const next = removeElements(get().doc, nodeIds, edgeIds);
        if (next === get().doc) return;
        commit(next);
        set(pruneSelection(next));
      },

      deleteSelection() {
        const { selectedNodeIds, selectedEdgeIds } = get();
        get().deleteElements(selectedNodeIds, selectedEdgeIds);
      },

      setParam(nodeId, field, value) {
        commit(setNodeParam(get().doc, nodeId, field, value), {}, `${nodeId}\u0000${field}`);
      },

      setWeight(nodeId, name, tensor) {
        commit(setNodeWeight(get().doc, nodeId, name, tensor), {}, `${nodeId}\u0000weights.${name}`);
      },

      replaceDocument(next) {
        commit(next);
        set(pruneSelection(next));
      },

      sealEdit() {
        if (get().editKey !== null) set({ editKey: null });
      },

      rename(nodeId, name) {
        const trimmed = name.trim();
        const clash = get().doc.nodes.find((n) => n.id !== nodeId && n.name === trimmed);
        if (clash) return `Another layer (${clash.kind}) is already called "${trimmed}": layer names must be unique.`;
        commit(renameNode(get().doc, nodeId, name));
        return null;
      },

      applyFix(patch) {
        const next = applyPatch(get().doc, patch);
        commit(next);
        set(pruneSelection(get().doc));
      },

      beginGesture() {
        if (get().gestureStart === null) set({ gestureStart: get().doc });
      },

      moveNodes(positions) {
        const { doc, gestureStart } = get();
        const next = moveNodes(doc, positions);
        if (next === doc) return;
        if (gestureStart !== null) set({ doc: next, inference: reuseInference(doc, next) });
        else set({ doc: next, inference: reuseInference(doc, next), history: recordStep(get().history, doc), editKey: null });
      },

      endGesture() {
        const { gestureStart, doc, history } = get();
        if (gestureStart === null) return;
        set({ gestureStart: null, editKey: null, history: gestureStart === doc ? history : recordStep(history, gestureStart) });
      },

      setSelection(nodeIds, edgeIds) {
        const { selectedNodeIds, selectedEdgeIds } = get();
        if (sameIds(nodeIds, selectedNodeIds) && sameIds(edgeIds, selectedEdgeIds)) return;
        set({ selectedNodeIds: nodeIds, selectedEdgeIds: edgeIds });
      },

      copySelection() {
        const { selectedNodeIds, doc } = get();
        if (selectedNodeIds.length === 0) return;
        set({ clipboard: copyFragment(doc, selectedNodeIds) });
      },

      paste() {
        const { clipboard, doc } = get();
        if (!clipboard || clipboard.nodes.length === 0) return;
        const offset = pasteOffsetOf(clipboard);
        const pasted = pasteFragment(doc, clipboard, offset);
        // The next paste lands one step further, like in drawing tools.
        const shifted: GraphFragment = {
          nodes: clipboard.nodes.map((n) => ({ ...n, position: { x: n.position.x + offset.x, y: n.position.y + offset.y } })),
          edges: clipboard.edges,
        };
        commit(pasted.doc, { selectedNodeIds: pasted.nodeIds, selectedEdgeIds: [], clipboard: shifted });
      },

      duplicateSelection() {
        const { selectedNodeIds, doc } = get();
        if (selectedNodeIds.length === 0) return;
        const fragment = copyFragment(doc, selectedNodeIds);
        const pasted = pasteFragment(doc, fragment, pasteOffsetOf(fragment));
        commit(pasted.doc, { selectedNodeIds: pasted.nodeIds, selectedEdgeIds: [] });
      },

      undo() {
        const { history, doc } = get();
        const step = undoStep(history, doc);
        if (!step) return;
        set({ doc: step.doc, inference: inferDocument(step.doc), history: step.history, gestureStart: null, editKey: null });
        set(pruneSelection(step.doc));
      },

      redo() {
        const { history, doc } = get();
        const step = redoStep(history, doc);
        if (!step) return;
        set({ doc: step.doc, inference: inferDocument(step.doc), history: step.history, gestureStart: null, editKey: null });
        set(pruneSelection(step.doc));
      },

      async autoLayout() {
        const positions = await computeLayout(get().doc, get().measured);
        // The document may have changed while ELK ran; moveNodes ignores nodes that are gone.
        get().moveNodes(positions);
      },

      setMeasured(sizes) {
        const measured = { ...get().measured };
        let changed = false;
        for (const [id, size] of sizes) {
          const old = measured[id];
          if (old && old.width === size.width && old.height === size.height) continue;
          measured[id] = size;
          changed = true;
        }
        if (changed) set({ measured });
      },

      showNotice(text, tone = 'error') {
        set({ notice: { id: ++noticeSeq, tone, text } });
      },

      dismissNotice(id) {
        if (get().notice?.id === id) set({ notice: null });
      },
    };
  });
}

/** The editor's store: document, inference, history, selection and clipboard. Other panels read it through selectors. */
export const useEditorStore = createEditorStore();

export type EditorStore = ReturnType<typeof createEditorStore>;
