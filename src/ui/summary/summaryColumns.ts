import { formatBytes, formatCompact, formatCount, formatShape } from '../../core/format';
import type { SummaryRowView } from './summaryView';

/** Character counts of the summary table's content columns (Inputs takes what is left, and wraps). */
export interface SummaryColumnWidths { name: number; kind: number; shape: number; params: number; macs: number; memory: number }

/** A name longer than this is cut with an ellipsis (its full text is in the cell's title). */
export const MAX_NAME_CHARS = 24;

/**
 * A name cut where a line may break: at spaces, and after `_`, `-`, `.` and `/`, so the narrow
 * Inputs column shows `block1_` over `conv1` rather than `block1_co` over `nv1` (a piece wider
 * than the column still breaks inside, the last resort before cutting). Spaces stay with the
 * piece before them; joined, the pieces are the name.
 */
export function splitAtBreaks(name: string): string[] {
  return name.split(/(?<=[\s_\-./])(?=[^\s_\-./])/);
}

function longest(values: Iterable<string>, header: string, cap = Infinity): number {
  let n = header.length;
  for (const v of values) n = Math.max(n, v.length);
  return Math.min(n, cap);
}

/**
 * How many characters each column needs so no cell is cut, measured over every row rather than
 * the rows on screen (the table renders only those, and fixed widths keep the columns from
 * jumping as it scrolls).
 */
export function computeSummaryColumnWidths(rows: readonly SummaryRowView[]): SummaryColumnWidths {
  return {
    name: longest(rows.map((r) => r.name), 'Layer', MAX_NAME_CHARS),
    kind: longest(rows.map((r) => r.kind), 'Kind'),
    shape: longest(rows.map((r) => formatShape(r.outputShape)), 'Output'),
    params: longest(rows.map((r) => formatCount(r.params)), 'Params'),
    macs: longest(rows.map((r) => formatCompact(r.macs)), 'MACs'),
    memory: longest(rows.map((r) => formatBytes(r.activationBytes)), 'Memory'),
  };
}
