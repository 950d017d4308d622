import type { GraphDocument } from '../graph/types';
import type { EdgeDiff } from './types';

/**
 * The wiring that changed: `after`'s edges with no counterpart in `before` (added) and `before`'s
 * with none in `after` (removed), where an edge's counterpart joins the paired nodes. Edges are
 * counted as a multiset, so a merge fed twice by one layer that now takes it once has one removed.
 * `afterIdOf` pairs `before`'s node ids with `after`'s (see matchNodes).
 */
export function diffEdges(before: GraphDocument, after: GraphDocument, afterIdOf: ReadonlyMap<string, string>): EdgeDiff {
  const key = (source: string, target: string) => `${source}\u0000${target}`;
  const waiting = new Map<string, string[]>();
  for (const e of before.edges) {
    const s = afterIdOf.get(e.source);
    const t = afterIdOf.get(e.target);
    if (s === undefined || t === undefined) continue;
    const k = key(s, t);
    waiting.set(k, [...(waiting.get(k) ?? []), e.id]);
  }
  const added: string[] = [];
  const kept = new Set<string>();
  for (const e of after.edges) {
    const match = waiting.get(key(e.source, e.target));
    const id = match?.shift();
    if (id === undefined) added.push(e.id);
    else kept.add(id);
  }
  const removed = before.edges.filter((e) => !kept.has(e.id)).map((e) => ({
    id: e.id, source: e.source, target: e.target, pairedSource: afterIdOf.get(e.source) ?? null, pairedTarget: afterIdOf.get(e.target) ?? null,
  }));
  return { added, removed };
}
