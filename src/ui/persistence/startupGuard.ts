import type { KeyValueStorage } from '../../store/unloadJournal';

const KEY = 'cnn-graph-studio:opening';

/**
 * Start-up safe mode. Before a graph is put on the canvas its id is written here; once the
 * canvas has drawn it for a moment the note is removed. A note still present at the next start
 * means that graph froze or crashed the page last time: the app then starts without it and
 * offers it from the library instead (download, open anyway, delete), so no graph can brick
 * every reload.
 */
export function noteOpening(storage: KeyValueStorage | undefined, graphId: string): void {
  try { storage?.setItem(KEY, graphId); } catch { /* without storage there is no safe mode */ }
}

/** The graph on the canvas was drawn: it is safe to open at start-up. */
export function noteRendered(storage: KeyValueStorage | undefined): void {
  try { storage?.removeItem(KEY); } catch { /* nothing to clear */ }
}

/** The graph whose last opening never got drawn, or null. */
export function readUnfinishedOpening(storage: KeyValueStorage | undefined): string | null {
  try { return storage?.getItem(KEY) ?? null; } catch { return null; }
}
