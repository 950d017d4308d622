import type { GraphDocument } from '../core/graph/types';
import { StudioDb } from './db';
import { saveGraph, snapshotRevision } from './library';
import type { SaveFn } from './autosave';

/**
 * The writer for one open graph: remembers the revision this tab loaded and moves it forward
 * with each of its own writes, so a write by any other tab in between shows up as a conflict.
 */
export function createGraphSaver(db: StudioDb, graphId: string, loadedRevision: number): { save: SaveFn; revision: () => number; snapshot: (doc: GraphDocument) => Promise<unknown> } {
  let revision = loadedRevision;
  return {
    save: async (doc) => {
      const r = await saveGraph(db, graphId, doc, revision);
      if (r.ok) revision = r.revision;
      return r.ok ? { ok: true } : r;
    },
    revision: () => revision,
    snapshot: (doc) => snapshotRevision(db, graphId, doc, 'periodic'),
  };
}

/** Whether this browser gives us IndexedDB at all (private modes may not). */
export function hasIndexedDb(): boolean {
  try {
    return typeof indexedDB !== 'undefined' && indexedDB !== null;
  } catch {
    return false;
  }
}

/**
 * Opens the library. When another tab opens a newer schema, this tab closes its connection
 * (so the upgrade is not blocked), calls `onClosedByUpgrade` to say so, and writes nothing more.
 */
export function openStudioDb(onClosedByUpgrade: () => void, name?: string): StudioDb {
  const db = new StudioDb(name);
  db.on('versionchange', () => {
    db.close();
    onClosedByUpgrade();
    return false;
  });
  return db;
}
