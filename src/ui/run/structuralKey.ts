import type { GraphDocument, WeightMap } from '../../core/graph/types';

const weightIds = new WeakMap<WeightMap, number>();
let nextWeightId = 1;

/**
 * A string that changes when the document changes in a way that affects a run (nodes' kinds,
 * names and params, edges, the weights object) and not when nodes are only moved, so dragging a
 * node does not recompile. Weights are compared by identity: the editor replaces the object on edit.
 */
export function computeRunKey(doc: GraphDocument, seed: number): string {
  let weights = 0;
  if (doc.weights) {
    weights = weightIds.get(doc.weights) ?? nextWeightId++;
    weightIds.set(doc.weights, weights);
  }
  const nodes = doc.nodes.map((n) => [n.id, n.kind, n.name, n.params]);
  const edges = doc.edges.map((e) => [e.source, e.target]);
  return JSON.stringify([nodes, edges, weights, seed]);
}

const keyCache = new WeakMap<GraphDocument, Map<string, string>>();

/**
 * computeRunKey of the document as the Run panel would run it (`weightsFrom` 'seed' drops the
 * stored weights), remembered per document object so every canvas node can ask for it without
 * each one serialising the graph again.
 */
export function computeDocRunKey(doc: GraphDocument, seed: number, weightsFrom: 'document' | 'seed'): string {
  let perDoc = keyCache.get(doc);
  if (!perDoc) keyCache.set(doc, (perDoc = new Map()));
  const slot = `${weightsFrom}:${seed}`;
  let key = perDoc.get(slot);
  if (key === undefined) {
    key = computeRunKey(weightsFrom === 'seed' ? { ...doc, weights: undefined } : doc, seed);
    perDoc.set(slot, key);
  }
  return key;
}
