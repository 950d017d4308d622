import { restoreGraph } from '../core/graph/restore';
import type { GraphRecord } from './db';

export type RecordCheck =
  | { ok: true; record: GraphRecord; repaired: boolean }
  | { ok: false; reason: string };

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Checks every field of a `graphs` row, not only its document: a row written by another
 * version, an extension or a hand in DevTools may hold `name: {evil: 1}` (React error #31 in the
 * Library) or a numeric name (search called toLowerCase on it). A row without a string id or
 * whose document does not restore cannot be used and is refused; the list fields are rebuilt
 * from the document when they are wrong (the name from the document's name).
 */
export function checkRecord(raw: unknown): RecordCheck {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, reason: 'the record is not an object' };
  const r = raw as Record<string, unknown>;
  if (typeof r.id !== 'string' || r.id === '') return { ok: false, reason: `its id is ${JSON.stringify(r.id) ?? typeof r.id}, not a text id` };
  const restored = restoreGraph(r.doc, 'db');
  if (!restored.ok) return { ok: false, reason: restored.error.message };
  const doc = restored.doc;
  const name = typeof r.name === 'string' ? r.name : doc.name;
  const updated = isTime(r.updated) ? r.updated : 0;
  const record: GraphRecord = {
    id: r.id,
    name,
    created: isTime(r.created) ? r.created : updated,
    updated,
    revision: isCount(r.revision) && r.revision >= 1 ? r.revision : 1,
    doc,
    nodeCount: isCount(r.nodeCount) ? r.nodeCount : doc.nodes.length,
    params: r.params === null || isCount(r.params) ? (r.params as number | null) : null,
  };
  const repaired = record.name !== r.name || record.created !== r.created || record.updated !== r.updated || record.revision !== r.revision
    || record.nodeCount !== r.nodeCount || record.params !== r.params;
  return { ok: true, record, repaired };
}

/** A name fit for a message: the record's name if it is text, else its id, else "A saved graph". */
export function describeRecord(raw: unknown): string {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  if (typeof r.name === 'string') return `"${r.name.slice(0, 80)}"`;
  if (typeof r.id === 'string' || typeof r.id === 'number') return `The saved graph ${JSON.stringify(r.id)}`;
  return 'A saved graph';
}
