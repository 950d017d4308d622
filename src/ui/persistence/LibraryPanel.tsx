import { useState } from 'react';
import { PRESET_CATALOG } from '../../core/presets/catalog';
import type { StudioDb } from '../../store/db';
import { createFromPreset, duplicateGraph, searchGraphs } from '../../store/library';
import { formatCount } from '../../core/format';
import { Dialog } from './Dialog';
import { useLiveQuery } from './useLiveQuery';
import { undoLastDelete, usePersistenceStore } from './persistenceStore';

function describeAge(at: number, now: number): string {
  const s = Math.round((now - at) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return new Date(at).toLocaleDateString();
}

export interface LibraryPanelProps {
  db: StudioDb;
  /** The entry open in the editor (marked in the list). */
  currentId: string | null;
  onOpen: (id: string) => void;
  onDelete: (id: string, name: string) => void;
  onRename: (id: string, name: string) => void;
  /** Called with the id of a new entry (a copy or a preset) to open it. */
  onCreated: (id: string) => void;
  onClose: () => void;
}

/**
 * The library: every saved graph with its node and parameter counts, newest first, live across
 * tabs; search by name; open, rename, duplicate, delete (undoable from the banner), new from preset.
 */
export function LibraryPanel({ db, currentId, onOpen, onDelete, onRename, onCreated, onClose }: LibraryPanelProps) {
  const [query, setQuery] = useState('');
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const graphs = useLiveQuery(() => searchGraphs(db, query), [db, query]);
  // The page behind a modal dialog is inert: the Undo of a delete made here must be in here too.
  const lastDeleted = usePersistenceStore((s) => s.lastDeleted);
  const now = Date.now();

  const commitRename = () => {
    if (!renaming) return;
    const name = renaming.name.trim();
    setRenaming(null);
    if (name && name !== graphs?.find((g) => g.id === renaming.id)?.name) onRename(renaming.id, name);
  };

  return (
    <Dialog title="Library" onClose={onClose} testId="library-panel">
      <div className="library-tools">
        <input type="search" placeholder="Search by name" value={query} onChange={(e) => setQuery(e.target.value)} aria-label="Search graphs by name" data-testid="library-search" autoFocus />
        <select
          aria-label="New from preset"
          value=""
          data-testid="library-new-preset"
          onChange={async (e) => {
            const preset = PRESET_CATALOG.find((p) => p.id === e.target.value);
            if (!preset) return;
            const r = await createFromPreset(db, { doc: await preset.load() });
            if (r.ok) onCreated(r.value.id);
          }}
        >
          <option value="">New from preset…</option>
          {PRESET_CATALOG.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
        </select>
      </div>
      {lastDeleted && (
        <p className="library-deleted" role="status" data-testid="library-deleted">
          "{typeof lastDeleted.record.name === 'string' ? lastDeleted.record.name : 'The graph'}" deleted.
          <button type="button" className="tool-button" onClick={() => void undoLastDelete()} data-testid="library-undo-delete">Undo</button>
        </p>
      )}
      {graphs === undefined ? (
        <p className="muted">Loading…</p>
      ) : graphs.length === 0 ? (
        <p className="muted">{query ? `No graph is called anything like "${query}".` : 'The library is empty.'}</p>
      ) : (
        <ul className="library-list" data-testid="library-list">
          {graphs.map((g) => (
            <li key={g.id} className={`library-row${g.id === currentId ? ' is-current' : ''}`} data-testid="library-row">
              {renaming?.id === g.id ? (
                <input
                  className="library-rename"
                  value={renaming.name}
                  aria-label="New name"
                  autoFocus
                  onChange={(e) => setRenaming({ id: g.id, name: e.target.value })}
                  onBlur={() => commitRename()}
                  onKeyDown={(e) => { if (e.key === 'Enter') commitRename(); if (e.key === 'Escape') setRenaming(null); }}
                />
              ) : (
                <button type="button" className="library-open" onClick={() => onOpen(g.id)} title="Open" data-testid="library-open">
                  <span className="library-name">{g.name}</span>
                  <span className="library-meta">
                    {g.nodeCount} nodes · {g.params === null ? '? params' : `${formatCount(g.params)} params`} · {describeAge(g.updated, now)}
                  </span>
                </button>
              )}
              <div className="library-actions">
                <button type="button" className="tool-button" onClick={() => setRenaming({ id: g.id, name: g.name })}>Rename</button>
                <button type="button" className="tool-button" onClick={async () => { const r = await duplicateGraph(db, g.id); if (r.ok && r.value) onCreated(r.value.id); }}>Duplicate</button>
                <button type="button" className="tool-button is-danger" onClick={() => onDelete(g.id, g.name)} data-testid="library-delete">Delete</button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Dialog>
  );
}
