import type { GraphDocument } from './types';

/**
 * A node id not used in `doc`: the kind in lower case plus the smallest free number,
 * e.g. "conv2d_3", "maxpool2d_1". Readable in files and stable for a given document.
 */
export function createNodeId(doc: GraphDocument, kind: string): string {
  const base = kind.replace(/[^A-Za-z0-9]/g, '').toLowerCase() || 'node';
  const used = new Set(doc.nodes.map((n) => n.id));
  for (let i = 1; ; i++) {
    const id = `${base}_${i}`;
    if (!used.has(id)) return id;
  }
}

/** An edge id not used in `doc`: "e" plus the smallest free number. */
export function createEdgeId(doc: GraphDocument): string {
  const used = new Set(doc.edges.map((e) => e.id));
  for (let i = doc.edges.length + 1; ; i++) {
    const id = `e${i}`;
    if (!used.has(id)) return id;
  }
}
