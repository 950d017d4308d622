import type { GraphDocument, TensorData } from '../../core/graph/types';

/**
 * The document with node `nodeId`'s weight `name` set to `tensor`, or removed when `tensor` is
 * null (the node's entry, and `weights` itself, disappear when they become empty). Returns the
 * same document when nothing changes, so the editor records no empty undo step.
 */
export function setNodeWeight(doc: GraphDocument, nodeId: string, name: string, tensor: TensorData | null): GraphDocument {
  const current = doc.weights?.[nodeId]?.[name];
  if (tensor === null && current === undefined) return doc;
  if (tensor !== null && current !== undefined && current.data === tensor.data && sameShape(current.shape, tensor.shape)) return doc;
  const nodeWeights = { ...(doc.weights?.[nodeId] ?? {}) };
  if (tensor === null) delete nodeWeights[name];
  else nodeWeights[name] = tensor;
  const weights = { ...(doc.weights ?? {}) };
  if (Object.keys(nodeWeights).length === 0) delete weights[nodeId];
  else weights[nodeId] = nodeWeights;
  const next: GraphDocument = { ...doc, weights };
  if (Object.keys(weights).length === 0) delete next.weights;
  return next;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
