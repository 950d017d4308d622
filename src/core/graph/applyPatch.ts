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
 * - insertNodeOnEdge adds a node on that one edge (the edge keeps its place, so a merge keeps its
 *   input order), placed below the edge's source, and shifts the target and what is below it down;
 * - removeNode takes out a node with one input, its input feeding each of its consumers in its
 *   place (each edge keeps its place in the list, so merge input order is kept);
 * - removeEdge deletes the edge;
 * - rename sets the node's name.
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
    case 'insertNodeOnEdge':
      return insertNodeOnEdge(doc, patch);
    case 'removeNode':
      return removeNode(doc, patch.nodeId);
    case 'rename':
      if (!doc.nodes.some((n) => n.id === patch.nodeId)) return doc;
      return { ...doc, nodes: doc.nodes.map((n) => (n.id === patch.nodeId ? { ...n, name: patch.name } : n)) };
  }
}

/** Every node at or below `y`, except `keep`, one row further down. */
function shiftDown(nodes: GraphNode[], y: number, keep: string): GraphNode[] {
  return nodes.map((n) => (n.position.y >= y && n.id !== keep ? { ...n, position: { x: n.position.x, y: n.position.y + NODE_GAP } } : n));
}

function insertNodeOnEdge(doc: GraphDocument, patch: Extract<GraphPatch, { type: 'insertNodeOnEdge' }>): GraphDocument {
  const edge = doc.edges.find((e) => e.id === patch.edgeId);
  const source = edge && doc.nodes.find((n) => n.id === edge.source);
  const target = edge && doc.nodes.find((n) => n.id === edge.target);
  if (!edge || !source || !target) return doc;
  const id = createNodeId(doc, patch.kind);
  const newNode: GraphNode = { id, kind: patch.kind, name: patch.name ?? id, params: { ...patch.params }, position: { x: source.position.x, y: target.position.y } };
  const nodes = shiftDown(doc.nodes, target.position.y, id);
  nodes.splice(nodes.findIndex((n) => n.id === target.id), 0, newNode);
  const edges = doc.edges.map((e) => (e.id === edge.id ? { ...e, source: id } : e));
  edges.push({ id: createEdgeId(doc), source: source.id, target: id });
  return { ...doc, nodes, edges };
}

function removeNode(doc: GraphDocument, nodeId: string): GraphDocument {
  const incoming = doc.edges.filter((e) => e.target === nodeId);
  if (!doc.nodes.some((n) => n.id === nodeId) || incoming.length !== 1) return doc;
  const input = incoming[0].source;
  const edges = doc.edges.filter((e) => e.target !== nodeId).map((e) => (e.source === nodeId ? { ...e, source: input } : e));
  return { ...doc, nodes: doc.nodes.filter((n) => n.id !== nodeId), edges };
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
