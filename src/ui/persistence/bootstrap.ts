import type { GraphDocument } from '../../core/graph/types';
import { PRESET_CATALOG } from '../../core/presets/catalog';
import type { StudioDb } from '../../store/db';
import { checkLibrary, listGraphs, readSetting } from '../../store/library';
import { hasIndexedDb, openStudioDb } from '../../store/session';
import { recoverJournals } from '../../store/unloadJournal';
import { isShareHash, readShareHash } from '../../share/shareLink';
import { useEditorStore } from '../editor/store';
import { layoutIfNeeded } from '../layout/autoLayout';
import {
  addAndOpen, attachDatabase, browserStorage, detachSession, DETACHED_OPENING, dismissBanner, flushNow, layOutUnplaced, markCanvasRendered, noteDocumentChanged, noteGestureEnded, openLibraryGraph, showBanner,
} from './persistenceStore';
import { probeVerdict, readLibraryProbe, STUCK_MARK } from './libraryProbe';
import { readUnfinishedOpening } from './startupGuard';
import { journalWhileStuck } from './stuckJournal';

/** How long the library may take to open before the editor starts without it (counted from the page's start when index.html's probe ran). */
export const STUCK_AFTER_MS = 400;

type Opening = 'open' | 'stuck' | { error: unknown };

/**
 * Opens the database, or says it has not answered (the open keeps going): at once when the page's
 * early probe has waited `ms` since the page started, else after `ms`.
 */
async function openWithin(opening: Promise<unknown>, ms: number): Promise<Opening> {
  const done = opening.then((): Opening => 'open', (error: unknown): Opening => ({ error }));
  const early = await Promise.race([done, probeVerdict(readLibraryProbe(), ms)]);
  if (early === 'stuck') markStuck('probe');
  if (early !== 'answered') return early;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stuck = new Promise<'stuck'>((resolve) => { timer = setTimeout(() => resolve('stuck'), ms); });
  const first = await Promise.race([done, stuck]);
  clearTimeout(timer);
  if (first === 'stuck') markStuck('timer');
  return first;
}

/** Marks STUCK_MARK (the browser tests read it). */
function markStuck(by: 'probe' | 'timer'): void {
  performance.mark(STUCK_MARK, { detail: { by } });
}

const unavailableText = (detail: string) => `Saving is not available in this browser (${detail}). The graph lives only in this tab; download the JSON to keep it.`;

/**
 * Decides what the first page shows and starts saving:
 * - `#g=...`: the shared graph, outside the library until "Save to my library" (a damaged link
 *   says so and the usual graph opens instead);
 * - otherwise the last graph opened, or the newest one, or LeNet-5 added to an empty library;
 * - safe mode: a graph whose last opening never got drawn (it froze or crashed the page) is not
 *   opened again; a banner offers it (download, open anyway, delete);
 * - a library that does not answer within STUCK_AFTER_MS (another tab holding an old version
 *   open): the editor starts with LeNet-5 and a banner, and what was edited meanwhile is saved
 *   as a new entry once it answers.
 * Without IndexedDB (private modes) the graph lives in the tab and a banner says so.
 * `onStuck` is called when the editor should be drawn before this finishes (the library is stuck).
 */
export async function startPersistence(onStuck: () => void = () => {}): Promise<void> {
  const unfinished = await readUnfinishedOpening(browserStorage());
  useEditorStore.subscribe((state, prev) => {
    if (state.doc !== prev.doc) noteDocumentChanged(state.doc, prev.doc);
    if (state.gestureStart === null && prev.gestureStart !== null) noteGestureEnded();
  });

  // What the editor holds before the start-up graph is chosen. The editor may be drawn before that
  // (at the first-paint cap, on a slow start): a graph the person opens meanwhile is theirs to keep.
  let before = useEditorStore.getState().doc;
  // Checked again right before a start-up graph replaces the canvas: reading the library takes a
  // while, and a pick made during it must not be replaced either.
  const untouched = () => useEditorStore.getState().doc === before;
  const keptPersonsChoice = async (): Promise<boolean> => {
    const current = useEditorStore.getState().doc;
    if (current === before) return false;
    await keepOnCanvas(current);
    return true;
  };

  let db: StudioDb | null = null;
  if (hasIndexedDb()) {
    const candidate = openStudioDb(() => showBanner({ id: 'closed', tone: 'error', text: 'The library was upgraded by a newer version of this app in another tab, so this tab stopped saving. Download the JSON to keep your edits, then reload.' }));
    const opening = candidate.open();
    let outcome = await openWithin(opening, STUCK_AFTER_MS);
    if (outcome === 'stuck') {
      showBanner({ id: 'stuck', tone: 'warning', text: 'The library is not answering (another tab of this app may hold an older version of it open: closing it usually frees it). You can keep working here; what you edit is kept in this tab and saved to the library once it answers.' });
      const shown = await loadFirstPreset();
      if (!(await keptPersonsChoice())) detachSession(shown);
      before = useEditorStore.getState().doc;
      const stopJournal = journalWhileStuck(shown);
      onStuck();
      outcome = await opening.then((): Opening => 'open', (error: unknown): Opening => ({ error }));
      dismissBanner('stuck');
      if (outcome !== 'open') stopJournal(false);
      else {
        await attachDatabase(candidate);
        const current = useEditorStore.getState().doc;
        if (current === shown) stopJournal(true);
        else {
          stopJournal(await keepOnCanvas(current));
          return;
        }
      }
    }
    if (outcome === 'open') db = candidate;
    else {
      const error = typeof outcome === 'object' ? outcome.error : 'no answer';
      showBanner({ id: 'unavailable', tone: 'error', text: unavailableText(error instanceof Error ? error.message : String(error)) });
    }
  } else {
    showBanner({ id: 'unavailable', tone: 'error', text: 'This browser does not allow saving here (private mode?). The graph lives only in this tab; download the JSON to keep it.' });
  }
  await attachDatabase(db);

  if (db) {
    const setAside = await checkLibrary(db).catch(() => []);
    if (setAside.length) showBanner({ id: 'set-aside', tone: 'warning', text: 'Some saved graphs could not be read and were set aside:', details: setAside });
    const recovered = await recoverJournals(db, browserStorage()).catch(() => []);
    const copies = recovered.flatMap((r) => (r.kind === 'copied' ? [`"${r.name}"`] : []));
    const added = recovered.flatMap((r) => (r.kind === 'added' ? [`"${r.name}"`] : []));
    const unreadable = recovered.flatMap((r) => (r.kind === 'unreadable' ? [r.message] : []));
    const recoveredText = [
      copies.length ? `Edits from your last visit could not be saved over the graph (it changed since), so they were kept as ${copies.join(', ')}.` : '',
      added.length ? `What you edited last time while the library was not answering is now in the library as ${added.join(', ')}.` : '',
    ].filter(Boolean).join(' ');
    if (recoveredText) showBanner({ id: 'import', tone: 'info', text: recoveredText });
    if (unreadable.length) showBanner({ id: 'load-error', tone: 'error', text: unreadable.join(' ') });
  }

  if (await keptPersonsChoice()) return;
  if (isShareHash(location.hash) && unfinished === DETACHED_OPENING) {
    showBanner({ id: 'safe-mode', tone: 'warning', text: 'The shared link in the address bar did not finish opening last time, so it was not opened again. Reload to try it once more.' });
  } else if (isShareHash(location.hash) && (await openShareHash(location.hash))) return;

  if (db) {
    const skipped = unfinished && unfinished !== DETACHED_OPENING && (await db.graphs.get(unfinished).catch(() => undefined)) ? unfinished : null;
    if (skipped) {
      const name = (await listGraphs(db).catch(() => [])).find((g) => g.id === skipped)?.name ?? 'A graph';
      showBanner({ id: 'safe-mode', tone: 'warning', graphId: skipped, text: `"${name}" did not finish opening last time (it may have frozen or crashed the page), so the app started without it. It is still in your library.` });
    }
    const lastId = await readSetting<string>(db, 'lastOpenedGraphId');
    const hasLast = lastId && lastId !== skipped && (await db.graphs.get(lastId));
    if (await keptPersonsChoice()) return;
    if (hasLast && (await openLibraryGraph(lastId, untouched))) return;
    const newest = (await listGraphs(db).catch(() => [])).find((g) => g.id !== skipped);
    if (await keptPersonsChoice()) return;
    if (newest && (await openLibraryGraph(newest.id, untouched))) return;
  }
  const first = await loadFirstPreset();
  if (await keptPersonsChoice()) return;
  if (await addAndOpen(first, [], 'The graph', true, untouched)) return;
  await keptPersonsChoice();
}

/**
 * Adds the graph already on the canvas to the library as a new entry and saves there. It was
 * drawn before its entry existed, so the start-up guard is told now (else the next start would
 * take it for a graph that never finished opening).
 */
async function keepOnCanvas(doc: GraphDocument): Promise<boolean> {
  const added = await addAndOpen(doc, [], 'The graph', false);
  if (added) markCanvasRendered();
  return added;
}

/**
 * LeNet-5, the graph of an empty library, as stored: its positions are already a layout, so the
 * first page does not fetch ELK (about 1.4 MB) before anyone asks for Auto-layout.
 */
export async function loadFirstPreset() {
  return layoutIfNeeded(await PRESET_CATALOG[0].load());
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
