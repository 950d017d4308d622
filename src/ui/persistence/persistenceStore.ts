import { create } from 'zustand';
import type { GraphDocument } from '../../core/graph/types';
import { AutosaveController, type SaveStatus } from '../../store/autosave';
import type { StudioDb } from '../../store/db';
import {
  createGraph, deleteGraph, joinStoredDocument, openGraph, renameGraph, readRevision, snapshotRevision, undoDelete, writeSetting, type DeletedGraph,
} from '../../store/library';
import { createGraphSaver } from '../../store/session';
import { readOrCreateLibraryMark, type LibraryIdentity } from '../../store/libraryMark';
import { clearJournal, writeJournal, type KeyValueStorage } from '../../store/unloadJournal';
import { downloadGraphJson, readGraphFile } from '../../share/files';
import { noteOpening, noteRendered } from './startupGuard';
import { useEditorStore } from '../editor/store';
import { layoutIfNeeded } from '../layout/autoLayout';
import { isReplacement } from './isReplacement';
import type { ImportReport } from '../../core/import/importReport';
import { formatImportReport } from '../../core/import/importReport';
import { importOnnxInWorker, isOnnxFile } from './onnxImportClient';

/** A message above the canvas. `id` keeps one banner per kind; `tone` colours it. */
export interface Banner {
  id: 'conflict' | 'save-failed' | 'closed' | 'unavailable' | 'shared' | 'import' | 'load-error' | 'deleted' | 'set-aside' | 'safe-mode' | 'stuck';
  tone: 'error' | 'warning' | 'info';
  text: string;
  /** Extra lines (an import report). */
  details?: string[];
  /** The library entry the banner is about (safe mode offers it). */
  graphId?: string;
}

export interface PersistenceState {
  db: StudioDb | null;
  /** The library entry being edited; null for a shared link not yet saved, or without IndexedDB. */
  graphId: string | null;
  saveStatus: SaveStatus | null;
  banners: Banner[];
  dialog: 'library' | 'share' | 'revisions' | null;
  lastDeleted: DeletedGraph | null;
  /** The report of the last ONNX import, shown in its panel until closed. */
  onnxImport: { file: string; report: ImportReport } | null;
  /** The name of an .onnx file being imported (in the worker), for the busy notice. */
  importing: string | null;
}

export const usePersistenceStore = create<PersistenceState>()(() => ({
  db: null,
  graphId: null,
  saveStatus: null,
  banners: [],
  dialog: null,
  lastDeleted: null,
  onnxImport: null,
  importing: null,
}));

const set = usePersistenceStore.setState;
const get = usePersistenceStore.getState;

/** Shows (or replaces) the banner with this id. */
export function showBanner(banner: Banner): void {
  set({ banners: [...get().banners.filter((b) => b.id !== banner.id), banner] });
}

/** Hides the banner with this id. */
export function dismissBanner(id: Banner['id']): void {
  set({ banners: get().banners.filter((b) => b.id !== id) });
}

/** Opens or closes one of the persistence dialogs. */
export function setDialog(dialog: PersistenceState['dialog']): void {
  set({ dialog });
}

let controller: AutosaveController | null = null;
let saverSnapshot: ((doc: GraphDocument) => Promise<unknown>) | null = null;
let saverRevision: (() => number) | null = null;
/** The document as loaded: its first appearance in the editor is not an edit. */
let loadedDoc: GraphDocument | null = null;
/** The open graph's entry when it was deleted from the library while open (still on the canvas). */
let deletedOpenId: string | null = null;
/** The entry left when New or a preset replaced the graph: undo goes back to it, not into the new entry. */
interface Replacement { graphId: string; revision: number; doc: GraphDocument; newId: string; newDoc: GraphDocument }
let replaced: Replacement | null = null;
/** A replacement that was undone: redoing it reopens its entry if that still exists (put back from the bin). */
let undoneReplacement: Replacement | null = null;

/** The journal could not take the last unsaved edit (storage full): closing the tab must ask first. */
let journalFailed = false;
let journalled: { doc: GraphDocument; revision: number } | null = null;
/** Above this many characters of weights a journal write is not tried: Web Storage holds about 5 MB. */
const JOURNAL_MAX_WEIGHT_CHARS = 2_000_000;

function weightChars(doc: GraphDocument): number {
  let n = 0;
  for (const tensors of Object.values(doc.weights ?? {})) for (const t of Object.values(tensors)) n += typeof t.data === 'string' ? t.data.length : 0;
  return n;
}

/** Whether a journal write of `doc` is worth trying (Web Storage holds about 5 MB). */
export function fitsJournal(doc: GraphDocument): boolean {
  return weightChars(doc) <= JOURNAL_MAX_WEIGHT_CHARS;
}

/** Edits outside any entry (made while the library did not answer) that no journal holds. */
let detachedUnjournalled = false;

/** The stuck-library journal says whether it holds the latest edit (see stuckJournal). */
export function noteDetachedJournal(holdsLatest: boolean): void {
  detachedUnjournalled = !holdsLatest;
}

/**
 * Keeps the open graph's journal equal to its unsaved edits: written on every edit (a renderer
 * crash or a killed browser fires no pagehide), rewritten at the new base revision after a write
 * with edits still pending, removed once everything is saved.
 */
function journalUnsaved(): void {
  // A drag changes the document every frame; serialising a large graph into localStorage each time
  // made dragging stutter. The journal is written once the drag ends (noteGestureEnded).
  if (useEditorStore.getState().gestureStart !== null) return;
  const graphId = get().graphId;
  if (!graphId || !controller || !saverRevision) return;
  const doc = controller.unsavedDocument();
  const revision = saverRevision();
  if (!doc) {
    if (journalled) clearJournal(browserStorage(), graphId);
    journalled = null;
    journalFailed = false;
    return;
  }
  if (journalled && journalled.doc === doc && journalled.revision === revision) return;
  journalled = { doc, revision };
  journalFailed = !fitsJournal(doc) || !writeJournal(browserStorage(), { graphId, baseRevision: revision, doc, at: Date.now() });
}

/** A drag ended: journal the positions it left (skipped while it ran). */
export function noteGestureEnded(): void {
  journalUnsaved();
}

/** True when closing the tab now would lose edits: not yet in the library and not in the journal. */
export function wouldLoseEdits(): boolean {
  return (journalFailed && hasUnsavedChanges()) || detachedUnjournalled;
}

function onStatus(status: SaveStatus): void {
  set({ saveStatus: status });
  if (status.state === 'saved' || status.state === 'pending') journalUnsaved();
  if (status.state !== 'error') {
    if (get().banners.some((b) => b.id === 'save-failed')) dismissBanner('save-failed');
    return;
  }
  const f = status.failure;
  switch (f.code) {
    case 'conflict':
      showBanner({ id: 'conflict', tone: 'warning', text: `${f.message} Your edits here are not saved until you choose.` });
      return;
    case 'closed':
      showBanner({ id: 'closed', tone: 'error', text: f.message });
      return;
    case 'missing':
      showBanner({ id: 'conflict', tone: 'warning', text: `${f.message} Keep your version as a copy to save it.` });
      return;
    case 'quota':
    case 'unavailable':
    case 'write-failed':
      showBanner({ id: 'save-failed', tone: 'error', text: `${f.message} The graph is still here in this tab.` });
      return;
  }
}

/** Starts autosaving `graphId` (loaded at `revision`), replacing any earlier session. */
function startSession(graphId: string, revision: number, doc: GraphDocument): void {
  controller?.dispose();
  const db = get().db!;
  const saver = createGraphSaver(db, graphId, revision, libraryIdentity);
  saverSnapshot = (d) => snapshotRevision(db, graphId, d, 'save');
  saverRevision = saver.revision;
  controller = new AutosaveController({ save: saver.save, snapshot: saver.snapshot });
  controller.subscribe(onStatus);
  journalled = null;
  journalFailed = false;
  loadedDoc = doc;
  deletedOpenId = null;
  set({ graphId, saveStatus: { state: 'saved', at: null } });
  dismissBanner('conflict');
  noteOpening(browserStorage(), graphId);
  void writeSetting(db, 'lastOpenedGraphId', graphId);
}

/** Starts saving to an entry whose document is already on the canvas (no new drawing will clear the safe-mode note). */
function continueSession(graphId: string, revision: number, doc: GraphDocument): void {
  startSession(graphId, revision, doc);
  noteRendered(browserStorage());
}

/** The canvas drew the open graph: it is safe to open at the next start (see startupGuard). */
export function markCanvasRendered(): void {
  noteRendered(browserStorage());
}

/** The canvas threw while drawing the open graph: the next start must not open it. */
export function markCanvasFailed(): void {
  noteOpening(browserStorage(), get().graphId ?? DETACHED_OPENING);
}

/** Safe mode: the graph that did not get drawn last time, downloaded as a file without opening it. */
export async function downloadLibraryGraph(id: string): Promise<void> {
  const db = get().db;
  if (!db) return;
  const r = await openGraph(db, id);
  if (r.ok) downloadGraphJson(r.record.doc);
  else showBanner({ id: 'load-error', tone: 'error', text: r.error.message });
}

/**
 * Called by the editor-store subscription for every new document. An edit is saved to the open
 * entry; a replacement (New, a preset) becomes a NEW entry so the old graph is not overwritten,
 * and undoing that replacement goes back to the old entry (dropping the new one if untouched).
 */
export function noteDocumentChanged(doc: GraphDocument, prev: GraphDocument): void {
  if (doc === loadedDoc) return;
  const graphId = get().graphId;
  // Undo of New goes back to the old entry, also when New's entry was deleted meanwhile.
  const inNewEntry = replaced && (graphId === replaced.newId || (graphId === null && deletedOpenId === replaced.newId));
  if (replaced && inNewEntry && doc === replaced.doc) {
    const back = replaced;
    replaced = null;
    void switchBack(back, doc);
    return;
  }
  if (graphId && controller && undoneReplacement && doc === undoneReplacement.newDoc && graphId === undoneReplacement.graphId) {
    const redone = undoneReplacement;
    undoneReplacement = null;
    void redoReplacement(redone, doc);
    return;
  }
  if (graphId && controller && isReplacement(prev, doc)) {
    void controller.flush().then(async () => {
      // Read after the flush: it may have written the old graph's last edits.
      const revision = saverRevision?.() ?? 0;
      const ok = await addAndOpen(doc, [], 'The graph', false);
      const newId = get().graphId;
      if (ok && newId && newId !== graphId) replaced = { graphId, revision, doc: prev, newId, newDoc: doc };
    });
    return;
  }
  controller?.markChanged(doc);
  journalUnsaved();
}

async function switchBack(back: Replacement, doc: GraphDocument): Promise<void> {
  const db = get().db;
  if (!db) return;
  await controller?.flush();
  // The entry New made is dropped only if nothing was done in it.
  const created = await db.graphs.get(back.newId).catch(() => undefined);
  if (created && created.revision === 1) await deleteGraph(db, back.newId);
  loadedDoc = doc;
  continueSession(back.graphId, back.revision, doc);
  undoneReplacement = back;
}

/** Redo of New after its undo: back into New's entry when it is in the library again, else a fresh entry. */
async function redoReplacement(redone: Replacement, doc: GraphDocument): Promise<void> {
  const db = get().db;
  if (!db || !controller) return;
  await controller.flush();
  const revision = saverRevision?.() ?? redone.revision;
  const entry = await db.graphs.get(redone.newId).catch(() => undefined);
  if (entry) {
    loadedDoc = doc;
    continueSession(entry.id, entry.revision, doc);
    if (JSON.stringify((await joinStoredDocument(db, entry)).doc) !== JSON.stringify(doc)) controller?.markChanged(doc);
  } else if (!(await addAndOpen(doc, [], 'The graph', false))) return;
  const newId = get().graphId;
  if (newId && newId !== redone.graphId) replaced = { ...redone, revision, newId, newDoc: doc };
}

/** What the start-up guard notes for a graph outside the library (a shared link). */
export const DETACHED_OPENING = '(shared link)';

let fitView: (() => void) | null = null;

/** The canvas's fit-to-view, registered by the toolbar (it lives inside the React Flow provider). */
export function registerFitView(fit: (() => void) | null): void {
  fitView = fit;
}

/** Puts `doc` in the editor as a fresh start (no undo back into the previous graph) and frames it. */
function showInEditor(doc: GraphDocument): void {
  loadedDoc = doc;
  // A fresh start has no undo history: nothing can go back to the entry New replaced.
  replaced = null;
  undoneReplacement = null;
  deletedOpenId = null;
  useEditorStore.getState().loadDocument(doc);
  // Two frames: one for React to render the nodes, one for React Flow to measure them.
  if (fitView && typeof requestAnimationFrame === 'function') requestAnimationFrame(() => requestAnimationFrame(() => fitView?.()));
}

/** Edits only live in this tab (no IndexedDB, or a shared link not yet saved). */
export function detachSession(doc: GraphDocument): void {
  controller?.dispose();
  controller = null;
  set({ graphId: null, saveStatus: null });
  noteOpening(browserStorage(), DETACHED_OPENING);
  showInEditor(doc);
}

/** Opens a library entry in the editor. Returns false (with a banner) when it cannot be read. */
export async function openLibraryGraph(id: string, stillWanted: () => boolean = () => true): Promise<boolean> {
  const db = get().db;
  if (!db) return false;
  await controller?.flush();
  const r = await openGraph(db, id);
  if (!r.ok) {
    showBanner({ id: r.error.code === 'set-aside' ? 'set-aside' : 'load-error', tone: 'error', text: r.error.message });
    return false;
  }
  if (!stillWanted()) return false;
  showInEditor(r.record.doc);
  startSession(r.record.id, r.record.revision, r.record.doc);
  if (r.report.length) showBanner({ id: 'import', tone: 'info', text: `"${r.record.name}" was repaired while opening:`, details: r.report });
  return true;
}

/**
 * Adds `doc` to the library as a NEW entry and opens it; without a library it is opened in
 * memory only. `report` (what the import repaired) is shown as a banner. `placed`, when given,
 * is `doc` at better positions still being computed: the entry is written meanwhile, and the
 * editor opens at them (saved again at once).
 */
export async function addAndOpen(doc: GraphDocument, report: string[] = [], source = 'The graph', reload = true, stillWanted: () => boolean = () => true,
  placed?: Promise<GraphDocument>): Promise<boolean> {
  const db = get().db;
  if (!db) {
    detachSession(await (placed ?? doc));
  } else {
    await controller?.flush();
    const [created, shown] = await Promise.all([createGraph(db, doc), placed ?? doc]);
    if (!created.ok) {
      showBanner({ id: 'save-failed', tone: 'error', text: `${created.error.message} The graph is open here but not in the library.` });
      detachSession(shown);
      return false;
    }
    if (!stillWanted()) return false;
    // A replacement is already in the editor (with its undo step); anything else is loaded fresh.
    if (reload) showInEditor(shown === doc ? created.value.doc : shown);
    startSession(created.value.id, created.value.revision, reload ? created.value.doc : doc);
    const current = useEditorStore.getState().doc;
    if (current !== loadedDoc) controller?.markChanged(current);
    // Positions that arrived while the entry was written: saved now, not after the autosave's pause.
    if (shown !== doc) void controller?.flush();
  }
  if (report.length) showBanner({ id: 'import', tone: 'info', text: `${source} was repaired while opening:`, details: report });
  else dismissBanner('import');
  return true;
}

/** Opens a picked or dropped file as a new library entry, or shows why it cannot be opened. */
export async function importFile(file: File): Promise<boolean> {
  if (isOnnxFile(file)) return importOnnxFile(file);
  const r = await readGraphFile(file);
  if (!r.ok) {
    showBanner({ id: 'load-error', tone: 'error', text: `"${file.name}" was not opened: ${r.error.message}` });
    return false;
  }
  dismissBanner('load-error');
  return addAndOpen(await layOutUnplaced(r.doc, r.unplaced), r.report, `"${file.name}"`);
}

/**
 * Imports an .onnx file in the worker and adds it as a new library entry, its report in the import
 * panel. When the import fails nothing is written: the banner names the problem and the ops that
 * could not be mapped.
 */
export async function importOnnxFile(file: File): Promise<boolean> {
  set({ importing: file.name });
  const r = await importOnnxInWorker(file).finally(() => set({ importing: null }));
  if (!r.ok) {
    const details = r.report ? formatImportReport(r.report).filter((line) => line.trimStart().startsWith('unmapped')) : [];
    showBanner({ id: 'load-error', tone: 'error', text: `"${file.name}" was not imported: ${r.message}`, details });
    return false;
  }
  dismissBanner('load-error');
  set({ onnxImport: { file: file.name, report: r.report } });
  // Stored at its rows-by-depth positions while ELK runs; shown, and saved again, at ELK's.
  return addAndOpen(r.doc, [], `"${file.name}"`, true, undefined, r.laidOut);
}

/** Closes the ONNX import report panel. */
export function closeOnnxReport(): void {
  set({ onnxImport: null });
}

/**
 * A document from a file or link, laid out when its positions are missing or pile up (a generator
 * that wrote every node at one spot); a few unplaced nodes beside placed ones keep the gate's spots.
 */
export async function layOutUnplaced(doc: GraphDocument, unplaced: readonly string[]): Promise<GraphDocument> {
  return layoutIfNeeded(doc, unplaced).catch(() => doc);
}

/** Ctrl/Cmd+S: write now and keep a revision to come back to; outside the library, add the graph to it. */
export async function saveNow(): Promise<void> {
  const doc = useEditorStore.getState().doc;
  if (!controller) {
    // A shared link (or a graph deleted from the library while open): saving adds it.
    if (get().db) await saveSharedToLibrary();
    return;
  }
  // Saving an untouched graph still records the revision the user asked for.
  await controller.flush();
  if (controller.getStatus().state === 'saved' && saverSnapshot) await saverSnapshot(doc);
}

/**
 * Writes the open graph now and keeps it as a revision for `reason` (trained weights landing), so
 * the Revisions list has it at once, not at the next periodic snapshot. Outside the library, nothing.
 */
export async function keepRevisionNow(reason: 'training'): Promise<void> {
  const db = get().db;
  const graphId = get().graphId;
  if (!controller || !db || !graphId) return;
  // The edit that landed the weights is already pending in autosave (the editor store's subscription).
  const doc = useEditorStore.getState().doc;
  await controller.flush();
  if (controller.getStatus().state === 'saved') await snapshotRevision(db, graphId, doc, reason);
}

/** localStorage, or undefined where the browser refuses it. */
export function browserStorage(): KeyValueStorage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/**
 * The page is being hidden or closed: journal unsaved edits synchronously (an IndexedDB write
 * may not finish before the page is gone), then start the normal write.
 */
export function flushNow(): void {
  const graphId = get().graphId;
  const doc = controller?.unsavedDocument();
  if (graphId && doc && saverRevision && !(journalled?.doc === doc && journalled.revision === saverRevision())) {
    writeJournal(browserStorage(), { graphId, baseRevision: saverRevision(), doc, at: Date.now() });
  }
  void controller?.flush();
}

/** True while edits are not yet written. */
export function hasUnsavedChanges(): boolean {
  return controller?.hasUnsavedChanges() ?? false;
}

/** Conflict: drop this tab's edits and load what the other tab saved. */
export async function reloadNewer(): Promise<void> {
  const id = get().graphId;
  if (id) await openLibraryGraph(id);
}

/** Conflict: keep this tab's version as a new library entry and continue editing that. */
export async function keepMineAsCopy(): Promise<void> {
  const doc = useEditorStore.getState().doc;
  controller?.dispose();
  controller = null;
  await addAndOpen({ ...doc, name: `${doc.name} (my copy)` });
}

/** Shared link: add the graph to the library; until now the library was untouched. */
export async function saveSharedToLibrary(): Promise<void> {
  const doc = useEditorStore.getState().doc;
  if (await addAndOpen(doc)) {
    dismissBanner('shared');
    history.replaceState(null, '', location.pathname + location.search);
  }
}

/** Puts a revision back into the editor as one undoable edit (autosave then writes it). */
export async function restoreRevision(revisionId: number): Promise<boolean> {
  const db = get().db;
  const graphId = get().graphId;
  if (!db || !graphId) return false;
  const doc = await readRevision(db, revisionId);
  if (!doc) {
    showBanner({ id: 'load-error', tone: 'error', text: 'That revision could not be read.' });
    return false;
  }
  await snapshotRevision(db, graphId, useEditorStore.getState().doc, 'before-restore');
  useEditorStore.getState().loadDocument(doc, { undoable: true });
  return true;
}

/**
 * Renames an entry from the library. The open graph is renamed in the editor (an undoable edit
 * that autosave writes); renaming it in the database directly would make this tab's next save a conflict.
 */
export async function renameLibraryGraph(id: string, name: string): Promise<void> {
  const db = get().db;
  if (!db) return;
  if (id === get().graphId) {
    const doc = useEditorStore.getState().doc;
    useEditorStore.getState().loadDocument({ ...doc, name }, { undoable: true });
    return;
  }
  const r = await renameGraph(db, id, name);
  if (!r.ok) showBanner({ id: 'save-failed', tone: 'error', text: r.error.message });
}

/** Deletes a library entry; `undoLastDelete` brings it back while the banner shows (10 s). */
export async function deleteLibraryGraph(id: string, name: string): Promise<void> {
  const db = get().db;
  if (!db) return;
  const open = id === get().graphId;
  if (open) {
    controller?.dispose();
    controller = null;
    set({ graphId: null, saveStatus: null });
  }
  const r = await deleteGraph(db, id);
  if (open) deletedOpenId = id;
  if (!r.ok) { showBanner({ id: 'save-failed', tone: 'error', text: r.error.message }); return; }
  if (!r.value) return;
  set({ lastDeleted: r.value });
  showBanner({ id: 'deleted', tone: 'info', text: `"${name}" deleted.` });
  setTimeout(() => {
    if (get().lastDeleted === r.value) { set({ lastDeleted: null }); dismissBanner('deleted'); }
  }, 10_000);
}

/** Undoes the last delete (while its banner is up). */
export async function undoLastDelete(): Promise<void> {
  const { db, lastDeleted } = get();
  if (!db || !lastDeleted) return;
  const r = await undoDelete(db, lastDeleted);
  set({ lastDeleted: null });
  dismissBanner('deleted');
  if (!r.ok) { showBanner({ id: 'save-failed', tone: 'error', text: r.error.message }); return; }
  // The graph on the canvas is that entry again: save to it, with what was edited since.
  const { record } = lastDeleted;
  if (deletedOpenId === record.id && get().graphId === null) {
    continueSession(record.id, record.revision, record.doc);
    const current = useEditorStore.getState().doc;
    if (current !== record.doc) controller?.markChanged(current);
  }
}

/** The mark of the database this tab opened: a save that finds it gone knows the site data was cleared. */
const libraryIdentity: LibraryIdentity = { mark: null };

/** For the bootstrap: the database (null without IndexedDB), and its mark read or written once. */
export async function attachDatabase(db: StudioDb | null): Promise<void> {
  libraryIdentity.mark = db ? await readOrCreateLibraryMark(db) : null;
  set({ db });
}
