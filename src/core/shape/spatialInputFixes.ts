import type { GraphNode, Shape } from '../graph/types';
import { labelNode } from './indexGraph';
import { inputsOf, keepWorking, showShape, type FixContext, type InputCandidate } from './fixContext';
import type { Fix } from './types';

/** [s, s, n / s^2] for the largest s > 1 whose square divides n, or null (n has no square factor). */
function squareMap(n: number): Shape | null {
  for (let s = Math.floor(Math.sqrt(n)); s > 1; s--) {
    if (n % (s * s) === 0) return [s, s, n / (s * s)];
  }
  return null;
}

/**
 * Fixes for 'needs-spatial-input' (a vector fed to Conv2D, pooling, global pooling, ...): remove
 * the Flatten that made the vector when it feeds only this node, else insert a Reshape to a map of
 * the same element count: square [s, s, c], or [1, 1, n] (what a global pool or a 1x1 conv takes).
 * Only reshapes the node can compute on are offered.
 */
export function findSpatialInputFixes(fc: FixContext, node: GraphNode): Fix[] {
  const [input] = inputsOf(fc, node.id);
  if (!input || !input.shape) return [];
  const candidates: InputCandidate[] = [];
  const p = input.producer;
  const before = fc.nodes.get(p.id)?.inputShapes[0];
  if (p.kind === 'Flatten' && before && before.length === 3 && (fc.index.outgoing.get(p.id) ?? []).length === 1 && (fc.index.incoming.get(p.id) ?? []).length === 1) {
    candidates.push({ label: `remove the Flatten ${labelNode(p)} (${labelNode(node)} gets its ${showShape(before)} map)`, patch: { type: 'removeNode', nodeId: p.id }, input: 0, shape: before });
  }
  if (input.shape.length === 1) {
    const n = input.shape[0];
    for (const shape of [squareMap(n), [1, 1, n]]) {
      if (!shape) continue;
      candidates.push({
        label: `insert Reshape to ${showShape(shape)} after ${labelNode(p)}`,
        patch: { type: 'insertNodeOnEdge', edgeId: input.edge.id, kind: 'Reshape', params: { targetShape: shape } },
        input: 0,
        shape,
      });
    }
  }
  return keepWorking(fc, node.id, candidates).map(({ label, patch }) => ({ label, patch }));
}
