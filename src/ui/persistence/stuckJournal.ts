import type { GraphDocument } from '../../core/graph/types';
import { clearJournal, NEVER_SAVED, writeJournal } from '../../store/unloadJournal';
import { useEditorStore } from '../editor/store';
import { browserStorage, fitsJournal, noteDetachedJournal } from './persistenceStore';

/**
 * While the library does not answer, the graph on the canvas is in no entry, so the autosave
 * journal (keyed by entry) has nothing to write to. This one journals every edit under an id of
 * this tab's own, with no base revision: closed before the library answers, the tab's work is
 * added to the library as a new entry at the next start (see recoverJournals). An edit too big
 * for Web Storage makes closing the tab ask first. Returns `stop`, which ends the journalling
 * and, once the work is safely in the library, forgets it.
 */
export function journalWhileStuck(shown: GraphDocument): (saved: boolean) => void {
  const graphId = `unsaved-${crypto.randomUUID()}`;
  const unsubscribe = useEditorStore.subscribe((state, prev) => {
    if (state.doc === prev.doc) return;
    if (state.doc === shown) {
      clearJournal(browserStorage(), graphId);
      noteDetachedJournal(true);
      return;
    }
    const written = fitsJournal(state.doc) && writeJournal(browserStorage(), { graphId, baseRevision: NEVER_SAVED, doc: state.doc, at: Date.now() });
    noteDetachedJournal(written);
  });
  return (saved) => {
    unsubscribe();
    if (!saved) return;
    clearJournal(browserStorage(), graphId);
    noteDetachedJournal(true);
  };
}
