import type { EdgeTypes, NodeTypes } from '@xyflow/react';
import { GhostEdgeComponent } from '../diff/GhostEdge';
import { GhostNode } from '../diff/GhostNode';
import { LayerNode } from './LayerNode';
import { ShapeEdge } from './ShapeEdge';

/** Module constants: React Flow warns, and remounts every node, if these change identity. */
export const NODE_TYPES: NodeTypes = { layer: LayerNode, ghost: GhostNode };
export const EDGE_TYPES: EdgeTypes = { shape: ShapeEdge, ghost: GhostEdgeComponent };

/** The dataTransfer type a palette drag carries; its value is the layer kind. */
export const LAYER_DRAG_TYPE = 'application/x-cnn-layer';
