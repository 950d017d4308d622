import { useState, type ReactNode } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { Canvas } from './canvas/Canvas';
import { RegionBoundary, RenderedSignal } from './common/RegionBoundary';
import { DiagnosticsList } from './diagnostics/DiagnosticsList';
import { useEditorStore } from './editor/store';
import { selectContentDoc } from './editor/contentDoc';
import { ShortcutHelp } from './editor/ShortcutHelp';
import { useShortcuts } from './editor/useShortcuts';
import { Inspector } from './inspector/Inspector';
import { NoticeToast } from './notices/NoticeToast';
import { ComparePanel } from './diff/ComparePanel';
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
  /** Called once the canvas has drawn a document and kept it on screen (start-up safe mode). */
  onCanvasRendered?: () => void;
  /** Called when the canvas throws while drawing (the graph is then not safe to reopen at start-up). */
  onCanvasFailed?: () => void;
}

const noop = () => {};

/** The canvas region: a throw inside it shows an error there; the signal says when a graph was drawn. */
function CanvasRegion({ onRendered, onFailed }: { onRendered: () => void; onFailed: () => void }) {
  // Moving nodes neither resets the boundary nor notes the graph as drawn again (a storage write).
  const doc = useEditorStore(selectContentDoc);
  return (
    <RegionBoundary name="canvas" resetKey={doc} onError={onFailed}>
      {doc.nodes.length > 0 && <RenderedSignal renderKey={doc} onRendered={onRendered} selector=".react-flow__node .layer-node" />}
      <Canvas />
    </RegionBoundary>
  );
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
          <RegionBoundary name="summary"><SummaryTable /></RegionBoundary>
          <RegionBoundary name="diagnostics"><DiagnosticsList /></RegionBoundary>
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
    <aside className={`side-column${open ? ' is-open' : ''}`} aria-label="Details" id="drawer-side" data-testid="side-column" data-tab={active}>
      {panels.length > 0 && (
        <div className="side-tabs" role="tablist">
          {tabs.map((t) => (
            <button key={t.id} type="button" role="tab" aria-selected={active === t.id} className="side-tab" onClick={() => setActive(t.id)}>
              {t.title}
            </button>
          ))}
        </div>
      )}
      <div className="side-body">
        <RegionBoundary key={active} name={active === 'inspector' ? 'inspector' : `${panels.find((p) => p.id === active)?.title ?? 'side'} panel`}>
          {active === 'inspector' ? <Inspector /> : panels.find((p) => p.id === active)?.content ?? <Inspector />}
        </RegionBoundary>
      </div>
    </aside>
  );
}

function Editor({ toolbarExtras, runControls, banners, sidePanels = [], onCanvasRendered = noop, onCanvasFailed = noop }: AppSlots) {
  useShortcuts();
  return (
    <div className="app">
      <RegionBoundary name="toolbar"><Toolbar extras={toolbarExtras} runControls={runControls} /></RegionBoundary>
      <RegionBoundary name="palette"><Palette /></RegionBoundary>
      <DrawerScrim />
      <main className="centre">
        {banners && <div className="banners" data-testid="banners"><RegionBoundary name="banners">{banners}</RegionBoundary></div>}
        <div className="canvas-wrap">
          <CanvasRegion onRendered={onCanvasRendered} onFailed={onCanvasFailed} />
          <NoticeToast />
          <RegionBoundary name="compare"><ComparePanel /></RegionBoundary>
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
