import type { GraphDocument } from '../../core/graph/types';
import type { GraphInference } from '../../core/shape/types';

const firstDocOf = new WeakMap<GraphInference, GraphDocument>();

/**
 * A store selector for panels that show what the graph computes, not where its nodes sit (the
 * summary, the diagnostics, the Run panel): it returns the same document object until something
 * other than a position changes, so a drag re-renders none of them. Moving nodes keeps the
 * inference object (reuseInference) and every other edit makes a new one, so the first document
 * seen with an inference stands for all its position-only successors. Its positions may be stale.
 */
export function selectContentDoc(state: { doc: GraphDocument; inference: GraphInference }): GraphDocument {
  let doc = firstDocOf.get(state.inference);
  if (!doc) {
    doc = state.doc;
    firstDocOf.set(state.inference, doc);
  }
  return doc;
}
