import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/core/presets';
import { StudioDb } from '../../src/store/db';
import { createGraph, listGraphs, saveGraph } from '../../src/store/library';
import { clearJournal, NEVER_SAVED, recoverJournal, recoverJournals, writeJournal, type KeyValueStorage } from '../../src/store/unloadJournal';

class MemoryStorage implements KeyValueStorage {
  readonly map = new Map<string, string>();
  getItem(k: string) { return this.map.get(k) ?? null; }
  setItem(k: string, v: string) { this.map.set(k, v); }
  removeItem(k: string) { this.map.delete(k); }
  get length() { return this.map.size; }
  key(i: number) { return [...this.map.keys()][i] ?? null; }
}

let n = 0;
const dbs: StudioDb[] = [];
afterEach(() => { for (const db of dbs.splice(0)) db.close(); });
async function setup() {
  const db = new StudioDb(`journal-${Date.now()}-${n++}`);
  dbs.push(db);
  const created = await createGraph(db, PRESETS[0].doc);
  if (!created.ok) throw new Error('create failed');
  return { db, record: created.value, storage: new MemoryStorage() };
}

describe('unload journal', () => {
  it('writes the journalled edits over the entry nobody saved since, then forgets them', async () => {
    const { db, record, storage } = await setup();
    const edited = { ...record.doc, nodes: record.doc.nodes.slice(0, 3) };
    expect(writeJournal(storage, { graphId: record.id, baseRevision: 1, doc: edited, at: 0 })).toBe(true);
    expect(await recoverJournal(db, storage)).toEqual({ kind: 'saved', graphId: record.id });
    expect((await db.graphs.get(record.id))?.doc.nodes).toHaveLength(3);
    expect(storage.map.size).toBe(0);
    expect(await recoverJournal(db, storage)).toBeNull();
  });
  it('keeps them as a copy when the entry changed in between, so neither version is lost', async () => {
    const { db, record, storage } = await setup();
    writeJournal(storage, { graphId: record.id, baseRevision: 1, doc: { ...record.doc, nodes: [] }, at: 0 });
    await saveGraph(db, record.id, { ...record.doc, name: 'changed elsewhere' }, 1);
    const r = await recoverJournal(db, storage);
    expect(r).toMatchObject({ kind: 'copied', name: 'LeNet-5 (recovered)' });
    expect((await listGraphs(db)).map((g) => g.name).sort()).toEqual(['LeNet-5 (recovered)', 'changed elsewhere']);
  });
  it('does nothing when the edits did reach the database', async () => {
    const { db, record, storage } = await setup();
    writeJournal(storage, { graphId: record.id, baseRevision: 0, doc: record.doc, at: 0 });
    expect(await recoverJournal(db, storage)).toBeNull();
    expect(await listGraphs(db)).toHaveLength(1);
  });
  it('a tampered journal is refused through restoreGraph and cleared', async () => {
    const { db, storage } = await setup();
    storage.setItem('cnn-graph-studio:unsaved', '{"graphId":"x","baseRevision":1,"doc":{"format":"cnn-graph","version":99}}');
    expect(await recoverJournal(db, storage)).toMatchObject({ kind: 'unreadable', message: expect.stringContaining('newer version') });
    storage.setItem('cnn-graph-studio:unsaved', '{"graphId":');
    expect(await recoverJournal(db, storage)).toMatchObject({ kind: 'unreadable' });
    expect(storage.map.size).toBe(0);
  });
  it('edits of a graph that never reached the library become an entry under its own name, once', async () => {
    const { db, storage } = await setup();
    const first = { ...PRESETS[0].doc, name: 'Made while stuck' };
    const second = { ...PRESETS[0].doc, name: 'Other stuck tab', nodes: PRESETS[0].doc.nodes.slice(0, 2) };
    writeJournal(storage, { graphId: 'unsaved-a', baseRevision: NEVER_SAVED, doc: first, at: 0 });
    writeJournal(storage, { graphId: 'unsaved-b', baseRevision: NEVER_SAVED, doc: second, at: 1 });
    const outcomes = await recoverJournals(db, storage);
    expect(outcomes).toMatchObject([{ kind: 'added', name: 'Made while stuck' }, { kind: 'added', name: 'Other stuck tab' }]);
    const names = (await listGraphs(db)).map((g) => g.name).sort();
    expect(names).toEqual(['LeNet-5', 'Made while stuck', 'Other stuck tab']);
    const added = outcomes[1].kind === 'added' ? await db.graphs.get(outcomes[1].graphId) : undefined;
    expect(added?.doc.nodes).toHaveLength(2);
    expect(storage.map.size).toBe(0);
    expect(await recoverJournals(db, storage)).toEqual([]);
  });
  it('full storage is reported, not thrown', () => {
    const full: KeyValueStorage = { getItem: () => null, setItem: () => { throw new DOMException('full', 'QuotaExceededError'); }, removeItem: () => undefined };
    expect(writeJournal(full, { graphId: 'g', baseRevision: 1, doc: PRESETS[0].doc, at: 0 })).toBe(false);
    expect(writeJournal(undefined, { graphId: 'g', baseRevision: 1, doc: PRESETS[0].doc, at: 0 })).toBe(false);
    clearJournal(undefined);
  });
  it('two tabs on different graphs closing back to back: both journals survive and both are recovered', async () => {
    const { db, record, storage } = await setup();
    const other = await createGraph(db, { ...PRESETS[0].doc, name: 'Other' });
    if (!other.ok) throw new Error('create failed');
    writeJournal(storage, { graphId: record.id, baseRevision: 1, doc: { ...record.doc, name: 'First tab edit' }, at: 0 });
    writeJournal(storage, { graphId: other.value.id, baseRevision: 1, doc: { ...other.value.doc, name: 'Second tab edit' }, at: 1 });
    const outcomes = await recoverJournals(db, storage);
    expect(outcomes.map((o) => o.kind)).toEqual(['saved', 'saved']);
    expect((await listGraphs(db)).map((g) => g.name).sort()).toEqual(['First tab edit', 'Second tab edit']);
    expect(storage.map.size).toBe(0);
  });
  it('clearing one graph\'s journal leaves the other tab\'s', async () => {
    const storage = new MemoryStorage();
    writeJournal(storage, { graphId: 'a', baseRevision: 1, doc: PRESETS[0].doc, at: 0 });
    writeJournal(storage, { graphId: 'b', baseRevision: 1, doc: PRESETS[0].doc, at: 0 });
    clearJournal(storage, 'a');
    expect([...storage.map.keys()]).toEqual(['cnn-graph-studio:unsaved:b']);
  });
});
