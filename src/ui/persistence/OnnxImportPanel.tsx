import { closeOnnxReport, usePersistenceStore } from './persistenceStore';

const total = (list: ReadonlyArray<{ count: number }>) => list.reduce((n, e) => n + e.count, 0);

/**
 * The report of the last ONNX import, above the canvas: which ops became which layers, which were
 * folded into a neighbour (and how), which could not be mapped (and why), renamed nodes and notes.
 * Also the busy line while an import runs in the worker. Text only: op and node names are never HTML.
 */
export function OnnxImportPanel() {
  const importing = usePersistenceStore((s) => s.importing);
  const state = usePersistenceStore((s) => s.onnxImport);
  if (importing) return <div className="persist-banner" role="status" data-testid="onnx-importing">Importing “{importing}”…</div>;
  if (!state) return null;
  const { file, report } = state;
  return (
    <section className="persist-banner onnx-report" aria-label="ONNX import report" data-testid="onnx-report">
      <div className="persist-banner-text">
        <strong>Imported “{file}”</strong>: {report.onnxNodes} ONNX nodes (opset {report.opset}{report.producer ? `, ${report.producer}` : ''}) → {report.layers} layers.
        {' '}<span data-testid="onnx-report-counts">mapped {total(report.mapped)}, folded {total(report.folded)}, unsupported {total(report.unmapped)}</span>
        <details>
          <summary>Details</summary>
          <div className="onnx-report-columns">
            <div>
              <h3>Mapped</h3>
              <ul data-testid="onnx-report-mapped">{report.mapped.map((m) => <li key={m.opType}>{m.opType} ×{m.count} → {m.kinds.join(', ')}</li>)}</ul>
            </div>
            <div>
              <h3>Folded</h3>
              {report.folded.length === 0 ? <p className="muted">none</p>
                : <ul data-testid="onnx-report-folded">{report.folded.map((f) => <li key={f.opType}>{f.opType} ×{f.count}: {f.how.join('; ')}</li>)}</ul>}
            </div>
            <div>
              <h3>Unsupported</h3>
              {report.unmapped.length === 0 ? <p className="muted">none</p>
                : <ul data-testid="onnx-report-unmapped">{report.unmapped.map((u) => <li key={u.opType}>{u.opType} ×{u.count}: {u.reasons.join('; ')} ({u.nodes.slice(0, 5).join(', ')}{u.nodes.length > 5 ? ', …' : ''})</li>)}</ul>}
            </div>
          </div>
          {report.renamed.length > 0 && <p>Renamed {report.renamed.length} node{report.renamed.length === 1 ? '' : 's'}: {report.renamed.slice(0, 8).map((r) => `${r.from} → ${r.to}`).join(', ')}{report.renamed.length > 8 ? ', …' : ''}</p>}
          {report.notes.length > 0 && <ul className="persist-banner-details">{report.notes.map((n, i) => <li key={i}>{n}</li>)}</ul>}
        </details>
      </div>
      <div className="persist-banner-actions">
        <button type="button" className="persist-close" aria-label="Close the import report" onClick={closeOnnxReport} data-testid="onnx-report-close">×</button>
      </div>
    </section>
  );
}
