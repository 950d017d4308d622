import type { GraphDocument, GraphEdge, GraphNode } from '../graph/types';
import type { Diagnostic } from './types';

/** A document's nodes and edges by id, with the structural problems found while indexing. */
export interface GraphIndex {
  /** Unique nodes in document order (a duplicate id keeps its first node). */
  nodes: GraphNode[];
  byId: Map<string, GraphNode>;
  /** Incoming edges per node id, in document edge order (the merge input order). */
  incoming: Map<string, GraphEdge[]>;
  /** Target ids per node id, in document edge order. */
  outgoing: Map<string, string[]>;
  diagnostics: Diagnostic[];
}

/** The label that starts a node's messages: its name, or its id when unnamed. */
export function labelNode(node: GraphNode): string {
  return node.name.trim() === '' ? node.id : node.name;
}

/** Indexes a document, reporting 'duplicate-id' and 'dangling-edge'. Never throws. */
export function indexGraph(doc: GraphDocument): GraphIndex {
  const byId = new Map<string, GraphNode>();
  const nodes: GraphNode[] = [];
  const incoming = new Map<string, GraphEdge[]>();
  const outgoing = new Map<string, string[]>();
  const diagnostics: Diagnostic[] = [];
  for (const node of doc.nodes) {
    const first = byId.get(node.id);
    if (first) {
      diagnostics.push({
        nodeId: node.id,
        severity: 'error',
        code: 'duplicate-id',
        message: `${labelNode(node)}: id "${node.id}" is already used by ${labelNode(first)} (${first.kind}); this ${node.kind} node is ignored until it gets its own id`,
        fixes: [],
      });
      continue;
    }
    byId.set(node.id, node);
    nodes.push(node);
    incoming.set(node.id, []);
    outgoing.set(node.id, []);
  }
  for (const edge of doc.edges) {
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (source && target) {
      incoming.get(target.id)!.push(edge);
      outgoing.get(source.id)!.push(target.id);
      continue;
    }
    const missing = [source ? '' : `source "${edge.source}"`, target ? '' : `target "${edge.target}"`].filter(Boolean).join(' and ');
    const anchor = target ?? source;
    diagnostics.push({
      nodeId: anchor ? anchor.id : edge.id,
      severity: 'error',
      code: 'dangling-edge',
      message: `${anchor ? `${labelNode(anchor)}: ` : ''}edge "${edge.id}" points to a missing ${missing}`,
      fixes: [{ label: 'remove the edge', patch: { type: 'removeEdge', edgeId: edge.id } }],
    });
  }
  return { nodes, byId, incoming, outgoing, diagnostics };
}
