import { usePersistenceStore } from './persistenceStore';

function describeTime(at: number): string {
  return new Date(at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** "Saved", "Saving…", "Unsaved changes", "Not saved: why", or "Not in your library". */
export function SaveStatus() {
  const status = usePersistenceStore((s) => s.saveStatus);
  const graphId = usePersistenceStore((s) => s.graphId);
  let text: string;
  let tone = 'ok';
  let title: string | undefined;
  if (!graphId || !status) { text = 'Not in your library'; tone = 'muted'; }
  else {
    switch (status.state) {
      case 'saved': text = 'Saved'; title = status.at ? `Saved at ${describeTime(status.at)}` : undefined; break;
      case 'pending': text = 'Unsaved changes'; tone = 'muted'; break;
      case 'saving': text = 'Saving…'; tone = 'muted'; break;
      case 'error': text = 'Not saved'; tone = 'error'; title = status.failure.message; break;
    }
  }
  return <span className={`save-status save-${tone}`} role="status" aria-live="polite" title={title} data-testid="save-status">{text}</span>;
}
