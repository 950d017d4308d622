import { describe, expect, it } from 'vitest';
import { buildPlan, compileGraph } from '../../src/core/compile/compileGraph';
import type { ExecutionPlan } from '../../src/core/compile/types';
import type { GraphDocument, GraphNode } from '../../src/core/graph/types';
import { PRESETS } from '../../src/core/presets';
import { bruteForcePeakElements, findClobber, findOverlappingPair } from './planChecks';

const preset = (id: string): GraphDocument => {
  const p = PRESETS.find((x) => x.id === id);
  if (!p) throw new Error(`no preset ${id}`);
  return structuredClone(p.doc);
};

const planOf = (doc: GraphDocument): ExecutionPlan => {
  const r = buildPlan(doc);
  if (!r.ok) throw new Error(r.message);
  return r.plan;
};

const node = (id: string, kind: string, params: Record<string, unknown> = {}): GraphNode => ({ id, kind, name: id, params, position: { x: 0, y: 0 } });
const graph = (nodes: GraphNode[], edges: [string, string][]): GraphDocument => ({
  format: 'cnn-graph',
  version: 1,
  name: 'test',
  nodes,
  edges: edges.map(([source, target], i) => ({ id: `e${i}`, source, target })),
});

describe('compileGraph on LeNet-5', () => {
  const plan = planOf(preset('lenet5'));
  it('orders the steps input to output with the LeNet-5 shapes of the paper', () => {
    expect(plan.steps.map((s) => s.name)).toEqual(['Input', 'C1', 'S2', 'C3', 'S4', 'C5', 'Flatten', 'F6', 'Output']);
    expect(plan.steps.map((s) => s.outputShape)).toEqual([[32, 32, 1], [28, 28, 6], [14, 14, 6], [10, 10, 16], [5, 5, 16], [1, 1, 120], [120], [84], [10]]);
    expect(plan.inputs).toMatchObject([{ nodeId: 'input', shape: [32, 32, 1] }]);
    expect(plan.outputs).toMatchObject([{ nodeId: 'output', shape: [10] }]);
  });
  it('resolves kernels, weight shapes and geometry', () => {
    const c1 = plan.steps[1];
    expect(c1.kernelName).toBe('conv2d');
    expect(c1.weights).toEqual([{ name: 'kernel', shape: [5, 5, 1, 6] }, { name: 'bias', shape: [6] }]);
    expect(c1.geometry).toMatchObject({ inH: 32, kH: 5, outH: 28, outC: 6, padTop: 0 });
    expect(plan.steps[7].weights).toEqual([{ name: 'kernel', shape: [120, 84] }, { name: 'bias', shape: [84] }]);
    expect(plan.steps.map((s) => s.kernelName)).toEqual(['input', 'conv2d', 'avgpool2d', 'conv2d', 'avgpool2d', 'conv2d', 'alias', 'dense', 'dense']);
  });
  it('Flatten aliases its input buffer instead of copying', () => {
    expect(plan.steps[6].outputBuffer).toBe(plan.steps[5].outputBuffer);
    expect(plan.steps[7].inputBuffers).toEqual([plan.steps[5].outputBuffer]);
  });
  it('needs the two largest neighbouring activations, 4704 + 1176 floats, against 9238 for one buffer per node', () => {
    // C1 28*28*6 = 4704 is live while S2 14*14*6 = 1176 is written; naive: 1024+4704+1176+1600+400+120+120+84+10.
    expect(plan.peakArenaBytes).toBe(4 * 5880);
    expect(plan.naiveBytes).toBe(4 * 9238);
  });
  it('counts LeNet-5 MACs: 117,600 + 240,000 + 48,000 + 10,080 + 840 (Dense/Conv only)', () => {
    expect(plan.totalMacs).toBe(117600 + 240000 + 48000 + 10080 + 840);
  });
});

describe('arena reuse on the presets', () => {
  it.each(['lenet5', 'vgg16', 'resnet-block'])('%s: the arena equals the brute-force peak of live tensors', (id) => {
    const plan = planOf(preset(id));
    expect(plan.peakArenaBytes).toBe(4 * bruteForcePeakElements(plan));
    expect(plan.peakLiveBytes).toBe(plan.peakArenaBytes);
  });
  it.each(PRESETS.map((p) => p.id))('%s: no two live buffers overlap and nothing is overwritten before its last reader', (id) => {
    const plan = planOf(preset(id));
    expect(findOverlappingPair(plan)).toBeNull();
    expect(findClobber(plan)).toBeNull();
    expect(plan.peakArenaBytes).toBeLessThanOrEqual(plan.naiveBytes);
  });
  it('VGG-16 needs block1_conv1 + block1_conv2 (2 * 224*224*64 floats), a third of the 61 MB all activations take', () => {
    const plan = planOf(preset('vgg16'));
    expect(plan.peakArenaBytes).toBe(4 * 2 * 224 * 224 * 64);
    expect(plan.naiveBytes).toBe(61050784); // 15,262,696 floats: sum over the 23 VGG-16 tensors
    expect(plan.naiveBytes).toBeGreaterThan(2 * plan.peakArenaBytes);
  });
  it('the ResNet skip input stays alive until the Add, then its space is reused', () => {
    const plan = planOf(preset('resnet-block'));
    const input = plan.buffers[plan.steps[0].outputBuffer];
    const add = plan.steps.find((s) => s.kind === 'Add')!;
    expect(input.lastStep).toBe(add.index);
    expect(plan.peakArenaBytes).toBe(4 * 3 * 56 * 56 * 64); // skip + the two tensors around each step
  });
});

describe('graphs compileGraph accepts and refuses', () => {
  it('several inputs and several outputs: outputs are the nodes nobody reads', () => {
    const doc = graph(
      [
        node('a', 'Input', { shape: [8] }),
        node('b', 'Input', { shape: [8] }),
        node('sum', 'Add'),
        node('d1', 'Dense', { units: 3 }),
        node('d2', 'Dense', { units: 2 }),
      ],
      [['a', 'sum'], ['b', 'sum'], ['sum', 'd1'], ['sum', 'd2']],
    );
    const plan = planOf(doc);
    expect(plan.inputs.map((i) => i.nodeId).sort()).toEqual(['a', 'b']);
    expect(plan.outputs.map((o) => o.nodeId).sort()).toEqual(['d1', 'd2']);
    expect(findClobber(plan)).toBeNull();
    // d1 is an output: its buffer must survive d2's step.
    const d1 = plan.steps.find((s) => s.nodeId === 'd1')!;
    expect(plan.buffers[d1.outputBuffer].lastStep).toBe(plan.steps.length - 1);
  });
  it('a shape error is refused with the diagnostics, never thrown', () => {
    const doc = preset('lenet5');
    doc.nodes.find((n) => n.id === 'c5')!.params.kernelSize = 7;
    const r = compileGraph(doc);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe('shape-errors');
    expect(r.diagnostics.some((d) => d.nodeId === 'c5' && d.severity === 'error')).toBe(true);
    expect(r.message).toContain('C5');
  });
  it('a graph with no Input is refused', () => {
    const r = compileGraph(graph([], []));
    expect(r.ok).toBe(false);
  });
  it('a cycle is refused', () => {
    const doc = graph([node('in', 'Input', { shape: [4] }), node('x', 'Add'), node('y', 'Dense', { units: 4 })], [['in', 'x'], ['x', 'y'], ['y', 'x']]);
    const r = compileGraph(doc);
    expect(r.ok).toBe(false);
  });
  it('compiles every preset', () => {
    for (const p of PRESETS.filter((x) => x.id !== 'vgg16')) {
      const r = compileGraph(structuredClone(p.doc));
      expect(r.ok, p.id).toBe(true);
    }
  });
});
