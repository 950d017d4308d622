import { useEffect, useState } from 'react';
import { Dialog } from '../persistence/Dialog';
import { isTyping } from './isTyping';
import { SHORTCUTS } from './shortcutList';

/** The keyboard shortcuts in a dialog, opened with `?` anywhere outside a text field. */
export function ShortcutHelp() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '?' || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      e.preventDefault();
      setOpen(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  if (!open) return null;
  return (
    <Dialog title="Keyboard shortcuts" onClose={() => setOpen(false)} testId="shortcut-help">
      <table className="shortcut-table">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.keys}><th scope="row"><kbd>{s.keys}</kbd></th><td>{s.action}</td></tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
