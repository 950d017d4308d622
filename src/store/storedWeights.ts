import type { GraphDocument, TensorData, WeightMap } from '../core/graph/types';
import { encodeBase64 } from '../core/graph/tensorCodec';
import { createGraphId } from './graphIds';

/**
 * Weights live in their own table, one row per tensor, and graph and revision records refer to
 * them by key. An imported ResNet-50 carries 136 MB of base64: stored inside each record, every
 * autosave after a param edit rewrote all of it, each of the 50 revisions held another copy, and
 * every start read it all to list the library. Now a save writes only the tensors it has not
 * written before, revisions and duplicates share rows, and a record is a few kilobytes.
 */

/** One tensor as this tab holds it: its base64, as in the document. */
export interface TensorRecord { key: string; data: string }

/**
 * One row of the `tensors` table: the tensor's base64, or its little-endian float32 bytes as a
 * Blob (IndexedDB keeps a Blob as a file of its own). Blobs are written for tensors whose floats
 * were at hand (an ONNX import's, see `keepTensorBytes`): ResNet-50's 97 MB went in 0.1 s as Blobs
 * against 0.5 s as 136 MB of text, and without a serialized copy of the text in the tab. Readers
 * take both.
 */
export interface TensorRow { key: string; data: string | Blob }

/** The float bytes of tensors not stored yet, as Blobs, for the writer (then let go). */
const pendingBytes = new WeakMap<TensorData, Blob>();

/**
 * Hands the writer `tensor`'s float32 values, so its row is a Blob of them rather than its base64.
 * `floats` must be exactly what `tensor.data` encodes; they are copied into the Blob.
 */
export function keepTensorBytes(tensor: TensorData, floats: Float32Array<ArrayBuffer>): void {
  // The row's bytes must be base64's little-endian order; a big-endian host keeps the text.
  if (typeof Blob !== 'function' || !LITTLE_ENDIAN || floats.byteLength < MIN_BLOB_BYTES) return;
  pendingBytes.set(tensor, new Blob([floats]));
}

/**
 * Below this a tensor stays text: making a Blob costs about a millisecond however small it is
 * (ResNet-50's 265 BatchNorm and bias vectors took 0.25 s as Blobs), and IndexedDB writes small
 * values inline anyway.
 */
const MIN_BLOB_BYTES = 64 * 1024;

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** A tensor as a record holds it: its shape, and the key of its row in `tensors`. */
export interface TensorRef { shape: number[]; key: string }

/** Node id -> tensor name -> ref, beside a document stored without its weights. */
export type WeightRefs = Record<string, Record<string, TensorRef>>;

/**
 * Keys of tensors this tab wrote or read, by the tensor object. The editor never changes a
 * tensor in place (training and re-initialising make new ones), so an object seen before has
 * that row already: checked again in the writing transaction, since another tab may have
 * deleted it since.
 */
const knownKeys = new WeakMap<TensorData, TensorRecord>();

/** A document split for storing: the document without weights, the refs, and the tensors. */
export interface SplitDocument {
  doc: GraphDocument;
  weightRefs: WeightRefs | undefined;
  tensorKeys: string[];
  /** Every tensor the refs name, with its data: the writer puts the ones not stored yet. */
  tensors: Array<{ tensor: TensorData; record: TensorRecord }>;
}

/** The document without its weights (the form records store). */
export function withoutWeights(doc: GraphDocument): GraphDocument {
  if (doc.weights === undefined) return doc;
  const { weights: _weights, ...rest } = doc;
  return rest;
}

/** Splits `doc` for storing, giving each tensor the key it was stored under, or a new one. */
export function splitWeights(doc: GraphDocument): SplitDocument {
  const tensors: SplitDocument['tensors'] = [];
  if (!doc.weights) return { doc, weightRefs: undefined, tensorKeys: [], tensors };
  const weightRefs: WeightRefs = {};
  for (const [nodeId, byName] of Object.entries(doc.weights)) {
    weightRefs[nodeId] = {};
    for (const [name, tensor] of Object.entries(byName)) {
      const known = knownKeys.get(tensor);
      const record = known && known.data === tensor.data ? known : { key: createGraphId(), data: tensor.data };
      weightRefs[nodeId][name] = { shape: [...tensor.shape], key: record.key };
      tensors.push({ tensor, record });
    }
  }
  return { doc: withoutWeights(doc), weightRefs, tensorKeys: [...new Set(tensors.map((t) => t.record.key))], tensors };
}

/** The table a writer needs: put rows and list which keys exist (a Dexie table). */
export interface TensorTable {
  bulkPut(records: TensorRow[]): Promise<unknown>;
  where(index: ':id'): { anyOf(keys: string[]): { primaryKeys(): Promise<string[]> } };
}

/**
 * Writes the tensors of `split` that the table does not hold (inside the caller's transaction).
 * Returns what to call once the transaction has committed: only then are the keys known stored.
 */
export async function writeTensors(table: TensorTable, split: SplitDocument): Promise<() => void> {
  const present = new Set(split.tensorKeys.length ? await table.where(':id').anyOf(split.tensorKeys).primaryKeys() : []);
  const missing = new Map<string, TensorRow>();
  for (const { tensor, record } of split.tensors) {
    if (!present.has(record.key)) missing.set(record.key, { key: record.key, data: pendingBytes.get(tensor) ?? record.data });
  }
  if (missing.size) await table.bulkPut([...missing.values()]);
  return () => {
    for (const { tensor, record } of split.tensors) {
      knownKeys.set(tensor, record);
      pendingBytes.delete(tensor);
    }
  };
}

/** The base64 of a row's tensor (a Blob row read and encoded), or null for a row that is neither form. */
export async function rowText(row: { data?: unknown }): Promise<string | null> {
  if (typeof row.data === 'string') return row.data;
  if (typeof Blob === 'function' && row.data instanceof Blob) {
    const bytes = new Uint8Array(await row.data.arrayBuffer());
    return bytes.length % 4 === 0 ? encodeBase64(bytes) : null;
  }
  return null;
}

/** The weights of a stored document back from their rows; a tensor whose row is gone is left out and named. */
export function joinWeights(refs: unknown, rows: ReadonlyMap<string, string>): { weights: WeightMap | undefined; missing: string[] } {
  if (!isPlainRecord(refs)) return { weights: undefined, missing: [] };
  const weights: WeightMap = {};
  const missing: string[] = [];
  for (const [nodeId, byName] of Object.entries(refs)) {
    if (!isPlainRecord(byName)) continue;
    const tensors: Record<string, TensorData> = {};
    for (const [name, ref] of Object.entries(byName)) {
      const key = isPlainRecord(ref) && typeof ref.key === 'string' ? ref.key : null;
      const data = key === null ? undefined : rows.get(key);
      if (data === undefined) { missing.push(`${nodeId}.${name}`); continue; }
      tensors[name] = { shape: (ref as { shape: number[] }).shape, data };
    }
    weights[nodeId] = tensors;
  }
  return { weights, missing };
}

/** The keys a stored record's refs name (for reading its rows), tolerating malformed refs. */
export function refKeys(refs: unknown): string[] {
  if (!isPlainRecord(refs)) return [];
  const keys = new Set<string>();
  for (const byName of Object.values(refs)) {
    if (!isPlainRecord(byName)) continue;
    for (const ref of Object.values(byName)) if (isPlainRecord(ref) && typeof ref.key === 'string') keys.add(ref.key);
  }
  return [...keys];
}

/**
 * Remembers the keys of a document just read, tensor by tensor, so saving it again writes
 * nothing: `doc` is what the reader made of the joined weights (restoreGraph copies each tensor).
 */
export function rememberKeys(doc: GraphDocument, refs: unknown, rows: ReadonlyMap<string, string>): void {
  if (!doc.weights || !isPlainRecord(refs)) return;
  for (const [nodeId, byName] of Object.entries(doc.weights)) {
    const stored = refs[nodeId];
    if (!isPlainRecord(stored)) continue;
    for (const [name, tensor] of Object.entries(byName)) {
      const ref = stored[name];
      // Compared with the row, not trusted by name: a repair may have renamed a node.
      if (isPlainRecord(ref) && typeof ref.key === 'string' && rows.get(ref.key) === tensor.data) knownKeys.set(tensor, { key: ref.key, data: tensor.data });
    }
  }
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
