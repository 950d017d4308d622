import { GRAPH_FORMAT, GRAPH_VERSION, type GraphDocument } from './types';
import { isRecord } from './restore/cloneJson';
import { decodeJson } from './restore/decodeText';
import { describeSource, refuse, RestoreRefusal, type RestoreError, type RestoreSource } from './restore/errors';
import { RESTORE_LIMITS, type RestoreLimits } from './restore/limits';
import { checkVersion, MIGRATIONS, runMigrations, type Migration } from './restore/migrations';
import { describeFilledDefaults } from './restore/filledDefaults';
import { repairGraph } from './restore/repairGraph';

export { RESTORE_LIMITS, MIGRATIONS, runMigrations };
export type { RestoreError, RestoreSource, RestoreLimits, Migration };
export type { RestoreErrorCode } from './restore/errors';

/**
 * The outcome of opening a document. `report` lists, one plain sentence each, what was repaired
 * ("2 edges to missing nodes removed.", "1 duplicate node id renamed (c1 -> c1_2)."); empty when
 * the document was already clean. `unplaced` lists the nodes that came without a usable position
 * (written by hand, or out of bounds): the gate gave them a layered layout, and the editor may lay
 * them out again with ELK. `defaults` names the params nodes leave out and take their defaults
 * for (a document may omit any param that has one): not a repair, so not in `report`.
 */
export type RestoreResult =
  | { ok: true; doc: GraphDocument; report: string[]; unplaced: string[]; defaults: string | null }
  | { ok: false; error: RestoreError };

/** Knobs for tests; the app always uses the defaults. */
export interface RestoreOptions {
  limits?: Partial<RestoreLimits>;
  migrations?: Readonly<Record<number, Migration>>;
  targetVersion?: number;
}

/**
 * THE one way into the app for a graph from outside this tab's memory: files, PNG text chunks,
 * share links and database records all come through here. Strings and bytes are parsed as JSON
 * (size checked first); a value is used as already parsed. Then: format and version checked,
 * older versions migrated step by step, everything copied through a whitelist into
 * prototype-free objects and repaired where possible. Never throws.
 */
export function restoreGraph(input: unknown, source: RestoreSource, options: RestoreOptions = {}): RestoreResult {
  const limits: RestoreLimits = { ...RESTORE_LIMITS, ...options.limits };
  const target = options.targetVersion ?? GRAPH_VERSION;
  const report: string[] = [];
  try {
    const value = typeof input === 'string' || input instanceof Uint8Array ? decodeJson(input, source, limits) : input;
    const what = describeSource(source);
    if (!isRecord(value)) refuse('not-a-graph', `This ${what} does not contain a graph (expected a JSON object with "format": "${GRAPH_FORMAT}").`);
    if (value.format !== GRAPH_FORMAT) {
      const found = !Object.prototype.hasOwnProperty.call(value, 'format') ? 'missing'
        : typeof value.format === 'string' ? `"${value.format.slice(0, 40)}"` : `${(JSON.stringify(value.format) ?? String(value.format)).slice(0, 40)} (not a string)`;
      refuse('not-a-graph', `This ${what} is not a CNN graph: "format" is ${found}, expected "${GRAPH_FORMAT}".`);
    }
    const version = checkVersion(value, target);
    let raw = value;
    switch (version.kind) {
      case 'current':
        break;
      case 'newer':
        refuse('version-too-new', `This graph was made by a newer version of the app (format version ${version.from}; this app reads up to ${target}). Nothing was changed; update the app to open it.`);
      case 'older':
        raw = runMigrations(value, version.from, target, options.migrations ?? MIGRATIONS);
        report.push(`Upgraded from format version ${version.from} to ${target}.`);
        break;
    }
    const unplaced = new Set<string>();
    const doc = repairGraph(raw, limits, report, unplaced);
    if (target !== GRAPH_VERSION) (doc as { version: number }).version = target;
    return { ok: true, doc, report, unplaced: [...unplaced], defaults: describeFilledDefaults(doc.nodes) };
  } catch (err) {
    if (err instanceof RestoreRefusal) return { ok: false, error: { code: err.code, message: err.message } };
    // Stack overflows on absurd nesting and throwing getters on database objects end here.
    const detail = err instanceof Error ? err.message : String(err);
    return { ok: false, error: { code: 'internal', message: `This ${describeSource(source)} could not be read: ${detail}` } };
  }
}
