import { GRAPH_VERSION } from '../types';
import { refuse } from './errors';

/** A raw document as JSON.parse gives it, before the whitelist. */
export type RawDocument = Record<string, unknown>;

/**
 * One step of the migration chain: `MIGRATIONS[n]` turns a version-n document into a version-(n+1)
 * document. Steps are pure and run in order, so a document from any older version reaches the
 * current one through every step in between. Version 1 is the first published format, so the
 * chain is empty today; the next format change adds `MIGRATIONS[1]`.
 */
export type Migration = (doc: RawDocument) => RawDocument;

/** The app's migration chain, keyed by the version a step migrates FROM. */
export const MIGRATIONS: Readonly<Record<number, Migration>> = Object.freeze({});

/** The result of reading a document's `version` field. */
export type VersionCheck = { kind: 'current' } | { kind: 'older'; from: number } | { kind: 'newer'; from: number };

/** Reads `doc.version`: missing or not a non-negative integer is refused, newer than `target` is reported. */
export function checkVersion(doc: RawDocument, target: number = GRAPH_VERSION): VersionCheck {
  if (!Object.prototype.hasOwnProperty.call(doc, 'version')) {
    refuse('missing-version', 'This graph has no "version" field, so the app cannot tell how to read it.');
  }
  const version = doc.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    refuse('bad-version', `This graph's "version" is ${JSON.stringify(version) ?? String(version)}; expected a whole number like ${target}.`);
  }
  if (version === target) return { kind: 'current' };
  return version > target ? { kind: 'newer', from: version } : { kind: 'older', from: version };
}

/**
 * Runs `migrations[from]`, `migrations[from + 1]`, ... until the document is at version `to`.
 * Each step's output must carry the next version number, so a step that forgets to bump it is
 * caught instead of looping or silently skipping a step.
 */
export function runMigrations(
  doc: RawDocument,
  from: number,
  to: number = GRAPH_VERSION,
  migrations: Readonly<Record<number, Migration>> = MIGRATIONS,
): RawDocument {
  let current = doc;
  for (let v = from; v < to; v++) {
    const step = Object.prototype.hasOwnProperty.call(migrations, v) ? migrations[v] : undefined;
    if (!step) {
      refuse('migration-failed', `This graph is format version ${from}; this app cannot read versions before ${firstSupported(migrations, to)} (no step from version ${v}).`);
    }
    let next: RawDocument;
    try {
      next = step(current);
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      refuse('migration-failed', `Upgrading this graph from format version ${v} to ${v + 1} failed: ${detail}`);
    }
    if (next === null || typeof next !== 'object' || next.version !== v + 1) {
      refuse('migration-failed', `Upgrading this graph from format version ${v} did not produce version ${v + 1}.`);
    }
    current = next;
  }
  return current;
}

/** The oldest version from which an unbroken chain of steps reaches `to`. */
function firstSupported(migrations: Readonly<Record<number, Migration>>, to: number): number {
  let v = to;
  while (v > 0 && Object.prototype.hasOwnProperty.call(migrations, v - 1)) v--;
  return v;
}
