import { useEffect } from 'react';
import { isTyping } from './isTyping';
import { useEditorStore } from './store';


/**
 * Editor shortcuts on the whole page: Ctrl/Cmd+Z undo, Ctrl/Cmd+Shift+Z (or Ctrl+Y) redo,
 * Ctrl/Cmd+C copy, V paste, D duplicate, A select all. Delete/Backspace belong to the canvas
 * (the whole list: shortcutList.ts, shown with `?`).
 */
export function useShortcuts(): void {
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || isTyping(event.target)) return;
      const store = useEditorStore.getState();
      const key = event.key.toLowerCase();
      if (key === 'z' && !event.shiftKey) store.undo();
      else if ((key === 'z' && event.shiftKey) || key === 'y') store.redo();
      else if (key === 'c' && !event.shiftKey) {
        // Leave a text selection on the page to the browser's own copy.
        if (window.getSelection()?.toString()) return;
        store.copySelection();
      } else if (key === 'v' && !event.shiftKey) store.paste();
      else if (key === 'd' && !event.shiftKey) store.duplicateSelection();
      else if (key === 'a' && !event.shiftKey) store.setSelection(store.doc.nodes.map((n) => n.id), store.doc.edges.map((e) => e.id));
      else return;
      event.preventDefault();
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
