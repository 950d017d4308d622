import type { ReactNode } from 'react';
import { PRESET_CATALOG } from '../../core/presets/catalog';
import { useEditorStore } from '../editor/store';
import { useFraming } from '../canvas/useFraming';
import { whenMeasured } from '../canvas/whenMeasured';
import { createEmptyDocument } from '../editor/graphEdits';
import { layoutDocument } from '../layout/autoLayout';
import { ThemeMenu } from '../theme/ThemeMenu';
import { DrawerButton } from '../layout/Drawers';
import { ExportMenu } from './ExportMenu';
import { PresetsMenu, type PresetEntry } from './PresetsMenu';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = isMac ? '⌘' : 'Ctrl+';

/** Loads a preset (its chunk is fetched on first use) laid out by ELK, as one undoable step, and frames it once measured. */
export async function openPreset(preset: PresetEntry, fit?: () => void): Promise<void> {
  const doc = await layoutDocument(await preset.load());
  useEditorStore.getState().loadDocument(doc, { undoable: true });
  if (fit) whenMeasured(fit);
}

/**
 * The top bar: New, Presets, Undo, Redo, Auto-layout, then `extras` (file and sharing actions
 * mounted by the app), Export, and `runControls` at the right end.
 */
export function Toolbar({ extras, runControls }: { extras?: ReactNode; runControls?: ReactNode }) {
  const canUndo = useEditorStore((s) => s.history.past.length > 0);
  const canRedo = useEditorStore((s) => s.history.future.length > 0);
  const docName = useEditorStore((s) => s.doc.name);
  const { frameGraph } = useFraming();
  const fit = () => frameGraph(200);

  return (
    <header className="toolbar" role="toolbar" aria-label="Editor actions">
      <DrawerButton drawer="palette" label="Layers" />
      {/* Everything but the theme and Run scrolls sideways when the window is narrow, so Run never leaves the screen. */}
      <div className="toolbar-main" data-testid="toolbar-main">
      <span className="brand" aria-hidden="true">CNN Graph Studio</span>
      {/* A narrow toolbar cuts a long name to a few letters; the tooltip gives it whole. */}
      <span className="doc-name" title={`Graph name: ${docName}`} data-testid="doc-name">{docName}</span>
      <div className="toolbar-group">
        <button type="button" className="tool-button" data-testid="new-button" onClick={() => useEditorStore.getState().loadDocument(createEmptyDocument(), { undoable: true })}>
          New
        </button>
        <PresetsMenu presets={PRESET_CATALOG} onPick={(p) => void openPreset(p, fit)} />
      </div>
      <div className="toolbar-group">
        <button type="button" className="tool-button icon" disabled={!canUndo} onClick={() => useEditorStore.getState().undo()} aria-label="Undo" title={`Undo (${MOD}Z)`} data-testid="undo-button">
          ↶
        </button>
        <button type="button" className="tool-button icon" disabled={!canRedo} onClick={() => useEditorStore.getState().redo()} aria-label="Redo" title={`Redo (${MOD}Shift+Z)`} data-testid="redo-button">
          ↷
        </button>
        <button type="button" className="tool-button" onClick={() => void useEditorStore.getState().autoLayout().then(() => whenMeasured(fit))} title="Arrange top to bottom" data-testid="layout-button">
          Auto-layout
        </button>
      </div>
      <div className="toolbar-group toolbar-extras" data-testid="toolbar-extras">{extras}</div>
      <div className="toolbar-group"><ExportMenu /></div>
      </div>
      <ThemeMenu />
      <div className="toolbar-group toolbar-run" data-testid="toolbar-run">{runControls}</div>
      <DrawerButton drawer="side" label="Details" />
    </header>
  );
}
