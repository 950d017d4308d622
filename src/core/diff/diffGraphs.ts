import type { GraphDocument, GraphNode } from '../graph/types';
import type { GraphInference } from '../shape/types';
import { compareParams } from './compareParams';
import { compareWeights } from './compareWeights';
import { diffEdges } from './diffEdges';
import { diffTotals } from './diffTotals';
import { matchNodes } from './matchNodes';
import type { GraphDiff, InputsChange, NodeDiff, NodeRef } from './types';

function refOf(n: GraphNode): NodeRef {
  return { id: n.id, name: n.name, kind: n.kind };
}

/** Input node ids per target, in edge order (the order a merge takes them in). */
function inputsById(doc: GraphDocument): Map<string, string[]> {
  const inputs = new Map<string, string[]>();
  for (const e of doc.edges) {
    const list = inputs.get(e.target);
    if (list) list.push(e.source);
    else inputs.set(e.target, [e.source]);
  }
  return inputs;
}

function namesById(doc: GraphDocument): Map<string, string> {
  return new Map(doc.nodes.map((n) => [n.id, n.name]));
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function emptyEntry(status: NodeDiff['status'], before: GraphNode | null, after: GraphNode | null): NodeDiff {
  return { status, match: null, before: before && refOf(before), after: after && refOf(after), kind: null, name: null, params: [], inputs: null, weights: [] };
}

/**
 * Compares two graph documents: which layers were added, removed or changed (kind, name, params
 * after filling defaults, rewired inputs, stored weights), and the totals of both (params, MACs,
 * memory, output shapes). Nodes are paired as `matchNodes` says. Positions are layout and ignored.
 * diffGraphs(A, A) is identical. `inferences` are the sides' `inferShapes` results when the caller
 * already has them (the editor does), so a comparison that follows edits infers nothing twice.
 */
export function diffGraphs(before: GraphDocument, after: GraphDocument, inferences: { before?: GraphInference; after?: GraphInference } = {}): GraphDiff {
  const matching = matchNodes(before.nodes, after.nodes);
  const afterIdOf = new Map(matching.pairs.map((p) => [p.before.id, p.after.id]));
  const inputsBefore = inputsById(before);
  const inputsAfter = inputsById(after);
  const nameBefore = namesById(before);
  const nameAfter = namesById(after);
  const byAfterId = new Map<string, NodeDiff>();
  let unchanged = 0;
  for (const { before: a, after: b, rule } of matching.pairs) {
    const fromA = inputsBefore.get(a.id) ?? [];
    const fromB = inputsAfter.get(b.id) ?? [];
    // A's inputs seen through the pairing: a removed input can never equal one of B's ids.
    const rewired = !sameList(fromA.map((id) => afterIdOf.get(id) ?? `\u0000${id}`), fromB);
    const inputs: InputsChange | null = rewired
      ? { before: fromA.map((id) => nameBefore.get(id) ?? id), after: fromB.map((id) => nameAfter.get(id) ?? id) }
      : null;
    const entry: NodeDiff = {
      ...emptyEntry('changed', a, b),
      match: rule,
      kind: a.kind === b.kind ? null : { before: a.kind, after: b.kind },
      name: a.name === b.name ? null : { before: a.name, after: b.name },
      params: compareParams(a, b),
      inputs,
      weights: compareWeights(before.weights, a.id, after.weights, b.id),
    };
    if (!entry.kind && !entry.name && entry.params.length === 0 && !entry.inputs && entry.weights.length === 0) {
      unchanged++;
      continue;
    }
    byAfterId.set(b.id, entry);
  }
  for (const b of matching.added) byAfterId.set(b.id, emptyEntry('added', null, b));
  const nodes = after.nodes.flatMap((n) => byAfterId.get(n.id) ?? []);
  for (const a of matching.removed) nodes.push(emptyEntry('removed', a, null));
  const counts = {
    added: matching.added.length,
    removed: matching.removed.length,
    changed: nodes.filter((n) => n.status === 'changed').length,
    unchanged,
  };
  return { identical: nodes.length === 0, counts, nodes, edges: diffEdges(before, after, afterIdOf), totals: diffTotals(before, after, inferences.before, inferences.after) };
}
