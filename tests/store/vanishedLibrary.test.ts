import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/core/presets';
import { StudioDb } from '../../src/store/db';
import { createGraph, deleteGraph, listGraphs } from '../../src/store/library';
import { readOrCreateLibraryMark } from '../../src/store/libraryMark';
import { createGraphSaver } from '../../src/store/session';

let n = 0;
const dbs: StudioDb[] = [];
afterEach(() => { for (const db of dbs.splice(0)) db.close(); });

async function openWithGraph() {
  const name = `vanished-${Date.now()}-${n++}`;
  const db = new StudioDb(name);
  dbs.push(db);
  const mark = await readOrCreateLibraryMark(db);
  const created = await createGraph(db, PRESETS[0].doc);
  if (!created.ok) throw new Error('create failed');
  const identity = { mark };
  return { db, name, record: created.value, identity, saver: createGraphSaver(db, created.value.id, 1, identity) };
}

/** What clearing the site's data does to an open tab: the connection is closed under it, the database deleted. */
async function clearSiteData(db: StudioDb, name: string): Promise<void> {
  db.close({ disableAutoOpen: false });
  await Dexie.delete(name);
}

describe('the database vanishes while a graph is open (site data cleared)', () => {
  it('the next save re-creates the database and writes the graph back under its id', async () => {
    const { db, name, record, saver } = await openWithGraph();
    await clearSiteData(db, name);
    const edited = { ...record.doc, name: 'After the clearing' };
    expect(await saver.save(edited)).toEqual({ ok: true });
    const back = await db.graphs.get(record.id);
    expect(back?.doc.name).toBe('After the clearing');
    expect((await listGraphs(db)).map((g) => g.name)).toEqual(['After the clearing']);
    // And saving goes on normally from there.
    expect(await saver.save({ ...edited, name: 'Second edit' })).toEqual({ ok: true });
    expect((await db.graphs.get(record.id))?.doc.name).toBe('Second edit');
  });

  it('a graph deleted in another tab is still reported as deleted, not written back', async () => {
    const { db, record, saver } = await openWithGraph();
    await deleteGraph(db, record.id);
    const r = await saver.save({ ...record.doc, name: 'Edited' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('missing');
    expect(await db.graphs.get(record.id)).toBeUndefined();
  });

  it('two tabs live through the clearing: the second finds its graph back and gets a conflict, not a deletion', async () => {
    const { db, name, record, identity, saver } = await openWithGraph();
    const other = createGraphSaver(db, record.id, 1, { mark: identity.mark });
    await clearSiteData(db, name);
    expect(await saver.save({ ...record.doc, name: 'First tab' })).toEqual({ ok: true });
    const r = await other.save({ ...record.doc, name: 'Second tab' });
    expect(!r.ok && r.error.code).toBe('conflict');
    expect((await db.graphs.get(record.id))?.doc.name).toBe('First tab');
  });
});
