import { memo } from 'react';
import { BaseEdge, type Edge, type EdgeProps } from '@xyflow/react';
import { DEFAULT_NODE_SIZE } from '../layout/autoLayout';
import { computeWire, formatWirePath } from '../canvas/wirePath';
import type { ShapeFlowEdge } from '../canvas/viewModel';
import type { GhostEdge } from './compareStore';

export type GhostFlowEdge = Edge<Record<string, unknown>, 'ghost'>;

/** Removed wires for the canvas: inert, dashed, and named as removed for screen readers. */
export function toGhostFlowEdges(ghostEdges: readonly GhostEdge[]): GhostFlowEdge[] {
  return ghostEdges.map((e) => ({
    id: e.id, type: 'ghost', source: e.source, target: e.target, data: {},
    selectable: false, deletable: false, focusable: false, ariaLabel: 'Removed wire',
  }));
}

/**
 * The open graph's wires with the added ones marked (a class for the colour, and the word for
 * screen readers). Unmarked edges keep their identity, so React Flow redraws only what changed.
 */
export function withCompareMarks(edges: readonly ShapeFlowEdge[], added: ReadonlySet<string>): ShapeFlowEdge[] {
  if (added.size === 0) return edges as ShapeFlowEdge[];
  return edges.map((e) => (added.has(e.id) ? { ...e, className: 'diff-edge-added', ariaLabel: `Added wire, ${e.data?.shape ?? ''}` } : e));
}

/**
 * A wire the compared version has and the open graph does not, dashed. Its ends are often joined
 * now through a layer added between them, so past one card's height it takes the bypass lane
 * beside the column instead of running under that card and over the new wires.
 */
function GhostEdgeView({ id, sourceX, sourceY, targetX, targetY }: EdgeProps<GhostFlowEdge>) {
  const path = formatWirePath(computeWire({ x: sourceX, y: sourceY }, { x: targetX, y: targetY }, DEFAULT_NODE_SIZE.height));
  return <BaseEdge id={id} path={path} className="ghost-edge" />;
}

export const GhostEdgeComponent = memo(GhostEdgeView);
