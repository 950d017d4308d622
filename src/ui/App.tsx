import { useState, type ReactNode } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { Canvas } from './canvas/Canvas';
import { DiagnosticsList } from './diagnostics/DiagnosticsList';
import { useEditorStore } from './editor/store';
import { ShortcutHelp } from './editor/ShortcutHelp';
import { useShortcuts } from './editor/useShortcuts';
import { Inspector } from './inspector/Inspector';
import { NoticeToast } from './notices/NoticeToast';
import { Palette } from './palette/Palette';
import { SummaryTable } from './summary/SummaryTable';
import { Toolbar } from './toolbar/Toolbar';
import { DrawerScrim } from './layout/Drawers';
import { isNarrowScreen, useDrawerStore } from './layout/drawerStore';

/** An extra tab in the right-hand column beside the inspector (e.g. running the model). */
export interface SidePanel { id: string; title: string; content: ReactNode }

/**
 * Places other features mount into the editor without editing its layout:
 * - `toolbarExtras`: buttons after Undo/Redo/Auto-layout (Save, Open, Share ...);
 * - `runControls`: the right end of the toolbar (Run);
 * - `banners`: full-width messages above the canvas (save failures, imported-file reports);
 * - `sidePanels`: tabs beside the Inspector in the right column.
 */
export interface AppSlots {
  toolbarExtras?: ReactNode;
  runControls?: ReactNode;
  banners?: ReactNode;
  sidePanels?: readonly SidePanel[];
}

function BottomPanel() {
  // On a phone the canvas comes first; the summary is a tap away.
  const [open, setOpen] = useState(() => !isNarrowScreen());
  const errors = useEditorStore((s) => s.inference.diagnostics.filter((d) => d.severity === 'error').length);
  const clean = useEditorStore((s) => s.inference.diagnostics.length === 0);
  return (
    <section className={`bottom-panel${open ? '' : ' is-collapsed'}`} aria-label="Model summary and diagnostics">
      <button type="button" className="bottom-toggle" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="bottom-toggle">
        {open ? '▾' : '▸'} Summary &amp; diagnostics{!open && errors > 0 ? ` (${errors} error${errors === 1 ? '' : 's'})` : ''}
      </button>
      {open && (
        <div className={`bottom-content${clean ? ' is-clean' : ''}`}>
          <SummaryTable />
          <DiagnosticsList />
        </div>
      )}
    </section>
  );
}

function SideColumn({ panels }: { panels: readonly SidePanel[] }) {
  const [active, setActive] = useState('inspector');
  const open = useDrawerStore((s) => s.drawer === 'side');
  const tabs = [{ id: 'inspector', title: 'Inspector' }, ...panels];
  return (
    <aside className={`side-column${open ? ' is-open' : ''}`} aria-label="Details" id="drawer-side" data-testid="side-column">
      {panels.length > 0 && (
        <div className="side-tabs" role="tablist">
          {tabs.map((t) => (
            <button key={t.id} type="button" role="tab" aria-selected={active === t.id} className="side-tab" onClick={() => setActive(t.id)}>
              {t.title}
            </button>
          ))}
        </div>
      )}
      <div className="side-body">{active === 'inspector' ? <Inspector /> : panels.find((p) => p.id === active)?.content ?? <Inspector />}</div>
    </aside>
  );
}

function Editor({ toolbarExtras, runControls, banners, sidePanels = [] }: AppSlots) {
  useShortcuts();
  return (
    <div className="app">
      <Toolbar extras={toolbarExtras} runControls={runControls} />
      <Palette />
      <DrawerScrim />
      <main className="centre">
        {banners && <div className="banners" data-testid="banners">{banners}</div>}
        <div className="canvas-wrap">
          <Canvas />
          <NoticeToast />
        </div>
        <BottomPanel />
      </main>
      <SideColumn panels={sidePanels} />
      <ShortcutHelp />
    </div>
  );
}

/** The editor: toolbar, palette, canvas, inspector and the summary/diagnostics panel. */
export function App(slots: AppSlots) {
  return (
    <ReactFlowProvider>
      <Editor {...slots} />
    </ReactFlowProvider>
  );
}
