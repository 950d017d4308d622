import type { ModelSummary } from './summarize';

/** 1234567 -> "1,234,567" (fixed locale so output does not depend on the machine). */
export function formatCount(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 15470264320 -> "15.47 G"; below a million the plain count. */
export function formatMacs(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  return formatCount(n);
}

function formatShape(shape: readonly number[] | null): string {
  return shape === null ? '?' : `[${shape.join(', ')}]`;
}

/**
 * A Keras-style table for the terminal: one row per layer with aligned columns and thousands
 * separators, then totals and sizes.
 */
export function formatSummaryTable(summary: ModelSummary): string {
  const header = ['Layer (type)', 'Output Shape', 'Param #', 'MACs', 'Connected to'];
  const body = summary.rows.map((r) => [
    `${r.name || r.id} (${r.kind})`, formatShape(r.outputShape), formatCount(r.params), formatCount(r.macs), r.connectedTo.join(', '),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const rightAligned = new Set([2, 3]);
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
