import type { GraphDocument, Shape } from '../../core/graph/types';
import type { GraphInference } from '../../core/shape/types';
import { countElements } from '../../core/shape/convArithmetic';

/** One summary row as the table shows it. */
export interface SummaryRowView {
  id: string;
  name: string;
  kind: string;
  outputShape: Shape | null;
  params: number;
  macs: number;
  /** float32 bytes of the layer's output per sample (0 when unknown). */
  activationBytes: number;
  inputs: string[];
  hasError: boolean;
}

export interface SummaryView {
  rows: SummaryRowView[];
  totals: { params: number; trainableParams: number; nonTrainableParams: number; macs: number; activationBytes: number; paramBytes: number };
  /** Largest per-layer values, the full length of the inline bars. */
  maxMacs: number;
  maxActivationBytes: number;
}

const FLOAT32 = 4;

/** Summary rows in execution order and totals, read off the inference. */
export function buildSummaryView(doc: GraphDocument, inference: GraphInference): SummaryView {
  const names = new Map(doc.nodes.map((n) => [n.id, n.name]));
  const rows: SummaryRowView[] = [];
  const totals = { params: 0, trainableParams: 0, nonTrainableParams: 0, macs: 0, activationBytes: 0, paramBytes: 0 };
  let maxMacs = 0;
  let maxActivationBytes = 0;
  for (const id of inference.order) {
    const n = inference.nodes.get(id);
    if (!n) continue;
    const params = n.trainableParams + n.nonTrainableParams;
    const activationBytes = n.outputShape ? countElements(n.outputShape) * FLOAT32 : 0;
    rows.push({
      id, name: n.name, kind: n.kind, outputShape: n.outputShape, params, macs: n.macs, activationBytes,
      inputs: n.inputIds.map((i) => names.get(i) ?? i),
      hasError: n.diagnostics.some((d) => d.severity === 'error'),
    });
    totals.params += params;
    totals.trainableParams += n.trainableParams;
    totals.nonTrainableParams += n.nonTrainableParams;
    totals.macs += n.macs;
    totals.activationBytes += activationBytes;
    maxMacs = Math.max(maxMacs, n.macs);
    maxActivationBytes = Math.max(maxActivationBytes, activationBytes);
  }
  totals.paramBytes = totals.params * FLOAT32;
  return { rows, totals, maxMacs, maxActivationBytes };
}
