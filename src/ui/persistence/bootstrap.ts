import { PRESETS } from '../../core/presets';
import { checkLibrary, listGraphs, readSetting } from '../../store/library';
import { hasIndexedDb, openStudioDb } from '../../store/session';
import { recoverJournal } from '../../store/unloadJournal';
import { isShareHash, readShareHash } from '../../share/shareLink';
import { useEditorStore } from '../editor/store';
import { layoutDocument } from '../layout/autoLayout';
import {
  addAndOpen, attachDatabase, browserStorage, detachSession, flushNow, layOutUnplaced, noteDocumentChanged, openLibraryGraph, showBanner,
} from './persistenceStore';

/**
 * Decides what the first page shows and starts saving:
 * - `#g=...`: the shared graph, outside the library until "Save to my library" (a damaged link
 *   says so and the usual graph opens instead);
 * - otherwise the last graph opened, or the newest one, or LeNet-5 added to an empty library.
 * Without IndexedDB (private modes) the graph lives in the tab and a banner says so.
 */
export async function startPersistence(): Promise<void> {
  let db = null;
  if (hasIndexedDb()) {
    db = openStudioDb(() => showBanner({ id: 'closed', tone: 'error', text: 'The library was upgraded by a newer version of this app in another tab, so this tab stopped saving. Download the JSON to keep your edits, then reload.' }));
    try {
      await db.open();
    } catch (err) {
      db = null;
      showBanner({ id: 'unavailable', tone: 'error', text: `Saving is not available in this browser (${err instanceof Error ? err.message : String(err)}). The graph lives only in this tab; download the JSON to keep it.` });
    }
  } else {
    showBanner({ id: 'unavailable', tone: 'error', text: 'This browser does not allow saving here (private mode?). The graph lives only in this tab; download the JSON to keep it.' });
  }
  attachDatabase(db);
  useEditorStore.subscribe((state, prev) => {
    if (state.doc !== prev.doc) noteDocumentChanged(state.doc, prev.doc);
  });

  if (db) {
    const setAside = await checkLibrary(db).catch(() => []);
    if (setAside.length) showBanner({ id: 'set-aside', tone: 'warning', text: 'Some saved graphs could not be read and were set aside:', details: setAside });
    const recovered = await recoverJournal(db, browserStorage()).catch(() => null);
    if (recovered?.kind === 'copied') showBanner({ id: 'import', tone: 'info', text: `Edits from your last visit could not be saved over the graph (it changed since), so they were kept as "${recovered.name}".` });
    if (recovered?.kind === 'unreadable') showBanner({ id: 'load-error', tone: 'error', text: recovered.message });
  }

  if (isShareHash(location.hash) && (await openShareHash(location.hash))) return;

  if (db) {
    const lastId = await readSetting<string>(db, 'lastOpenedGraphId');
    if (lastId && (await db.graphs.get(lastId)) && (await openLibraryGraph(lastId))) return;
    const newest = (await listGraphs(db).catch(() => []))[0];
    if (newest && (await openLibraryGraph(newest.id))) return;
  }
  await addAndOpen(await layoutDocument(PRESETS[0].doc));
}

/**
 * Opens the graph of a share link (`#g=...`) outside the library, with a banner saying so; a
 * damaged link gets an error banner and the open graph stays. Pending edits of the open graph
 * are written first. Used at start-up and when a link is pasted into an open tab (`hashchange`).
 */
export async function openShareHash(hash: string): Promise<boolean> {
  const shared = readShareHash(hash);
  if (!shared.ok) {
    showBanner({ id: 'load-error', tone: 'error', text: shared.error.message });
    return false;
  }
  flushNow();
  detachSession(await layOutUnplaced(shared.doc, shared.unplaced));
  showBanner({ id: 'shared', tone: 'info', text: `You are looking at a shared graph, "${shared.doc.name}". It is not in your library yet.`, details: shared.report });
  return true;
}
