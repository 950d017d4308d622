import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { compileGraph } from '../../src/core/compile/compileGraph';
import { PRESETS } from '../../src/core/presets';
import { toWeightMap } from '../../src/core/train/trainedWeights';
import type { GraphDocument } from '../../src/core/graph/types';
import { decodeFloat32 } from '../../src/core/graph/tensorCodec';
import { keepTensorBytes } from '../../src/store/storedWeights';
import { StudioDb } from '../../src/store/db';
import {
  checkLibrary, createGraph, deleteGraph, duplicateGraph, listGraphs, openGraph, readRevision, saveGraph, snapshotRevision, undoDelete,
  MAX_REVISIONS_PER_GRAPH,
} from '../../src/store/library';

let counter = 0;
const open: StudioDb[] = [];
function freshDb(name = `weights-test-${Date.now()}-${counter++}`): StudioDb {
  const db = new StudioDb(name);
  open.push(db);
  return db;
}
afterEach(() => { for (const db of open.splice(0)) db.close(); });

const plain = (x: unknown) => JSON.parse(JSON.stringify(x));

/** LeNet-5 with its compiled (seeded) weights in the document: 61,706 values in 10 tensors. */
function lenetWithWeights(seed = 1): GraphDocument {
  const doc = structuredClone(PRESETS.find((p) => p.id === 'lenet5')!.doc);
  const compiled = compileGraph(doc, { seed });
  if (!compiled.ok) throw new Error(compiled.message);
  return { ...doc, weights: toWeightMap(compiled.plan.steps, compiled.weights) };
}

const tensorCount = (doc: GraphDocument) => Object.values(doc.weights ?? {}).reduce((n, t) => n + Object.keys(t).length, 0);

/** Counts the tensor rows each write puts, from the database's own hook. */
function countPuts(db: StudioDb): { puts: number } {
  const counted = { puts: 0 };
  db.tensors.hook('creating', () => { counted.puts++; });
  db.tensors.hook('updating', () => { counted.puts++; });
  return counted;
}

async function mustCreate(db: StudioDb, doc: GraphDocument) {
  const r = await createGraph(db, doc);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
async function mustOpen(db: StudioDb, id: string) {
  const r = await openGraph(db, id);
  if (!r.ok) throw new Error(r.error.message);
  return r;
}

describe('weights stored apart from the records', () => {
  it('a record holds no weights; opening joins them back exactly', async () => {
    const db = freshDb();
    const doc = lenetWithWeights();
    expect(tensorCount(doc)).toBe(10);
    const created = await mustCreate(db, doc);
    const stored = await db.graphs.get(created.id);
    expect(stored!.doc.weights).toBeUndefined();
    expect(stored!.tensorKeys).toHaveLength(10);
    expect(JSON.stringify(stored).length).toBeLessThan(20_000);
    expect(await db.tensors.count()).toBe(10);
    const opened = await mustOpen(db, created.id);
    expect(opened.report).toEqual([]);
    expect(plain(opened.record.doc)).toEqual(plain(doc));
  });

  it('saving again after a param edit writes no tensor; a changed tensor writes one and drops the old', async () => {
    const db = freshDb();
    const created = await mustCreate(db, lenetWithWeights());
    const opened = await mustOpen(db, created.id);
    const puts = countPuts(db);
    const edited: GraphDocument = { ...opened.record.doc, nodes: opened.record.doc.nodes.map((n) => (n.id === 'c1' ? { ...n, name: 'first conv' } : n)) };
    const saved = await saveGraph(db, created.id, edited, created.revision);
    expect(saved.ok).toBe(true);
    expect(puts.puts).toBe(0);

    const last = Object.keys(edited.weights!).at(-1)!;
    const kernel = edited.weights![last].kernel;
    const retrained = lenetWithWeights(2).weights![last].kernel;
    const changed: GraphDocument = { ...edited, weights: { ...edited.weights!, [last]: { ...edited.weights![last], kernel: retrained } } };
    expect(retrained.data).not.toBe(kernel.data);
    const again = await saveGraph(db, created.id, changed, created.revision + 1);
    expect(again.ok).toBe(true);
    expect(puts.puts).toBe(1);
    expect(await db.tensors.count()).toBe(10);
    expect(plain((await mustOpen(db, created.id)).record.doc)).toEqual(plain(changed));
  });

  it(`${MAX_REVISIONS_PER_GRAPH + 5} revisions of unchanged weights share the same 10 rows; pruning keeps what others use`, async () => {
    const db = freshDb();
    const doc = lenetWithWeights();
    const created = await mustCreate(db, doc);
    for (let i = 0; i < MAX_REVISIONS_PER_GRAPH + 5; i++) {
      const r = await snapshotRevision(db, created.id, { ...doc, name: `v${i}` }, 'periodic', 1000 + i);
      expect(r.ok).toBe(true);
    }
    expect(await db.revisions.count()).toBe(MAX_REVISIONS_PER_GRAPH);
    expect(await db.tensors.count()).toBe(10);
    const newest = (await db.revisions.toArray()).sort((a, b) => a.created - b.created).at(-1);
    expect(plain(await readRevision(db, newest!.id!))).toEqual(plain({ ...doc, name: `v${MAX_REVISIONS_PER_GRAPH + 4}` }));
  });

  it('a pruned revision takes the weights only it used with it', async () => {
    const db = freshDb();
    const created = await mustCreate(db, lenetWithWeights(1));
    await snapshotRevision(db, created.id, lenetWithWeights(2), 'periodic', 1);
    expect(await db.tensors.count()).toBe(20);
    for (let i = 0; i < MAX_REVISIONS_PER_GRAPH; i++) await snapshotRevision(db, created.id, { ...lenetWithWeights(1), name: `v${i}` }, 'periodic', 10 + i);
    // Seed 1's tensors are new objects each time (no known keys): every revision wrote its own rows,
    // and the one with seed 2 is gone with its 10.
    expect(await db.revisions.count()).toBe(MAX_REVISIONS_PER_GRAPH);
    const keys = new Set([...(await db.graphs.toArray()), ...(await db.revisions.toArray())].flatMap((r) => r.tensorKeys));
    expect(await db.tensors.count()).toBe(keys.size);
    expect((await db.tensors.toCollection().primaryKeys()).every((k) => keys.has(k))).toBe(true);
  });

  it('a duplicate shares the rows; deleting the original keeps the copy whole, undo brings the original back', async () => {
    const db = freshDb();
    const doc = lenetWithWeights();
    const created = await mustCreate(db, doc);
    const copy = await duplicateGraph(db, created.id);
    if (!copy.ok || !copy.value) throw new Error('no copy');
    expect(await db.tensors.count()).toBe(10);
    const deleted = await deleteGraph(db, created.id);
    if (!deleted.ok || !deleted.value) throw new Error('not deleted');
    expect(deleted.value.tensors).toEqual([]);
    expect(plain((await mustOpen(db, copy.value.id)).record.doc.weights)).toEqual(plain(doc.weights));
    const copyDeleted = await deleteGraph(db, copy.value.id);
    if (!copyDeleted.ok || !copyDeleted.value) throw new Error('not deleted');
    expect(copyDeleted.value.tensors).toHaveLength(10);
    expect(await db.tensors.count()).toBe(0);
    expect((await undoDelete(db, copyDeleted.value)).ok).toBe(true);
    expect(plain((await mustOpen(db, copy.value.id)).record.doc)).toEqual(plain({ ...doc, name: `${doc.name} (copy)` }));
  });

  it('a save whose known rows were deleted meanwhile (another tab) writes them again', async () => {
    const db = freshDb();
    const created = await mustCreate(db, lenetWithWeights());
    const opened = await mustOpen(db, created.id);
    await db.tensors.clear();
    const saved = await saveGraph(db, created.id, opened.record.doc, created.revision);
    expect(saved.ok).toBe(true);
    expect(await db.tensors.count()).toBe(10);
    expect(plain((await mustOpen(db, created.id)).record.doc)).toEqual(plain(opened.record.doc));
  });

  it('a refused save (conflict) writes no rows', async () => {
    const db = freshDb();
    const created = await mustCreate(db, lenetWithWeights(1));
    const r = await saveGraph(db, created.id, lenetWithWeights(3), created.revision + 7);
    expect(r.ok === false && r.error.code).toBe('conflict');
    expect(await db.tensors.count()).toBe(10);
  });

  it('tensors handed over as floats are stored as Blobs when large, as text when small, and open the same', async () => {
    const db = freshDb();
    const doc = lenetWithWeights();
    for (const tensors of Object.values(doc.weights!)) for (const t of Object.values(tensors)) keepTensorBytes(t, decodeFloat32(t.data)! as Float32Array<ArrayBuffer>);
    const created = await mustCreate(db, doc);
    const rows = await db.tensors.toArray();
    const blobs = rows.filter((r) => r.data instanceof Blob);
    // Only C5's kernel (5x5x16x120 floats, 192,000 bytes) is over 64 KiB.
    expect(blobs.map((r) => (r.data as Blob).size)).toEqual([5 * 5 * 16 * 120 * 4]);
    expect(rows.length - blobs.length).toBe(9);
    const opened = await mustOpen(db, created.id);
    expect(opened.report).toEqual([]);
    expect(plain(opened.record.doc)).toEqual(plain(doc));
    // Saved again (an edit), nothing is rewritten: the opened tensors are known by their keys.
    const puts = countPuts(db);
    expect((await saveGraph(db, created.id, { ...opened.record.doc, name: 'renamed' }, created.revision)).ok).toBe(true);
    expect(puts.puts).toBe(0);
  });

  it('a Blob row that is not whole float32 values counts as missing, named in the report', async () => {
    const db = freshDb();
    const doc = lenetWithWeights();
    const created = await mustCreate(db, doc);
    const [first] = await db.tensors.toArray();
    await db.tensors.put({ key: first.key, data: new Blob([new Uint8Array(7)]) });
    const opened = await mustOpen(db, created.id);
    expect(opened.report.join(' ')).toMatch(/1 weight tensor was missing from the library/);
  });

  it('a missing row opens the graph without that tensor and says which', async () => {
    const db = freshDb();
    const created = await mustCreate(db, lenetWithWeights());
    const stored = await db.graphs.get(created.id);
    await db.tensors.delete(stored!.weightRefs!.c1.kernel.key);
    const opened = await mustOpen(db, created.id);
    expect(Object.keys(opened.record.doc.weights!.c1)).toEqual(['bias']);
    expect(opened.report).toEqual(['1 weight tensor was missing from the library and left out (c1.kernel); those layers start from new weights.']);
  });

  it('the start-up check and the list read no tensor rows', async () => {
    const db = freshDb();
    await mustCreate(db, lenetWithWeights());
    let reads = 0;
    db.tensors.hook('reading', (x) => { reads++; return x; });
    expect(await checkLibrary(db)).toEqual([]);
    expect((await listGraphs(db)).map((g) => g.params)).toEqual([61_706]);
    expect(reads).toBe(0);
  });
});

describe('version 3 upgrade', () => {
  it('moves the weights of version-2 records into rows, one per distinct tensor', async () => {
    const name = `weights-upgrade-${Date.now()}-${counter++}`;
    const doc = lenetWithWeights();
    const old = new Dexie(name);
    old.version(1).stores({ graphs: 'id, name, updated' });
    old.version(2).stores({ graphs: 'id, name, updated', revisions: '++id, graphId, [graphId+created]', settings: 'key', quarantine: 'id' });
    await old.table('graphs').add({ id: 'g', name: doc.name, created: 1, updated: 1, revision: 4, doc, nodeCount: doc.nodes.length, params: 61_706 });
    await old.table('revisions').bulkAdd([1, 2, 3].map((i) => ({ graphId: 'g', created: i, doc: { ...doc, name: `r${i}` }, reason: 'periodic' })));
    await old.table('revisions').add({ graphId: 'g', created: 9, doc: lenetWithWeights(5), reason: 'save' });
    old.close();

    const db = freshDb(name);
    await db.open();
    expect(db.verno).toBe(3);
    // Seed 5's five kernels are new; the biases start at zero for any seed, the same text: one row each.
    expect(await db.tensors.count()).toBe(15);
    for (const r of await db.revisions.toArray()) expect(r.doc.weights).toBeUndefined();
    const opened = await mustOpen(db, 'g');
    expect(opened.record.revision).toBe(4);
    expect(plain(opened.record.doc)).toEqual(plain(doc));
    const first = (await db.revisions.toArray()).find((r) => r.created === 1)!;
    expect(plain(await readRevision(db, first.id!))).toEqual(plain({ ...doc, name: 'r1' }));
  });
});
