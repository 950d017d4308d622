import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { liveQuery } from 'dexie';
import { PRESETS } from '../../src/core/presets';
import type { GraphDocument } from '../../src/core/graph/types';
import { StudioDb } from '../../src/store/db';
import {
  createFromPreset, createGraph, deleteGraph, duplicateGraph, listGraphs, listRevisions, openGraph, readRevision,
  readSetting, renameGraph, saveGraph, searchGraphs, snapshotRevision, undoDelete, writeSetting, MAX_REVISIONS_PER_GRAPH,
} from '../../src/store/library';
import { createGraphSaver } from '../../src/store/session';

let counter = 0;
const open: StudioDb[] = [];
function freshDb(name = `lib-test-${Date.now()}-${counter++}`): StudioDb {
  const db = new StudioDb(name);
  open.push(db);
  return db;
}
afterEach(() => { for (const db of open.splice(0)) db.close(); });

const plain = (x: unknown) => JSON.parse(JSON.stringify(x));
async function mustCreate(db: StudioDb, doc: GraphDocument, now?: number) {
  const r = await createGraph(db, doc, now);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('library', () => {
  it.each(PRESETS.map((p) => [p.name, p] as const))('%s: save, load, equal', async (_name, preset) => {
    const db = freshDb();
    const created = await createFromPreset(db, preset);
    if (!created.ok) throw new Error(created.error.message);
    const opened = await openGraph(db, created.value.id);
    if (!opened.ok) throw new Error(opened.error.message);
    expect(opened.report).toEqual([]);
    expect(plain(opened.record.doc)).toEqual(plain(preset.doc));
    expect(opened.record.nodeCount).toBe(preset.doc.nodes.length);
  });
  it('lists name, node count and params, newest first; LeNet-5 has 61,706 params (LeCun 1998)', async () => {
    const db = freshDb();
    await mustCreate(db, PRESETS[0].doc, 1000);
    await mustCreate(db, PRESETS[2].doc, 2000);
    const list = await listGraphs(db);
    expect(list.map((g) => g.name)).toEqual([PRESETS[2].doc.name, PRESETS[0].doc.name]);
    const lenet = list.find((g) => g.name === PRESETS[0].doc.name)!;
    expect(lenet).toMatchObject({ nodeCount: PRESETS[0].doc.nodes.length, params: 61_706, updated: 1000 });
  });
  it('searches by name ignoring case', async () => {
    const db = freshDb();
    for (const p of PRESETS) await mustCreate(db, p.doc);
    const names = (await searchGraphs(db, 'lenet')).map((g) => g.name).sort();
    expect(names).toEqual(PRESETS.filter((p) => /lenet/i.test(p.doc.name)).map((p) => p.doc.name).sort());
    expect(await searchGraphs(db, 'zzz-nothing')).toEqual([]);
    expect(await searchGraphs(db, '  ')).toHaveLength(PRESETS.length);
  });
  it('renames, duplicates, deletes and undoes the delete (revisions included)', async () => {
    const db = freshDb();
    const g = await mustCreate(db, PRESETS[0].doc);
    await snapshotRevision(db, g.id, g.doc, 'save');
    const renamed = await renameGraph(db, g.id, 'Mine');
    expect(renamed.ok && renamed.value).toMatchObject({ name: 'Mine', revision: 2, doc: { name: 'Mine' } });
    const copy = await duplicateGraph(db, g.id);
    expect(copy.ok && copy.value?.name).toBe('Mine (copy)');
    const deleted = await deleteGraph(db, g.id);
    if (!deleted.ok || !deleted.value) throw new Error('delete failed');
    expect(await db.graphs.get(g.id)).toBeUndefined();
    expect(await db.revisions.where('graphId').equals(g.id).count()).toBe(0);
    await undoDelete(db, deleted.value);
    expect((await db.graphs.get(g.id))?.name).toBe('Mine');
    expect(await listRevisions(db, g.id)).toHaveLength(1);
  });
  it('a second writer with a stale revision gets a conflict and the first write stays', async () => {
    const db = freshDb();
    const g = await mustCreate(db, PRESETS[0].doc);
    const tabA = createGraphSaver(db, g.id, g.revision);
    const tabB = createGraphSaver(db, g.id, g.revision);
    expect(await tabA.save({ ...g.doc, name: 'A' })).toEqual({ ok: true });
    expect(await tabA.save({ ...g.doc, name: 'A2' })).toEqual({ ok: true });
    const b = await tabB.save({ ...g.doc, name: 'B' });
    expect(b.ok === false && b.error).toMatchObject({ code: 'conflict', currentRevision: 3 });
    expect(await db.graphs.get(g.id)).toMatchObject({ name: 'A2', revision: 3 });
  });
  it('a quota error mid-save leaves the previous revision intact and says so', async () => {
    const db = freshDb();
    const g = await mustCreate(db, PRESETS[0].doc);
    const spy = vi.spyOn(db.graphs, 'put').mockRejectedValueOnce(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    const r = await saveGraph(db, g.id, { ...g.doc, name: 'lost' }, g.revision);
    spy.mockRestore();
    expect(r.ok === false && r.error.code).toBe('quota');
    expect(r.ok === false && r.error.message).toMatch(/no room left/);
    const stored = await db.graphs.get(g.id);
    expect(stored).toMatchObject({ name: PRESETS[0].doc.name, revision: 1 });
    // and the next save, with the revision this tab still holds, goes through
    expect((await saveGraph(db, g.id, { ...g.doc, name: 'kept' }, 1)).ok).toBe(true);
  });
  it('saving a graph deleted elsewhere is reported as missing', async () => {
    const db = freshDb();
    const g = await mustCreate(db, PRESETS[0].doc);
    await deleteGraph(db, g.id);
    const r = await saveGraph(db, g.id, g.doc, 1);
    expect(r.ok === false && r.error.code).toBe('missing');
  });
  it('keeps the newest revisions only, lists them newest first and reads one back', async () => {
    const db = freshDb();
    const g = await mustCreate(db, PRESETS[0].doc);
    for (let i = 0; i < MAX_REVISIONS_PER_GRAPH + 5; i++) await snapshotRevision(db, g.id, { ...g.doc, name: `v${i}` }, 'periodic', 1000 + i);
    const list = await listRevisions(db, g.id);
    expect(list).toHaveLength(MAX_REVISIONS_PER_GRAPH);
    expect(list[0].created).toBe(1000 + MAX_REVISIONS_PER_GRAPH + 4);
    expect(list[list.length - 1].created).toBe(1005);
    expect((await readRevision(db, list[0].id))?.name).toBe(`v${MAX_REVISIONS_PER_GRAPH + 4}`);
  });
  it('a snapshot identical to the newest one adds no row; a changed document does', async () => {
    const db = freshDb();
    const g = await mustCreate(db, PRESETS[0].doc);
    const first = await snapshotRevision(db, g.id, g.doc, 'save', 1000);
    const again = await snapshotRevision(db, g.id, structuredClone(g.doc), 'save', 2000);
    expect(again).toEqual(first);
    expect(await listRevisions(db, g.id)).toHaveLength(1);
    await snapshotRevision(db, g.id, { ...g.doc, name: 'changed' }, 'save', 3000);
    // Back to the first document: it differs from the newest row, so it is kept again.
    await snapshotRevision(db, g.id, g.doc, 'save', 4000);
    expect((await listRevisions(db, g.id)).map((r) => r.created)).toEqual([4000, 3000, 1000]);
  });
  it('settings round-trip', async () => {
    const db = freshDb();
    await writeSetting(db, 'lastOpenedGraphId', 'abc');
    expect(await readSetting(db, 'lastOpenedGraphId')).toBe('abc');
    expect(await readSetting(db, 'theme')).toBeUndefined();
  });
  it('another connection (another tab) sees a new graph in its live list within 1 s', async () => {
    const name = `lib-test-live-${counter++}`;
    const tabA = freshDb(name);
    const tabB = freshDb(name);
    const seen: number[] = [];
    const sub = liveQuery(() => listGraphs(tabB)).subscribe((list) => seen.push(list.length));
    await new Promise((r) => setTimeout(r, 50));
    const t = Date.now();
    await mustCreate(tabA, PRESETS[0].doc);
    while (!seen.includes(1) && Date.now() - t < 1000) await new Promise((r) => setTimeout(r, 10));
    sub.unsubscribe();
    expect(seen).toContain(1);
    expect(Date.now() - t).toBeLessThan(1000);
  });
});
