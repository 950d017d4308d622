import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, type EdgeProps } from '@xyflow/react';
import type { ShapeFlowEdge } from './viewModel';
import { computeWire, formatWirePath } from './wirePath';

/** A wire labelled with the tensor shape it carries (`28x28x6`, or `?` below an error); shortcuts go around the layers they skip. */
function ShapeEdgeView({ id, sourceX, sourceY, targetX, targetY, data, selected, markerEnd }: EdgeProps<ShapeFlowEdge>) {
  const wire = computeWire({ x: sourceX, y: sourceY }, { x: targetX, y: targetY });
  const path = formatWirePath(wire);
  // The view model places labels clear of cards and of each other; the wire's own middle is the fallback.
  const labelX = data?.labelX ?? wire.label.x;
  const labelY = data?.labelY ?? wire.label.y;
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
