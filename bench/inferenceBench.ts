import type { GraphDocument, GraphEdge, GraphNode } from '../src/core/graph/types';
import { inferShapes } from '../src/core/shape/inferShapes';

/** One timing result. */
export interface InferenceBenchResult {
  name: string;
  medianMs: number;
  p95Ms: number;
  runs: number;
  nodes: number;
  edges: number;
}

/**
 * A realistic 1,000-node graph: an Input, residual blocks (conv 3x3 same, BatchNorm, relu, conv,
 * BatchNorm, Add with the block input, relu) with a max pool every 30 blocks, then
 * GlobalAvgPool2D and Dense.
 */
export function generateResidualGraph(targetNodes = 1000): GraphDocument {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const addNode = (kind: string, params: Record<string, unknown>, inputs: string[]): string => {
    const id = `n${nodes.length}`;
    nodes.push({ id, kind, name: id, params, position: { x: 0, y: nodes.length * 120 } });
    for (const src of inputs) edges.push({ id: `e${edges.length}`, source: src, target: id });
    return id;
  };
  const conv = { filters: 16, kernelSize: 3, strides: 1, padding: 'same', dilation: 1, activation: 'linear', useBias: false };
  let x = addNode('Input', { shape: [32, 32, 16] }, []);
  for (let block = 0; nodes.length + 9 <= targetNodes; block++) {
    if (block > 0 && block % 30 === 0) x = addNode('MaxPool2D', { poolSize: 2, strides: 2, padding: 'same' }, [x]);
    const a = addNode('Conv2D', conv, [x]);
    const b = addNode('BatchNorm', { epsilon: 1e-3 }, [a]);
    const c = addNode('Activation', { fn: 'relu' }, [b]);
    const d = addNode('Conv2D', conv, [c]);
    const e = addNode('BatchNorm', { epsilon: 1e-3 }, [d]);
    const f = addNode('Add', {}, [e, x]);
    x = addNode('Activation', { fn: 'relu' }, [f]);
  }
  while (nodes.length < targetNodes - 2) x = addNode('Activation', { fn: 'relu' }, [x]);
  x = addNode('GlobalAvgPool2D', {}, [x]);
  addNode('Dense', { units: 10, activation: 'softmax', useBias: true }, [x]);
  return { format: 'cnn-graph', version: 1, name: 'bench: residual 1000', nodes, edges };
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** Times full inferShapes of the generated 1,000-node graph: warm-up, then the median of 100 runs. Target < 5 ms. */
export async function benchInference(runs = 100, warmup = 20): Promise<InferenceBenchResult[]> {
  const doc = generateResidualGraph(1000);
  const check = inferShapes(doc);
  if (check.hasErrors) throw new Error(`bench graph has errors: ${check.diagnostics[0].message}`);
  for (let i = 0; i < warmup; i++) inferShapes(doc);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    inferShapes(doc);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return [{
    name: 'inferShapes, 1,000-node residual graph',
    medianMs: percentile(times, 0.5),
    p95Ms: percentile(times, 0.95),
    runs,
    nodes: doc.nodes.length,
    edges: doc.edges.length,
  }];
}
