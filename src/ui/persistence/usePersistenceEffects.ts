import { useEffect } from 'react';
import { isShareHash } from '../../share/shareLink';
import { openShareHash } from './bootstrap';
import { flushNow, importFile, saveNow, wouldLoseEdits } from './persistenceStore';

const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');

/**
 * Page-level wiring: write pending edits when the page is hidden or left (`pagehide`,
 * `visibilitychange`), Ctrl/Cmd+S to save with a revision, and a file dropped anywhere on the
 * page (the canvas included) opens it as a new library entry instead of navigating away; a share
 * link pasted into the address bar of the open tab opens at once (`hashchange`), not on reload.
 */
export function usePersistenceEffects(): void {
  useEffect(() => {
    const onHidden = () => { if (document.visibilityState === 'hidden') flushNow(); };
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 's') {
        e.preventDefault();
        void saveNow();
      }
    };
    const onDragOver = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const onDrop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      const file = e.dataTransfer?.files[0];
      if (file) void importFile(file);
    };
    // Storage full: the edits are neither saved nor journalled, so the browser asks before closing.
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (!wouldLoseEdits()) return;
      e.preventDefault();
      e.returnValue = '';
    };
    const onHash = () => { if (isShareHash(location.hash)) void openShareHash(location.hash); };
    window.addEventListener('hashchange', onHash);
    window.addEventListener('beforeunload', onBeforeUnload);
    window.addEventListener('pagehide', flushNow);
    document.addEventListener('visibilitychange', onHidden);
    window.addEventListener('keydown', onKey);
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('hashchange', onHash);
      window.removeEventListener('beforeunload', onBeforeUnload);
      window.removeEventListener('pagehide', flushNow);
      document.removeEventListener('visibilitychange', onHidden);
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
    };
  }, []);
}
