import type { GraphPatch } from '../shape/types';
import { createEdgeId, createNodeId } from './createIds';
import type { GraphDocument, GraphNode } from './types';

const NODE_GAP = 120;

/**
 * Applies a fix to a document and returns a new document (the input is not changed).
 * - setParams merges the params into the node's params;
 * - insertNodeBefore adds a node of `kind` with a fresh id that takes over all of the node's
 *   incoming edges (keeping their order) and feeds the node through one new edge; it is placed
 *   between its inputs and the node, and the node and everything below it shift down to make room;
 * - removeEdge deletes the edge.
 * A patch naming a missing node or edge returns the document unchanged.
 */
export function applyPatch(doc: GraphDocument, patch: GraphPatch): GraphDocument {
  switch (patch.type) {
    case 'setParams': {
      if (!doc.nodes.some((n) => n.id === patch.nodeId)) return doc;
      return {
        ...doc,
        nodes: doc.nodes.map((n) => (n.id === patch.nodeId ? { ...n, params: { ...n.params, ...patch.params } } : n)),
      };
    }
    case 'removeEdge': {
      if (!doc.edges.some((e) => e.id === patch.edgeId)) return doc;
      return { ...doc, edges: doc.edges.filter((e) => e.id !== patch.edgeId) };
    }
    case 'insertNodeBefore':
      return insertNodeBefore(doc, patch);
  }
}

function insertNodeBefore(doc: GraphDocument, patch: Extract<GraphPatch, { type: 'insertNodeBefore' }>): GraphDocument {
  const target = doc.nodes.find((n) => n.id === patch.nodeId);
  if (!target) return doc;
  const id = createNodeId(doc, patch.kind);
  const sources = doc.edges.filter((e) => e.target === target.id).map((e) => doc.nodes.find((n) => n.id === e.source)).filter((n): n is GraphNode => !!n);
  const x = sources.length > 0 ? sources.reduce((s, n) => s + n.position.x, 0) / sources.length : target.position.x;
  const newNode: GraphNode = { id, kind: patch.kind, name: patch.name ?? id, params: { ...patch.params }, position: { x, y: target.position.y } };
  const edgeId = createEdgeId(doc);
  // Make room: the target and every node at or below it move down one row.
  const nodes = doc.nodes.map((n) =>
    n.position.y >= target.position.y && n.id !== newNode.id ? { ...n, position: { x: n.position.x, y: n.position.y + NODE_GAP } } : n,
  );
  const at = nodes.findIndex((n) => n.id === target.id);
  nodes.splice(at, 0, newNode);
  const edges = doc.edges.map((e) => (e.target === target.id ? { ...e, target: id } : e));
  edges.push({ id: edgeId, source: id, target: target.id });
  return { ...doc, nodes, edges };
}
