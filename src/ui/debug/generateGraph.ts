import type { GraphDocument, GraphEdge, GraphNode } from '../../core/graph/types';

/**
 * A valid chain of about `n` nodes for performance checks: Input 32x32x3, then repeated
 * Conv2D 3x3 'same' -> BatchNorm -> Activation relu, a stride-2 pool every few blocks, with an
 * Add skip around each block, and a Flatten -> Dense head. Laid out in a grid.
 */
export function generateGraph(n: number): GraphDocument {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const place = (i: number) => ({ x: (Math.floor(i / 40)) * 260, y: (i % 40) * 130 });
  const push = (kind: string, params: Record<string, unknown>, inputs: string[]): string => {
    const id = `n${nodes.length}`;
    nodes.push({ id, kind, name: `${kind.toLowerCase()}_${nodes.length}`, params, position: place(nodes.length) });
    for (const src of inputs) edges.push({ id: `e${edges.length}`, source: src, target: id });
    return id;
  };
  let last = push('Input', { shape: [32, 32, 3] }, []);
  last = push('Conv2D', { filters: 16, kernelSize: 3, strides: 1, padding: 'same', dilation: 1, activation: 'relu', useBias: true }, [last]);
  let block = 0;
  while (nodes.length < n - 2) {
    const conv = push('Conv2D', { filters: 16, kernelSize: 3, strides: 1, padding: 'same', dilation: 1, activation: 'linear', useBias: false }, [last]);
    const bn = push('BatchNorm', { epsilon: 0.001 }, [conv]);
    const sum = push('Add', {}, [bn, last]);
    last = push('Activation', { fn: 'relu' }, [sum]);
    block++;
    if (block % 8 === 0 && block < 32) last = push('MaxPool2D', { poolSize: 2, strides: 2, padding: 'valid' }, [last]);
  }
  last = push('GlobalAvgPool2D', {}, [last]);
  push('Dense', { units: 10, activation: 'softmax', useBias: true }, [last]);
  return { format: 'cnn-graph', version: 1, name: `Generated ${nodes.length}-node graph`, nodes, edges };
}
