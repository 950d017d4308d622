import type { GraphDocument } from '../../../src/core/graph/types';

/** [id, kind, params] — or [id, kind, params, name] */
export type NodeSpec = [string, string, Record<string, unknown>, string?];

/** A document from node specs and [source, target] pairs (edge ids e1, e2, ... in order). */
export function buildDoc(nodes: NodeSpec[], edges: [string, string][]): GraphDocument {
  return {
    format: 'cnn-graph',
    version: 1,
    name: 'test',
    nodes: nodes.map(([id, kind, params, name], i) => ({ id, kind, name: name ?? id, params, position: { x: 0, y: i * 120 } })),
    edges: edges.map(([source, target], i) => ({ id: `e${i + 1}`, source, target })),
  };
}

/** A straight chain: each node feeds the next. */
export function chainDoc(nodes: NodeSpec[]): GraphDocument {
  return buildDoc(nodes, nodes.slice(1).map((n, i) => [nodes[i][0], n[0]]));
}
