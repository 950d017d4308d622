/** What an ONNX import did: mapped, folded and unmapped ops, renamed nodes, layout notes. */

/** ONNX nodes of one op type that became layers. */
export interface MappedOps { opType: string; count: number; kinds: string[] }

/** ONNX nodes of one op type absorbed without a layer of their own (Constant, Identity, a bias Add, a Relu into its conv). */
export interface FoldedOps { opType: string; count: number; how: string[]; nodes: string[] }

/** ONNX nodes of one op type that could not be mapped, with why and which. */
export interface UnmappedOps { opType: string; count: number; reasons: string[]; nodes: string[] }

export interface ImportReport {
  producer: string;
  irVersion: number;
  opset: number;
  onnxNodes: number;
  layers: number;
  mapped: MappedOps[];
  folded: FoldedOps[];
  unmapped: UnmappedOps[];
  /** Nodes not tried because an input comes from an unmapped node (not counted as unmapped). */
  skipped: string[];
  /** Node names that had to change (characters, length, duplicates). */
  renamed: Array<{ from: string; to: string }>;
  /** Things a user should know that are not errors (an output in our NHWC order, pruned nodes). */
  notes: string[];
}

/** The report as text lines for the CLI, most important first. */
export function formatImportReport(report: ImportReport): string[] {
  const lines: string[] = [];
  const count = (list: Array<{ count: number }>) => list.reduce((n, e) => n + e.count, 0);
  lines.push(`ONNX model from ${report.producer || 'an unknown producer'}, IR ${report.irVersion}, opset ${report.opset}: ${report.onnxNodes} nodes -> ${report.layers} layers`);
  lines.push(`mapped ${count(report.mapped)}, folded ${count(report.folded)}, unmapped ${count(report.unmapped)}`);
  for (const u of report.unmapped) {
    const names = u.nodes.slice(0, 8).join(', ') + (u.nodes.length > 8 ? `, ... (${u.nodes.length - 8} more)` : '');
    lines.push(`  unmapped ${u.opType} x${u.count}: ${u.reasons.join('; ')} [${names}]`);
  }
  if (report.skipped.length > 0) lines.push(`  ${report.skipped.length} node(s) after those were not imported (their input is unknown)`);
  for (const m of report.mapped) lines.push(`  mapped   ${m.opType} x${m.count} -> ${m.kinds.join(', ')}`);
  for (const f of report.folded) lines.push(`  folded   ${f.opType} x${f.count}: ${f.how.join('; ')}`);
  if (report.renamed.length > 0) {
    const shown = report.renamed.slice(0, 10).map((r) => `'${r.from}' -> '${r.to}'`).join(', ');
    lines.push(`  renamed ${report.renamed.length}: ${shown}${report.renamed.length > 10 ? ', ...' : ''}`);
  }
  for (const n of report.notes) lines.push(`  note: ${n}`);
  return lines;
}
