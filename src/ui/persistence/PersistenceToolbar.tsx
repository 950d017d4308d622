import { useEffect, useRef } from 'react';
import { useFraming } from '../canvas/useFraming';
import { downloadFile, downloadGraphJson, sanitizeFileStem } from '../../share/files';
import { exportGraphPng } from '../../share/renderGraphPng';
import { useEditorStore } from '../editor/store';
import { LibraryPanel } from './LibraryPanel';
import { RegionBoundary } from '../common/RegionBoundary';
import {
  deleteLibraryGraph, importFile, openLibraryGraph, registerFitView, renameLibraryGraph, restoreRevision, saveNow, setDialog, showBanner, usePersistenceStore,
} from './persistenceStore';
import { RevisionsList } from './RevisionsList';
import { compareWithFile, compareWithRevision } from '../diff/compareSources';
import { SaveStatus } from './SaveStatus';
import { ShareDialog } from './ShareDialog';
import { usePersistenceEffects } from './usePersistenceEffects';

async function exportPng(): Promise<void> {
  const { doc, inference } = useEditorStore.getState();
  try {
    const png = await exportGraphPng(doc, inference);
    downloadFile(png, `${sanitizeFileStem(doc.name)}.png`, 'image/png');
  } catch (err) {
    showBanner({ id: 'save-failed', tone: 'error', text: `The PNG could not be made: ${err instanceof Error ? err.message : String(err)}` });
  }
}

/**
 * Library, save status, open/download files, PNG export, share and revisions: the buttons for
 * the editor's toolbar slot, plus the dialogs they open and the page-level save wiring.
 */
export function PersistenceToolbar() {
  usePersistenceEffects();
  const { frameGraph } = useFraming();
  useEffect(() => {
    registerFitView(() => frameGraph(200));
    return () => registerFitView(null);
  }, [frameGraph]);
  const fileInput = useRef<HTMLInputElement>(null);
  const db = usePersistenceStore((s) => s.db);
  const graphId = usePersistenceStore((s) => s.graphId);
  const dialog = usePersistenceStore((s) => s.dialog);
  const doc = useEditorStore((s) => s.doc);
  const close = () => setDialog(null);

  return (
    <>
      <SaveStatus />
      <button type="button" className="tool-button" disabled={!db} onClick={() => setDialog('library')} data-testid="library-button">Library</button>
      <button type="button" className="tool-button" disabled={!db} onClick={() => void saveNow()} title={graphId ? 'Save and keep a revision (Ctrl+S)' : 'Add this graph to your library (Ctrl+S)'} data-testid="save-button">Save</button>
      <button type="button" className="tool-button" onClick={() => fileInput.current?.click()} title="Open a .cnn.json file, a PNG exported here, or an ONNX model (.onnx)" data-testid="open-file-button">Open file…</button>
      <input
        ref={fileInput}
        type="file"
        accept=".json,.cnn.json,application/json,image/png,.onnx"
        hidden
        data-testid="open-file-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void importFile(file);
        }}
      />
      <button type="button" className="tool-button" onClick={() => downloadGraphJson(useEditorStore.getState().doc)} data-testid="download-json-button">Download JSON</button>
      <button type="button" className="tool-button" onClick={() => void exportPng()} title="A picture of the graph with the graph inside: drop it back here to open it" data-testid="export-png-button">Export PNG</button>
      <button type="button" className="tool-button" onClick={() => setDialog('share')} data-testid="share-button">Share</button>
      <button type="button" className="tool-button" disabled={!graphId} onClick={() => setDialog('revisions')} data-testid="revisions-button">Revisions</button>

      {dialog === 'library' && db && (
        <RegionBoundary name="library"><LibraryPanel
          db={db}
          currentId={graphId}
          onOpen={(id) => { close(); void openLibraryGraph(id); }}
          onCreated={(id) => { close(); void openLibraryGraph(id); }}
          onDelete={(id, name) => void deleteLibraryGraph(id, name)}
          onRename={(id, name) => void renameLibraryGraph(id, name)}
          onClose={close}
        /></RegionBoundary>
      )}
      {dialog === 'share' && <ShareDialog doc={doc} onClose={close} onExportPng={() => void exportPng()} />}
      {dialog === 'revisions' && db && graphId && (
        <RevisionsList
          db={db}
          graphId={graphId}
          onRestore={(id) => { close(); void restoreRevision(id); }}
          onCompare={(id, created) => { close(); void compareWithRevision(id, created); }}
          onCompareFile={(file) => { close(); void compareWithFile(file); }}
          onClose={close}
        />
      )}
    </>
  );
}
