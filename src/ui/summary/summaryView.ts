import type { GraphDocument } from '../../core/graph/types';
import type { GraphInference } from '../../core/shape/types';
import { countElements } from '../../core/shape/convArithmetic';
import { summarize, type SummaryRow, type SummaryTotals } from '../../core/summary/summarize';

/** A core summary row plus what the table draws: output memory and whether the layer has an error. */
export interface SummaryRowView extends SummaryRow {
  /** float32 bytes of the layer's output per sample (0 when unknown). */
  activationBytes: number;
  hasError: boolean;
}

export interface SummaryView {
  rows: SummaryRowView[];
  totals: SummaryTotals;
  /** Largest per-layer values: the full length of the inline bars. */
  maxMacs: number;
  maxActivationBytes: number;
}

const FLOAT32 = 4;

/** The core's model summary (rows in execution order, totals) dressed for the table. */
export function buildSummaryView(doc: GraphDocument, inference: GraphInference): SummaryView {
  const summary = summarize(doc, inference);
  let maxMacs = 0;
  let maxActivationBytes = 0;
  const rows = summary.rows.map((r) => {
    const activationBytes = r.outputShape ? countElements(r.outputShape) * FLOAT32 : 0;
    maxMacs = Math.max(maxMacs, r.macs);
    maxActivationBytes = Math.max(maxActivationBytes, activationBytes);
    const hasError = inference.nodes.get(r.id)?.diagnostics.some((d) => d.severity === 'error') ?? false;
    return { ...r, activationBytes, hasError };
  });
  return { rows, totals: summary.totals, maxMacs, maxActivationBytes };
}
