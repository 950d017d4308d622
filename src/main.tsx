import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles/app.css';
import { PRESETS } from './core/presets';
import { App } from './ui/App';
import { installBenchHook } from './ui/debug/benchHook';
import { useEditorStore } from './ui/editor/store';
import { layoutDocument } from './ui/layout/autoLayout';

/** Opens LeNet-5, laid out, so the first page is never blank. */
async function openFirstGraph(): Promise<void> {
  const doc = await layoutDocument(PRESETS[0].doc);
  useEditorStore.getState().loadDocument(doc);
}

installBenchHook();
void openFirstGraph().finally(() => {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
