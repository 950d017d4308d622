import type { ReactNode } from 'react';
import { usePersistenceStore } from './persistenceStore';

// One formatter: building one per call (toLocaleTimeString with options) costs about a millisecond.
const TIME_FORMAT = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

function describeTime(at: number): string {
  return TIME_FORMAT.format(new Date(at));
}

/** "Saved", "Saving…", "Unsaved changes", "Not saved: why", or "Not in your library". */
export function SaveStatus() {
  const status = usePersistenceStore((s) => s.saveStatus);
  const graphId = usePersistenceStore((s) => s.graphId);
  let text: ReactNode;
  let tone = 'ok';
  let title: string | undefined;
  if (!graphId || !status) { text = 'Not in your library'; tone = 'muted'; }
  else {
    switch (status.state) {
      case 'saved': text = 'Saved'; title = status.at ? `Saved at ${describeTime(status.at)}` : undefined; break;
      // A crowded toolbar (<= 1600 px) hides " changes" (persistence.css); the title keeps it whole.
      case 'pending': text = <>Unsaved<span className="save-status-more"> changes</span></>; tone = 'muted'; title = 'Unsaved changes'; break;
      case 'saving': text = 'Saving…'; tone = 'muted'; break;
      case 'error': text = 'Not saved'; tone = 'error'; title = status.failure.message; break;
    }
  }
  // The slot is as wide as the longest label (see persistence.css), so the toolbar buttons after
  // it do not move while a person aims at them each time an edit is saved.
  return (
    <span className={`save-status save-${tone}`} role="status" aria-live="polite" title={title} data-testid="save-status">
      <span className="save-status-text">{text}</span>
    </span>
  );
}
