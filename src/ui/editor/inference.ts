import type { GraphDocument } from '../../core/graph/types';
import type { GraphInference } from '../../core/shape/types';
import { inferShapes } from '../../core/shape/inferShapes';

const cache = new WeakMap<GraphDocument, GraphInference>();

/** Shape inference memoised on the document object: the same document is never inferred twice. */
export function inferDocument(doc: GraphDocument): GraphInference {
  let inference = cache.get(doc);
  if (!inference) {
    inference = inferShapes(doc);
    cache.set(doc, inference);
  }
  return inference;
}

/**
 * Carries an inference over to a document that differs only in node positions (a drag), so
 * moving nodes never re-runs inference. The caller guarantees nothing else changed.
 */
export function reuseInference(from: GraphDocument, to: GraphDocument): GraphInference {
  const inference = inferDocument(from);
  cache.set(to, inference);
  return inference;
}
