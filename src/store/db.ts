import Dexie, { type Table } from 'dexie';
import type { GraphDocument, WeightMap } from '../core/graph/types';
import { createGraphId } from './graphIds';
import type { TensorRow, WeightRefs } from './storedWeights';

/**
 * One graph in the library as the app sees it: `doc` with its weights. `revision` goes up by one
 * with every write (the conflict check).
 */
export interface GraphRecord {
  id: string;
  name: string;
  created: number;
  updated: number;
  revision: number;
  doc: GraphDocument;
  /** Kept beside the document so the library list needs no inference. null: unknown. */
  nodeCount: number;
  params: number | null;
}

/**
 * How a record is stored (version 3): the document without weights, refs to its tensors' rows in
 * `tensors`, and their keys as a multi-entry index (is a row still referenced?). See storedWeights.
 */
export interface StoredWeights { weightRefs?: WeightRefs; tensorKeys: string[] }
export type StoredGraphRecord = GraphRecord & StoredWeights;
export type StoredRevisionRecord = RevisionRecord & StoredWeights;

/** Why a snapshot was taken. */
export type RevisionReason = 'save' | 'periodic' | 'before-restore' | 'import' | 'training';

/** A snapshot of a graph the user can go back to. */
export interface RevisionRecord {
  id?: number;
  graphId: string;
  created: number;
  doc: GraphDocument;
  reason: RevisionReason;
}

export interface SettingRecord { key: string; value: unknown }

/** A record that could not be read, set aside with the reason instead of breaking the library. */
export interface QuarantineRecord {
  id: string;
  setAside: number;
  reason: string;
  record: unknown;
}

/** The shape version 1 of the database stored: no created, revision or summary fields. */
export interface GraphRecordV1 { id: string; name: string; updated: number; doc: unknown }

/**
 * The pure upgrade of a version-1 graph record to version 2: `created` starts as `updated`,
 * `revision` at 1, and the summary fields are filled in lazily (params unknown until the next save).
 */
export function upgradeGraphRecordV1(old: GraphRecordV1): GraphRecord {
  const doc = old.doc as GraphDocument;
  const updated = typeof old.updated === 'number' && Number.isFinite(old.updated) ? old.updated : 0;
  return {
    id: old.id,
    name: typeof old.name === 'string' ? old.name : 'Untitled graph',
    created: updated,
    updated,
    revision: 1,
    doc,
    nodeCount: doc && Array.isArray(doc.nodes) ? doc.nodes.length : 0,
    params: null,
  };
}

export const DB_NAME = 'cnn-graph-studio';

/**
 * The library database. Every schema version stays declared so any older database opens and
 * upgrades step by step:
 * 1. `graphs` only;
 * 2. adds `revisions`, `settings`, `quarantine` and the record fields of `upgradeGraphRecordV1`;
 * 3. adds `tensors`: weights move out of graph and revision records (`moveWeightsOut`).
 */
export class StudioDb extends Dexie {
  graphs!: Table<StoredGraphRecord, string>;
  revisions!: Table<StoredRevisionRecord, number>;
  tensors!: Table<TensorRow, string>;
  settings!: Table<SettingRecord, string>;
  quarantine!: Table<QuarantineRecord, string>;

  constructor(name: string = DB_NAME) {
    super(name);
    this.version(1).stores({ graphs: 'id, name, updated' });
    this.version(2)
      .stores({
        graphs: 'id, name, updated',
        revisions: '++id, graphId, [graphId+created]',
        settings: 'key',
        quarantine: 'id',
      })
      .upgrade((tx) => tx.table('graphs').toCollection().modify((record, ref) => {
        ref.value = upgradeGraphRecordV1(record as GraphRecordV1);
      }));
    this.version(3)
      .stores({
        graphs: 'id, name, updated, *tensorKeys',
        revisions: '++id, graphId, [graphId+created], *tensorKeys',
        settings: 'key',
        quarantine: 'id',
        tensors: 'key',
      })
      .upgrade((tx) => {
        // One key per distinct base64 across all records: revisions of unchanged weights share rows.
        const keyOf = new Map<string, string>();
        const tensors = tx.table('tensors');
        const move = (record: Record<string, unknown>) => {
          const moved = moveWeightsOut(record.doc, keyOf, (key, data) => { void tensors.put({ key, data }); });
          record.doc = moved.doc;
          record.tensorKeys = moved.tensorKeys;
          if (moved.weightRefs) record.weightRefs = moved.weightRefs;
        };
        return tx.table('graphs').toCollection().modify(move).then(() => tx.table('revisions').toCollection().modify(move));
      });
  }
}

/**
 * The version-3 upgrade of one stored document: its weights become rows (`put`), named by refs.
 * A malformed document or tensor is left for restoreGraph to report when the graph is opened.
 */
export function moveWeightsOut(doc: unknown, keyOf: Map<string, string>, put: (key: string, data: string) => void): { doc: unknown; weightRefs?: WeightRefs; tensorKeys: string[] } {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return { doc, tensorKeys: [] };
  const { weights, ...rest } = doc as { weights?: unknown };
  if (typeof weights !== 'object' || weights === null || Array.isArray(weights)) return { doc, tensorKeys: [] };
  const weightRefs: WeightRefs = {};
  const keys = new Set<string>();
  for (const [nodeId, byName] of Object.entries(weights as WeightMap)) {
    if (typeof byName !== 'object' || byName === null) continue;
    weightRefs[nodeId] = {};
    for (const [name, tensor] of Object.entries(byName)) {
      if (typeof tensor?.data !== 'string' || !Array.isArray(tensor.shape)) continue;
      let key = keyOf.get(tensor.data);
      if (key === undefined) {
        key = createGraphId();
        keyOf.set(tensor.data, key);
        put(key, tensor.data);
      }
      weightRefs[nodeId][name] = { shape: [...tensor.shape], key };
      keys.add(key);
    }
  }
  return { doc: rest, weightRefs, tensorKeys: [...keys] };
}
