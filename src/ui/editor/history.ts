import type { GraphDocument } from '../../core/graph/types';

/** How many undo steps the editor keeps; older steps fall off the bottom. */
export const HISTORY_LIMIT = 200;

/**
 * Undo/redo stacks of whole documents. Documents are immutable and edits share unchanged
 * nodes, so a step costs one array of references, not a deep copy.
 */
export interface History {
  past: readonly GraphDocument[];
  future: readonly GraphDocument[];
}

/** An empty history. */
export function createHistory(): History {
  return { past: [], future: [] };
}

/** Records `before` as the state to return to; a new edit clears the redo stack. */
export function recordStep(history: History, before: GraphDocument, limit = HISTORY_LIMIT): History {
  const past = history.past.length >= limit ? history.past.slice(history.past.length - limit + 1) : history.past.slice();
  past.push(before);
  return { past, future: [] };
}

/** Steps back: returns the document to show and the new history, or null when there is nothing to undo. */
export function undoStep(history: History, current: GraphDocument): { doc: GraphDocument; history: History } | null {
  if (history.past.length === 0) return null;
  const doc = history.past[history.past.length - 1];
  return { doc, history: { past: history.past.slice(0, -1), future: [...history.future, current] } };
}

/** Steps forward again after an undo, or null when there is nothing to redo. */
export function redoStep(history: History, current: GraphDocument): { doc: GraphDocument; history: History } | null {
  if (history.future.length === 0) return null;
  const doc = history.future[history.future.length - 1];
  return { doc, history: { past: [...history.past, current], future: history.future.slice(0, -1) } };
}
