import type { GraphDocument, GraphNode, Position } from '../../core/graph/types';
import { DEFAULT_NODE_SIZE } from '../layout/autoLayout';

/** Vertical gap between a node and one placed below it. */
const GAP_Y = 70;
const DEFAULT_HEIGHT = 90;

/**
 * Where a node added "below" `anchor` goes: under it, shifted right past any node already
 * sitting there so the new node never lands on top of another.
 */
export function placeBelow(doc: GraphDocument, anchor: GraphNode, anchorHeight = DEFAULT_HEIGHT): Position {
  const y = anchor.position.y + anchorHeight + GAP_Y;
  let x = anchor.position.x;
  const occupied = (px: number) => doc.nodes.some((n) => Math.abs(n.position.x - px) < DEFAULT_NODE_SIZE.width && Math.abs(n.position.y - y) < 60);
  while (occupied(x)) x += DEFAULT_NODE_SIZE.width + 16;
  return { x, y };
}

/** True when a default-sized card at `p` would overlap a node of `doc` (with a small margin). */
function overlapsAny(doc: GraphDocument, p: Position): boolean {
  return doc.nodes.some((n) => Math.abs(n.position.x - p.x) < DEFAULT_NODE_SIZE.width + 12 && Math.abs(n.position.y - p.y) < DEFAULT_HEIGHT + 12);
}

/**
 * The free spot nearest `wanted` for a new card, searching rings of card-sized steps around it,
 * so layers added one after another (keyboard, taps) never stack on one spot.
 */
export function placeFree(doc: GraphDocument, wanted: Position): Position {
  if (!overlapsAny(doc, wanted)) return wanted;
  const dx = DEFAULT_NODE_SIZE.width + 24;
  const dy = DEFAULT_HEIGHT + 24;
  for (let ring = 1; ring < 40; ring++) {
    const candidates: Position[] = [];
    for (let i = -ring; i <= ring; i++) {
      candidates.push({ x: wanted.x + i * dx, y: wanted.y + ring * dy }, { x: wanted.x + i * dx, y: wanted.y - ring * dy });
      if (Math.abs(i) < ring) candidates.push({ x: wanted.x + ring * dx, y: wanted.y + i * dy }, { x: wanted.x - ring * dx, y: wanted.y + i * dy });
    }
    candidates.sort((a, b) => Math.hypot(a.x - wanted.x, a.y - wanted.y) - Math.hypot(b.x - wanted.x, b.y - wanted.y));
    const free = candidates.find((c) => !overlapsAny(doc, c));
    if (free) return free;
  }
  return { x: wanted.x, y: wanted.y + 40 * dy };
}
