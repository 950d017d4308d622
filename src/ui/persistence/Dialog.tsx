import { useEffect, useRef, type ReactNode } from 'react';

/** A modal panel on a native <dialog> (focus trap and Escape for free). */
export function Dialog({ title, onClose, children, testId }: { title: string; onClose: () => void; children: ReactNode; testId: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    // No close() on cleanup: unmounting removes the dialog from the top layer anyway, and a
    // close() there would fire `close` (and so onClose) during StrictMode's effect re-run.
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog ref={ref} className="persist-dialog" aria-label={title} onClose={onClose} data-testid={testId}>
      <header className="persist-dialog-head">
        <h2>{title}</h2>
        <button type="button" className="persist-close" aria-label="Close" onClick={onClose}>×</button>
      </header>
      <div className="persist-dialog-body">{children}</div>
    </dialog>
  );
}
