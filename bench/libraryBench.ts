/**
 * The library with an imported ResNet-50 in it (torchvision, random weights, 136 MB of base64):
 * what adding it, an autosave after a param edit, ten revisions, the start-up check and the list,
 * and opening it again write and read, in bytes (exact) and milliseconds (fake-indexeddb in Node:
 * structured cloning like a browser's, without its disk, so the times are a floor). Bytes are
 * counted from the database's own hooks. Run standalone with `npx tsx bench/libraryBench.ts`.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import type { GraphDocument } from '../src/core/graph/types';
import { importOnnx } from '../src/core/import/importOnnx';
import { StudioDb } from '../src/store/db';
import { checkLibrary, createGraph, listGraphs, openGraph, saveGraph, snapshotRevision } from '../src/store/library';
import { exportResnet50 } from './importBench';

export interface LibraryBenchRow { step: string; ms: number; writtenBytes: number; readBytes: number }

/** Bytes of JSON a value stands for: the size a record or row takes, near enough for strings. */
const jsonBytes = (value: unknown) => JSON.stringify(value).length;

/** Counts what each step writes to and reads from every table. */
function meter(db: StudioDb): { written: number; read: number } {
  const m = { written: 0, read: 0 };
  for (const table of db.tables) {
    table.hook('creating', (_key, obj) => { m.written += jsonBytes(obj); });
    table.hook('updating', (mods, _key, obj) => { m.written += jsonBytes({ ...(obj as object), ...(mods as object) }); });
    table.hook('reading', (obj) => { m.read += jsonBytes(obj); return obj; });
  }
  return m;
}

export async function benchLibrary(): Promise<LibraryBenchRow[]> {
  const file = exportResnet50();
  if (!file) return [];
  const imported = importOnnx(readFileSync(file), { name: 'ResNet-50' });
  if (!imported.ok) throw new Error(imported.message);
  const db = new StudioDb(`library-bench-${Date.now()}`);
  const m = meter(db);
  const rows: LibraryBenchRow[] = [];
  const step = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    m.written = 0;
    m.read = 0;
    const t = performance.now();
    const value = await run();
    rows.push({ step: name, ms: performance.now() - t, writtenBytes: m.written, readBytes: m.read });
    return value;
  };
  const created = await step('add to the library', () => createGraph(db, imported.doc));
  if (!created.ok) throw new Error(created.error.message);
  const opened = await step('open it', () => openGraph(db, created.value.id));
  if (!opened.ok) throw new Error(opened.error.message);
  const doc = opened.record.doc;
  const renamed: GraphDocument = { ...doc, nodes: doc.nodes.map((n, i) => (i === 1 ? { ...n, name: 'stem conv' } : n)) };
  const saved = await step('autosave after a param edit', () => saveGraph(db, created.value.id, renamed, created.value.revision));
  if (!saved.ok) throw new Error(saved.error.message);
  await step('ten revisions', async () => {
    for (let i = 0; i < 10; i++) await snapshotRevision(db, created.value.id, { ...renamed, name: `ResNet-50 v${i}` }, 'periodic', Date.now() + i);
  });
  await step('start-up check and list', async () => { await checkLibrary(db); await listGraphs(db); });
  db.close();
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await benchLibrary()) console.log(JSON.stringify(r));
}
