import type { StudioDb } from './db';
import { createGraphId } from './graphIds';

const MARK_KEY = 'libraryMark';

/**
 * Which database this tab is talking to. A random mark is written once into `settings` when the
 * library is first opened; clearing the site's data while a tab is open takes the mark with it.
 * A graph missing at save time is then told apart: mark unchanged, another tab deleted it; mark
 * gone or different, the whole database vanished (and was re-created empty by the next write).
 */
export interface LibraryIdentity { mark: string | null }

/** Reads the library's mark, writing a new one when there is none; null when settings cannot be read. */
export async function readOrCreateLibraryMark(db: StudioDb): Promise<string | null> {
  try {
    return await db.transaction('rw', db.settings, async () => {
      const current = (await db.settings.get(MARK_KEY))?.value;
      if (typeof current === 'string') return current;
      const mark = createGraphId();
      await db.settings.put({ key: MARK_KEY, value: mark });
      return mark;
    });
  } catch {
    return null;
  }
}

/**
 * True when the database is not the one `identity` was taken from (its data was cleared):
 * `identity` then adopts the current mark, so every tab that lived through the clearing agrees on it.
 */
export async function adoptIfRecreated(db: StudioDb, identity: LibraryIdentity): Promise<boolean> {
  if (identity.mark === null) return false;
  const current = await readOrCreateLibraryMark(db);
  if (current === null || current === identity.mark) return false;
  identity.mark = current;
  return true;
}
