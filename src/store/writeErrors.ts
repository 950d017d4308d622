/** Why a write to the library failed, in words a person can act on. */
export type WriteFailure =
  | { code: 'quota'; message: string }
  | { code: 'closed'; message: string }
  | { code: 'unavailable'; message: string }
  | { code: 'write-failed'; message: string };

function names(err: unknown): string[] {
  const out: string[] = [];
  let e: unknown = err;
  // Dexie wraps the browser's error (AbortError around QuotaExceededError); look through `inner`.
  for (let depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const name = (e as { name?: unknown }).name;
    if (typeof name === 'string') out.push(name);
    e = (e as { inner?: unknown }).inner;
  }
  return out;
}

/** Sorts a failed IndexedDB write into quota, closed database, no IndexedDB at all, or anything else. */
export function classifyWriteError(err: unknown): WriteFailure {
  const all = names(err);
  if (all.includes('QuotaExceededError')) {
    return { code: 'quota', message: 'The browser has no room left for this site, so the graph was not saved. Free some space or download the JSON.' };
  }
  if (all.includes('DatabaseClosedError')) {
    return { code: 'closed', message: 'The library was closed (another tab is upgrading it). Reload this tab to keep saving.' };
  }
  if (all.includes('MissingAPIError') || all.includes('InvalidStateError')) {
    return { code: 'unavailable', message: 'This browser does not allow saving here (private mode?). The graph is only in this tab.' };
  }
  const detail = err instanceof Error ? err.message : String(err);
  return { code: 'write-failed', message: `Saving failed: ${detail}` };
}
