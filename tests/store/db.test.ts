import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { readFileSync } from 'node:fs';
import { StudioDb, upgradeGraphRecordV1, type GraphRecordV1 } from '../../src/store/db';
import { checkLibrary, listGraphs, openGraph, saveGraph } from '../../src/store/library';
import { openStudioDb } from '../../src/store/session';

const V1_RECORDS: GraphRecordV1[] = JSON.parse(readFileSync('tests/fixtures/store/graphs-v1.json', 'utf8'));
let counter = 0;
const freshName = () => `db-test-${Date.now()}-${counter++}`;

/** A database exactly as version 1 of the app left it. */
async function seedVersion1(name: string): Promise<void> {
  const old = new Dexie(name);
  old.version(1).stores({ graphs: 'id, name, updated' });
  await old.table('graphs').bulkAdd(V1_RECORDS);
  old.close();
}

describe('database schema upgrades', () => {
  it('upgradeGraphRecordV1 fills created, revision and the summary fields', () => {
    const r = upgradeGraphRecordV1(V1_RECORDS[0]);
    expect(r).toMatchObject({ id: 'g-lenet', created: 1700000000000, updated: 1700000000000, revision: 1, nodeCount: 9, params: null });
    expect(r.doc).toBe(V1_RECORDS[0].doc);
  });
  it('a version-1 database opens through the Dexie upgrade with every record migrated', async () => {
    const name = freshName();
    await seedVersion1(name);
    const db = new StudioDb(name);
    await db.open();
    expect(db.verno).toBe(3);
    const stored = await db.graphs.orderBy('id').toArray();
    expect(stored.map((r) => [r.id, r.revision, r.created === r.updated, r.nodeCount])).toEqual([
      ['g-broken', 1, true, 0], ['g-lenet', 1, true, 9], ['g-res', 1, true, 5],
    ]);
    expect(await db.revisions.count()).toBe(0);
    const opened = await openGraph(db, 'g-lenet');
    expect(opened.ok && opened.record.doc.nodes.map((n) => n.id)).toEqual(['input', 'c1', 's2', 'c3', 's4', 'flat', 'c5', 'f6', 'out']);
    db.close();
  });
  it('a record that does not restore is set aside and reported; the rest loads', async () => {
    const name = freshName();
    await seedVersion1(name);
    const db = new StudioDb(name);
    const notes = await checkLibrary(db);
    expect(notes).toEqual([expect.stringMatching(/^"Broken one" could not be read and was set aside: This graph was made by a newer version/)]);
    expect((await listGraphs(db)).map((g) => g.id)).toEqual(['g-res', 'g-lenet']);
    const q = await db.quarantine.get('g-broken');
    expect(q?.record).toMatchObject({ id: 'g-broken', name: 'Broken one' });
    db.close();
  });
  it('opening a record that cannot be read sets it aside too', async () => {
    const name = freshName();
    await seedVersion1(name);
    const db = new StudioDb(name);
    const r = await openGraph(db, 'g-broken');
    expect(r.ok === false && r.error.code).toBe('set-aside');
    expect(await db.graphs.get('g-broken')).toBeUndefined();
    db.close();
  });
  it('another tab upgrading the schema closes this one, says so, and later writes report "closed"', async () => {
    const name = freshName();
    await seedVersion1(name);
    let closedBy = 0;
    const db = openStudioDb(() => closedBy++, name);
    await db.open();
    const newer = new Dexie(name);
    newer.version(4).stores({ graphs: 'id, name, updated, *tensorKeys', revisions: '++id, graphId, [graphId+created], *tensorKeys', settings: 'key', quarantine: 'id', tensors: 'key', extra: 'id' });
    await newer.open();
    expect(closedBy).toBe(1);
    const r = await saveGraph(db, 'g-lenet', V1_RECORDS[0].doc as never, 1);
    expect(r.ok === false && r.error.code).toBe('closed');
    newer.close();
  });
});
