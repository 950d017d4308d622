import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../src/core/compile/compileGraph';
import { fuseEpilogues } from '../../src/core/compile/fuseEpilogues';
import type { PlanWeights } from '../../src/core/compile/types';
import type { GraphDocument, GraphNode } from '../../src/core/graph/types';
import { createExecutor } from '../../src/core/runtime/executor';
import { setSimdGemmEnabled } from '../../src/core/runtime/kernels/simdGemm';
import { relativeMaxError, runWithTfjs, useTfjsCpu } from '../e2eOracle/tfjsReference';
import { makeRandom, randomArray } from '../runtime/kernels/helpers';

beforeAll(useTfjsCpu);
afterAll(() => setSimdGemmEnabled(true));

const node = (id: string, kind: string, params: Record<string, unknown>): GraphNode => ({ id, kind, name: id, params, position: { x: 0, y: 0 } } as GraphNode);
const conv = (filters: number, k: number, extra: Record<string, unknown> = {}) => ({ filters, kernelSize: k, strides: 1, padding: 'same', dilation: 1, activation: 'linear', useBias: false, ...extra });

/**
 * conv -> BN -> relu6 (all fold), depthwise (with bias) -> BN -> relu (fold), a conv whose output
 * two nodes read (stays), a conv with relu -> BN (relu first: the BN stays), leakyRelu with a
 * non-default slope (stays), and a Dense -> BN -> Activation at the end.
 */
function doc(): GraphDocument {
  const nodes = [
    node('in', 'Input', { shape: [9, 11, 3] }),
    node('c1', 'Conv2D', conv(8, 3)), node('bn1', 'BatchNorm', { epsilon: 1e-3 }), node('a1', 'Activation', { fn: 'relu6' }),
    node('dw', 'DepthwiseConv2D', { kernelSize: 3, strides: 2, padding: 'same', dilation: 1, depthMultiplier: 2, activation: 'linear', useBias: true }),
    node('bn2', 'BatchNorm', { epsilon: 1e-3 }), node('a2', 'Activation', { fn: 'relu' }),
    node('c2', 'Conv2D', conv(6, 1, { useBias: true })), node('bn3', 'BatchNorm', { epsilon: 1e-5 }), node('a3', 'Activation', { fn: 'tanh' }),
    node('add', 'Add', {}),
    node('c3', 'Conv2D', conv(5, 3, { activation: 'relu' })), node('bn4', 'BatchNorm', { epsilon: 1e-3 }),
    node('a4', 'Activation', { fn: 'leakyRelu', alpha: 0.05 }),
    node('flat', 'Flatten', {}), node('fc', 'Dense', { units: 7, activation: 'linear', useBias: false }),
    node('bn5', 'BatchNorm', { epsilon: 1e-3 }), node('a5', 'Activation', { fn: 'sigmoid' }),
  ];
  const chain = ['in', 'c1', 'bn1', 'a1', 'dw', 'bn2', 'a2', 'c2'];
  const edges = chain.slice(1).map((t, i) => ({ source: chain[i], target: t }));
  edges.push({ source: 'c2', target: 'bn3' }, { source: 'bn3', target: 'a3' }, { source: 'a3', target: 'add' }, { source: 'c2', target: 'add' });
  edges.push({ source: 'add', target: 'c3' }, { source: 'c3', target: 'bn4' }, { source: 'bn4', target: 'a4' }, { source: 'a4', target: 'flat' });
  edges.push({ source: 'flat', target: 'fc' }, { source: 'fc', target: 'bn5' }, { source: 'bn5', target: 'a5' });
  return { format: 'cnn-graph', version: 1, name: 'fusion', nodes, edges: edges.map((e, i) => ({ id: `e${i}`, ...e })) } as GraphDocument;
}

/** Compiled with random BatchNorm statistics (the initialiser's are the identity, which would hide a wrong fold). */
function compiled() {
  const r = compileGraph(doc(), { seed: 5 });
  if (!r.ok) throw new Error(r.message);
  const rand = makeRandom(17);
  for (const s of r.plan.steps) {
    if (s.kind !== 'BatchNorm') continue;
    const c = s.outputShape[s.outputShape.length - 1];
    r.weights[s.nodeId] = {
      gamma: randomArray(rand, c, 0.5, 2), beta: randomArray(rand, c, -1, 1),
      movingMean: randomArray(rand, c, -0.5, 0.5), movingVariance: randomArray(rand, c, 0.2, 3),
    };
  }
  return r;
}

function run(plan: Parameters<typeof createExecutor>[0], weights: PlanWeights, x: Float32Array, batch: number): Record<string, Float32Array> {
  const r = createExecutor(plan, weights).run(x, batch);
  if (!r.ok) throw new Error(r.error.message);
  return r.outputs;
}

describe('fuseEpilogues', () => {
  it('absorbs BatchNorm and Activation only where nothing else reads the value', () => {
    const { plan, weights } = compiled();
    const fused = fuseEpilogues(plan, weights);
    expect(fused.fusions).toEqual([
      { nodeId: 'c1', absorbed: [{ nodeId: 'bn1', kind: 'BatchNorm' }, { nodeId: 'a1', kind: 'Activation' }] },
      { nodeId: 'dw', absorbed: [{ nodeId: 'bn2', kind: 'BatchNorm' }, { nodeId: 'a2', kind: 'Activation' }] },
      { nodeId: 'fc', absorbed: [{ nodeId: 'bn5', kind: 'BatchNorm' }, { nodeId: 'a5', kind: 'Activation' }] },
    ]);
    expect(fused.plan.steps.map((s) => s.nodeId)).toEqual(['in', 'c1', 'dw', 'c2', 'bn3', 'a3', 'add', 'c3', 'bn4', 'a4', 'flat', 'fc']);
    expect(fused.plan.steps.map((s) => s.index)).toEqual(fused.plan.steps.map((_, i) => i));
    expect(fused.plan.arenaElements).toBeLessThanOrEqual(plan.arenaElements);
    // The document's plan and weights are left as they were.
    expect(plan.steps).toHaveLength(18);
    expect(weights.c1.bias).toBeUndefined();
  });

  it.each([1, 3])('gives the unfused outputs and TensorFlow.js\'s, batch %i', (batch) => {
    const { plan, weights } = compiled();
    const fused = fuseEpilogues(plan, weights);
    const x = randomArray(makeRandom(batch), batch * 9 * 11 * 3);
    const a = run(plan, weights, x, batch);
    const b = run(fused.plan, fused.weights, x, batch);
    const reference = runWithTfjs(doc(), weights, { in: x }, batch);
    expect(Object.keys(b)).toEqual(['a5']);
    expect(relativeMaxError(b.a5, a.a5)).toBeLessThan(1e-5);
    expect(relativeMaxError(b.a5, reference.a5)).toBeLessThan(1e-4);
  });

  it('leaves a plan with nothing to fuse as it is', () => {
    const r = compileGraph({ format: 'cnn-graph', version: 1, name: 'x', nodes: [node('in', 'Input', { shape: [4, 4, 2] }), node('c', 'Conv2D', conv(3, 3, { activation: 'relu' }))], edges: [{ id: 'e', source: 'in', target: 'c' }] } as GraphDocument);
    if (!r.ok) throw new Error(r.message);
    const fused = fuseEpilogues(r.plan, r.weights);
    expect(fused.plan).toBe(r.plan);
    expect(fused.fusions).toEqual([]);
  });
});

/** conv -> BN -> relu -> 2x2 max pool (all into the conv), conv (relu) -> 2x2 pool on an odd map, a 3x3 pool (stays), Dense. */
function poolDoc(): GraphDocument {
  const pool = (k: number, s: number) => ({ poolSize: k, strides: s, padding: 'valid' });
  const nodes = [
    node('in', 'Input', { shape: [18, 17, 3] }),
    node('c1', 'Conv2D', conv(8, 3)), node('bn1', 'BatchNorm', { epsilon: 1e-3 }), node('a1', 'Activation', { fn: 'relu' }), node('p1', 'MaxPool2D', pool(2, 2)),
    node('c2', 'Conv2D', conv(6, 3, { padding: 'valid', activation: 'relu', useBias: true })), node('p2', 'MaxPool2D', pool(2, 2)),
    node('c3', 'Conv2D', conv(4, 1, { useBias: true })), node('p3', 'MaxPool2D', pool(3, 1)),
    node('flat', 'Flatten', {}), node('fc', 'Dense', { units: 5, activation: 'linear', useBias: true }),
  ];
  const chain = nodes.map((n) => n.id);
  return { format: 'cnn-graph', version: 1, name: 'pools', nodes, edges: chain.slice(1).map((t, i) => ({ id: `e${i}`, source: chain[i], target: t })) } as GraphDocument;
}

describe('fuseEpilogues with max pools', () => {
  it('folds a 2x2 stride-2 max pool into the conv before it, and no other pool', () => {
    const r = compileGraph(poolDoc(), { seed: 2 });
    if (!r.ok) throw new Error(r.message);
    const fused = fuseEpilogues(r.plan, r.weights);
    expect(fused.fusions.map((f) => [f.nodeId, f.absorbed.map((a) => a.kind)])).toEqual([
      ['c1', ['BatchNorm', 'Activation', 'MaxPool2D']], ['c2', ['MaxPool2D']],
    ]);
    expect(fused.plan.steps.map((s) => s.nodeId)).toEqual(['in', 'c1', 'c2', 'c3', 'p3', 'flat', 'fc']);
  });

  it.each([['simd', 1], ['simd', 4], ['scalar', 3]] as const)('gives the unfused outputs and TensorFlow.js\'s (%s kernels, batch %i)', (engine, batch) => {
    const r = compileGraph(poolDoc(), { seed: 2 });
    if (!r.ok) throw new Error(r.message);
    const rand = makeRandom(9);
    r.weights.bn1 = { gamma: randomArray(rand, 8, 0.5, 2), beta: randomArray(rand, 8), movingMean: randomArray(rand, 8), movingVariance: randomArray(rand, 8, 0.2, 2) };
    const fused = fuseEpilogues(r.plan, r.weights);
    const x = randomArray(makeRandom(batch + 20), batch * 18 * 17 * 3);
    setSimdGemmEnabled(engine === 'simd');
    const names = createExecutor(fused.plan, fused.weights).kernelNames;
    const a = run(r.plan, r.weights, x, batch);
    const b = run(fused.plan, fused.weights, x, batch);
    setSimdGemmEnabled(true);
    expect(names[1]).toBe(engine === 'simd' ? 'conv2d.indirect-gemm-simd+maxpool2d' : 'conv2d.im2col-gemm-scalar+maxpool2d');
    const reference = runWithTfjs(poolDoc(), r.weights, { in: x }, batch);
    expect(relativeMaxError(b.fc, a.fc)).toBeLessThan(1e-5);
    expect(relativeMaxError(b.fc, reference.fc)).toBeLessThan(1e-4);
  });
});
