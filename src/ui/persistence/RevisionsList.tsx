import { useRef } from 'react';
import type { StudioDb } from '../../store/db';
import { listRevisions } from '../../store/library';
import { Dialog } from './Dialog';
import { useLiveQuery } from './useLiveQuery';

const REASONS = { save: 'Saved (Ctrl+S)', periodic: 'Autosave snapshot', 'before-restore': 'Before a restore', import: 'Imported', training: 'Trained weights' } as const;

interface RevisionsListProps {
  db: StudioDb;
  graphId: string;
  onRestore: (revisionId: number) => void;
  /** Shows what changed from the revision to the open graph (compare mode). */
  onCompare: (revisionId: number, created: number) => void;
  /** The same against a graph file from disk. */
  onCompareFile: (file: File) => void;
  onClose: () => void;
}

/** A graph's snapshots, newest first; restoring one is an undoable edit in the editor, comparing one changes nothing. */
export function RevisionsList({ db, graphId, onRestore, onCompare, onCompareFile, onClose }: RevisionsListProps) {
  const revisions = useLiveQuery(() => listRevisions(db, graphId), [db, graphId]);
  const fileInput = useRef<HTMLInputElement>(null);
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
                <button type="button" className="tool-button" onClick={() => onCompare(r.id, r.created)} title="Show what changed from this revision to the open graph" data-testid="compare-revision">Compare with current</button>
                <button type="button" className="tool-button" onClick={() => onRestore(r.id)}>Restore</button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <p className="revisions-file">
        <button type="button" className="tool-button" onClick={() => fileInput.current?.click()} data-testid="compare-file-button">Compare with a file…</button>
        <span className="muted"> a .cnn.json, a PNG exported here, or an .onnx model</span>
        <input
          ref={fileInput}
          type="file"
          accept=".json,.cnn.json,application/json,image/png,.onnx"
          hidden
          data-testid="compare-file-input"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) onCompareFile(file);
          }}
        />
      </p>
    </Dialog>
  );
}
