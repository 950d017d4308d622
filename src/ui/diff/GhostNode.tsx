import { memo } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import type { Ghost } from './compareStore';
import { ghostId } from './ghostIds';

export type GhostFlowNode = Node<Ghost & Record<string, unknown>, 'ghost'>;

/** Ghost cards for the canvas: inert (not selectable, draggable, connectable or deletable). */
export function toGhostFlowNodes(ghosts: readonly Ghost[]): GhostFlowNode[] {
  return ghosts.map((g) => ({
    id: ghostId(g.id), type: 'ghost', position: g.position, data: { ...g },
    selectable: false, draggable: false, connectable: false, deletable: false, focusable: false,
  }));
}

/** A layer the compared version has and the open graph does not, dashed where it stood. */
function GhostNodeView({ data }: NodeProps<GhostFlowNode>) {
  return (
    <div className="ghost-node" data-testid={`ghost-${data.name}`} aria-label={`${data.kind} ${data.name}, removed`}>
      <span className="diff-tag diff-tag-removed diff-tag-float">− removed</span>
      <span className="ghost-node-name">{data.name}</span>
      <span className="ghost-node-kind">{data.kind}</span>
    </div>
  );
}

export const GhostNode = memo(GhostNodeView);
