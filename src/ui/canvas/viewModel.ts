import type { Edge, Node } from '@xyflow/react';
import type { GraphDocument, GraphNode } from '../../core/graph/types';
import type { GraphInference, Severity } from '../../core/shape/types';
import type { MeasuredSizes } from '../editor/store';
import { describeNodeCard } from '../../core/card/describeNodeCard';
import { formatShape } from '../../core/format';
import { arityOf, type LayerCategory } from '../editor/layerInfo';
import { DEFAULT_NODE_SIZE } from '../layout/autoLayout';
import { placeEdgeLabels } from './labelPlacement';

/** What a layer node shows. Only primitives, so two builds can be compared field by field. */
export interface LayerNodeData extends Record<string, unknown> {
  name: string;
  kind: string;
  /** null for an unknown kind: the node renders as a placeholder showing the raw kind. */
  category: LayerCategory | null;
  paramLine: string;
  outputShape: string;
  paramCount: string;
  severity: Severity | null;
  /** Every diagnostic message of the node, one per line, then the receptive field: the hover title. */
  messages: string;
  acceptsInput: boolean;
  multiInput: boolean;
}

/** What a wire shows: the tensor shape it carries, like Netron. */
export interface ShapeEdgeData extends Record<string, unknown> {
  shape: string;
  /** The source's output is unknown (an error upstream). */
  unknown: boolean;
  /** Centre of the label in flow coordinates, placed clear of every card and every other label. */
  labelX: number;
  labelY: number;
}

export type LayerFlowNode = Node<LayerNodeData, 'layer'>;
export type ShapeFlowEdge = Edge<ShapeEdgeData, 'shape'>;

export interface FlowView { nodes: LayerFlowNode[]; edges: ShapeFlowEdge[] }

export interface ViewInput {
  doc: GraphDocument;
  inference: GraphInference;
  selectedNodeIds: readonly string[];
  selectedEdgeIds: readonly string[];
  measured: MeasuredSizes;
}

/** The node data of one document node given the inference (pure, exported for tests). */
export function describeNode(node: GraphNode, inference: GraphInference): LayerNodeData {
  const card = describeNodeCard(node, inference.nodes.get(node.id));
  const arity = arityOf(node.kind);
  return {
    name: card.name,
    kind: card.kind,
    category: card.category,
    paramLine: card.paramLine,
    outputShape: card.shape,
    paramCount: card.paramCount || '–',
    severity: card.severity,
    messages: [card.messages, card.receptiveField].filter(Boolean).join('\n'),
    acceptsInput: arity.max > 0,
    multiInput: arity.max > 1,
  };
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sameData(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  for (const key in a) if (a[key] !== b[key]) return false;
  return true;
}

/**
 * Derives React Flow nodes and edges from the document and its inference. The builder keeps the
 * previous output and returns the very same node/edge object when nothing it shows changed, so
 * React Flow and the memo'd node components skip unchanged nodes: a param edit in a 300-node
 * graph re-renders the nodes whose shapes changed, not all 300.
 */
export function createFlowViewBuilder(): (input: ViewInput) => FlowView {
  let prevNodes = new Map<string, LayerFlowNode>();
  let prevEdges = new Map<string, ShapeFlowEdge>();
  let prevView: FlowView = { nodes: [], edges: [] };
  // What a card shows depends on the node's content and the inference; moving nodes keeps the
  // inference object and every other edit replaces it, so a drag describes no card again.
  let describedFor: GraphInference | null = null;
  let described = new Map<string, LayerNodeData>();
  return ({ doc, inference, selectedNodeIds, selectedEdgeIds, measured }) => {
    if (inference !== describedFor) {
      describedFor = inference;
      described = new Map();
    }
    const selectedNodes = new Set(selectedNodeIds);
    const selectedEdges = new Set(selectedEdgeIds);
    const nextNodes = new Map<string, LayerFlowNode>();
    const nodes: LayerFlowNode[] = [];
    for (const n of doc.nodes) {
      let data = described.get(n.id);
      if (!data) described.set(n.id, (data = describeNode(n, inference)));
      const selected = selectedNodes.has(n.id);
      const size = measured[n.id];
      const prev = prevNodes.get(n.id);
      const node: LayerFlowNode =
        prev && prev.position === n.position && prev.selected === selected && prev.measured === size && sameData(data, prev.data)
          ? prev
          : {
            id: n.id, type: 'layer', position: n.position, data, selected, ...(size ? { measured: size } : {}),
            // Only nodes in view are rendered and measured; the assumed size lets the fit-view
            // control and visibility culling count the others too.
            initialWidth: DEFAULT_NODE_SIZE.width, initialHeight: DEFAULT_NODE_SIZE.height,
          };
      nextNodes.set(n.id, node);
      nodes.push(node);
    }
    const nextEdges = new Map<string, ShapeFlowEdge>();
    const edges: ShapeFlowEdge[] = [];
    const shapes = new Map(doc.edges.map((e) => [e.id, formatShape(inference.nodes.get(e.source)?.outputShape)]));
    // Labels are placed together: where one goes depends on the cards and the labels around it.
    const labels = placeEdgeLabels(
      doc.nodes.map((n) => ({ id: n.id, position: n.position, size: measured[n.id] })),
      doc.edges.map((e) => ({ id: e.id, source: e.source, target: e.target, text: shapes.get(e.id)! })),
    );
    for (const e of doc.edges) {
      const shape = shapes.get(e.id)!;
      const selected = selectedEdges.has(e.id);
      const label = labels.get(e.id) ?? { x: 0, y: 0 };
      const prev = prevEdges.get(e.id);
      const edge: ShapeFlowEdge =
        prev && prev.source === e.source && prev.target === e.target && prev.selected === selected && prev.data?.shape === shape
          && prev.data.labelX === label.x && prev.data.labelY === label.y
          ? prev
          : { id: e.id, type: 'shape', source: e.source, target: e.target, selected, data: { shape, unknown: shape === '?', labelX: label.x, labelY: label.y } };
      nextEdges.set(e.id, edge);
      edges.push(edge);
    }
    prevNodes = nextNodes;
    prevEdges = nextEdges;
    // Unchanged arrays keep their identity too: React Flow then skips rebuilding its lookups.
    prevView = {
      nodes: sameItems(nodes, prevView.nodes) ? prevView.nodes : nodes,
      edges: sameItems(edges, prevView.edges) ? prevView.edges : edges,
    };
    return prevView;
  };
}
