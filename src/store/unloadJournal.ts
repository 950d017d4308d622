import { restoreGraph } from '../core/graph/restore';
import type { GraphDocument } from '../core/graph/types';
import type { StudioDb } from './db';
import { createGraph, saveGraph } from './library';

/** The part of the Web Storage API the journal needs (localStorage in the app, a stub in tests). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const KEY = 'cnn-graph-studio:unsaved';

/** Edits not yet in IndexedDB when the page went away. */
export interface JournalEntry { graphId: string; baseRevision: number; doc: GraphDocument; at: number }

/**
 * Writes the unsaved document synchronously. IndexedDB writes started in `pagehide` are not
 * guaranteed to finish before the page is gone (the read-check-write needs several turns of the
 * event loop); Web Storage writes are synchronous. Returns false when storage is full or missing.
 */
export function writeJournal(storage: KeyValueStorage | undefined, entry: JournalEntry): boolean {
  if (!storage) return false;
  try {
    storage.setItem(KEY, JSON.stringify(entry));
    return true;
  } catch {
    return false;
  }
}

/** Forgets the journal once the edits are safely in the database. */
export function clearJournal(storage: KeyValueStorage | undefined): void {
  try {
    storage?.removeItem(KEY);
  } catch {
    // Nothing to clear without storage.
  }
}

/** What recovery did, for a banner; null when there was nothing to recover. */
export type RecoveryOutcome = null | { kind: 'saved'; graphId: string } | { kind: 'copied'; graphId: string; name: string } | { kind: 'unreadable'; message: string };

/**
 * At start-up: puts edits journalled on the last `pagehide` into the library. Written over the
 * entry when nobody saved it since (same revision); otherwise kept as a "(recovered)" copy so
 * neither version is lost. The journalled text goes through `restoreGraph` like any import.
 */
export async function recoverJournal(db: StudioDb, storage: KeyValueStorage | undefined): Promise<RecoveryOutcome> {
  let text: string | null = null;
  try {
    text = storage?.getItem(KEY) ?? null;
  } catch {
    return null;
  }
  if (text === null) return null;
  let raw: { graphId?: unknown; baseRevision?: unknown; doc?: unknown };
  try {
    raw = JSON.parse(text);
  } catch {
    clearJournal(storage);
    return { kind: 'unreadable', message: 'Unsaved edits from the last visit could not be read.' };
  }
  const restored = restoreGraph(raw?.doc, 'db');
  if (!restored.ok || typeof raw.graphId !== 'string' || typeof raw.baseRevision !== 'number') {
    clearJournal(storage);
    return { kind: 'unreadable', message: `Unsaved edits from the last visit could not be read${restored.ok ? '' : `: ${restored.error.message}`}.` };
  }
  const doc = restored.doc;
  const current = await db.graphs.get(raw.graphId);
  if (current && JSON.stringify(current.doc) === JSON.stringify(doc)) {
    clearJournal(storage);
    return null;
  }
  if (current && current.revision === raw.baseRevision) {
    const saved = await saveGraph(db, raw.graphId, doc, raw.baseRevision);
    if (saved.ok) {
      clearJournal(storage);
      return { kind: 'saved', graphId: raw.graphId };
    }
  }
  const name = `${doc.name} (recovered)`;
  const copy = await createGraph(db, { ...doc, name });
  if (!copy.ok) return { kind: 'unreadable', message: `Unsaved edits from the last visit could not be stored: ${copy.error.message}` };
  clearJournal(storage);
  return { kind: 'copied', graphId: copy.value.id, name };
}
