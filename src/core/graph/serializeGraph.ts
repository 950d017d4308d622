import type { GraphDocument, GraphEdge, GraphNode, TrainingSettings, WeightMap } from './types';

/** Sets a key as an own property, even "__proto__", which plain assignment would treat as the prototype. */
function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Raw JSON with object keys sorted, so equal params always serialize the same. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    setOwn(out, key, sortKeys((value as Record<string, unknown>)[key]));
  }
  return out;
}

function orderNode(n: GraphNode) {
  return { id: n.id, kind: n.kind, name: n.name, params: sortKeys(n.params), position: { x: n.position.x, y: n.position.y } };
}

function orderEdge(e: GraphEdge) {
  return { id: e.id, source: e.source, target: e.target };
}

function orderWeights(w: WeightMap) {
  const out: Record<string, Record<string, { shape: readonly number[]; data: string }>> = {};
  for (const nodeId of Object.keys(w).sort()) {
    const tensors: Record<string, { shape: readonly number[]; data: string }> = {};
    for (const name of Object.keys(w[nodeId]).sort()) setOwn(tensors, name, { shape: w[nodeId][name].shape, data: w[nodeId][name].data });
    setOwn(out, nodeId, tensors);
  }
  return out;
}

function orderTraining(t: TrainingSettings): TrainingSettings {
  return { optimizer: t.optimizer, learningRate: t.learningRate, momentum: t.momentum, weightDecay: t.weightDecay, batch: t.batch, epochs: t.epochs };
}

/**
 * The document as 2-space JSON with a stable key order (format, version, name, nodes, edges,
 * training, weights; params keys sorted), so saving twice gives the same bytes and diffs stay small.
 */
export function serializeGraphDocument(doc: GraphDocument): string {
  const ordered = {
    format: doc.format,
    version: doc.version,
    name: doc.name,
    nodes: doc.nodes.map(orderNode),
    edges: doc.edges.map(orderEdge),
    ...(doc.training === undefined ? {} : { training: orderTraining(doc.training) }),
    ...(doc.weights === undefined ? {} : { weights: orderWeights(doc.weights) }),
  };
  return JSON.stringify(ordered, null, 2);
}
