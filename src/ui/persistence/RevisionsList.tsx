import type { StudioDb } from '../../store/db';
import { listRevisions } from '../../store/library';
import { Dialog } from './Dialog';
import { useLiveQuery } from './useLiveQuery';

const REASONS = { save: 'Saved (Ctrl+S)', periodic: 'Autosave snapshot', 'before-restore': 'Before a restore', import: 'Imported' } as const;

/** A graph's snapshots, newest first; restoring one is an undoable edit in the editor. */
export function RevisionsList({ db, graphId, onRestore, onClose }: { db: StudioDb; graphId: string; onRestore: (revisionId: number) => void; onClose: () => void }) {
  const revisions = useLiveQuery(() => listRevisions(db, graphId), [db, graphId]);
  return (
    <Dialog title="Revisions" onClose={onClose} testId="revisions-panel">
      {revisions === undefined ? <p className="muted">Loading…</p> : revisions.length === 0 ? (
        <p className="muted">No revisions yet. Press Ctrl+S (⌘S) to keep one; autosave also keeps one every few minutes of editing.</p>
      ) : (
        <ul className="library-list">
          {revisions.map((r) => (
            <li key={r.id} className="library-row" data-testid="revision-row">
              <span className="library-name">{new Date(r.created).toLocaleString()}</span>
              <span className="library-meta">{REASONS[r.reason]} · {r.nodeCount} nodes</span>
              <div className="library-actions">
                <button type="button" className="tool-button" onClick={() => onRestore(r.id)}>Restore</button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Dialog>
  );
}
