import { restoreGraph } from '../core/graph/restore';
import type { GraphDocument } from '../core/graph/types';
import type { GraphRecord, RevisionReason, StoredGraphRecord, StoredRevisionRecord, StudioDb } from './db';
import { checkRecord, describeRecord } from './checkRecord';
import { computeGraphStats } from './graphStats';
import { createGraphId } from './graphIds';
import { classifyWriteError, type WriteFailure } from './writeErrors';
import { joinWeights, refKeys, rememberKeys, rowText, splitWeights, writeTensors, type SplitDocument, type TensorRow } from './storedWeights';

/** One row of the library list. */
export interface GraphSummary { id: string; name: string; updated: number; nodeCount: number; params: number | null }

/** A list row, or null for a row that slipped past the start-up check (written since by another tab). */
function summarize(r: unknown): GraphSummary | null {
  const row = r as Record<string, unknown>;
  if (typeof row?.id !== 'string') return null;
  const count = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  return {
    id: row.id,
    name: typeof row.name === 'string' ? row.name : 'Untitled graph',
    updated: count(row.updated),
    nodeCount: count(row.nodeCount),
    params: typeof row.params === 'number' && Number.isFinite(row.params) ? row.params : null,
  };
}

/** Every graph, most recently changed first. Malformed rows are left out of the list, never thrown. */
export async function listGraphs(db: StudioDb): Promise<GraphSummary[]> {
  const all = await db.graphs.orderBy('updated').reverse().toArray();
  return all.map(summarize).filter((g): g is GraphSummary => g !== null);
}

/** Graphs whose name contains `query`, ignoring case and accents' absence ("resnet" finds "ResNet"). */
export async function searchGraphs(db: StudioDb, query: string): Promise<GraphSummary[]> {
  const needle = query.trim().toLocaleLowerCase();
  const all = await listGraphs(db);
  return needle === '' ? all : all.filter((g) => g.name.toLocaleLowerCase().includes(needle));
}

export type WriteResult<T> = { ok: true; value: T } | { ok: false; error: WriteFailure };

async function attempt<T>(run: () => Promise<T>): Promise<WriteResult<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (err) {
    return { ok: false, error: classifyWriteError(err) };
  }
}

function buildRecord(id: string, doc: GraphDocument, now: number, created = now, revision = 1): GraphRecord {
  return { id, name: doc.name, created, updated: now, revision, doc, ...computeGraphStats(doc) };
}

/** The stored form of a record: its document without weights, refs beside it (see storedWeights). */
function storedForm<R extends { doc: GraphDocument }>(record: R, split: SplitDocument): R & { tensorKeys: string[] } {
  const stored = { ...record, doc: split.doc, tensorKeys: split.tensorKeys };
  return split.weightRefs ? { ...stored, weightRefs: split.weightRefs } : stored;
}

/** What a write inside `writeWithTensors` gives back, and whether it stored a record referring to the tensors. */
interface TensorWrite<T> { value: T; stored: boolean }
const stored = <T>(value: T): TensorWrite<T> => ({ value, stored: true });
const notStored = <T>(value: T): TensorWrite<T> => ({ value, stored: false });

/**
 * Runs `write` in a transaction over the graphs, revisions and tensors; when it stored a record,
 * the tensors of `doc` it refers to are written in the same transaction and their keys remembered
 * once it has committed.
 */
async function writeWithTensors<T>(db: StudioDb, doc: GraphDocument, write: (split: SplitDocument) => Promise<TensorWrite<T>>): Promise<T> {
  const split = splitWeights(doc);
  let remember = () => {};
  const result = await db.transaction('rw', db.graphs, db.revisions, db.tensors, async () => {
    const outcome = await write(split);
    if (outcome.stored) remember = await writeTensors(db.tensors, split);
    return outcome.value;
  });
  remember();
  return result;
}

/** Deletes the rows among `keys` that no graph or revision refers to any more; returns them (for an undo). */
async function dropUnreferenced(db: StudioDb, keys: Iterable<string>): Promise<TensorRow[]> {
  const dropped: string[] = [];
  for (const key of new Set(keys)) {
    const inGraphs = await db.graphs.where('tensorKeys').equals(key).count();
    if (inGraphs === 0 && (await db.revisions.where('tensorKeys').equals(key).count()) === 0) dropped.push(key);
  }
  if (dropped.length === 0) return [];
  const rows = (await db.tensors.bulkGet(dropped)).filter((r): r is TensorRow => r !== undefined);
  await db.tensors.bulkDelete(dropped);
  return rows;
}

/**
 * A stored document with its weights put back from their rows (not checked: callers restore it).
 * A tensor whose row is missing is left out and named in `missing`.
 */
export async function joinStoredDocument(db: StudioDb, record: { doc: GraphDocument; weightRefs?: unknown }): Promise<{ doc: GraphDocument; missing: string[]; rows: Map<string, string> }> {
  const rows = new Map<string, string>();
  if (record.weightRefs === undefined) return { doc: record.doc, missing: [], rows };
  const keys = refKeys(record.weightRefs);
  const found = keys.length ? await db.tensors.bulkGet(keys) : [];
  for (const row of found) {
    const text = row ? await rowText(row) : null;
    if (row && text !== null) rows.set(row.key, text);
  }
  const { weights, missing } = joinWeights(record.weightRefs, rows);
  return { doc: weights ? { ...record.doc, weights } : record.doc, missing, rows };
}

/** Adds a NEW library entry for `doc` (an import, a preset, a copy) and returns it. */
export function createGraph(db: StudioDb, doc: GraphDocument, now: number = Date.now()): Promise<WriteResult<GraphRecord>> {
  return attempt(async () => {
    const record = buildRecord(createGraphId(), doc, now);
    await writeWithTensors(db, doc, async (split) => stored(await db.graphs.add(storedForm(record, split))));
    return record;
  });
}

/**
 * Writes `doc` back under its own id after the database vanished (site data cleared while the
 * tab was open), at `revision`. When the id is present again (another tab put it back first)
 * nothing is written and that record's revision is returned.
 */
export function recreateGraph(db: StudioDb, id: string, doc: GraphDocument, revision: number, now: number = Date.now()): Promise<WriteResult<{ revision: number; written: boolean }>> {
  return attempt(() => writeWithTensors(db, doc, async (split): Promise<TensorWrite<{ revision: number; written: boolean }>> => {
    const existing = await db.graphs.get(id);
    if (existing) return notStored({ revision: existing.revision, written: false });
    const record = buildRecord(id, doc, now, now, revision);
    await db.graphs.add(storedForm(record, split));
    return stored({ revision: record.revision, written: true });
  }));
}

/** A new entry holding a copy of a built-in graph (the preset itself is shared and never stored). */
export function createFromPreset(db: StudioDb, preset: { doc: GraphDocument }, now: number = Date.now()): Promise<WriteResult<GraphRecord>> {
  return createGraph(db, structuredClone(preset.doc), now);
}

export type OpenResult =
  | { ok: true; record: GraphRecord; report: string[] }
  | { ok: false; error: { code: 'not-found' | 'set-aside' | 'unavailable'; message: string } };

/**
 * Reads one graph, its weights joined from their rows, through `restoreGraph`. A record that does
 * not restore is moved to the quarantine table (kept, not deleted) and reported; the rest of the
 * library is unaffected. A tensor whose row is missing is left out and named in the report.
 */
export async function openGraph(db: StudioDb, id: string): Promise<OpenResult> {
  let record: StoredGraphRecord | undefined;
  try {
    record = await db.graphs.get(id);
  } catch (err) {
    return { ok: false, error: { code: 'unavailable', message: classifyWriteError(err).message } };
  }
  if (!record) return { ok: false, error: { code: 'not-found', message: 'This graph is no longer in the library (deleted in another tab?).' } };
  const checked = checkRecord(record);
  if (!checked.ok) {
    await setAside(db, record, checked.reason);
    return { ok: false, error: { code: 'set-aside', message: `${describeRecord(record)} could not be read and was set aside: ${checked.reason}` } };
  }
  const joined = await joinStoredDocument(db, record);
  const restored = restoreGraph(joined.doc, 'db');
  // The document alone restored (checkRecord): what failed is its weights, so it opens without them.
  if (!restored.ok) return { ok: true, record: checked.record, report: [`Its weights could not be read and were left out (${restored.error.message}); the layers start from new weights.`] };
  rememberKeys(restored.doc, record.weightRefs, joined.rows);
  const report = joined.missing.length ? [...restored.report, describeMissing(joined.missing)] : restored.report;
  return { ok: true, record: { ...checked.record, doc: restored.doc }, report };
}

function describeMissing(missing: readonly string[]): string {
  const shown = missing.slice(0, 5).join(', ');
  return `${missing.length} weight tensor${missing.length === 1 ? ' was' : 's were'} missing from the library and left out (${shown}${missing.length > 5 ? ', ...' : ''}); those layers start from new weights.`;
}

/**
 * Moves a row to the quarantine table for good: deleted under its ORIGINAL primary key (a
 * numeric id stayed in `graphs` when it was deleted as a string, and was flagged on every start).
 */
async function setAside(db: StudioDb, record: unknown, reason: string): Promise<void> {
  const key = (record as { id?: unknown }).id;
  await db.transaction('rw', db.graphs, db.quarantine, async () => {
    await db.quarantine.put({ id: typeof key === 'string' ? key : `${typeof key}:${String(key)}`, setAside: Date.now(), reason, record });
    // Any valid IndexedDB key; Dexie's type says string because good rows have one.
    await db.graphs.delete(key as string);
  });
}

/**
 * Checks every record once (at start-up): records that do not restore are set aside. Returns one
 * line per record set aside, naming it and the reason.
 */
export async function checkLibrary(db: StudioDb): Promise<string[]> {
  const notes: string[] = [];
  const all: unknown[] = await db.graphs.toArray();
  for (const record of all) {
    const checked = checkRecord(record);
    if (!checked.ok) {
      await setAside(db, record, checked.reason);
      notes.push(`${describeRecord(record)} could not be read and was set aside: ${checked.reason}`);
    } else if (checked.repaired) {
      // Its list fields were wrong (a name that is not text ...): rewritten from the document.
      await db.graphs.put({ ...(record as StoredGraphRecord), ...checked.record, doc: (record as StoredGraphRecord).doc });
    }
  }
  return notes;
}

/**
 * Renames a graph (its record and its document); another tab editing it will see a conflict.
 * Gives the record as stored: its document without weights.
 */
export function renameGraph(db: StudioDb, id: string, name: string, now: number = Date.now()): Promise<WriteResult<StoredGraphRecord | null>> {
  return attempt(() => db.transaction('rw', db.graphs, async () => {
    const r = await db.graphs.get(id);
    if (!r) return null;
    const next: StoredGraphRecord = { ...r, name, doc: { ...r.doc, name }, updated: now, revision: r.revision + 1 };
    await db.graphs.put(next);
    return next;
  }));
}

/** Copies a graph into a new entry named "NAME (copy)". */
export async function duplicateGraph(db: StudioDb, id: string, now: number = Date.now()): Promise<WriteResult<GraphRecord | null>> {
  const opened = await openGraph(db, id);
  if (!opened.ok) return { ok: true, value: null };
  const name = `${opened.record.name} (copy)`;
  return createGraph(db, { ...opened.record.doc, name }, now);
}

/** What `deleteGraph` removed, enough to put it all back: records as stored, and the tensor rows only they used. */
export interface DeletedGraph { record: StoredGraphRecord; revisions: StoredRevisionRecord[]; tensors: TensorRow[] }

/** Removes a graph, its revisions and the weights nothing else uses; pass the result to `undoDelete` to bring them back. */
export function deleteGraph(db: StudioDb, id: string): Promise<WriteResult<DeletedGraph | null>> {
  return attempt(() => db.transaction('rw', db.graphs, db.revisions, db.tensors, async () => {
    const record = await db.graphs.get(id);
    if (!record) return null;
    const revisions = await db.revisions.where('graphId').equals(id).toArray();
    await db.revisions.where('graphId').equals(id).delete();
    await db.graphs.delete(id);
    const tensors = await dropUnreferenced(db, [record, ...revisions].flatMap((r) => r.tensorKeys ?? []));
    return { record, revisions, tensors };
  }));
}

/** Puts a deleted graph, its revisions and their weights back exactly as they were. */
export function undoDelete(db: StudioDb, deleted: DeletedGraph): Promise<WriteResult<void>> {
  return attempt(() => db.transaction('rw', db.graphs, db.revisions, db.tensors, async () => {
    await db.tensors.bulkPut(deleted.tensors);
    await db.graphs.put(deleted.record);
    await db.revisions.bulkPut(deleted.revisions);
  }));
}

/** Why `saveGraph` refused or failed. */
export type SaveFailure =
  | WriteFailure
  | { code: 'conflict'; message: string; currentRevision: number; updated: number }
  | { code: 'missing'; message: string };

export type SaveResult = { ok: true; revision: number; updated: number } | { ok: false; error: SaveFailure };

/**
 * Writes `doc` over graph `id` only if the stored revision is still `expectedRevision` (the one
 * this tab loaded or last wrote), in one transaction: otherwise another tab saved in between and
 * this write is refused as a conflict. A failed write leaves the stored record as it was.
 */
export async function saveGraph(db: StudioDb, id: string, doc: GraphDocument, expectedRevision: number, now: number = Date.now()): Promise<SaveResult> {
  const stats = computeGraphStats(doc);
  try {
    return await writeWithTensors(db, doc, async (split): Promise<TensorWrite<SaveResult>> => {
      const current = await db.graphs.get(id);
      const refused = (error: SaveFailure) => notStored<SaveResult>({ ok: false, error });
      if (!current) return refused({ code: 'missing', message: 'This graph was deleted from the library in another tab.' });
      if (current.revision !== expectedRevision) {
        return refused({ code: 'conflict', message: 'This graph was changed in another tab since you opened it.', currentRevision: current.revision, updated: current.updated });
      }
      const { weightRefs: _old, ...kept } = current;
      const next = storedForm({ ...kept, name: doc.name, doc, updated: now, revision: current.revision + 1, ...stats }, split);
      await db.graphs.put(next);
      const written = new Set(split.tensorKeys);
      await dropUnreferenced(db, (current.tensorKeys ?? []).filter((k) => !written.has(k)));
      return stored({ ok: true, revision: next.revision, updated: now });
    });
  } catch (err) {
    return { ok: false, error: classifyWriteError(err) };
  }
}

/** Revisions kept per graph; the oldest go first. */
export const MAX_REVISIONS_PER_GRAPH = 50;

/**
 * Stores a snapshot of `doc` for graph `graphId` and drops the oldest beyond the limit. When the
 * newest snapshot already holds exactly this document its id is returned and nothing is added:
 * pressing Ctrl+S twice must not fill the list with identical rows.
 */
export function snapshotRevision(db: StudioDb, graphId: string, doc: GraphDocument, reason: RevisionReason, now: number = Date.now()): Promise<WriteResult<number>> {
  return attempt(() => writeWithTensors(db, doc, async (split) => {
    const newest = await db.revisions.where('[graphId+created]').between([graphId, -Infinity], [graphId, Infinity]).last();
    if (newest?.id !== undefined && JSON.stringify(newest.doc) === JSON.stringify(split.doc) && JSON.stringify(newest.weightRefs) === JSON.stringify(split.weightRefs)) {
      return notStored(newest.id);
    }
    const id = await db.revisions.add(storedForm({ graphId, created: now, doc, reason }, split));
    const keys = await db.revisions.where('[graphId+created]').between([graphId, -Infinity], [graphId, Infinity]).primaryKeys();
    if (keys.length > MAX_REVISIONS_PER_GRAPH) {
      const old = keys.slice(0, keys.length - MAX_REVISIONS_PER_GRAPH);
      const dropped = await db.revisions.bulkGet(old);
      await db.revisions.bulkDelete(old);
      await dropUnreferenced(db, dropped.flatMap((r) => r?.tensorKeys ?? []));
    }
    return stored(id);
  }));
}

/** A graph's snapshots, newest first, without their documents (for the list). */
export async function listRevisions(db: StudioDb, graphId: string): Promise<{ id: number; created: number; reason: RevisionReason; nodeCount: number }[]> {
  const all = await db.revisions.where('[graphId+created]').between([graphId, -Infinity], [graphId, Infinity]).reverse().toArray();
  return all.map((r) => ({ id: r.id!, created: r.created, reason: r.reason, nodeCount: Array.isArray(r.doc?.nodes) ? r.doc.nodes.length : 0 }));
}

/** One snapshot's document, checked like any other import; null when it is gone or unreadable. */
export async function readRevision(db: StudioDb, revisionId: number): Promise<GraphDocument | null> {
  const r = await db.revisions.get(revisionId);
  if (!r) return null;
  const joined = await joinStoredDocument(db, r);
  const restored = restoreGraph(joined.doc, 'db');
  if (!restored.ok) return null;
  rememberKeys(restored.doc, r.weightRefs, joined.rows);
  return restored.doc;
}

/** Reads a setting (lastOpenedGraphId, theme, ...). */
export async function readSetting<T>(db: StudioDb, key: string): Promise<T | undefined> {
  try {
    return (await db.settings.get(key))?.value as T | undefined;
  } catch {
    return undefined;
  }
}

/** Writes a setting; failures are ignored (a setting is never worth a banner). */
export async function writeSetting(db: StudioDb, key: string, value: unknown): Promise<void> {
  try {
    await db.settings.put({ key, value });
  } catch {
    // Settings are conveniences; the save status already reports a broken database.
  }
}
