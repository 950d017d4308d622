import { createEdgeId, createNodeId } from '../../core/graph/createIds';
import type { GraphDocument, GraphEdge, GraphNode, Position } from '../../core/graph/types';

/**
 * Pure document edits the editor performs directly (adding, wiring, moving, deleting, pasting).
 * Each returns a new document and leaves untouched nodes and edges shared with the old one.
 * Fixes offered by diagnostics go through the core's applyPatch instead.
 */

/** The first `prefix_N` (N = 1, 2, ...) not in `taken`. */
export function pickFreshName(prefix: string, taken: ReadonlySet<string>): string {
  for (let i = 1; ; i++) {
    const candidate = `${prefix}_${i}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** Lower-case kind as Keras names layers: Conv2D -> conv2d, MaxPool2D -> maxpool2d. */
export function namePrefixOf(kind: string): string {
  return kind.toLowerCase().replace(/[^a-z0-9]+/g, '') || 'node';
}

/** Adds a node of `kind` at `position`; returns the document and the new node's id. */
export function addNode(
  doc: GraphDocument,
  kind: string,
  params: Record<string, unknown>,
  position: Position,
): { doc: GraphDocument; nodeId: string } {
  const id = createNodeId(doc, kind);
  const name = pickFreshName(namePrefixOf(kind), new Set(doc.nodes.map((n) => n.name)));
  const node: GraphNode = { id, kind, name, params, position: { x: position.x, y: position.y } };
  return { doc: { ...doc, nodes: [...doc.nodes, node] }, nodeId: id };
}

/** Adds the edge source -> target (the caller checks it first with checkConnection). */
export function addEdge(doc: GraphDocument, source: string, target: string): { doc: GraphDocument; edgeId: string } {
  const id = createEdgeId(doc);
  return { doc: { ...doc, edges: [...doc.edges, { id, source, target }] }, edgeId: id };
}

/** Removes nodes (with every edge touching them) and edges. */
export function removeElements(doc: GraphDocument, nodeIds: Iterable<string>, edgeIds: Iterable<string>): GraphDocument {
  const nodes = new Set(nodeIds);
  const edges = new Set(edgeIds);
  if (nodes.size === 0 && edges.size === 0) return doc;
  const weights = doc.weights ? Object.fromEntries(Object.entries(doc.weights).filter(([id]) => !nodes.has(id))) : undefined;
  return {
    ...doc,
    nodes: doc.nodes.filter((n) => !nodes.has(n.id)),
    edges: doc.edges.filter((e) => !edges.has(e.id) && !nodes.has(e.source) && !nodes.has(e.target)),
    ...(weights ? { weights } : {}),
  };
}

/** Replaces one node through `update`; returns `doc` itself when the node is missing or unchanged. */
export function updateNode(doc: GraphDocument, id: string, update: (node: GraphNode) => GraphNode): GraphDocument {
  const index = doc.nodes.findIndex((n) => n.id === id);
  if (index < 0) return doc;
  const next = update(doc.nodes[index]);
  if (next === doc.nodes[index]) return doc;
  const nodes = doc.nodes.slice();
  nodes[index] = next;
  return { ...doc, nodes };
}

/** Sets one param of a node (the inspector commits one field at a time). */
export function setNodeParam(doc: GraphDocument, id: string, field: string, value: unknown): GraphDocument {
  return updateNode(doc, id, (n) => (Object.is(n.params[field], value) ? n : { ...n, params: { ...n.params, [field]: value } }));
}

/** Renames a node; names are labels, so duplicates are allowed but empty names are not. */
export function renameNode(doc: GraphDocument, id: string, name: string): GraphDocument {
  const trimmed = name.trim();
  if (trimmed === '') return doc;
  return updateNode(doc, id, (n) => (n.name === trimmed ? n : { ...n, name: trimmed }));
}

/** Moves nodes to new positions; nodes not in the map keep their object identity. */
export function moveNodes(doc: GraphDocument, positions: ReadonlyMap<string, Position>): GraphDocument {
  if (positions.size === 0) return doc;
  let changed = false;
  const nodes = doc.nodes.map((n) => {
    const p = positions.get(n.id);
    if (!p || (p.x === n.position.x && p.y === n.position.y)) return n;
    changed = true;
    return { ...n, position: { x: p.x, y: p.y } };
  });
  return changed ? { ...doc, nodes } : doc;
}

/** A copied piece of a graph: the nodes and the edges running between them. */
export interface GraphFragment { nodes: GraphNode[]; edges: GraphEdge[] }

/** Copies the given nodes and the edges that run between two of them. */
export function copyFragment(doc: GraphDocument, nodeIds: Iterable<string>): GraphFragment {
  const ids = new Set(nodeIds);
  return {
    nodes: doc.nodes.filter((n) => ids.has(n.id)).map((n) => ({ ...n, params: structuredClone(n.params), position: { ...n.position } })),
    edges: doc.edges.filter((e) => ids.has(e.source) && ids.has(e.target)).map((e) => ({ ...e })),
  };
}

/**
 * Pastes a fragment shifted by `offset`, giving every node a fresh id and a free name and rewiring the
 * inner edges to the new ids. Returns the new node ids so the editor can select them.
 */
export function pasteFragment(doc: GraphDocument, fragment: GraphFragment, offset: Position): { doc: GraphDocument; nodeIds: string[] } {
  const takenIds = new Set(doc.nodes.map((n) => n.id));
  const takenNames = new Set(doc.nodes.map((n) => n.name));
  const takenEdges = new Set(doc.edges.map((e) => e.id));
  const idMap = new Map<string, string>();
  const nodes: GraphNode[] = [];
  for (const n of fragment.nodes) {
    const prefix = namePrefixOf(n.kind);
    const id = pickFreshName(prefix, takenIds);
    takenIds.add(id);
    // A copy keeps its name when free, else the name's stem gets the next number (C1 -> C1_1, conv2d_1 -> conv2d_2).
    const name = takenNames.has(n.name) ? pickFreshName(n.name.replace(/_\d+$/, '') || prefix, takenNames) : n.name;
    takenNames.add(name);
    idMap.set(n.id, id);
    nodes.push({ ...n, id, name, params: structuredClone(n.params), position: { x: n.position.x + offset.x, y: n.position.y + offset.y } });
  }
  const edges: GraphEdge[] = [];
  for (const e of fragment.edges) {
    const source = idMap.get(e.source);
    const target = idMap.get(e.target);
    if (!source || !target) continue;
    const id = pickFreshName('e', takenEdges);
    takenEdges.add(id);
    edges.push({ id, source, target });
  }
  return { doc: { ...doc, nodes: [...doc.nodes, ...nodes], edges: [...doc.edges, ...edges] }, nodeIds: nodes.map((n) => n.id) };
}

/** An empty document. */
export function createEmptyDocument(name = 'Untitled'): GraphDocument {
  return { format: 'cnn-graph', version: 1, name, nodes: [], edges: [] };
}

/** How far a pasted copy moves: right of the whole copied fragment plus a gap, so it never covers the originals. */
export function pasteOffsetOf(fragment: GraphFragment, cardWidth = 224, gap = 40): Position {
  if (fragment.nodes.length === 0) return { x: gap, y: 0 };
  const xs = fragment.nodes.map((n) => n.position.x);
  return { x: Math.max(...xs) - Math.min(...xs) + cardWidth + gap, y: 0 };
}
