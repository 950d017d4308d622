import type { GraphDocument } from '../core/graph/types';
import { StudioDb } from './db';
import { recreateGraph, saveGraph, snapshotRevision } from './library';
import { adoptIfRecreated, type LibraryIdentity } from './libraryMark';
import type { SaveFn } from './autosave';

/** How far a graph written back after its database vanished jumps ahead (see createGraphSaver). */
const REVISION_JUMP = 1_000_000;

/**
 * The writer for one open graph: remembers the revision this tab loaded and moves it forward
 * with each of its own writes, so a write by any other tab in between shows up as a conflict.
 * With `identity` (the library's mark, see libraryMark.ts), a graph missing because the whole
 * database vanished is written back under its id instead of being reported as deleted elsewhere.
 */
export function createGraphSaver(db: StudioDb, graphId: string, loadedRevision: number, identity?: LibraryIdentity): { save: SaveFn; revision: () => number; snapshot: (doc: GraphDocument) => Promise<unknown> } {
  let revision = loadedRevision;
  return {
    save: async (doc) => {
      const r = await saveGraph(db, graphId, doc, revision);
      if (r.ok) revision = r.revision;
      if (!r.ok && r.error.code === 'missing' && identity && (await adoptIfRecreated(db, identity))) {
        // Far above any revision another tab can hold: a tab that lived through the clearing
        // with an older copy gets a conflict instead of writing over this one.
        const back = await recreateGraph(db, graphId, doc, revision + REVISION_JUMP);
        if (!back.ok) return back;
        if (back.value.written) { revision = back.value.revision; return { ok: true }; }
        // Another tab put its version back first: that is a conflict (no stored revision is 0).
        const conflict = await saveGraph(db, graphId, doc, 0);
        return conflict.ok ? { ok: true } : conflict;
      }
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
