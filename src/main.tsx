import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles/app.css';
import { App } from './ui/App';
import { installBenchHook } from './ui/debug/benchHook';
import { LazyCodePanel } from './ui/export/LazyCodePanel';
import { useEditorStore } from './ui/editor/store';
import { loadFirstPreset, startPersistence } from './ui/persistence/bootstrap';
import { PersistenceBanners } from './ui/persistence/PersistenceBanners';
import { markCanvasFailed, markCanvasRendered } from './ui/persistence/persistenceStore';
import { PersistenceToolbar } from './ui/persistence/PersistenceToolbar';
import { RunControls } from './ui/run/RunControls';
import { installRunHook } from './ui/run/runDebugHook';
import { RunSidePanel } from './ui/run/RunSidePanel';
import { installTheme } from './ui/theme/themeStore';
import { TrainSidePanel } from './ui/train/TrainPanel';

/** Opens a shared link or the last graph from the library; LeNet-5 if even that fails, so the first page is never blank. */
async function openFirstGraph(onStuck: () => void): Promise<void> {
  try {
    await startPersistence(onStuck);
  } catch {
    useEditorStore.getState().loadDocument(await loadFirstPreset());
  }
}

installTheme();
installBenchHook();
installRunHook();
/** The longest the page stays blank while the first graph loads, whatever holds it up. */
const FIRST_PAINT_CAP_MS = 2500;

let drawn = false;
/**
 * Draws the editor once: after the first graph is loaded (so it appears whole), as soon as the
 * library is known to be stuck, or at the cap: a library that never answers must not leave the
 * page blank.
 */
function drawEditor(): void {
  if (drawn) return;
  drawn = true;
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App
        toolbarExtras={<PersistenceToolbar />}
        banners={<PersistenceBanners />}
        runControls={<RunControls />}
        sidePanels={[{ id: 'run', title: 'Run', content: <RunSidePanel /> }, { id: 'train', title: 'Train', content: <TrainSidePanel /> }, { id: 'code', title: 'Code', content: <LazyCodePanel /> }]}
        onCanvasRendered={markCanvasRendered}
        onCanvasFailed={markCanvasFailed}
      />
    </StrictMode>,
  );
}

setTimeout(drawEditor, FIRST_PAINT_CAP_MS);
void openFirstGraph(drawEditor).finally(drawEditor);
