import { describe, expect, it } from 'vitest';
import { compileGraph } from '../../../src/core/compile/compileGraph';
import type { GraphDocument, GraphNode } from '../../../src/core/graph/types';
import { createExecutor } from '../../../src/core/runtime/executor';
import { createRuntimeApi, type RunProgress } from '../../../src/worker/runtimeApi';

function node(id: string, kind: string, params: Record<string, unknown>): GraphNode {
  return { id, kind, name: id, params, position: { x: 0, y: 0 } };
}

/** A LeNet-like graph small enough for a unit test: 12x12x1 -> conv 3x3x4 -> pool -> dense 10 softmax. */
function smallNet(): GraphDocument {
  return {
    format: 'cnn-graph',
    version: 1,
    name: 'small',
    nodes: [
      node('in', 'Input', { shape: [12, 12, 1] }),
      node('c1', 'Conv2D', { filters: 4, kernelSize: 3, strides: 1, padding: 'valid', dilation: 1, activation: 'relu', useBias: true }),
      node('p1', 'MaxPool2D', { poolSize: 2, strides: 2, padding: 'valid' }),
      node('f', 'Flatten', {}),
      node('d', 'Dense', { units: 10, activation: 'softmax', useBias: true }),
    ],
    edges: [
      { id: 'e1', source: 'in', target: 'c1' },
      { id: 'e2', source: 'c1', target: 'p1' },
      { id: 'e3', source: 'p1', target: 'f' },
      { id: 'e4', source: 'f', target: 'd' },
    ],
  };
}

const input = Float32Array.from({ length: 144 }, (_, i) => ((i * 7) % 13) / 12);

describe('createRuntimeApi (the worker API, called directly)', () => {
  it('gives bit-for-bit the outputs and feature maps of the runtime run in this thread', () => {
    const doc = smallNet();
    const api = createRuntimeApi();
    const loaded = api.load(doc, 42);
    expect(loaded.ok).toBe(true);
    const progress: RunProgress[] = [];
    const res = api.run({ in: input.slice() }, (p) => progress.push(p));
    if (!res.ok) throw new Error(res.error.message);

    const compiled = compileGraph(doc, { seed: 42 });
    if (!compiled.ok) throw new Error(compiled.message);
    const maps = new Map<string, Float32Array>();
    const direct = createExecutor(compiled.plan, compiled.weights).run({ in: input.slice() }, 1, {
      onStep: (step, out) => maps.set(step.nodeId, out.slice()),
    });
    if (!direct.ok) throw new Error(direct.error.message);

    expect(res.outputs.map((o) => o.nodeId)).toEqual(['d']);
    expect(Array.from(res.outputs[0].data)).toEqual(Array.from(direct.outputs.d));
    const c1 = api.featureMap('c1');
    expect(c1?.shape).toEqual([10, 10, 4]);
    expect(Array.from(c1!.data)).toEqual(Array.from(maps.get('c1')!));
    expect(progress.map((p) => p.step)).toEqual([1, 2, 3, 4, 5]);
    expect(progress[4]).toMatchObject({ total: 5, nodeId: 'd' });
  });

  it('reports per-node shapes, timings and stats that match the maps', () => {
    const api = createRuntimeApi();
    api.load(smallNet(), 1);
    const res = api.run({ in: input.slice() });
    if (!res.ok) throw new Error(res.error.message);
    expect(res.results.map((r) => [r.nodeId, r.shape])).toEqual([
      ['in', [12, 12, 1]], ['c1', [10, 10, 4]], ['p1', [5, 5, 4]], ['f', [100]], ['d', [10]],
    ]);
    const c1 = res.results[1];
    const map = api.featureMap('c1')!.data;
    expect(c1.stats.min).toBe(Math.min(...map));
    expect(c1.stats.max).toBe(Math.max(...map));
    expect(c1.channelStats).toHaveLength(4);
    // ReLU output: the zero fraction is the share of exact zeros.
    expect(c1.stats.zeroFraction).toBeCloseTo(map.filter((v) => v === 0).length / map.length, 12);
    expect(c1.preview.shape).toEqual([10, 10, 4]);
    expect(res.results.every((r) => r.ms >= 0)).toBe(true);
    const probs = res.outputs[0].data;
    expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });

  it('the same seed gives the same output, another seed another', () => {
    const run = (seed: number) => {
      const api = createRuntimeApi();
      api.load(smallNet(), seed);
      const r = api.run({ in: input.slice() });
      if (!r.ok) throw new Error(r.error.message);
      return Array.from(r.outputs[0].data);
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it('refuses to run before a graph is loaded', () => {
    const r = createRuntimeApi().run({});
    expect(!r.ok && r.error.code).toBe('not-loaded');
  });

  it('refuses an input of the wrong length with the numbers', () => {
    const api = createRuntimeApi();
    api.load(smallNet(), 0);
    const r = api.run({ in: new Float32Array(7) });
    expect(!r.ok && r.error.message).toBe('Input in expects 144 values ([12, 12, 1]), got 7');
  });

  it('reports a graph with a shape error as a compile failure naming the node', () => {
    const doc = smallNet();
    doc.nodes[1].params = { ...doc.nodes[1].params, kernelSize: 15 };
    const loaded = createRuntimeApi().load(doc, 0);
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) {
      expect(loaded.error.code).toBe('compile-failed');
      expect(loaded.error.nodeId).toBe('c1');
      expect(loaded.error.message).toBe('the graph does not compile: 1 shape error');
      // The kernel does not fit the 12x12 input: the diagnostic carries the arithmetic.
      expect(loaded.error.diagnostics).toHaveLength(1);
      expect(loaded.error.diagnostics![0].nodeId).toBe('c1');
      expect(loaded.error.diagnostics![0].message).toMatch(/15/);
      expect(loaded.error.diagnostics![0].message).toMatch(/12/);
    }
  });
});
