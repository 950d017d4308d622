import type { GraphDocument, Position } from '../core/graph/types';

/** What the layout worker exposes through comlink. */
export interface LayoutApi {
  /** ELK's layered top-to-bottom positions of the document's nodes, by node id (no weights needed). */
  layout(doc: GraphDocument): Promise<Record<string, Position>>;
}
