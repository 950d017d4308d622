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
