import { memo } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import type { Ghost } from './compareStore';

export type GhostFlowNode = Node<Ghost & Record<string, unknown>, 'ghost'>;

/** The canvas id of a removed layer's ghost card; never a document id, so edits cannot reach it. */
export function ghostId(nodeId: string): string {
  return `ghost:${nodeId}`;
}

/** Whether a canvas node id is a ghost card's. */
export function isGhostId(id: string): boolean {
  return id.startsWith('ghost:');
}

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
