import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileGraph } from '../../../src/core/compile/compileGraph';
import { exportOnnx, ONNX_IR_VERSION, ONNX_OPSET } from '../../../src/core/export/onnx/exportOnnx';
import type { GraphDocument, GraphNode } from '../../../src/core/graph/types';
import { decodeModel } from '../../../src/core/onnx/codec';
import { readFloatTensor } from '../../../src/core/onnx/tensors';
import { PRESETS } from '../../../src/core/presets';
import { inferShapes } from '../../../src/core/shape/inferShapes';
import { PythonOracle } from '../../onnx/pythonOracle';
import { buildSpatialGraph, spatialGraphArb } from '../../helpers/randomSpatialGraphs';
import { buildGraph, choiceArb } from '../../helpers/randomVectorGraphs';
import { compareWithOrt } from './onnxHelpers';

/**
 * The ONNX export, run by onnxruntime-node against our runtime (batch 1 and batch 3 through the
 * same file: the batch is symbolic), and every exported file accepted by onnx.checker (full check,
 * strict shape inference) in one Python process at the end.
 */
const TOLERANCE = 1e-4;
let dir: string;
const written: string[] = [];

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'onnx-export-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Keeps the file for the checker at the end. */
function keep(name: string, bytes: Uint8Array): void {
  const file = path.join(dir, `${written.length}-${name.replace(/[^A-Za-z0-9_-]/g, '_')}.onnx`);
  writeFileSync(file, bytes);
  written.push(file);
}

const node = (id: string, kind: string, params: Record<string, unknown> = {}): GraphNode => ({ id, kind, name: id, params, position: { x: 0, y: 0 } });
const chain = (nodes: GraphNode[], name = 'case'): GraphDocument => ({
  format: 'cnn-graph', version: 1, name, nodes,
  edges: nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: nodes[i].id, target: n.id })),
});

function decode(bytes: Uint8Array) {
  const decoded = decodeModel(bytes);
  if (!decoded.ok) throw new Error(decoded.message);
  return decoded.model;
}

/** The dims of the first graph input (a tensor type). */
function inputDims(model: ReturnType<typeof decode>) {
  const type = model.graph!.input[0].type!.value;
  if (type.case !== 'tensorType') throw new Error('the input is not a tensor');
  return type.value.shape!.dim;
}

describe('every preset', () => {
  // The large ones (VGG-16's file is 553 MB, U-Net's tile is 40 G MACs) run at batch 2 only: the
  // symbolic batch at 1 is what every other preset and the random graphs check.
  const large = new Set(['vgg16', 'resnet50', 'resnet18', 'mobilenetv2', 'unet']);
  it.each(PRESETS.map((p) => [p.id, large.has(p.id) ? [2] : [1, 3], p] as const))('%s runs in onnxruntime like our runtime (NCHW, batches %j)', async (id, batches, preset) => {
    const result = await compareWithOrt(preset.doc, batches);
    expect(result.worst, result.output).toBeLessThanOrEqual(TOLERANCE);
    expect(result.spread, 'a constant output would agree with anything').toBeGreaterThan(1e-3);
    keep(id, result.bytes);
  }, 600_000);

  it.each(['lenet5', 'tinyvgg', 'inception-block'])('%s with layout nhwc takes [N, H, W, C] and agrees', async (id) => {
    const result = await compareWithOrt(PRESETS.find((p) => p.id === id)!.doc, [1, 2], { layout: 'nhwc' });
    expect(result.worst, result.output).toBeLessThanOrEqual(TOLERANCE);
    const model = decode(result.bytes);
    const dims = inputDims(model);
    const input = PRESETS.find((p) => p.id === id)!.doc.nodes.find((n) => n.kind === 'Input')!.params.shape as number[];
    expect(dims.map((d) => d.value.value)).toEqual(['N', ...input.map(BigInt)]);
    keep(`${id}-nhwc`, result.bytes);
  }, 120_000);
});

/** Pools whose explicit pads reach the window size (read from the params, not the exporter). */
function refusedPools(doc: GraphDocument): string[] {
  const inference = inferShapes(doc);
  return doc.nodes.filter((n) => {
    if (n.kind !== 'MaxPool2D' && n.kind !== 'AvgPool2D') return false;
    const g = inference.nodes.get(n.id)!.geometry!;
    return Math.max(g.padTop, g.padBottom) >= g.kH || Math.max(g.padLeft, g.padRight) >= g.kW;
  }).map((n) => n.id);
}

describe('random graphs', () => {
  it('convolution graphs (every conv kind and padding form, pools, merges) agree at batch 1 and 3', async () => {
    let worst = 0;
    let refusals = 0;
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(spatialGraphArb, async (spec) => {
        const doc = buildSpatialGraph(spec);
        const refused = refusedPools(doc);
        if (refused.length > 0) {
          refusals++;
          // A pool with a pad as large as its window has no ONNX form: refused, naming that pool.
          const exported = exportOnnx(doc);
          expect(exported.ok).toBe(false);
          if (!exported.ok) expect(exported.nodes?.map((n) => n.nodeId)).toEqual(refused.slice(0, exported.nodes?.length));
          return;
        }
        const result = await compareWithOrt(doc, [1, 3]);
        worst = Math.max(worst, result.worst);
        for (const n of doc.nodes) seen.set(n.kind, (seen.get(n.kind) ?? 0) + 1);
        expect(result.worst, `${result.output} of ${JSON.stringify(spec)}`).toBeLessThanOrEqual(TOLERANCE);
        if (written.length < 400) keep('spatial', result.bytes);
      }),
      { numRuns: 200, seed: 20261202 },
    );
    console.log(`random convolution graphs: worst relative difference ${worst.toExponential(2)}, ${refusals} refused, kinds ${JSON.stringify(Object.fromEntries(seen))}`);
    // The generator reaches every kind it offers, many times over.
    for (const kind of ['Conv2D', 'DepthwiseConv2D', 'SeparableConv2D', 'Conv2DTranspose', 'MaxPool2D', 'AvgPool2D', 'BatchNorm', 'Activation', 'Dropout', 'Add', 'Concatenate', 'Flatten', 'GlobalAvgPool2D', 'Dense']) {
      expect(seen.get(kind) ?? 0, kind).toBeGreaterThanOrEqual(10);
    }
  }, 600_000);

  it('vector graphs (the runtime\'s merge-heavy generator) agree at batch 1 and 3', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(choiceArb, { minLength: 1, maxLength: 14 }), async (choices) => {
        const result = await compareWithOrt(buildGraph(choices), [1, 3]);
        expect(result.worst, result.output).toBeLessThanOrEqual(TOLERANCE);
        keep('vector', result.bytes);
      }),
      { numRuns: 40, seed: 7 },
    );
  }, 600_000);
});

describe('layout rules', () => {
  it("'same' at stride 2 on an even map is TensorFlow's asymmetric pad (the odd pixel bottom/right), written explicitly", async () => {
    const doc = chain([node('in', 'Input', { shape: [8, 8, 2] }), node('c', 'Conv2D', { filters: 3, kernelSize: 3, strides: 2, padding: 'same', activation: 'linear' })]);
    const result = await compareWithOrt(doc, [1, 2]);
    expect(result.worst).toBeLessThanOrEqual(TOLERANCE);
    const conv = decode(result.bytes).graph!.node.find((n) => n.opType === 'Conv')!;
    expect(conv.attribute.find((a) => a.name === 'pads')!.ints.map(Number)).toEqual([0, 0, 1, 1]);
    expect(conv.attribute.some((a) => a.name === 'auto_pad')).toBe(false);
    keep('same-stride2', result.bytes);
  });

  it('a Flatten of a 16-channel map transposes to NHWC first, so the Gemm weight is our Dense kernel unchanged', async () => {
    const doc = chain([
      node('in', 'Input', { shape: [3, 4, 16] }), node('flat', 'Flatten'), node('fc', 'Dense', { units: 5, activation: 'linear' }),
    ]);
    const result = await compareWithOrt(doc, [1, 2]);
    expect(result.worst).toBeLessThanOrEqual(TOLERANCE);
    const model = decode(result.bytes);
    expect(model.graph!.node.map((n) => n.opType)).toEqual(['Transpose', 'Flatten', 'Gemm']);
    const compiled = compileGraph(doc, { seed: 7 });
    if (!compiled.ok) throw new Error(compiled.message);
    const weight = model.graph!.initializer.find((t) => t.name === model.graph!.node[2].input[1])!;
    const read = readFloatTensor(weight);
    expect(read.ok && read.dims).toEqual([3 * 4 * 16, 5]);
    expect(read.ok && Array.from(read.data)).toEqual(Array.from(compiled.weights.fc.kernel));
    keep('flatten16', result.bytes);
  });

  it("AvgPool2D 'same' divides by the real pixels of each window (count_include_pad=0 with explicit pads)", async () => {
    // All-positive input: counting the padded zeros would shrink the border means.
    const doc = chain([node('in', 'Input', { shape: [5, 4, 1] }), node('p', 'AvgPool2D', { poolSize: 3, strides: 1, padding: 'same' })]);
    const compiled = compileGraph(doc);
    if (!compiled.ok) throw new Error(compiled.message);
    const exported = exportOnnx(doc);
    if (!exported.ok) throw new Error(exported.message);
    const pool = decode(exported.bytes).graph!.node[0];
    expect(pool.opType).toBe('AveragePool');
    expect(Number(pool.attribute.find((a) => a.name === 'count_include_pad')!.i)).toBe(0);
    const ort = await import('onnxruntime-node');
    const session = await ort.InferenceSession.create(exported.bytes);
    const x = new Float32Array(20).map((_, i) => 1 + i);
    const theirs = (await session.run({ input: new ort.Tensor('float32', x, [1, 1, 5, 4]) })).output.data as Float32Array;
    // The corner window holds x[0], x[1], x[4], x[5]: (1 + 2 + 5 + 6) / 4.
    expect(theirs[0]).toBeCloseTo(3.5, 5);
    keep('avgpool-same', exported.bytes);
  });

  it.each([
    ['symmetric pads', 1, 1],
    ['asymmetric pads', [[0, 2], [1, 0]], [[1, 0], [0, 1]]],
  ] as const)('ceilMode and countIncludePad pools export as ceil_mode and count_include_pad (%s)', async (_name, maxPad, avgPad) => {
    const doc = chain([
      node('in', 'Input', { shape: [12, 11, 3] }),
      node('m', 'MaxPool2D', { poolSize: 3, strides: 2, padding: maxPad, ceilMode: true }),
      node('a', 'AvgPool2D', { poolSize: 3, strides: 2, padding: avgPad, ceilMode: true, countIncludePad: true }),
    ]);
    const result = await compareWithOrt(doc, [1, 2]);
    expect(result.worst).toBeLessThanOrEqual(TOLERANCE);
    const [max, avg] = decode(result.bytes).graph!.node;
    const attribute = (n: typeof max, name: string) => n.attribute.find((a) => a.name === name);
    if (maxPad === 1) {
      expect(Number(attribute(max, 'ceil_mode')!.i)).toBe(1);
    } else {
      // 12 rows, top 0, bottom 2: ceil(11/2) + 1 = 7 less the window starting at row 12, which
      // onnx's shape inference would keep; floor mode with the bottom pad cut to 1 gives the 6.
      expect(attribute(max, 'ceil_mode')).toBeUndefined();
      expect(attribute(max, 'pads')!.ints.map(Number)).toEqual([0, 1, 1, 1]);
    }
    expect(Number(attribute(avg, 'ceil_mode')!.i)).toBe(1);
    expect(Number(attribute(avg, 'count_include_pad')!.i)).toBe(1);
    keep(`pools-ceil-${_name}`, result.bytes);
  });

  it('ConvTranspose gets output_padding where Keras\' valid output is longer than the taps reach (kernel 1 < stride 2)', async () => {
    const doc = chain([node('in', 'Input', { shape: [3, 3, 2] }), node('t', 'Conv2DTranspose', { filters: 2, kernelSize: 1, strides: 2, padding: 'valid', activation: 'linear' })]);
    const result = await compareWithOrt(doc, [1, 2]);
    expect(result.worst).toBeLessThanOrEqual(TOLERANCE);
    const t = decode(result.bytes).graph!.node[0];
    expect(t.attribute.find((a) => a.name === 'output_padding')!.ints.map(Number)).toEqual([1, 1]);
    keep('transpose-output-padding', result.bytes);
  });
});

describe('the model file', () => {
  it(`is opset ${ONNX_OPSET}, IR version ${ONNX_IR_VERSION}, input 'input' with a symbolic batch, weights in raw_data`, () => {
    const exported = exportOnnx(PRESETS[0].doc);
    if (!exported.ok) throw new Error(exported.message);
    const model = decode(exported.bytes);
    expect(Number(model.irVersion)).toBe(ONNX_IR_VERSION);
    expect(model.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', ONNX_OPSET]]);
    expect(model.graph!.input.map((i) => i.name)).toEqual(['input']);
    expect(model.graph!.output.map((o) => o.name)).toEqual(['output']);
    expect(inputDims(model).map((d) => d.value.value)).toEqual(['N', 1n, 32n, 32n]);
    const weights = model.graph!.initializer.filter((t) => t.dims.length > 1);
    expect(weights.length).toBeGreaterThan(0);
    for (const t of weights) expect(t.rawData.length).toBe(4 * t.dims.reduce((a, b) => a * Number(b), 1));
  });

  it('several inputs and outputs keep their layer names; an output that is an input passed through gets an Identity', async () => {
    const doc: GraphDocument = {
      format: 'cnn-graph', version: 1, name: 'two ends',
      nodes: [node('a', 'Input', { shape: [4, 4, 2] }), node('b', 'Input', { shape: [4, 4, 3] }), node('cat', 'Concatenate'), node('drop', 'Dropout', { rate: 0.5 })],
      edges: [{ id: 'e1', source: 'a', target: 'cat' }, { id: 'e2', source: 'b', target: 'cat' }, { id: 'e3', source: 'b', target: 'drop' }],
    };
    const result = await compareWithOrt(doc, [1, 2]);
    expect(result.worst).toBeLessThanOrEqual(TOLERANCE);
    const model = decode(result.bytes);
    expect(model.graph!.input.map((i) => i.name)).toEqual(['a', 'b']);
    expect(model.graph!.output.map((o) => o.name).sort()).toEqual(['cat', 'drop']);
    expect(model.graph!.node.find((n) => n.output[0] === 'drop')!.opType).toBe('Identity');
    keep('two-ends', result.bytes);
  });

  it('a graph with shape errors is refused with the node and its numbers', () => {
    const doc = chain([node('in', 'Input', { shape: [4, 4, 1] }), node('big', 'Conv2D', { filters: 2, kernelSize: 5 })]);
    const exported = exportOnnx(doc);
    expect(exported.ok).toBe(false);
    if (exported.ok) return;
    expect(exported.code).toBe('graph-errors');
    expect(exported.message).toMatch(/big/);
    expect(exported.message).toMatch(/5/);
  });
});

describe('onnx.checker', () => {
  it('accepts every file exported above (full check, strict shape inference), all in one Python process', async () => {
    expect(written.length).toBeGreaterThan(PRESETS.length + 100);
    const oracle = new PythonOracle();
    try {
      for (const file of written) {
        // The check only: the shapes and weight sums the import tests read are not needed here.
        const checked = await oracle.call<{ irVersion: number; opset: Array<[string, number]> }>('check', { path: file, details: false });
        expect(checked.irVersion, file).toBe(ONNX_IR_VERSION);
      }
    } finally {
      oracle.close();
    }
  }, 600_000);
});
