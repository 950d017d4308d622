import { describe, expect, it } from 'vitest';
import { importOnnx } from '../../src/core/import/importOnnx';
import { buildBytes, createInt64Tensor, node, weight, type ModelSpec } from './buildOnnx';
import { compareWithOrt } from './importHelpers';

/**
 * One small model per op or fold, built in TypeScript with the protobuf code, imported, and run on
 * our runtime and onnxruntime-node on the same input. A wrong layout move (kernel transpose, Flatten
 * row order, padding side) shows up as a large difference.
 */
interface Case {
  name: string;
  spec: ModelSpec;
  /** Op types expected to be folded away rather than mapped. */
  folded?: string[];
  /** Expected layer kinds in the document, in order. */
  kinds?: string[];
  /** Expected params of the (only) node of a kind. */
  params?: Record<string, Record<string, unknown>>;
}

const conv = (x: string, w: string, y: string, attrs = {}, b?: string) => node('Conv', b ? [x, w, b] : [x, w], [y], attrs);

const CASES: Case[] = [
  {
    name: 'Conv 16 channels -> Relu -> Flatten -> Gemm(transB): Gemm rows reordered from C,H,W to H,W,C',
    spec: {
      inputs: [['x', [1, 3, 5, 4]]],
      outputs: [['y', [1, 10]]],
      initializers: [weight('w', [16, 3, 3, 3]), weight('b', [16], 0.1), weight('fc', [10, 16 * 5 * 4], 0.05), weight('fcb', [10], 0.1)],
      nodes: [conv('x', 'w', 'c', { pads: [1, 1, 1, 1] }, 'b'), node('Relu', ['c'], ['r']), node('Flatten', ['r'], ['f']), node('Gemm', ['f', 'fc', 'fcb'], ['y'], { transB: 1 })],
    },
    folded: ['Relu'],
    kinds: ['Input', 'Conv2D', 'Flatten', 'Dense'],
  },
  {
    name: 'Reshape [N, -1] -> MatMul -> Add(bias) -> Softmax: the Add folds into the Dense bias',
    spec: {
      inputs: [['x', [1, 4, 3, 3]]],
      outputs: [['y', [1, 6]]],
      initializers: [weight('w', [8, 4, 1, 1]), createInt64Tensor('shape', [2], [1, -1]), weight('m', [72, 6], 0.1), weight('bias', [6], 0.2)],
      nodes: [conv('x', 'w', 'c'), node('Reshape', ['c', 'shape'], ['f']), node('MatMul', ['f', 'm'], ['mm']), node('Add', ['mm', 'bias'], ['a']), node('Softmax', ['a'], ['y'], { axis: -1 })],
    },
    folded: ['Add', 'Softmax'],
    kinds: ['Input', 'Conv2D', 'Flatten', 'Dense'],
  },
  {
    name: 'Conv without bias -> Add of a per-channel constant -> Sigmoid',
    spec: {
      inputs: [['x', [1, 2, 6, 6]]],
      outputs: [['y', [1, 5, 4, 4]]],
      initializers: [weight('w', [5, 2, 3, 3]), weight('bc', [1, 5, 1, 1], 0.5)],
      nodes: [conv('x', 'w', 'c'), node('Add', ['c', 'bc'], ['a']), node('Sigmoid', ['a'], ['y'])],
    },
    folded: ['Add', 'Sigmoid'],
    kinds: ['Input', 'Conv2D'],
  },
  {
    name: 'asymmetric zero Pad -> Conv: the Pad becomes the conv\'s padding, then Tanh',
    spec: {
      inputs: [['x', [1, 3, 7, 6]]],
      outputs: [['y', [1, 4, 8, 4]]],
      initializers: [createInt64Tensor('pads', [8], [0, 0, 1, 2, 0, 0, 2, 1]), weight('w', [4, 3, 3, 3])],
      nodes: [node('Pad', ['x', 'pads'], ['p']), conv('p', 'w', 'c', { strides: [1, 2] }), node('Tanh', ['c'], ['y'])],
    },
    folded: ['Pad', 'Tanh'],
    kinds: ['Input', 'Conv2D'],
  },
  {
    name: 'Constant weight -> Identity -> Conv -> Dropout: Constant folded, Identity and Dropout removed',
    spec: {
      inputs: [['x', [1, 2, 5, 5]]],
      outputs: [['y', [1, 3, 5, 5]]],
      nodes: [
        node('Constant', [], ['wc'], { value: { t: weight('', [3, 2, 3, 3]) } }),
        node('Identity', ['wc'], ['w']),
        conv('x', 'w', 'c', { auto_pad: 'SAME_UPPER' }),
        node('Dropout', ['c'], ['y']),
      ],
    },
    folded: ['Constant', 'Dropout', 'Identity'],
    kinds: ['Input', 'Conv2D'],
  },
  {
    name: 'MaxPool 3 s2 p1 -> AveragePool 2 s2 with pads (padded cells not counted) -> GlobalAveragePool -> Flatten -> Gemm',
    spec: {
      inputs: [['x', [1, 3, 11, 9]]],
      outputs: [['y', [1, 4]]],
      initializers: [weight('fc', [3, 4], 0.4), weight('fcb', [4], 0.1)],
      nodes: [
        node('MaxPool', ['x'], ['m'], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }),
        node('AveragePool', ['m'], ['a'], { kernel_shape: [2, 2], strides: [2, 2], pads: [0, 0, 1, 1] }),
        node('GlobalAveragePool', ['a'], ['g']),
        node('Flatten', ['g'], ['f']),
        node('Gemm', ['f', 'fc', 'fcb'], ['y']),
      ],
    },
    kinds: ['Input', 'MaxPool2D', 'AvgPool2D', 'GlobalAvgPool2D', 'Flatten', 'Dense'],
  },
  {
    name: 'MaxPool ceil_mode -> AveragePool ceil_mode count_include_pad: ceilMode and countIncludePad, the overhang not counted',
    spec: {
      // 12 x 10 -> ceil(11/2) + 1 = 7 x ceil(9/2) + 1 = 6 (5 x 5 rounding down); then 7 x 6 ->
      // 4 x ceil(5/2) + 1 = 4, whose last column window hangs over the padded input.
      inputs: [['x', [1, 3, 12, 10]]],
      outputs: [['y', [1, 3, 4, 4]]],
      nodes: [
        node('MaxPool', ['x'], ['m'], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], ceil_mode: 1 }),
        node('AveragePool', ['m'], ['y'], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], ceil_mode: 1, count_include_pad: 1 }),
      ],
    },
    kinds: ['Input', 'MaxPool2D', 'AvgPool2D'],
    params: {
      MaxPool2D: { poolSize: 3, strides: 2, padding: 1, ceilMode: true },
      AvgPool2D: { poolSize: 3, strides: 2, padding: 1, ceilMode: true, countIncludePad: true },
    },
  },
  {
    name: 'two convs -> Concat(axis 1) -> BatchNormalization -> Add with a third conv (a residual)',
    spec: {
      inputs: [['x', [1, 3, 6, 6]]],
      outputs: [['y', [1, 7, 6, 6]]],
      initializers: [
        weight('w1', [3, 3, 3, 3]), weight('w2', [4, 3, 1, 1]), weight('w3', [7, 3, 1, 1]),
        weight('scale', [7], 0.3), weight('bias', [7], 0.2), weight('mean', [7], 0.1),
        ...[createVariance()],
      ],
      nodes: [
        conv('x', 'w1', 'c1', { pads: [1, 1, 1, 1] }), conv('x', 'w2', 'c2'), node('Concat', ['c1', 'c2'], ['cat'], { axis: 1 }),
        node('BatchNormalization', ['cat', 'scale', 'bias', 'mean', 'var'], ['bn'], { epsilon: { f: 1e-3 } }),
        conv('x', 'w3', 'c3'), node('Add', ['bn', 'c3'], ['y']),
      ],
    },
    kinds: ['Input', 'Conv2D', 'Conv2D', 'Conv2D', 'Concatenate', 'BatchNorm', 'Add'],
  },
  {
    name: 'Conv auto_pad SAME_LOWER stride 2 (the odd pixel before) and a dilated 3x3',
    spec: {
      inputs: [['x', [1, 2, 8, 7]]],
      outputs: [['y', [1, 3, 4, 4]]],
      initializers: [weight('w', [4, 2, 4, 4]), weight('wd', [3, 4, 3, 3])],
      nodes: [conv('x', 'w', 'c', { auto_pad: 'SAME_LOWER', strides: [2, 2] }), conv('c', 'wd', 'y', { dilations: [2, 2], pads: [2, 2, 2, 2] })],
    },
    kinds: ['Input', 'Conv2D', 'Conv2D'],
  },
  {
    name: 'ReduceMean over H, W (keepdims 0) -> Gemm with alpha, beta and no transB',
    spec: {
      inputs: [['x', [1, 5, 4, 4]]],
      outputs: [['y', [1, 3]]],
      initializers: [weight('fc', [5, 3], 0.4), weight('fcb', [1, 3], 0.1)],
      nodes: [node('ReduceMean', ['x'], ['m'], { axes: [2, 3], keepdims: 0 }), node('Gemm', ['m', 'fc', 'fcb'], ['y'], { alpha: { f: 0.5 }, beta: { f: 2 } })],
    },
    kinds: ['Input', 'GlobalAvgPool2D', 'Dense'],
  },
  {
    name: 'a vector input [N, F] through Gemm -> Relu -> Gemm -> Softmax (opset 11 axis semantics)',
    spec: {
      opset: 11,
      inputs: [['x', ['batch', 12]]],
      outputs: [['y', ['batch', 4]]],
      initializers: [weight('a', [8, 12], 0.2), weight('ab', [8], 0.1), weight('b', [4, 8], 0.3)],
      nodes: [node('Gemm', ['x', 'a', 'ab'], ['h'], { transB: 1 }), node('Relu', ['h'], ['r']), node('Gemm', ['r', 'b'], ['l'], { transB: 1 }), node('Softmax', ['l'], ['y'])],
    },
    folded: ['Relu', 'Softmax'],
    kinds: ['Input', 'Dense', 'Dense'],
  },
];

function createVariance() {
  const t = weight('var', [7], 0.4);
  // Variances must be positive: 0.5 + |sin|.
  const data = new Float32Array(t.rawData.buffer.slice(t.rawData.byteOffset, t.rawData.byteOffset + t.rawData.byteLength)).map((v) => 0.5 + Math.abs(v));
  t.rawData = new Uint8Array(data.buffer);
  return t;
}

describe.each(CASES)('$name', ({ spec, folded, kinds, params }) => {
  it('imports, and our runtime gives onnxruntime\'s output within 1e-4 relative', async () => {
    const bytes = buildBytes(spec);
    const imported = importOnnx(bytes);
    if (!imported.ok) throw new Error(`${imported.message}\n${JSON.stringify(imported.report?.unmapped)}`);
    if (kinds) expect(imported.doc.nodes.map((n) => n.kind)).toEqual(kinds);
    for (const [kind, expected] of Object.entries(params ?? {})) expect(imported.doc.nodes.find((n) => n.kind === kind)?.params).toEqual(expected);
    expect(imported.report.folded.map((f) => f.opType).sort()).toEqual((folded ?? []).sort());
    const diffs = await compareWithOrt(bytes, imported);
    for (const d of diffs) expect(d).toBeLessThan(1e-4);
  });
});
