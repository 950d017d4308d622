import type { GraphEdge, GraphNode, Position } from '../types';

/** Spacing of the layered layout: one row per depth, cards side by side within a row. */
export const LAYER_SPACING = { x: 240, y: 130 } as const;

/**
 * Positions for the nodes in `unplaced` (written without a position, or with one out of bounds),
 * layered by topological depth: a node sits one row below the deepest of its inputs, and the
 * nodes of a row go left to right in document order. Deterministic, so the CLI and a core test
 * see the same coordinates; the browser may lay the graph out again with ELK. When other nodes
 * keep their positions, the laid-out ones go to the right of them. Cycles do not loop: a node
 * met again while its depth is being found counts as depth 0.
 */
export function layoutUnplaced(nodes: readonly GraphNode[], edges: readonly GraphEdge[], unplaced: ReadonlySet<string>): Map<string, Position> {
  const inputs = new Map<string, string[]>();
  for (const e of edges) {
    const list = inputs.get(e.target);
    if (list) list.push(e.source);
    else inputs.set(e.target, [e.source]);
  }
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  /** Iterative, so a 5,000-node chain does not overflow the stack. */
  const depthOf = (start: string): number => {
    const stack: string[] = [start];
    while (stack.length > 0) {
      const id = stack[stack.length - 1];
      if (depth.has(id)) { stack.pop(); continue; }
      visiting.add(id);
      const pending = (inputs.get(id) ?? []).filter((s) => !depth.has(s) && !visiting.has(s));
      if (pending.length > 0) { stack.push(...pending); continue; }
      let d = 0;
      for (const s of inputs.get(id) ?? []) d = Math.max(d, (depth.get(s) ?? -1) + 1);
      depth.set(id, d);
      visiting.delete(id);
      stack.pop();
    }
    return depth.get(start)!;
  };

  let left = 0;
  let top = 0;
  const placed = nodes.filter((n) => !unplaced.has(n.id));
  if (placed.length > 0) {
    left = Math.max(...placed.map((n) => n.position.x)) + LAYER_SPACING.x;
    top = Math.min(...placed.map((n) => n.position.y));
  }
  const rowFill = new Map<number, number>();
  const out = new Map<string, Position>();
  for (const n of nodes) {
    if (!unplaced.has(n.id)) continue;
    const d = depthOf(n.id);
    const column = rowFill.get(d) ?? 0;
    rowFill.set(d, column + 1);
    out.set(n.id, { x: left + column * LAYER_SPACING.x, y: top + d * LAYER_SPACING.y });
  }
  return out;
}
