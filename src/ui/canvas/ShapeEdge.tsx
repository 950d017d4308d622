import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import type { ShapeFlowEdge } from './viewModel';

/** A wire labelled with the tensor shape it carries (`28x28x6`, or `?` below an error). */
function ShapeEdgeView({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected, markerEnd }: EdgeProps<ShapeFlowEdge>) {
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const shape = data?.shape ?? '?';
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} className={selected ? 'shape-edge is-selected' : 'shape-edge'} />
      <EdgeLabelRenderer>
        <div
          className={`edge-label${data?.unknown ? ' is-unknown' : ''}${selected ? ' is-selected' : ''}`}
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          data-testid={`edge-label-${id}`}
        >
          {shape}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}

/** The memo'd edge component. */
export const ShapeEdge = memo(ShapeEdgeView);
