import { create } from 'zustand';
import { diffGraphs, type GraphDiff } from '../../core/diff';
import type { GraphDocument, Position } from '../../core/graph/types';
import { inferShapes } from '../../core/shape/inferShapes';
import type { GraphInference } from '../../core/shape/types';
import { useEditorStore } from '../editor/store';
import { ghostEdgeId, ghostId } from './ghostIds';

/** How a card on the canvas is marked while comparing; unchanged cards have no mark. */
export type CompareMark = 'added' | 'changed';

/** A layer only the other version has, drawn as a ghost card where it stood there. */
export interface Ghost { id: string; name: string; kind: string; position: Position }

/** A wire only the other version has, drawn dashed between canvas ids (a kept layer's, or a ghost card's). */
export interface GhostEdge { id: string; source: string; target: string }

export interface CompareState {
  /** The version the open graph is compared with (the "before"); null when not comparing. */
  base: GraphDocument | null;
  /** What the base is, for the panel's title: "revision of 12:03", "lenet5.cnn.json". */
  label: string;
  diff: GraphDiff | null;
  /** Marks by the open graph's node ids. */
  marks: ReadonlyMap<string, CompareMark>;
  ghosts: readonly Ghost[];
  /** The open graph's edge ids the compared version does not have. */
  addedEdges: ReadonlySet<string>;
  ghostEdges: readonly GhostEdge[];
}

const EMPTY: CompareState = { base: null, label: '', diff: null, marks: new Map(), ghosts: [], addedEdges: new Set(), ghostEdges: [] };

/** The compare mode's state; the canvas reads marks and ghosts from it, the panel the diff. */
export const useCompareStore = create<CompareState>()(() => EMPTY);

function derive(base: GraphDocument, baseInference: GraphInference, doc: GraphDocument, inference: GraphInference): Pick<CompareState, 'diff' | 'marks' | 'ghosts' | 'addedEdges' | 'ghostEdges'> {
  const diff = diffGraphs(base, doc, { before: baseInference, after: inference });
  const marks = new Map<string, CompareMark>();
  const ghosts: Ghost[] = [];
  const positions = new Map(base.nodes.map((n) => [n.id, n.position]));
  for (const n of diff.nodes) {
    if (n.status === 'removed' && n.before) ghosts.push({ ...n.before, position: positions.get(n.before.id) ?? { x: 0, y: 0 } });
    else if (n.after && (n.status === 'added' || n.status === 'changed')) marks.set(n.after.id, n.status);
  }
  const ghostEdges = diff.edges.removed.map((e) => ({
    id: ghostEdgeId(e.id), source: e.pairedSource ?? ghostId(e.source), target: e.pairedTarget ?? ghostId(e.target),
  }));
  return { diff, marks, ghosts, addedEdges: new Set(diff.edges.added), ghostEdges };
}

let unsubscribe: (() => void) | null = null;

/**
 * Starts comparing the open graph with `base`. The comparison follows edits (it is always against
 * the graph as it is now) and ends by itself when another graph is loaded into the editor.
 */
export function startCompare(base: GraphDocument, label: string): void {
  unsubscribe?.();
  const editor = useEditorStore.getState();
  const loadCount = editor.loadCount;
  const baseInference = inferShapes(base);
  useCompareStore.setState({ base, label, ...derive(base, baseInference, editor.doc, editor.inference) });
  unsubscribe = useEditorStore.subscribe((state, prev) => {
    if (state.loadCount !== loadCount) leaveCompare();
    // A drag changes positions only and keeps the inference: layout is not compared, so nothing to redo per frame.
    else if (state.inference !== prev.inference || state.doc.weights !== prev.doc.weights) {
      useCompareStore.setState(derive(base, baseInference, state.doc, state.inference));
    }
  });
}

/** Ends compare mode: the canvas shows the graph as usual again. */
export function leaveCompare(): void {
  unsubscribe?.();
  unsubscribe = null;
  useCompareStore.setState(EMPTY);
}
