import { GRAPH_FORMAT, GRAPH_VERSION, type GraphDocument, type GraphEdge, type GraphNode, type LayerKind } from '../../graph/types';

/** Spacing of the layered layout of built presets (canvas pixels). */
const ROW = 110;
const COLUMN = 250;

/**
 * Builds a preset document from code, for architectures too large to keep as hand-written JSON.
 * Node ids are the names (torchvision's module paths such as `layer1.0.conv1`), so a model imported
 * from ONNX and its preset line up, and the editor can group nodes by name prefix.
 */
export interface GraphBuilder {
  /** Adds a node fed by `inputs` (ids, in edge order) and returns its id. */
  add(kind: LayerKind, name: string, params: Record<string, unknown>, inputs: readonly string[]): string;
  /** The document, laid out in rows by depth: each node one row below its deepest input. */
  build(name: string): GraphDocument;
}

export function createGraphBuilder(): GraphBuilder {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const depth = new Map<string, number>();
  return {
    add(kind, name, params, inputs) {
      if (depth.has(name)) throw new Error(`preset builder: duplicate node ${name}`);
      for (const i of inputs) if (!depth.has(i)) throw new Error(`preset builder: ${name} reads unknown node ${i}`);
      depth.set(name, inputs.length === 0 ? 0 : 1 + Math.max(...inputs.map((i) => depth.get(i)!)));
      nodes.push({ id: name, kind, name, params, position: { x: 0, y: 0 } });
      for (const source of inputs) edges.push({ id: `e${edges.length + 1}`, source, target: name });
      return name;
    },
    build(name) {
      const columns = new Map<number, number>();
      for (const node of nodes) {
        const row = depth.get(node.id)!;
        const column = columns.get(row) ?? 0;
        columns.set(row, column + 1);
        node.position = { x: column * COLUMN, y: row * ROW };
      }
      return { format: GRAPH_FORMAT, version: GRAPH_VERSION, name, nodes, edges };
    },
  };
}
