import type { GraphDocument } from '../graph/types';
import { inferShapes } from '../shape/inferShapes';
import type { GraphInference } from '../shape/types';
import { summarize } from '../summary/summarize';
import type { OutputShape, TotalDelta, TotalsDiff } from './types';

function delta(before: number, after: number): TotalDelta {
  return { before, after, delta: after - before };
}

/**
 * The model's outputs: nodes that read something and that nothing reads from (a layer left
 * unwired is not an output), in document order, with their inferred shapes.
 */
export function listOutputs(doc: GraphDocument, inference: GraphInference = inferShapes(doc)): OutputShape[] {
  const read = new Set(doc.edges.map((e) => e.source));
  const fed = new Set(doc.edges.map((e) => e.target));
  return doc.nodes.filter((n) => !read.has(n.id) && fed.has(n.id)).map((n) => ({ name: n.name, shape: inference.nodes.get(n.id)?.outputShape ?? null }));
}

function sameOutputs(a: readonly OutputShape[], b: readonly OutputShape[]): boolean {
  return a.length === b.length && a.every((o, i) => o.name === b[i].name && JSON.stringify(o.shape) === JSON.stringify(b[i].shape));
}

/** Both sides' summary totals (the same numbers `summary` prints) and their outputs; pass inferences already made to save making them again. */
export function diffTotals(
  before: GraphDocument, after: GraphDocument,
  inferBefore: GraphInference = inferShapes(before), inferAfter: GraphInference = inferShapes(after),
): TotalsDiff {
  const a = summarize(before, inferBefore).totals;
  const b = summarize(after, inferAfter).totals;
  const outputsBefore = listOutputs(before, inferBefore);
  const outputsAfter = listOutputs(after, inferAfter);
  return {
    params: delta(a.totalParams, b.totalParams),
    trainableParams: delta(a.trainableParams, b.trainableParams),
    macs: delta(a.macs, b.macs),
    memoryMB: delta(a.estimatedTotalSizeMB, b.estimatedTotalSizeMB),
    outputs: { before: outputsBefore, after: outputsAfter, changed: !sameOutputs(outputsBefore, outputsAfter) },
  };
}
