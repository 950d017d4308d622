import Dexie, { type Table } from 'dexie';
import type { GraphDocument } from '../core/graph/types';

/** One graph in the library. `revision` goes up by one with every write (the conflict check). */
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

/** Why a snapshot was taken. */
export type RevisionReason = 'save' | 'periodic' | 'before-restore' | 'import';

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
 * 2. adds `revisions`, `settings`, `quarantine` and the record fields of `upgradeGraphRecordV1`.
 */
export class StudioDb extends Dexie {
  graphs!: Table<GraphRecord, string>;
  revisions!: Table<RevisionRecord, number>;
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
  }
}
