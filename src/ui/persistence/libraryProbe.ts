/**
 * The page's first script (in index.html) asks IndexedDB for the library before the app's own
 * script has even loaded, and notes when it answered. A library that never answers (another tab
 * holds an older version of it open) is then known the moment the app runs, instead of
 * STUCK_AFTER_MS after it: the wait overlaps the app's loading, and a stuck library does not
 * delay the first paint.
 */

/** A performance mark made when the library is found stuck; its detail says by what: `{ by: 'probe' | 'timer' }`. */
export const STUCK_MARK = 'library-stuck';

export interface LibraryProbe {
  /** `performance.now()` when the probe asked. */
  startedAt: number;
  /** Resolves when IndexedDB answered the probe (opened, refused or failed). */
  answered: Promise<void>;
}

/** The probe index.html started, if this page has one (the unit tests and workers do not). */
export function readLibraryProbe(): LibraryProbe | undefined {
  const probe = (globalThis as { __libraryProbe?: unknown }).__libraryProbe;
  if (typeof probe !== 'object' || probe === null) return undefined;
  const { startedAt, answered } = probe as Partial<LibraryProbe>;
  return typeof startedAt === 'number' && answered instanceof Promise ? { startedAt, answered } : undefined;
}

/**
 * Resolves 'stuck' when the library has not answered the probe within `ms` of the page starting,
 * 'answered' as soon as it does. Without a probe: 'answered' (the caller's own timer decides).
 */
export function probeVerdict(probe: LibraryProbe | undefined, ms: number): Promise<'stuck' | 'answered'> {
  if (!probe) return Promise.resolve('answered');
  const left = Math.max(0, ms - (performance.now() - probe.startedAt));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'stuck'>((resolve) => { timer = setTimeout(() => resolve('stuck'), left); });
  const answered = probe.answered.then((): 'answered' => 'answered');
  return Promise.race([answered, late]).finally(() => clearTimeout(timer));
}
