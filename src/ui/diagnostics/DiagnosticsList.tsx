import { useEditorStore } from '../editor/store';
import { selectContentDoc } from '../editor/contentDoc';
import { useFraming } from '../canvas/useFraming';
import { DiagnosticItem } from './DiagnosticItem';

/**
 * Every error and warning of the graph, errors first. Clicking a message selects its node and
 * centres the canvas on it; fix buttons apply the patch as one undoable step.
 */
export function DiagnosticsList() {
  const inference = useEditorStore((s) => s.inference);
  const doc = useEditorStore(selectContentDoc);
  const { centreNode } = useFraming();
  const names = new Map(doc.nodes.map((n) => [n.id, n.name]));
  const sorted = [...inference.diagnostics].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  const errors = sorted.filter((d) => d.severity === 'error').length;

  function reveal(nodeId: string) {
    if (!names.has(nodeId)) return;
    useEditorStore.getState().setSelection([nodeId], []);
    centreNode(nodeId);
  }

  return (
    <section className="diagnostics" aria-label="Diagnostics" data-testid="diagnostics">
      <h3>
        Diagnostics{' '}
        <span className="counts">
          <span className={errors > 0 ? 'count-error' : 'count-ok'}>{errors} error{errors === 1 ? '' : 's'}</span>
          {' · '}
          <span className={sorted.length - errors > 0 ? 'count-warning' : 'count-ok'}>{sorted.length - errors} warning{sorted.length - errors === 1 ? '' : 's'}</span>
        </span>
      </h3>
      {sorted.length === 0 ? (
        <p className="muted" data-testid="no-diagnostics">No problems: every shape is known.</p>
      ) : (
        <ul className="diagnostic-list">
          {sorted.map((d, i) => (
            <DiagnosticItem key={`${d.nodeId}-${d.code}-${i}`} diagnostic={d} nodeName={names.get(d.nodeId)} onSelect={() => reveal(d.nodeId)} />
          ))}
        </ul>
      )}
    </section>
  );
}
