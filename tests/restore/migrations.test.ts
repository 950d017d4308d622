import { describe, expect, it } from 'vitest';
import { MIGRATIONS, restoreGraph, runMigrations, type Migration } from '../../src/core/graph/restore';

/** A pretend history used only here: v1 stored `layers` with `type`, v2 renamed them, v3 added positions. */
const TEST_MIGRATIONS: Record<number, Migration> = {
  1: ({ layers, ...rest }) => ({ ...rest, version: 2, nodes: (layers as { type: string; id: string }[]).map((l) => ({ id: l.id, kind: l.type, name: l.id, params: {} })) }),
  2: (doc) => ({ ...doc, version: 3, nodes: (doc.nodes as object[]).map((n, i) => ({ ...n, position: { x: 0, y: 100 * i } })) }),
};

describe('migration chain', () => {
  it('the app chain is a registry keyed by the version each step migrates from (empty while v1 is the only format)', () => {
    expect(Object.keys(MIGRATIONS)).toEqual([]);
  });
  it('runs every step in order from an old version to the target', () => {
    const v1 = { format: 'cnn-graph', version: 1, name: 'old', layers: [{ id: 'i', type: 'Input' }, { id: 'f', type: 'Flatten' }], edges: [] };
    const out = runMigrations(v1, 1, 3, TEST_MIGRATIONS);
    expect(out.version).toBe(3);
    expect(out.nodes).toEqual([
      { id: 'i', kind: 'Input', name: 'i', params: {}, position: { x: 0, y: 0 } },
      { id: 'f', kind: 'Flatten', name: 'f', params: {}, position: { x: 0, y: 100 } },
    ]);
  });
  it('starts mid-chain for a document that is already part way', () => {
    const v2 = { format: 'cnn-graph', version: 2, nodes: [{ id: 'i', kind: 'Input' }] };
    expect(runMigrations(v2, 2, 3, TEST_MIGRATIONS).nodes).toEqual([{ id: 'i', kind: 'Input', position: { x: 0, y: 0 } }]);
  });
  it('restoreGraph reports the upgrade and repairs the result like any other document', () => {
    const v1 = { format: 'cnn-graph', version: 1, name: 'old', layers: [{ id: 'i', type: 'Input' }], edges: [{ source: 'i', target: 'gone' }] };
    const r = restoreGraph(JSON.stringify(v1), 'file', { migrations: TEST_MIGRATIONS, targetVersion: 3 });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.doc.version).toBe(3);
    expect(r.report).toEqual(['Upgraded from format version 1 to 3.', '1 edge to missing nodes removed.']);
  });
  it('a step that forgets to bump the version, or throws, is a typed error', () => {
    const bad: Record<number, Migration> = { 1: (d) => ({ ...d }) };
    expect(() => runMigrations({ version: 1 }, 1, 2, bad)).toThrow(/did not produce version 2/);
    const r = restoreGraph({ format: 'cnn-graph', version: 1, nodes: [] }, 'file', { migrations: { 1: () => { throw new Error('kaput'); } }, targetVersion: 2 });
    expect(r).toEqual({ ok: false, error: { code: 'migration-failed', message: 'Upgrading this graph from format version 1 to 2 failed: kaput' } });
  });
  it('a gap in the chain names the oldest readable version', () => {
    const r = restoreGraph({ format: 'cnn-graph', version: 0, nodes: [] }, 'file', { migrations: TEST_MIGRATIONS, targetVersion: 3 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('cannot read versions before 1');
  });
});
