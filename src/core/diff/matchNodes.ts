import type { GraphNode } from '../graph/types';
import type { MatchRule } from './types';

/** A pair of nodes taken to be the same layer on both sides. */
export interface NodeMatch { before: GraphNode; after: GraphNode; rule: MatchRule }

export interface NodeMatching {
  pairs: NodeMatch[];
  /** Only in `before`: removed. */
  removed: GraphNode[];
  /** Only in `after`: added. */
  added: GraphNode[];
}

/** Names that occur once in the list, to the node carrying them. */
function uniqueNames(nodes: readonly GraphNode[]): Map<string, GraphNode> {
  const seen = new Map<string, GraphNode | null>();
  for (const n of nodes) seen.set(n.name, seen.has(n.name) ? null : n);
  const unique = new Map<string, GraphNode>();
  for (const [name, n] of seen) if (n) unique.set(name, n);
  return unique;
}

/**
 * Pairs the nodes of two documents, in three passes over what is still unpaired:
 * 1. same id and same name: revisions of one graph keep their ids;
 * 2. same name, when the name is unique on each side: an imported or re-exported graph gets new
 *    ids, while layer names (unique in the editor) survive the round trip;
 * 3. same id and same kind: a layer renamed in the editor.
 * Names come before renames so that two files whose ids are both `n1, n2, ...` for different
 * layers are paired by what the layers are called, not by the numbering.
 */
export function matchNodes(before: readonly GraphNode[], after: readonly GraphNode[]): NodeMatching {
  const pairs: NodeMatch[] = [];
  const leftBefore = new Map(before.map((n) => [n.id, n]));
  const leftAfter = new Map(after.map((n) => [n.id, n]));
  const pair = (a: GraphNode, b: GraphNode, rule: MatchRule) => {
    pairs.push({ before: a, after: b, rule });
    leftBefore.delete(a.id);
    leftAfter.delete(b.id);
  };
  for (const b of after) {
    const a = leftBefore.get(b.id);
    if (a && a.name === b.name) pair(a, b, 'id');
  }
  const namesBefore = uniqueNames([...leftBefore.values()]);
  const namesAfter = uniqueNames([...leftAfter.values()]);
  for (const [name, b] of namesAfter) {
    const a = namesBefore.get(name);
    if (a) pair(a, b, 'name');
  }
  for (const b of [...leftAfter.values()]) {
    const a = leftBefore.get(b.id);
    if (a && a.kind === b.kind) pair(a, b, 'renamed');
  }
  return { pairs, removed: [...leftBefore.values()], added: [...leftAfter.values()] };
}
