import { restoreGraph } from '../core/graph/restore';
import type { GraphDocument } from '../core/graph/types';
import type { GraphRecord, RevisionReason, RevisionRecord, StudioDb } from './db';
import { checkRecord, describeRecord } from './checkRecord';
import { computeGraphStats } from './graphStats';
import { classifyWriteError, type WriteFailure } from './writeErrors';

/** One row of the library list. */
export interface GraphSummary { id: string; name: string; updated: number; nodeCount: number; params: number | null }

/** A fresh id for a library entry. */
export function createGraphId(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  return `g-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

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

/** Adds a NEW library entry for `doc` (an import, a preset, a copy) and returns it. */
export function createGraph(db: StudioDb, doc: GraphDocument, now: number = Date.now()): Promise<WriteResult<GraphRecord>> {
  return attempt(async () => {
    const record = buildRecord(createGraphId(), doc, now);
    await db.graphs.add(record);
    return record;
  });
}

/**
 * Writes `doc` back under its own id after the database vanished (site data cleared while the
 * tab was open), at `revision`. When the id is present again (another tab put it back first)
 * nothing is written and that record's revision is returned.
 */
export function recreateGraph(db: StudioDb, id: string, doc: GraphDocument, revision: number, now: number = Date.now()): Promise<WriteResult<{ revision: number; written: boolean }>> {
  return attempt(() => db.transaction('rw', db.graphs, async () => {
    const existing = await db.graphs.get(id);
    if (existing) return { revision: existing.revision, written: false };
    const record = buildRecord(id, doc, now, now, revision);
    await db.graphs.add(record);
    return { revision: record.revision, written: true };
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
 * Reads one graph through `restoreGraph`. A record that does not restore is moved to the
 * quarantine table (kept, not deleted) and reported; the rest of the library is unaffected.
 */
export async function openGraph(db: StudioDb, id: string): Promise<OpenResult> {
  let record: GraphRecord | undefined;
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
  const restored = restoreGraph(record.doc, 'db');
  return { ok: true, record: checked.record, report: restored.ok ? restored.report : [] };
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
      await db.graphs.put({ ...(record as GraphRecord), ...checked.record, doc: (record as GraphRecord).doc });
    }
  }
  return notes;
}

/** Renames a graph (its record and its document); another tab editing it will see a conflict. */
export function renameGraph(db: StudioDb, id: string, name: string, now: number = Date.now()): Promise<WriteResult<GraphRecord | null>> {
  return attempt(() => db.transaction('rw', db.graphs, async () => {
    const r = await db.graphs.get(id);
    if (!r) return null;
    const next: GraphRecord = { ...r, name, doc: { ...r.doc, name }, updated: now, revision: r.revision + 1 };
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

/** What `deleteGraph` removed, enough to put it all back. */
export interface DeletedGraph { record: GraphRecord; revisions: RevisionRecord[] }

/** Removes a graph and its revisions; pass the result to `undoDelete` to bring them back. */
export function deleteGraph(db: StudioDb, id: string): Promise<WriteResult<DeletedGraph | null>> {
  return attempt(() => db.transaction('rw', db.graphs, db.revisions, async () => {
    const record = await db.graphs.get(id);
    if (!record) return null;
    const revisions = await db.revisions.where('graphId').equals(id).toArray();
    await db.revisions.where('graphId').equals(id).delete();
    await db.graphs.delete(id);
    return { record, revisions };
  }));
}

/** Puts a deleted graph and its revisions back exactly as they were. */
export function undoDelete(db: StudioDb, deleted: DeletedGraph): Promise<WriteResult<void>> {
  return attempt(() => db.transaction('rw', db.graphs, db.revisions, async () => {
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
    return await db.transaction('rw', db.graphs, async (): Promise<SaveResult> => {
      const current = await db.graphs.get(id);
      if (!current) return { ok: false, error: { code: 'missing', message: 'This graph was deleted from the library in another tab.' } };
      if (current.revision !== expectedRevision) {
        return { ok: false, error: { code: 'conflict', message: 'This graph was changed in another tab since you opened it.', currentRevision: current.revision, updated: current.updated } };
      }
      const next: GraphRecord = { ...current, name: doc.name, doc, updated: now, revision: current.revision + 1, ...stats };
      await db.graphs.put(next);
      return { ok: true, revision: next.revision, updated: now };
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
  return attempt(() => db.transaction('rw', db.revisions, async () => {
    const newest = await db.revisions.where('[graphId+created]').between([graphId, -Infinity], [graphId, Infinity]).last();
    if (newest?.id !== undefined && JSON.stringify(newest.doc) === JSON.stringify(doc)) return newest.id;
    const id = await db.revisions.add({ graphId, created: now, doc, reason });
    const keys = await db.revisions.where('[graphId+created]').between([graphId, -Infinity], [graphId, Infinity]).primaryKeys();
    if (keys.length > MAX_REVISIONS_PER_GRAPH) await db.revisions.bulkDelete(keys.slice(0, keys.length - MAX_REVISIONS_PER_GRAPH));
    return id;
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
  const restored = restoreGraph(r.doc, 'db');
  return restored.ok ? restored.doc : null;
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
