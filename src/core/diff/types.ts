/**
 * What changed between two graph documents, `before` (A) and `after` (B). Layout (positions) and
 * the document's own name are not part of the model and never count as a change.
 */

/** A node as the diff names it. */
export interface NodeRef { id: string; name: string; kind: string }

/**
 * How a pair of nodes was found to be the same layer (see matchNodes):
 * `id` same id and name; `name` same name, other id (an import or a re-export renumbered it);
 * `renamed` same id and kind, other name.
 */
export type MatchRule = 'id' | 'name' | 'renamed';

/** One param whose value differs after both sides' defaults are filled in. A side without the param (an unknown kind) has no value. */
export interface ParamChange { field: string; before?: unknown; after?: unknown }

/** A weight tensor's shape and element count; the values themselves are never copied into a diff. */
export interface WeightInfo { shape: readonly number[]; count: number }

/** `values`: same shape, other numbers; `shape`: another shape (and so another count). */
export interface WeightChange { name: string; change: 'added' | 'removed' | 'shape' | 'values'; before: WeightInfo | null; after: WeightInfo | null }

/** The inputs of a node in edge order, by node name, when the wiring differs. */
export interface InputsChange { before: string[]; after: string[] }

export type NodeStatus = 'added' | 'removed' | 'changed' | 'unchanged';

/** One node's entry: an added node has no `before`, a removed one no `after`. */
export interface NodeDiff {
  status: NodeStatus;
  match: MatchRule | null;
  before: NodeRef | null;
  after: NodeRef | null;
  kind: { before: string; after: string } | null;
  name: { before: string; after: string } | null;
  params: ParamChange[];
  inputs: InputsChange | null;
  weights: WeightChange[];
}

/** One total on both sides. */
export interface TotalDelta { before: number; after: number; delta: number }

/** A model output (a node nothing reads from) and its per-sample shape, null when unknown. */
export interface OutputShape { name: string; shape: readonly number[] | null }

/** The summary totals of both sides (params, MACs, memory in MB of 10^6 bytes as torchinfo) and the model outputs. */
export interface TotalsDiff {
  params: TotalDelta;
  trainableParams: TotalDelta;
  macs: TotalDelta;
  memoryMB: TotalDelta;
  outputs: { before: OutputShape[]; after: OutputShape[]; changed: boolean };
}

/**
 * A before-side edge the after side does not have: its id and ends in `before`, and each end's
 * paired node in `after` (null when that layer was removed too), to draw it between the two.
 */
export interface RemovedEdge { id: string; source: string; target: string; pairedSource: string | null; pairedTarget: string | null }

/** The wiring that changed: `added` are after-side edge ids; `removed` before-side edges. */
export interface EdgeDiff { added: string[]; removed: RemovedEdge[] }

export interface GraphDiff {
  /** No node added, removed or changed. Totals can then only be equal too. */
  identical: boolean;
  counts: { added: number; removed: number; changed: number; unchanged: number };
  /** Every node that is not unchanged: `after`'s order first, then the removed ones in `before`'s order. */
  nodes: NodeDiff[];
  /** The wiring that changed, for drawing: a rewired input also shows in its node's `inputs`. */
  edges: EdgeDiff;
  totals: TotalsDiff;
}
