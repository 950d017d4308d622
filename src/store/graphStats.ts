import { inferShapes } from '../core/shape/inferShapes';
import type { GraphDocument } from '../core/graph/types';

/** Node count and total parameters (trainable + not), stored beside a graph for the library list. */
export function computeGraphStats(doc: GraphDocument): { nodeCount: number; params: number | null } {
  try {
    const inference = inferShapes(doc);
    let params = 0;
    for (const node of inference.nodes.values()) params += node.trainableParams + node.nonTrainableParams;
    return { nodeCount: doc.nodes.length, params };
  } catch {
    // A list entry is not worth failing a save for; the count shows as unknown.
    return { nodeCount: doc.nodes.length, params: null };
  }
}
