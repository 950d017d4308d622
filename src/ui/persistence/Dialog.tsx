import { useEffect, useRef, type ReactNode } from 'react';

/** A modal panel on a native <dialog> (focus trap and Escape for free). */
export function Dialog({ title, onClose, children, testId }: { title: string; onClose: () => void; children: ReactNode; testId: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog ref={ref} className="persist-dialog" aria-label={title} onClose={onClose} onCancel={onClose} data-testid={testId}>
      <header className="persist-dialog-head">
        <h2>{title}</h2>
        <button type="button" className="persist-close" aria-label="Close" onClick={onClose}>×</button>
      </header>
      <div className="persist-dialog-body">{children}</div>
    </dialog>
  );
}
