import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PRESETS } from '../../src/core/presets';
import type { GraphDocument } from '../../src/core/graph/types';
import { AutosaveController, type SaveFn, type SaveStatus } from '../../src/store/autosave';

const base = PRESETS[0].doc;
const edit = (i: number): GraphDocument => ({ ...base, name: `edit ${i}` });

/** A writer that records (time, name) and takes `latency` ms per write. */
function recordingSave(latency = 0, outcome: () => Awaited<ReturnType<SaveFn>> = () => ({ ok: true })) {
  const writes: [number, string][] = [];
  const save: SaveFn = async (doc) => {
    if (latency) await new Promise((r) => setTimeout(r, latency));
    writes.push([Date.now(), doc.name]);
    return outcome();
  };
  return { writes, save };
}

beforeEach(() => { vi.useFakeTimers(); vi.setSystemTime(0); });
afterEach(() => { vi.useRealTimers(); });

describe('AutosaveController', () => {
  it('writes once, 300 ms after the last of a burst of edits, with the latest document', async () => {
    const { writes, save } = recordingSave();
    const c = new AutosaveController({ save });
    for (let i = 0; i < 3; i++) { c.markChanged(edit(i)); await vi.advanceTimersByTimeAsync(100); }
    expect(c.getStatus().state).toBe('pending');
    await vi.advanceTimersByTimeAsync(1000);
    expect(writes).toEqual([[500, 'edit 2']]);
    expect(c.getStatus()).toEqual({ state: 'saved', at: 500 });
  });
  it('never leaves more than 2 s of continuous edits unsaved (max-wait)', async () => {
    const { writes, save } = recordingSave();
    const c = new AutosaveController({ save });
    for (let i = 0; i < 60; i++) { c.markChanged(edit(i)); await vi.advanceTimersByTimeAsync(100); }
    await vi.advanceTimersByTimeAsync(1000);
    const times = writes.map(([t]) => t);
    expect(times.slice(0, 3)).toEqual([2000, 4000, 6000]);
    expect(writes[writes.length - 1][1]).toBe('edit 59');
    // between any two edits no more than 2 s pass without a write
    const gaps = [0, ...times].slice(1).map((t, i) => t - [0, ...times][i]);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(2000);
  });
  it('one write at a time; an edit during a write is saved right after it', async () => {
    const { writes, save } = recordingSave(1000);
    const c = new AutosaveController({ save });
    const states: SaveStatus['state'][] = [];
    c.subscribe((s) => states.push(s.state));
    c.markChanged(edit(1));
    await vi.advanceTimersByTimeAsync(400); // write 1 started at 300
    c.markChanged(edit(2));
    await vi.advanceTimersByTimeAsync(3000);
    expect(writes).toEqual([[1300, 'edit 1'], [2300, 'edit 2']]);
    expect(states).toEqual(['pending', 'saving', 'pending', 'saving', 'saved']);
  });
  it('flush writes at once (Ctrl+S, pagehide) and does nothing when all is saved', async () => {
    const { writes, save } = recordingSave();
    const c = new AutosaveController({ save });
    c.markChanged(edit(1));
    await c.flush();
    expect(writes).toEqual([[0, 'edit 1']]);
    await c.flush();
    expect(writes).toHaveLength(1);
    expect(c.hasUnsavedChanges()).toBe(false);
  });
  it('a conflict stops all writing until resumed with a new writer', async () => {
    let conflict = true;
    const { writes, save } = recordingSave(0, () => (conflict ? { ok: false, error: { code: 'conflict', message: 'x', currentRevision: 5, updated: 0 } } : { ok: true }));
    const c = new AutosaveController({ save });
    c.markChanged(edit(1));
    await vi.advanceTimersByTimeAsync(500);
    expect(c.getStatus()).toMatchObject({ state: 'error', failure: { code: 'conflict' } });
    c.markChanged(edit(2));
    await vi.advanceTimersByTimeAsync(5000);
    expect(writes).toHaveLength(1);
    expect(c.hasUnsavedChanges()).toBe(true);
    conflict = false;
    c.resume();
    await vi.advanceTimersByTimeAsync(500);
    expect(writes.map(([, n]) => n)).toEqual(['edit 1', 'edit 2']);
    expect(c.getStatus().state).toBe('saved');
  });
  it('a quota failure is shown and retried with the next edit', async () => {
    let fail = true;
    const { writes, save } = recordingSave(0, () => (fail ? { ok: false, error: { code: 'quota', message: 'full' } } : { ok: true }));
    const c = new AutosaveController({ save });
    c.markChanged(edit(1));
    await vi.advanceTimersByTimeAsync(500);
    expect(c.getStatus()).toMatchObject({ state: 'error', failure: { code: 'quota' } });
    fail = false;
    c.markChanged(edit(2));
    await vi.advanceTimersByTimeAsync(500);
    expect(writes.map(([, n]) => n)).toEqual(['edit 1', 'edit 2']);
    expect(c.getStatus().state).toBe('saved');
  });
  it('a writer that throws is a failure, not an unhandled rejection', async () => {
    const c = new AutosaveController({ save: async () => { throw new Error('disk on fire'); } });
    c.markChanged(edit(1));
    await vi.advanceTimersByTimeAsync(500);
    expect(c.getStatus()).toEqual({ state: 'error', failure: { code: 'write-failed', message: 'Saving failed: disk on fire' } });
  });
  it('takes a snapshot at most every few minutes of editing', async () => {
    const { save } = recordingSave();
    const snaps: number[] = [];
    const c = new AutosaveController({ save, snapshot: async () => { snaps.push(Date.now()); }, snapshotEveryMs: 180_000 });
    for (let t = 0; t < 600_000; t += 1000) { c.markChanged(edit(t)); await vi.advanceTimersByTimeAsync(1000); }
    expect(snaps).toEqual([180_300, 360_300, 540_300]);
  });
  it('dispose stops pending writes', async () => {
    const { writes, save } = recordingSave();
    const c = new AutosaveController({ save });
    c.markChanged(edit(1));
    c.dispose();
    await vi.advanceTimersByTimeAsync(5000);
    expect(writes).toEqual([]);
  });
});
