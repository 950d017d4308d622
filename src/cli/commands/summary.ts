import { inferShapes } from '../../core/shape/inferShapes';
import type { Diagnostic } from '../../core/shape/types';
import { formatSummaryTable } from '../../core/summary/formatSummaryTable';
import { summarize } from '../../core/summary/summarize';
import { processIo, writeLines, type CommandIo } from '../io/commandIo';
import { escapeTerminalText } from '../io/terminalText';
import { formatRepairs, loadGraphArg } from './readGraphFile';

const USAGE = 'usage: summary FILE [--json]   (FILE: a graph .json or a preset id such as lenet5)';

function formatDiagnostic(d: Diagnostic): string {
  const fixes = d.fixes.length > 0 ? ` (fix: ${d.fixes.map((f) => f.label).join('; ')})` : '';
  return `${d.severity} ${d.code}: ${d.message}${fixes}`;
}

/** The `summary` entry for the CLI dispatcher. */
export function runSummaryCommand(args: string[]): number {
  return summaryCommand(args, processIo);
}

/**
 * `summary FILE [--json]`: the summary table and diagnostics. Exit 0 without errors, 1 when the
 * graph has errors, 2 when the file cannot be read or is not a graph document.
 */
export function summaryCommand(args: readonly string[], io: CommandIo): number {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(USAGE);
    return 0;
  }
  const unknown = args.filter((a) => a.startsWith('-') && a !== '--json');
  const files = args.filter((a) => !a.startsWith('-'));
  if (unknown.length > 0 || files.length !== 1) {
    io.err(unknown.length > 0 ? `summary: unknown option ${unknown[0]}; ${USAGE}` : USAGE);
    return 2;
  }
  const loaded = loadGraphArg(files[0], 'none');
  if (!loaded.ok) {
    io.err(`error: ${loaded.message}`);
    return 2;
  }
  for (const line of formatRepairs(files[0], loaded.report)) io.err(line);
  const { doc } = loaded;
  const inference = inferShapes(doc);
  const summary = summarize(doc, inference);
  const ok = !inference.hasErrors;
  if (args.includes('--json')) {
    const out = {
      ok,
      nodes: summary.rows.map((r) => ({
        id: r.id, kind: r.kind, name: r.name, outputShape: r.outputShape, params: r.params, macs: r.macs, receptiveField: r.receptiveField, jump: r.jump,
      })),
      totals: { params: summary.totals.totalParams, trainableParams: summary.totals.trainableParams, macs: summary.totals.macs },
      diagnostics: inference.diagnostics.map((d) => ({ nodeId: d.nodeId, severity: d.severity, code: d.code, message: d.message, fixes: d.fixes })),
    };
    writeLines(io.out, JSON.stringify(out, null, 2));
  } else {
    // Names are escaped before the table is laid out, so its columns stay aligned.
    const shown = { ...summary, rows: summary.rows.map((r) => ({ ...r, name: escapeTerminalText(r.name), kind: escapeTerminalText(r.kind), connectedTo: r.connectedTo.map(escapeTerminalText) })) };
    io.out(doc.name);
    writeLines(io.out, formatSummaryTable(shown));
    if (inference.diagnostics.length > 0) {
      io.out('');
      for (const d of inference.diagnostics) io.out(formatDiagnostic(d));
    }
  }
  return ok ? 0 : 1;
}
