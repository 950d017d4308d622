import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { NodeRunThumbnail } from '../run/NodeRunThumbnail';
import type { LayerFlowNode } from './viewModel';
import { throwIfPlantedFault } from '../debug/plantedFault';
import { CompareTag, useCompareMark } from '../diff/CompareTag';

/**
 * A layer on the canvas: header (name, kind), the compact param line, and the output shape with
 * the param count. Errors outline it red, warnings amber; the title carries the messages.
 */
function LayerNodeView({ id, data, selected }: NodeProps<LayerFlowNode>) {
  throwIfPlantedFault();
  const category = data.category ?? 'Unknown';
  const classes = ['layer-node', `cat-${category.toLowerCase()}`];
  if (data.severity) classes.push(`is-${data.severity}`);
  if (selected) classes.push('is-selected');
  if (!data.category) classes.push('is-unknown');
  const mark = useCompareMark(id);
  if (mark) classes.push(`diff-${mark}`);
  return (
    <div className={classes.join(' ')} title={data.messages || undefined} data-testid={`node-${data.name}`} aria-label={`${data.kind} ${data.name}, output ${data.outputShape}`}>
      {mark && <CompareTag mark={mark} />}
      {data.acceptsInput && <Handle type="target" position={Position.Top} className="layer-handle" aria-label={`input of ${data.name}`} />}
      <div className="layer-node-header">
        <span className="layer-node-name">{data.name}</span>
        {/* "Flatten Flatten" reads as a stutter: the kind is shown only when the name differs. */}
        {data.name !== data.kind && <span className="layer-node-kind">{data.category ? data.kind : `unknown: ${data.kind}`}</span>}
        {data.severity && (
          <span className={`layer-node-badge badge-${data.severity}`} aria-label={data.severity} role="img">
            {data.severity === 'error' ? '!' : '⚠'}
          </span>
        )}
      </div>
      <div className="layer-node-body">
        {data.paramLine && <div className="layer-node-params">{data.paramLine}</div>}
        {!data.category && <div className="layer-node-params">This kind is not known to this version; it is kept as it is.</div>}
        <div className="layer-node-footer">
          <span className="layer-node-shape" data-testid="node-shape">{data.outputShape}</span>
          {data.paramCount !== '–' && <span className="layer-node-count" title="Trainable and non-trainable parameters">{data.paramCount} params</span>}
        </div>
        <NodeRunThumbnail nodeId={id} />
      </div>
      <Handle type="source" position={Position.Bottom} className="layer-handle" aria-label={`output of ${data.name}`} />
    </div>
  );
}

/** The memo'd node component; the view model hands it the same props when nothing changed. */
export const LayerNode = memo(LayerNodeView);
