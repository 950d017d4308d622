import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/core/presets';
import { StudioDb } from '../../src/store/db';
import { checkLibrary, listGraphs, openGraph, searchGraphs } from '../../src/store/library';

let n = 0;
const open: StudioDb[] = [];
const freshDb = () => { const db = new StudioDb(`corrupt-${Date.now()}-${n++}`); open.push(db); return db; };
afterEach(() => { for (const db of open.splice(0)) db.close(); });

const lenet = () => structuredClone(PRESETS[0].doc);
const good = (id: string, name = 'Good') => ({ id, name, created: 1, updated: 2, revision: 1, doc: lenet(), nodeCount: 9, params: 61706 });

/** Writes a row straight into `graphs`, past every check, as DevTools or another version could. */
async function plant(db: StudioDb, row: unknown): Promise<void> {
  await db.table('graphs').put(row as never);
}

describe('start-up check validates every field of every record', () => {
  it('name {evil: 1} with a valid doc: the name is rebuilt from the document, never handed to React', async () => {
    const db = freshDb();
    await plant(db, { ...good('g-evil'), name: { evil: 1 } });
    expect(await checkLibrary(db)).toEqual([]);
    const rows = await listGraphs(db);
    expect(rows).toEqual([expect.objectContaining({ id: 'g-evil', name: 'LeNet-5' })]);
    expect(typeof (await db.graphs.get('g-evil'))!.name).toBe('string');
  });
  it('a numeric name does not break search', async () => {
    const db = freshDb();
    await plant(db, { ...good('g-num'), name: 42 });
    await plant(db, good('g-ok', 'ResNet try'));
    // Before the check runs too (a row another tab wrote since): search skips nothing and throws nothing.
    expect((await searchGraphs(db, 'resnet')).map((g) => g.id)).toEqual(['g-ok']);
    await checkLibrary(db);
    expect((await searchGraphs(db, 'lenet')).map((g) => g.id)).toEqual(['g-num']);
  });
  it('a numeric id is set aside for good: gone from graphs, in quarantine, not flagged again', async () => {
    const db = freshDb();
    await plant(db, { ...good('x'), id: 7 });
    const first = await checkLibrary(db);
    expect(first).toEqual([expect.stringMatching(/^"Good" could not be read and was set aside: its id is 7, not a text id$/)]);
    expect(await db.graphs.count()).toBe(0);
    expect(await db.quarantine.get('number:7')).toMatchObject({ record: { id: 7 } });
    expect(await checkLibrary(db)).toEqual([]);
  });
  it.each([
    ['updated: "yesterday"', { updated: 'yesterday' }],
    ['revision: -3', { revision: -3 }],
    ['nodeCount: NaN', { nodeCount: Number.NaN }],
    ['params: "many"', { params: 'many' }],
  ])('%s is repaired and the graph opens', async (_label, bad) => {
    const db = freshDb();
    await plant(db, { ...good('g1'), ...bad });
    expect(await checkLibrary(db)).toEqual([]);
    const opened = await openGraph(db, 'g1');
    expect(opened.ok).toBe(true);
    const row = (await listGraphs(db))[0];
    expect(Number.isFinite(row.updated) && Number.isFinite(row.nodeCount)).toBe(true);
  });
  it('a row whose doc does not restore is set aside; the others stay', async () => {
    const db = freshDb();
    await plant(db, { ...good('g-bad'), doc: { format: 'cnn-graph', version: 99 } });
    await plant(db, good('g-good'));
    expect(await checkLibrary(db)).toEqual([expect.stringMatching(/^"Good" could not be read and was set aside: This graph was made by a newer version/)]);
    expect((await listGraphs(db)).map((g) => g.id)).toEqual(['g-good']);
  });
});
