import { beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../src/core/compile/compileGraph';
import { fuseEpilogues } from '../../src/core/compile/fuseEpilogues';
import { encodeFloat32 } from '../../src/core/graph/tensorCodec';
import type { GraphDocument, GraphNode } from '../../src/core/graph/types';
import { PRESETS } from '../../src/core/presets';
import { inferShapes } from '../../src/core/shape/inferShapes';
import { createExecutor } from '../../src/core/runtime/executor';
import { relativeMaxError, runWithTfjs, useTfjsCpu } from './tfjsReference';

const TOLERANCE = 1e-4;

function uniform(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  let a = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = lo + (hi - lo) * (((t ^ (t >>> 14)) >>> 0) / 4294967296);
  }
  return out;
}

/** Gives every BatchNorm random statistics through doc.weights, so BN is not the near-identity of its defaults. */
function withRandomBatchNorm(doc: GraphDocument): GraphDocument {
  const out = structuredClone(doc);
  const weights: NonNullable<GraphDocument['weights']> = {};
  let seed = 100;
  const inference = inferShapes(out);
  // A BatchNorm normalises the last axis of its output.
  const channelsOf = (id: string): number => inference.nodes.get(id)!.outputShape!.at(-1)!;
  for (const n of out.nodes.filter((x) => x.kind === 'BatchNorm')) {
    const c = channelsOf(n.id);
    const t = (lo: number, hi: number) => ({ shape: [c], data: encodeFloat32(uniform(c, seed++, lo, hi)) });
    weights[n.id] = { gamma: t(0.5, 1.5), beta: t(-0.5, 0.5), movingMean: t(-0.2, 0.2), movingVariance: t(0.5, 2) };
  }
  // Keep the weights a preset carries (the trained LeNet, the kernel playground): they are checked too.
  out.weights = { ...out.weights, ...weights };
  return out;
}

/**
 * Runs the graph on our runtime and on tfjs-cpu with the same weights and inputs, and compares
 * every node's output (captured through onStep), not only the last one.
 */
function compareWithTfjs(doc: GraphDocument, batch: number, seed = 1): { worst: number; node: string; outputs: number } {
  const compiled = compileGraph(doc, { seed });
  if (!compiled.ok) throw new Error(compiled.message);
  const { plan, weights } = compiled;
  const inputs: Record<string, Float32Array> = {};
  plan.inputs.forEach((input, k) => {
    inputs[input.nodeId] = uniform(batch * input.shape.reduce((a, b) => a * b, 1), 1000 + k);
  });
  const ours: Record<string, Float32Array> = {};
  const result = createExecutor(plan, weights).run(inputs, batch, { onStep: (step, out) => (ours[step.nodeId] = out.slice()) });
  if (!result.ok) throw new Error(result.error.message);
  const reference = runWithTfjs(doc, weights, inputs, batch);
  let worst = 0;
  let node = '';
  for (const step of plan.steps) {
    const err = relativeMaxError(ours[step.nodeId], reference[step.nodeId]);
    if (!(err <= worst)) {
      worst = err;
      node = step.name;
    }
  }
  for (const o of plan.outputs) expect(relativeMaxError(result.outputs[o.nodeId], reference[o.nodeId])).toBeLessThanOrEqual(TOLERANCE);
  return { worst, node, outputs: plan.outputs.length };
}

beforeAll(useTfjsCpu);

describe('presets on our runtime match TensorFlow.js (cpu) node by node', () => {
  // VGG-16 and U-Net are tens of G MACs, minutes on tfjs' plain-JS backend: their layers are
  // checked at a lower cost below.
  it.each(PRESETS.filter((p) => p.id !== 'vgg16' && p.id !== 'unet').map((p) => p.id))('%s, batch 2', { timeout: 300_000 }, (id) => {
    const doc = withRandomBatchNorm(PRESETS.find((p) => p.id === id)!.doc);
    const { worst, node } = compareWithTfjs(doc, 2);
    expect(worst, `worst node ${node}`).toBeLessThanOrEqual(TOLERANCE);
  });
  it('VGG-16 layers at a 32x32x3 input (the full 224x224 forward is timed by bench/modelBench.ts)', () => {
    // Same 13 convs, 5 pools and 4096-4096-1000 head; 32 -> 1 after five pools, so fc1 is 512 x 4096.
    const doc = structuredClone(PRESETS.find((p) => p.id === 'vgg16')!.doc);
    doc.nodes.find((x) => x.kind === 'Input')!.params.shape = [32, 32, 3];
    const { worst, node } = compareWithTfjs(doc, 1, 3);
    expect(worst, `worst node ${node}`).toBeLessThanOrEqual(TOLERANCE);
  });
  it('SqueezeNet 1.1 at 230x230x3, where its ceilMode pools round up (57 rows, not 56)', () => {
    const doc = structuredClone(PRESETS.find((p) => p.id === 'squeezenet1_1')!.doc);
    doc.nodes.find((x) => x.kind === 'Input')!.params.shape = [230, 230, 3];
    expect(inferShapes(doc).nodes.get('features.2')!.outputShape).toEqual([57, 57, 64]);
    const { worst, node } = compareWithTfjs(doc, 1, 4);
    expect(worst, `worst node ${node}`).toBeLessThanOrEqual(TOLERANCE);
  });
  it('U-Net at its 572x572 tile with 1/16 of the channels (same crops, up-convolutions and concatenations)', { timeout: 300_000 }, () => {
    const doc = structuredClone(PRESETS.find((p) => p.id === 'unet')!.doc);
    for (const node of doc.nodes) {
      if ((node.kind === 'Conv2D' || node.kind === 'Conv2DTranspose') && node.id !== 'output') node.params.filters = (node.params.filters as number) / 16;
    }
    const { worst, node } = compareWithTfjs(doc, 1, 5);
    expect(worst, `worst node ${node}`).toBeLessThanOrEqual(TOLERANCE);
  });
  it('LeNet-5 batch 5', () => {
    const { worst, node } = compareWithTfjs(structuredClone(PRESETS.find((p) => p.id === 'lenet5')!.doc), 5, 7);
    expect(worst, `worst node ${node}`).toBeLessThanOrEqual(TOLERANCE);
  });
});

const n = (id: string, kind: string, params: Record<string, unknown> = {}): GraphNode => ({ id, kind, name: id, params, position: { x: 0, y: 0 } });

describe('a hand-built graph: two inputs, dilation, asymmetric padding, Add, Concatenate, BatchNorm, GAP', () => {
  const conv = (filters: number, extra: Record<string, unknown>) => ({ filters, kernelSize: 3, strides: 1, padding: 'valid', dilation: 1, activation: 'relu', useBias: true, ...extra });
  const doc: GraphDocument = {
    format: 'cnn-graph',
    version: 1,
    name: 'mixed',
    nodes: [
      n('img', 'Input', { shape: [13, 11, 3] }),
      n('aux', 'Input', { shape: [13, 11, 3] }),
      n('dil', 'Conv2D', conv(8, { dilation: [2, 1], padding: [[2, 2], [1, 1]] })),
      n('asym', 'Conv2D', conv(8, { kernelSize: [3, 2], padding: [[0, 2], [1, 0]], activation: 'tanh' })),
      n('sum', 'Add'),
      n('bn', 'BatchNorm', { epsilon: 0.01 }),
      n('strided', 'Conv2D', conv(5, { strides: 2, padding: 'same', activation: 'sigmoid', useBias: false })),
      n('pool', 'MaxPool2D', { poolSize: 3, strides: 2, padding: 'same' }),
      n('avg', 'AvgPool2D', { poolSize: 2, strides: 2, padding: 'same' }),
      n('cat', 'Concatenate'),
      n('gap', 'GlobalAvgPool2D'),
      n('drop', 'Dropout', { rate: 0.3 }),
      n('fc', 'Dense', { units: 6, activation: 'linear', useBias: true }),
      n('soft', 'Activation', { fn: 'softmax' }),
    ],
    edges: [
      ['img', 'dil'], ['aux', 'asym'], ['dil', 'sum'], ['asym', 'sum'], ['sum', 'bn'], ['bn', 'strided'], ['bn', 'pool'],
      ['pool', 'cat'], ['strided', 'cat'], ['bn', 'avg'], ['avg', 'gap'], ['gap', 'drop'], ['drop', 'fc'], ['fc', 'soft'],
    ].map(([source, target], i) => ({ id: `e${i}`, source, target })),
  };
  it('compiles with the expected merge shapes', () => {
    const r = compileGraph(doc);
    if (!r.ok) throw new Error(r.message);
    const shapes = Object.fromEntries(r.plan.steps.map((s) => [s.nodeId, s.outputShape]));
    expect(shapes.dil).toEqual([13, 11, 8]); // (13 + 4 - 5)/1 + 1, (11 + 2 - 3)/1 + 1
    expect(shapes.asym).toEqual([13, 11, 8]); // (13 + 2 - 3) + 1, (11 + 1 - 2) + 1
    expect(shapes.cat).toEqual([7, 6, 13]);
    expect(r.plan.outputs.map((o) => o.nodeId).sort()).toEqual(['cat', 'soft']);
  });
  it('matches tfjs at every node, batch 3', () => {
    const { worst, node, outputs } = compareWithTfjs(withRandomBatchNorm2(doc), 3, 5);
    expect(outputs).toBe(2);
    expect(worst, `worst node ${node}`).toBeLessThanOrEqual(TOLERANCE);
  });
});

/** BN here follows an Add of 8-channel convs. */
function withRandomBatchNorm2(doc: GraphDocument): GraphDocument {
  const out = structuredClone(doc);
  const t = (seed: number, lo: number, hi: number) => ({ shape: [8], data: encodeFloat32(uniform(8, seed, lo, hi)) });
  out.weights = { bn: { gamma: t(1, 0.5, 1.5), beta: t(2, -0.5, 0.5), movingMean: t(3, -0.2, 0.2), movingVariance: t(4, 0.5, 2) } };
  return out;
}

describe('pools in PyTorch\'s dialect: ceilMode and countIncludePad, symmetric and asymmetric pads', () => {
  const doc: GraphDocument = {
    format: 'cnn-graph',
    version: 1,
    name: 'pools',
    nodes: [
      n('in', 'Input', { shape: [15, 12, 4] }),
      n('max', 'MaxPool2D', { poolSize: 3, strides: 2, padding: 1, ceilMode: true }),
      n('avg', 'AvgPool2D', { poolSize: 3, strides: 2, padding: [[0, 2], [1, 0]], ceilMode: true, countIncludePad: true }),
      n('avgReal', 'AvgPool2D', { poolSize: [2, 3], strides: [3, 2], padding: 1, ceilMode: true }),
      n('counted', 'AvgPool2D', { poolSize: 3, strides: 1, padding: 1, countIncludePad: true }),
      // A 2x2/2 max pool the compiler folds into the conv before it, on 15 rows: 8 windows, the last half over.
      n('conv', 'Conv2D', { filters: 5, kernelSize: 3, padding: 'same', activation: 'relu' }),
      n('folded', 'MaxPool2D', { poolSize: 2, strides: 2, ceilMode: true }),
    ],
    edges: [['in', 'max'], ['max', 'avg'], ['in', 'avgReal'], ['in', 'counted'], ['in', 'conv'], ['conv', 'folded']].map(([source, target], i) => ({ id: `e${i}`, source, target })),
  };
  it('matches tfjs (padded out to the rounded-up windows) at every node, batch 3', () => {
    const shapes = Object.fromEntries([...inferShapes(doc).nodes].map(([id, info]) => [id, info.outputShape]));
    // ceil((15 + 2 - 3)/2) + 1 = 8, ceil((12 + 2 - 3)/2) + 1 = 7; then ceil((8 + 2 - 3)/2) + 1 = 5 less
    // the window starting at row 8 in the bottom pad, and ceil((7 + 1 - 3)/2) + 1 = 4.
    expect(shapes.max).toEqual([8, 7, 4]);
    expect(shapes.avg).toEqual([4, 4, 4]);
    expect(shapes.folded).toEqual([8, 6, 5]);
    const { worst, node, outputs } = compareWithTfjs(doc, 3, 9);
    expect(outputs).toBe(4);
    expect(worst, `worst node ${node}`).toBeLessThanOrEqual(TOLERANCE);
  });
  it('folds the ceilMode 2x2 pool into its conv and still matches tfjs there', () => {
    const compiled = compileGraph(doc, { seed: 9 });
    if (!compiled.ok) throw new Error(compiled.message);
    const fused = fuseEpilogues(compiled.plan, compiled.weights);
    expect(fused.fusions).toContainEqual({ nodeId: 'conv', absorbed: [{ nodeId: 'folded', kind: 'MaxPool2D' }] });
    const x = uniform(3 * 15 * 12 * 4, 1000);
    const run = createExecutor(fused.plan, fused.weights).run({ in: x }, 3);
    if (!run.ok) throw new Error(run.error.message);
    const reference = runWithTfjs(doc, compiled.weights, { in: x }, 3);
    expect(relativeMaxError(run.outputs.conv ?? run.outputs.folded, reference.folded)).toBeLessThanOrEqual(TOLERANCE);
  });
});
