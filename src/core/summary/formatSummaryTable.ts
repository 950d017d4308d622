import { formatCount, formatMacs, formatReceptiveField, formatShapeList } from '../format';
import type { ModelSummary } from './summarize';

/**
 * A Keras-style table for the terminal: one row per layer with aligned columns and thousands
 * separators, then totals and sizes.
 */
export function formatSummaryTable(summary: ModelSummary): string {
  const header = ['Layer (type)', 'Output Shape', 'Param #', 'MACs', 'RF', 'Connected to'];
  const body = summary.rows.map((r) => [
    `${r.name || r.id} (${r.kind})`, formatShapeList(r.outputShape), formatCount(r.params), formatCount(r.macs), formatReceptiveField(r.receptiveField),
    r.connectedTo.join(', '),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const rightAligned = new Set([2, 3, 4]);
  const line = (cells: string[]) =>
    cells.map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  const rule = (ch: string) => ch.repeat(widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1));
  const t = summary.totals;
  const mb = (x: number) => x.toFixed(2);
  return [
    rule('='), line(header), rule('='), ...body.map(line), rule('='),
    `Total params: ${formatCount(t.totalParams)}`,
    `Trainable params: ${formatCount(t.trainableParams)}`,
    `Non-trainable params: ${formatCount(t.nonTrainableParams)}`,
    `Total MACs: ${formatCount(t.macs)}${t.macs >= 1e6 ? ` (${formatMacs(t.macs)})` : ''}`,
    rule('-'),
    `Input size (MB): ${mb(t.inputSizeMB)}`,
    `Forward pass size (MB): ${mb(t.forwardSizeMB)}`,
    `Params size (MB): ${mb(t.paramsSizeMB)}`,
    `Estimated total size (MB): ${mb(t.estimatedTotalSizeMB)}`,
    rule('='),
  ].join('\n');
}
