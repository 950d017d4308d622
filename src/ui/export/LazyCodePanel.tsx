import { lazy, Suspense } from 'react';

// The exporter and highlight.js load when the Code tab is first opened, not with the first page.
const CodePanel = lazy(() => import('./CodePanel').then((m) => ({ default: m.CodePanel })));

/** The Code panel, fetched on first use. */
export function LazyCodePanel() {
  return (
    <Suspense fallback={<p className="muted" data-testid="code-loading">Loading the code view…</p>}>
      <CodePanel />
    </Suspense>
  );
}
