import { FloatingMenu } from '../common/FloatingMenu';
import { useDismissableMenu } from '../common/useDismissableMenu';
import { useEditorStore } from '../editor/store';
import { useRunStore } from '../run/runStore';
import { listExportChoices } from '../export/exportChoices';
import { ExportProblemDialog } from '../export/ExportProblemDialog';
import { startExport, useExportStore } from '../export/exportStore';
import '../export/export.css';

const MENU_WIDTH = 330;
const CHOICES = listExportChoices();

/**
 * The toolbar's Export menu: the graph as a PyTorch or Keras bundle (.zip) or an ONNX model, made
 * in a worker and downloaded. A graph that cannot be exported opens the reasons instead.
 */
export function ExportMenu() {
  const { open, setOpen, root, list, focusOnOpen: firstItem, placement, onListKeyDown } = useDismissableMenu<HTMLButtonElement>(MENU_WIDTH);
  const busy = useExportStore((s) => s.busy);
  const lastMs = useExportStore((s) => s.last?.ms);
  const hasWeights = useEditorStore((s) => Object.keys(s.doc.weights ?? {}).length > 0);
  const seed = useRunStore((s) => s.seed);

  return (
    <div className="menu" ref={root}>
      <button type="button" className="tool-button" aria-haspopup="menu" aria-expanded={open} aria-busy={busy !== null} onClick={() => setOpen((o) => !o)} data-testid="export-button" data-last-ms={lastMs === undefined ? undefined : Math.round(lastMs)}>
        {busy ? 'Exporting…' : 'Export ▾'}
      </button>
      {open && (
        <FloatingMenu placement={placement} list={list} label="Export" width={MENU_WIDTH} onKeyDown={onListKeyDown}>
          {CHOICES.map((c, i) => (
            <button
              key={c.key}
              ref={i === 0 ? firstItem : undefined}
              type="button"
              role="menuitem"
              className="menu-item"
              disabled={busy !== null}
              data-testid={`export-${c.key}`}
              onClick={() => {
                setOpen(false);
                void startExport(c);
              }}
            >
              <span className="menu-item-title">{c.label}</span>
              <span className="menu-item-hint">{c.hint}</span>
            </button>
          ))}
          <p className="menu-note" data-testid="export-weights-note">
            {hasWeights ? `Weights: the graph's own; any layer without is seeded as Run does (seed ${seed}).` : `Weights: none in the graph, so the seeded ones Run uses (seed ${seed}).`}
          </p>
        </FloatingMenu>
      )}
      <ExportProblemDialog />
    </div>
  );
}
