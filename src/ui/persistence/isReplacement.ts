import type { GraphDocument } from '../../core/graph/types';

/**
 * True when `next` is a different graph put in place of `prev` (the toolbar's New or a preset),
 * not an edit of it: it has another name and shares no node id with a non-empty `prev`.
 * Deleting every node keeps the name, so it stays an edit.
 */
export function isReplacement(prev: GraphDocument, next: GraphDocument): boolean {
  if (prev.nodes.length === 0 || prev.name === next.name) return false;
  const ids = new Set(prev.nodes.map((n) => n.id));
  return !next.nodes.some((n) => ids.has(n.id));
}
