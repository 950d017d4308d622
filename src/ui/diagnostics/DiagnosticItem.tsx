import type { Diagnostic } from '../../core/shape/types';
import { useEditorStore } from '../editor/store';

/** One diagnostic: severity, message and a button per machine-applicable fix (each one undoable step). */
export function DiagnosticItem({ diagnostic, nodeName, onSelect }: { diagnostic: Diagnostic; nodeName?: string; onSelect?: () => void }) {
  const d = diagnostic;
  return (
    <li className={`diagnostic is-${d.severity}`} data-testid="diagnostic" data-code={d.code}>
      <span className="diagnostic-icon" role="img" aria-label={d.severity}>{d.severity === 'error' ? '!' : '⚠'}</span>
      <div className="diagnostic-body">
        {onSelect ? (
          <button type="button" className="diagnostic-message as-link" onClick={onSelect} title="Show this node">
            {nodeName && d.message.startsWith(`${nodeName}:`) ? (
              <>
                <strong>{nodeName}:</strong>
                {d.message.slice(nodeName.length + 1)}
              </>
            ) : (
              <>
                {nodeName && <strong>{nodeName}: </strong>}
                {d.message}
              </>
            )}
          </button>
        ) : (
          <span className="diagnostic-message">{d.message}</span>
        )}
        {d.fixes.length > 0 && (
          <div className="diagnostic-fixes">
            {d.fixes.map((fix, i) => (
              <button key={i} type="button" className="fix-button" onClick={() => useEditorStore.getState().applyFix(fix.patch)} data-testid="fix-button">
                Fix: {fix.label}
              </button>
            ))}
          </div>
        )}
      </div>
    </li>
  );
}
