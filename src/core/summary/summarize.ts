import type { GraphDocument, Shape } from '../graph/types';
import { countElements } from '../shape/convArithmetic';
import { inferShapes } from '../shape/inferShapes';
import type { GraphInference } from '../shape/types';

/** One layer of a model summary, like a row of Keras's model.summary(). */
export interface SummaryRow {
  id: string;
  name: string;
  kind: string;
  /** null when unknown (an error here or upstream). */
  outputShape: Shape | null;
  /** All params (trainable + non-trainable). */
  params: number;
  trainable: number;
  /** Multiply-accumulates per sample. */
  macs: number;
  /** Names of the input nodes, in edge order. */
  connectedTo: string[];
  /** Receptive field [rows, cols] in input pixels and jump (effective stride); null for vectors. */
  receptiveField: readonly [number, number] | null;
  jump: readonly [number, number] | null;
}

/** Model totals. Sizes are float32 per sample in MB of 10^6 bytes (as torchinfo). */
export interface SummaryTotals {
  totalParams: number;
  trainableParams: number;
  nonTrainableParams: number;
  macs: number;
  /** All Input tensors. */
  inputSizeMB: number;
  /** Every layer output except the Inputs, once (a forward pass that keeps all activations, no gradients). */
  forwardSizeMB: number;
  paramsSizeMB: number;
  /** input + forward + params. */
  estimatedTotalSizeMB: number;
}

export interface ModelSummary {
  rows: SummaryRow[];
  totals: SummaryTotals;
}

const BYTES_PER_FLOAT = 4;
const MB = 1e6;

/**
 * The torchinfo / Keras-style summary of a document: rows in execution order and totals.
 * Params follow Keras (BatchNorm moving statistics are non-trainable); MACs count Conv2D and Dense
 * only (pooling, activations, BatchNorm and merges count 0).
 */
export function summarize(doc: GraphDocument, inference: GraphInference = inferShapes(doc)): ModelSummary {
  const rows: SummaryRow[] = [];
  let trainableParams = 0;
  let nonTrainableParams = 0;
  let macs = 0;
  let inputElements = 0;
  let forwardElements = 0;
  for (const id of inference.order) {
    const n = inference.nodes.get(id)!;
    trainableParams += n.trainableParams;
    nonTrainableParams += n.nonTrainableParams;
    macs += n.macs;
    if (n.outputShape) {
      if (n.kind === 'Input') inputElements += countElements(n.outputShape);
      else forwardElements += countElements(n.outputShape);
    }
    rows.push({
      id,
      name: n.name,
      kind: n.kind,
      outputShape: n.outputShape,
      params: n.trainableParams + n.nonTrainableParams,
      trainable: n.trainableParams,
      macs: n.macs,
      connectedTo: n.inputIds.map((src) => inference.nodes.get(src)?.name || src),
      receptiveField: n.receptiveField,
      jump: n.jump,
    });
  }
  const totalParams = trainableParams + nonTrainableParams;
  const inputSizeMB = (inputElements * BYTES_PER_FLOAT) / MB;
  const forwardSizeMB = (forwardElements * BYTES_PER_FLOAT) / MB;
  const paramsSizeMB = (totalParams * BYTES_PER_FLOAT) / MB;
  return {
    rows,
    totals: {
      totalParams, trainableParams, nonTrainableParams, macs,
      inputSizeMB, forwardSizeMB, paramsSizeMB, estimatedTotalSizeMB: inputSizeMB + forwardSizeMB + paramsSizeMB,
    },
  };
}
