import { useEffect } from 'react';
import { useEditorStore } from '../editor/store';

const SHOW_MS = 6000;

/** The editor's notice (e.g. why a wire was refused), announced to screen readers, fading after a few seconds. */
export function NoticeToast() {
  const notice = useEditorStore((s) => s.notice);
  const dismiss = useEditorStore((s) => s.dismissNotice);
  useEffect(() => {
    if (!notice) return undefined;
    const timer = window.setTimeout(() => dismiss(notice.id), SHOW_MS);
    return () => window.clearTimeout(timer);
  }, [notice, dismiss]);
  return (
    <div className="notice-region" role="status" aria-live="polite">
      {notice && (
        <div className={`notice notice-${notice.tone}`} data-testid="notice">
          <span>{notice.text}</span>
          <button type="button" className="notice-close" aria-label="Dismiss" onClick={() => dismiss(notice.id)}>×</button>
        </div>
      )}
    </div>
  );
}
