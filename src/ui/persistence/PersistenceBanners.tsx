import { useEditorStore } from '../editor/store';
import { downloadGraphJson } from '../../share/files';
import {
  deleteLibraryGraph, dismissBanner, downloadLibraryGraph, keepMineAsCopy, openLibraryGraph, reloadNewer, saveSharedToLibrary, undoLastDelete, usePersistenceStore, type Banner,
} from './persistenceStore';
import { OnnxImportPanel } from './OnnxImportPanel';
import './persistence.css';

const downloadCurrent = () => downloadGraphJson(useEditorStore.getState().doc);

function BannerActions({ banner }: { banner: Banner }) {
  switch (banner.id) {
    case 'conflict':
      return (
        <>
          <button type="button" className="tool-button" onClick={() => void reloadNewer()} data-testid="conflict-reload">Load the newer version</button>
          <button type="button" className="tool-button" onClick={() => void keepMineAsCopy()} data-testid="conflict-keep-copy">Keep mine as a copy</button>
        </>
      );
    case 'save-failed':
    case 'closed':
    case 'unavailable':
      return <button type="button" className="tool-button" onClick={downloadCurrent} data-testid="banner-download-json">Download JSON</button>;
    case 'shared':
      return <button type="button" className="tool-button is-primary" onClick={() => void saveSharedToLibrary()} data-testid="save-shared">Save to my library</button>;
    case 'deleted':
      return <button type="button" className="tool-button" onClick={() => void undoLastDelete()} data-testid="undo-delete">Undo</button>;
    case 'safe-mode': {
      const id = banner.graphId;
      if (!id) return null;
      return (
        <>
          <button type="button" className="tool-button" onClick={() => void downloadLibraryGraph(id)} data-testid="safe-mode-download">Download it</button>
          <button type="button" className="tool-button" onClick={() => { dismissBanner('safe-mode'); void openLibraryGraph(id); }} data-testid="safe-mode-open">Open it anyway</button>
          <button type="button" className="tool-button" onClick={() => { dismissBanner('safe-mode'); void deleteLibraryGraph(id, 'The graph'); }} data-testid="safe-mode-delete">Delete it</button>
        </>
      );
    }
    case 'import':
    case 'load-error':
    case 'set-aside':
    case 'stuck':
      return null;
  }
}

/** The persistence banners (conflict, failures, shared link, import reports), each with its actions. Text only: names are never HTML. */
export function PersistenceBanners() {
  const banners = usePersistenceStore((s) => s.banners);
  return (
    <>
      <OnnxImportPanel />
      {banners.map((b) => (
        <div key={b.id} className={`persist-banner persist-${b.tone}`} role={b.tone === 'error' ? 'alert' : 'status'} data-testid={`banner-${b.id}`}>
          <div className="persist-banner-text">
            <span>{b.text}</span>
            {b.details && b.details.length > 0 && (
              <ul className="persist-banner-details">{b.details.map((d, i) => <li key={i}>{d}</li>)}</ul>
            )}
          </div>
          <div className="persist-banner-actions">
            <BannerActions banner={b} />
            {b.id !== 'conflict' && b.id !== 'closed' && b.id !== 'shared' && (
              <button type="button" className="persist-close" aria-label="Dismiss" onClick={() => dismissBanner(b.id)}>×</button>
            )}
          </div>
        </div>
      ))}
    </>
  );
}
