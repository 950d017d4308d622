import { inferShapes } from '../../core/shape/inferShapes';
import type { Diagnostic } from '../../core/shape/types';
import { formatSummaryTable } from '../../core/summary/formatSummaryTable';
import { summarize } from '../../core/summary/summarize';
import { readGraphFile } from './readGraphFile';

function formatDiagnostic(d: Diagnostic): string {
  const fixes = d.fixes.length > 0 ? ` (fix: ${d.fixes.map((f) => f.label).join('; ')})` : '';
  return `${d.severity} ${d.code}: ${d.message}${fixes}`;
}

/**
 * `summary FILE [--json]`: the summary table and diagnostics. Exit 0 without errors, 1 when the
 * graph has errors, 2 when the file cannot be read or is not a graph document.
 */
export function runSummaryCommand(args: string[]): number {
  const json = args.includes('--json');
  const files = args.filter((a) => a !== '--json');
  if (files.length !== 1) {
    process.stderr.write('usage: cli summary FILE [--json]\n');
    return 2;
  }
  const read = readGraphFile(files[0]);
  if (!read.ok) {
    process.stderr.write(`error: ${read.message}\n`);
    return 2;
  }
  const inference = inferShapes(read.doc);
  const summary = summarize(read.doc, inference);
  const ok = !inference.hasErrors;
  if (json) {
    const out = {
      ok,
      nodes: summary.rows.map((r) => ({ id: r.id, kind: r.kind, name: r.name, outputShape: r.outputShape, params: r.params, macs: r.macs })),
      totals: { params: summary.totals.totalParams, trainableParams: summary.totals.trainableParams, macs: summary.totals.macs },
      diagnostics: inference.diagnostics.map((d) => ({ nodeId: d.nodeId, severity: d.severity, code: d.code, message: d.message, fixes: d.fixes })),
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    const lines = [`${read.doc.name}`, formatSummaryTable(summary)];
    if (inference.diagnostics.length > 0) lines.push('', ...inference.diagnostics.map(formatDiagnostic));
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return ok ? 0 : 1;
}
