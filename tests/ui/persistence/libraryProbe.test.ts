import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import 'fake-indexeddb/auto';
import { DB_NAME, StudioDb } from '../../../src/store/db';
import { probeVerdict, type LibraryProbe } from '../../../src/ui/persistence/libraryProbe';

/**
 * index.html's probe asks for the library as the app will: the same name and the same IndexedDB
 * version (Dexie opens schema version v at v * 10), or a tab holding an older version open would
 * not block it and a stuck library would be noticed only after the app's own wait.
 */
describe('the early library probe', () => {
  it('opens the database name and version the app opens', () => {
    const html = readFileSync('index.html', 'utf8');
    const open = /indexedDB\.open\('([^']+)', (\d+)\)/.exec(html);
    expect(open, 'index.html has no versioned indexedDB.open').not.toBeNull();
    expect(open![1]).toBe(DB_NAME);
    expect(Number(open![2])).toBe(Math.round(new StudioDb().verno * 10));
  });

  const probe = (startedAt: number, answered: Promise<void>): LibraryProbe => ({ startedAt, answered });
  const never = new Promise<void>(() => {});

  it('says stuck at once when the library has not answered for the whole wait since the page started', async () => {
    const started = performance.now();
    expect(await probeVerdict(probe(started - 1000, never), 400)).toBe('stuck');
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('waits only what is left of the wait, and an answer in time wins', async () => {
    const started = performance.now();
    expect(await probeVerdict(probe(started - 300, never), 400)).toBe('stuck');
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(90);
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => { answer = resolve; });
    setTimeout(answer, 20);
    expect(await probeVerdict(probe(performance.now(), answered), 400)).toBe('answered');
  });

  it('without a probe leaves the decision to the caller', async () => {
    expect(await probeVerdict(undefined, 400)).toBe('answered');
  });
});
