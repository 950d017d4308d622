import type { GraphDocument, TensorData } from '../../core/graph/types';

/**
 * The document with node `nodeId`'s weight `name` set to `tensor`, or removed when `tensor` is
 * null (the node's entry, and `weights` itself, disappear when they become empty). Returns the
 * same document when nothing changes, so the editor records no empty undo step.
 *
 * Only own entries count and new entries are defined as own properties, so a node id such as
 * `constructor` or `__proto__` neither reads an Object.prototype member nor replaces a prototype.
 */
export function setNodeWeight(doc: GraphDocument, nodeId: string, name: string, tensor: TensorData | null): GraphDocument {
  const nodeEntry = readOwn(doc.weights, nodeId);
  const current = readOwn(nodeEntry, name);
  if (tensor === null && current === undefined) return doc;
  if (tensor !== null && current !== undefined && current.data === tensor.data && sameShape(current.shape, tensor.shape)) return doc;
  const nodeWeights = copyWithout(nodeEntry, name);
  if (tensor !== null) defineOwn(nodeWeights, name, tensor);
  const weights = copyWithout(doc.weights, nodeId);
  if (Object.keys(nodeWeights).length > 0) defineOwn(weights, nodeId, nodeWeights);
  const next: GraphDocument = { ...doc, weights };
  if (Object.keys(weights).length === 0) delete next.weights;
  return next;
}

/** `record[key]` when it is the record's own entry. */
export function readOwn<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** A plain object with the own entries of `record` except `key`. */
function copyWithout<T>(record: Readonly<Record<string, T>> | undefined, key: string): Record<string, T> {
  const copy: Record<string, T> = {};
  for (const k of Object.keys(record ?? {})) if (k !== key) defineOwn(copy, k, record![k]);
  return copy;
}

// Assigning `o['__proto__'] = v` would set the prototype; defining the property keeps it a plain entry.
function defineOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
