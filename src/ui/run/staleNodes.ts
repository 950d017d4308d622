import type { GraphDocument, GraphNode, TensorData } from '../../core/graph/types';
import { readOwn } from './weightEdits';

/**
 * The ids of nodes in `now` whose output can differ from what the run of `ran` produced: every
 * node that is new, changed its kind or params, had its stored weights changed (only when
 * `compareWeights`; a run with weightsFrom 'seed' ignores them), or gets different inputs (an
 * edge added, removed or reordered into it), and everything downstream of those. Moving or
 * renaming a node changes no output, so neither makes anything stale.
 *
 * The seed is not part of the diff: a run with another seed draws other weights everywhere, and
 * the caller treats that as all stale.
 */
export function findStaleNodes(ran: GraphDocument, now: GraphDocument, compareWeights: boolean): ReadonlySet<string> {
  const ranNodes = new Map(ran.nodes.map((n) => [n.id, n] as const));
  const ranInputs = collectInputs(ran);
  const nowInputs = collectInputs(now);
  const changed = new Set<string>();
  for (const node of now.nodes) {
    const before = ranNodes.get(node.id);
    if (!before || hasNewOutput(before, node, ranInputs.get(node.id), nowInputs.get(node.id))
      || (compareWeights && !isSameNodeWeights(readOwn(ran.weights, node.id), readOwn(now.weights, node.id)))) {
      changed.add(node.id);
    }
  }
  return spreadDownstream(now, changed);
}

const staleCache = new WeakMap<GraphDocument, WeakMap<GraphDocument, Map<boolean, ReadonlySet<string>>>>();

/**
 * findStaleNodes remembered per (ran, now) pair of document objects, so every canvas node can ask
 * whether it is stale without each one diffing the graph again.
 */
export function findStaleNodesCached(ran: GraphDocument, now: GraphDocument, compareWeights: boolean): ReadonlySet<string> {
  let perRan = staleCache.get(ran);
  if (!perRan) staleCache.set(ran, (perRan = new WeakMap()));
  let perNow = perRan.get(now);
  if (!perNow) perRan.set(now, (perNow = new Map()));
  let stale = perNow.get(compareWeights);
  if (!stale) perNow.set(compareWeights, (stale = findStaleNodes(ran, now, compareWeights)));
  return stale;
}

function hasNewOutput(before: GraphNode, after: GraphNode, inputsBefore: readonly string[] | undefined, inputsAfter: readonly string[] | undefined): boolean {
  return before.kind !== after.kind || !isSameJson(before.params, after.params) || !isSameJson(inputsBefore ?? [], inputsAfter ?? []);
}

/** Per target id, its source ids in edge order (the order decides a concatenation's channels). */
function collectInputs(doc: GraphDocument): Map<string, string[]> {
  const inputs = new Map<string, string[]>();
  for (const e of doc.edges) {
    const list = inputs.get(e.target);
    if (list) list.push(e.source);
    else inputs.set(e.target, [e.source]);
  }
  return inputs;
}

function spreadDownstream(doc: GraphDocument, from: Set<string>): Set<string> {
  const next = new Map<string, string[]>();
  for (const e of doc.edges) {
    const list = next.get(e.source);
    if (list) list.push(e.target);
    else next.set(e.source, [e.target]);
  }
  const queue = [...from];
  // A cycle (the editor refuses them, a hand-written file may not) ends because each id enters once.
  while (queue.length > 0) {
    for (const t of next.get(queue.pop()!) ?? []) {
      if (!from.has(t)) {
        from.add(t);
        queue.push(t);
      }
    }
  }
  return from;
}

function isSameNodeWeights(a: Record<string, TensorData> | undefined, b: Record<string, TensorData> | undefined): boolean {
  if (a === b) return true;
  const keysA = Object.keys(a ?? {});
  if (keysA.length !== Object.keys(b ?? {}).length) return false;
  return keysA.every((k) => {
    const ta = a![k];
    const tb = readOwn(b, k);
    return tb !== undefined && (ta === tb || (ta.data === tb.data && isSameJson(ta.shape, tb.shape)));
  });
}

/** Deep equality of JSON values; key order does not matter. */
function isSameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && isSameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
