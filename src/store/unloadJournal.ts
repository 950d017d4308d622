import { restoreGraph } from '../core/graph/restore';
import type { GraphDocument } from '../core/graph/types';
import type { StudioDb } from './db';
import { createGraph, joinStoredDocument, saveGraph } from './library';

/** The part of the Web Storage API the journal needs (localStorage in the app, a stub in tests). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  /** Listing, to find every graph's journal at start-up; a storage without it has only the legacy key read. */
  readonly length?: number;
  key?(index: number): string | null;
}

/** One key per graph: two tabs on different graphs never write over each other's journal. */
const PREFIX = 'cnn-graph-studio:unsaved:';
/** The single key every tab shared before; still read at start-up. */
const LEGACY_KEY = 'cnn-graph-studio:unsaved';

/** The journal key of one graph. */
export function journalKey(graphId: string): string {
  return PREFIX + graphId;
}

/**
 * Edits not yet in IndexedDB: written on every edit and when the page goes away. A graph that was
 * never in the library (edited while the library did not answer) has `baseRevision` 0.
 */
export interface JournalEntry { graphId: string; baseRevision: number; doc: GraphDocument; at: number }

/** The base revision of a journal whose graph never reached the library (entries start at 1). */
export const NEVER_SAVED = 0;

/**
 * Writes the unsaved document of one graph synchronously. IndexedDB writes are not guaranteed to
 * finish before a page is closed or crashes (the read-check-write needs several turns of the event
 * loop); Web Storage writes are synchronous. Returns false when storage is full or missing.
 */
export function writeJournal(storage: KeyValueStorage | undefined, entry: JournalEntry): boolean {
  if (!storage) return false;
  try {
    storage.setItem(journalKey(entry.graphId), JSON.stringify(entry));
    return true;
  } catch {
    return false;
  }
}

/** Forgets a graph's journal once its edits are safely in the database (all journals without an id). */
export function clearJournal(storage: KeyValueStorage | undefined, graphId?: string): void {
  try {
    if (graphId !== undefined) storage?.removeItem(journalKey(graphId));
    else for (const key of listJournalKeys(storage)) storage?.removeItem(key);
  } catch {
    // Nothing to clear without storage.
  }
}

function listJournalKeys(storage: KeyValueStorage | undefined): string[] {
  const keys: string[] = [];
  if (!storage) return keys;
  if (storage.getItem(LEGACY_KEY) !== null) keys.push(LEGACY_KEY);
  const count = typeof storage.length === 'number' && storage.key ? storage.length : 0;
  for (let i = 0; i < count; i++) {
    const key = storage.key!(i);
    if (key !== null && key.startsWith(PREFIX)) keys.push(key);
  }
  return keys;
}

/** What recovery did, for a banner; null when there was nothing to recover. */
export type RecoveryOutcome =
  | null
  | { kind: 'saved'; graphId: string }
  | { kind: 'copied'; graphId: string; name: string }
  | { kind: 'added'; graphId: string; name: string }
  | { kind: 'unreadable'; message: string };

/**
 * At start-up: puts the edits journalled for every graph into the library (see recoverEntry) and
 * says what happened to each; an empty list when there was nothing to recover.
 */
export async function recoverJournals(db: StudioDb, storage: KeyValueStorage | undefined): Promise<Exclude<RecoveryOutcome, null>[]> {
  let keys: string[];
  try {
    keys = listJournalKeys(storage);
  } catch {
    return [];
  }
  const outcomes: Exclude<RecoveryOutcome, null>[] = [];
  for (const key of keys) {
    const outcome = await recoverEntry(db, storage, key);
    if (outcome) outcomes.push(outcome);
  }
  return outcomes;
}

/** The first thing `recoverJournals` reports, or null. */
export async function recoverJournal(db: StudioDb, storage: KeyValueStorage | undefined): Promise<RecoveryOutcome> {
  return (await recoverJournals(db, storage))[0] ?? null;
}

/**
 * One journal: written over the entry when nobody saved it since (same revision); otherwise kept
 * as a "(recovered)" copy so neither version is lost. The journalled text goes through
 * `restoreGraph` like any import.
 */
async function recoverEntry(db: StudioDb, storage: KeyValueStorage | undefined, key: string): Promise<RecoveryOutcome> {
  const forget = () => { try { storage?.removeItem(key); } catch { /* nothing to clear */ } };
  let text: string | null = null;
  try {
    text = storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
  if (text === null) return null;
  let raw: { graphId?: unknown; baseRevision?: unknown; doc?: unknown };
  try {
    raw = JSON.parse(text);
  } catch {
    forget();
    return { kind: 'unreadable', message: 'Unsaved edits from the last visit could not be read.' };
  }
  const restored = restoreGraph(raw?.doc, 'db');
  if (!restored.ok || typeof raw.graphId !== 'string' || typeof raw.baseRevision !== 'number') {
    forget();
    return { kind: 'unreadable', message: `Unsaved edits from the last visit could not be read${restored.ok ? '' : `: ${restored.error.message}`}.` };
  }
  const doc = restored.doc;
  const current = await db.graphs.get(raw.graphId);
  if (!current && raw.baseRevision === NEVER_SAVED) {
    // Made while the library was not answering: it becomes an entry of its own, under its name.
    const added = await createGraph(db, doc);
    if (!added.ok) return { kind: 'unreadable', message: `Unsaved edits from the last visit could not be stored: ${added.error.message}` };
    forget();
    return { kind: 'added', graphId: added.value.id, name: doc.name };
  }
  if (current && JSON.stringify((await joinStoredDocument(db, current)).doc) === JSON.stringify(doc)) {
    forget();
    return null;
  }
  if (current && current.revision === raw.baseRevision) {
    const saved = await saveGraph(db, raw.graphId, doc, raw.baseRevision);
    if (saved.ok) {
      forget();
      return { kind: 'saved', graphId: raw.graphId };
    }
  }
  const name = `${doc.name} (recovered)`;
  const copy = await createGraph(db, { ...doc, name });
  if (!copy.ok) return { kind: 'unreadable', message: `Unsaved edits from the last visit could not be stored: ${copy.error.message}` };
  forget();
  return { kind: 'copied', graphId: copy.value.id, name };
}
