/**
 * The graphs the speed benchmarks run, shared by the Node bench (./modelBench) and the browser
 * bench (./browser): the presets, LeNet-5 as people build it today, and single layers.
 */
import type { GraphDocument, GraphNode } from '../src/core/graph/types';
import { PRESETS } from '../src/core/presets';

export function presetDoc(id: string): GraphDocument {
  const p = PRESETS.find((x) => x.id === id);
  if (!p) throw new Error(`no preset ${id}`);
  return p.doc;
}

/** LeNet-5 with ReLU for tanh and max for average pooling: how people build it today. */
export function lenetReluDoc(): GraphDocument {
  const doc = presetDoc('lenet5');
  const nodes = doc.nodes.map((n): GraphNode => {
    const params = { ...n.params } as Record<string, unknown>;
    if (params.activation === 'tanh') params.activation = 'relu';
    return { ...n, kind: n.kind === 'AvgPool2D' ? 'MaxPool2D' : n.kind, params } as GraphNode;
  });
  return { ...doc, name: 'LeNet-5 (ReLU, max pool)', nodes };
}

/** One Conv2D layer with bias and relu, 'same' padding. */
export function convDoc(h: number, w: number, c: number, k: number, s: number, filters: number): GraphDocument {
  return {
    format: 'cnn-graph', version: 1, name: 'conv',
    nodes: [
      { id: 'in', kind: 'Input', name: 'in', params: { shape: [h, w, c] }, position: { x: 0, y: 0 } },
      { id: 'conv', kind: 'Conv2D', name: 'conv', params: { filters, kernelSize: k, strides: s, padding: 'same', dilation: 1, activation: 'relu', useBias: true }, position: { x: 0, y: 100 } },
    ] as GraphNode[],
    edges: [{ id: 'e', source: 'in', target: 'conv' }],
  };
}


/** One DepthwiseConv2D layer with bias and relu6 (MobileNet's), 'same' padding. */
export function depthwiseDoc(h: number, w: number, c: number, k: number, s: number): GraphDocument {
  return {
    format: 'cnn-graph', version: 1, name: 'depthwise',
    nodes: [
      { id: 'in', kind: 'Input', name: 'in', params: { shape: [h, w, c] }, position: { x: 0, y: 0 } },
      { id: 'dw', kind: 'DepthwiseConv2D', name: 'dw', params: { kernelSize: k, strides: s, padding: 'same', dilation: 1, depthMultiplier: 1, activation: 'relu6', useBias: true }, position: { x: 0, y: 100 } },
    ] as GraphNode[],
    edges: [{ id: 'e', source: 'in', target: 'dw' }],
  };
}

