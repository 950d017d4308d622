import type { KeyValueStorage } from '../../store/unloadJournal';

const KEY = 'cnn-graph-studio:opening';

/**
 * Start-up safe mode. Before a graph is put on the canvas its id is written here; once the
 * canvas has drawn it for a moment the note is removed. A note still present at the next start
 * means that graph froze or crashed the page last time: the app then starts without it and
 * offers it from the library instead (download, open anyway, delete), so no graph can brick
 * every reload.
 *
 * The note is shared by every tab of the app, so a tab holds a shared Web Lock of the same name
 * while its note stands: a note whose lock someone holds is another live tab opening a graph
 * right now (a second tab started at that moment took it for a crash), not a page that died.
 */
export function noteOpening(storage: KeyValueStorage | undefined, graphId: string): void {
  try { storage?.setItem(KEY, graphId); } catch { /* without storage there is no safe mode */ }
  holdOpeningLock();
}

/** The graph on the canvas was drawn: it is safe to open at start-up. */
export function noteRendered(storage: KeyValueStorage | undefined): void {
  try { storage?.removeItem(KEY); } catch { /* nothing to clear */ }
  releaseOpeningLock?.();
  releaseOpeningLock = null;
}

/** The graph whose last opening never got drawn, or null; null too while another tab is opening it. */
export async function readUnfinishedOpening(storage: KeyValueStorage | undefined): Promise<string | null> {
  let noted: string | null;
  try { noted = storage?.getItem(KEY) ?? null; } catch { return null; }
  if (noted === null) return null;
  return (await openingLockHeld()) ? null : noted;
}

let releaseOpeningLock: (() => void) | null = null;

function locks(): LockManager | undefined {
  return typeof navigator === 'undefined' ? undefined : navigator.locks;
}

function holdOpeningLock(): void {
  const manager = locks();
  if (!manager || releaseOpeningLock) return;
  let release = () => {};
  const held = new Promise<void>((resolve) => { release = resolve; });
  releaseOpeningLock = release;
  manager.request(KEY, { mode: 'shared' }, () => held).catch(() => { /* no lock: the note alone decides */ });
}

async function openingLockHeld(): Promise<boolean> {
  const manager = locks();
  if (!manager) return false;
  try {
    const state = await manager.query();
    return (state.held ?? []).some((lock) => lock.name === KEY);
  } catch {
    return false;
  }
}
