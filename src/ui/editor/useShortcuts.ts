import { useEffect } from 'react';
import { useEditorStore } from './store';

/** True when the key press belongs to a text field, where Ctrl+Z and friends mean the field's own undo. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

/**
 * Editor shortcuts on the whole page: Ctrl/Cmd+Z undo, Ctrl/Cmd+Shift+Z (or Ctrl+Y) redo,
 * Ctrl/Cmd+C copy, V paste, D duplicate. Delete/Backspace belong to the canvas.
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
      else return;
      event.preventDefault();
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
