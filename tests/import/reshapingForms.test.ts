import { describe, expect, it } from 'vitest';
import { importOnnx } from '../../src/core/import/importOnnx';
import { buildBytes, createInt64Tensor, node, weight, type ModelSpec } from './buildOnnx';
import { importAndCompare, type OpCase } from './importHelpers';

/**
 * Slice as Cropping2D, Unsqueeze as a per-channel gate, and Reshapes in our (channels-last) order
 * between Transposes: the forms our ONNX export writes for Cropping2D, Multiply and Reshape, and
 * that PyTorch writes for a U-Net's centre crop. Each a small hand-built model run on our runtime
 * and on onnxruntime-node.
 */
const ints = (name: string, values: number[]) => createInt64Tensor(name, [values.length], values);
const INT64_MAX = Number.MAX_SAFE_INTEGER;

/** Input [1, 3, 9, 8] -> Conv 3x3 p1 (4 channels) -> `ops` (reading 'c', writing 'y'). */
function afterConv(ops: ReturnType<typeof node>[], out: number[], initializers: ModelSpec['initializers'] = []): ModelSpec {
  return {
    opset: 13,
    inputs: [['x', [1, 3, 9, 8]]],
    outputs: [['y', out]],
    initializers: [weight('w', [4, 3, 3, 3]), ...initializers!],
    nodes: [node('Conv', ['x', 'w'], ['c'], { pads: [1, 1, 1, 1] }), ...ops],
  };
}

const CASES: OpCase[] = [
  {
    name: 'Slice of rows and columns (axes 2, 3) -> Cropping2D with different margins on each side',
    spec: afterConv([node('Slice', ['c', 'st', 'en', 'ax'], ['y'])], [1, 4, 5, 3], [ints('st', [1, 2]), ints('en', [6, 5]), ints('ax', [2, 3])]),
    kinds: ['Input', 'Conv2D', 'Cropping2D'],
  },
  {
    name: 'Slice with negative ends and no axes (all four, batch and channels whole)',
    spec: afterConv([node('Slice', ['c', 'st', 'en'], ['y'])], [1, 4, 6, 5], [ints('st', [0, 0, 2, 0]), ints('en', [INT64_MAX, INT64_MAX, -1, -3])]),
    kinds: ['Input', 'Conv2D', 'Cropping2D'],
  },
  {
    name: 'PyTorch\'s centre crop x[:, :, 2:-2, 1:-1]: one Slice per axis, the second added to the first',
    spec: afterConv([node('Slice', ['c', 's1', 'e1', 'a1'], ['r']), node('Slice', ['r', 's2', 'e2', 'a2'], ['y'])], [1, 4, 5, 6],
      [ints('s1', [2]), ints('e1', [-2]), ints('a1', [2]), ints('s2', [1]), ints('e2', [-1]), ints('a2', [-1])]),
    kinds: ['Input', 'Conv2D', 'Cropping2D'],
    folded: ['Slice'],
  },
  {
    name: 'squeeze-and-excitation with a Dense gate: GlobalAveragePool -> Flatten -> Gemm -> Sigmoid -> Unsqueeze [2, 3] -> Mul',
    spec: afterConv([
      node('GlobalAveragePool', ['c'], ['g']), node('Flatten', ['g'], ['f']), node('Gemm', ['f', 'fc'], ['e'], { transB: 1 }),
      node('Sigmoid', ['e'], ['s']), node('Unsqueeze', ['s', 'axes'], ['u']), node('Mul', ['c', 'u'], ['y']),
    ], [1, 4, 9, 8], [weight('fc', [4, 4], 0.5), ints('axes', [2, 3])]),
    kinds: ['Input', 'Conv2D', 'GlobalAvgPool2D', 'Flatten', 'Dense', 'Multiply'],
    folded: ['Sigmoid', 'Unsqueeze'],
  },
  {
    name: 'Reshape of a map in our order: Transpose [0, 2, 3, 1] -> Reshape [-1, 6, 4, 12] -> Transpose [0, 3, 1, 2] -> Conv',
    spec: afterConv([
      node('Transpose', ['c'], ['t'], { perm: [0, 2, 3, 1] }), node('Reshape', ['t', 'shape'], ['r']),
      node('Transpose', ['r'], ['m'], { perm: [0, 3, 1, 2] }), node('Conv', ['m', 'w2'], ['y']),
    ], [1, 2, 6, 4], [ints('shape', [-1, 6, 4, 12]), weight('w2', [2, 12, 1, 1])]),
    kinds: ['Input', 'Conv2D', 'Reshape', 'Conv2D'],
    folded: ['Transpose'],
  },
  {
    name: 'Reshape of a map in our order to a vector: Transpose [0, 2, 3, 1] -> Reshape [-1, 288] -> Gemm',
    spec: afterConv([
      node('Transpose', ['c'], ['t'], { perm: [0, 2, 3, 1] }), node('Reshape', ['t', 'shape'], ['r']), node('Gemm', ['r', 'fc'], ['y'], { transB: 1 }),
    ], [1, 5], [ints('shape', [-1, 288]), weight('fc', [5, 288], 0.1)]),
    kinds: ['Input', 'Conv2D', 'Reshape', 'Dense'],
    folded: ['Transpose'],
  },
  {
    name: 'Reshape of a vector to a map in our order: Gemm -> Reshape [-1, 2, 3, 4] -> Transpose [0, 3, 1, 2] -> Conv',
    spec: {
      opset: 13,
      inputs: [['x', [1, 6]]],
      outputs: [['y', [1, 2, 2, 3]]],
      initializers: [weight('fc', [6, 24], 0.4), ints('shape', [-1, 2, 3, 4]), weight('w', [2, 4, 1, 1])],
      nodes: [
        node('Gemm', ['x', 'fc'], ['h']), node('Reshape', ['h', 'shape'], ['r']),
        node('Transpose', ['r'], ['m'], { perm: [0, 3, 1, 2] }), node('Conv', ['m', 'w'], ['y']),
      ],
    },
    kinds: ['Input', 'Dense', 'Reshape', 'Conv2D'],
    folded: ['Transpose'],
  },
];

describe.each(CASES)('$name', (c) => {
  it('imports, and our runtime gives onnxruntime\'s output within 1e-4 relative', async () => {
    for (const d of await importAndCompare(c)) expect(d).toBeLessThan(1e-4);
  });
});

describe('forms that are refused, with the reason', () => {
  const reasonOf = (spec: ModelSpec) => {
    const r = importOnnx(buildBytes(spec));
    expect(r.ok).toBe(false);
    return r.ok ? '' : r.report?.unmapped[0].reasons[0];
  };

  it('a Slice with a step, of the channels, or of nothing', () => {
    expect(reasonOf(afterConv([node('Slice', ['c', 'st', 'en', 'ax', 'sp'], ['y'])], [1, 4, 5, 8], [ints('st', [0]), ints('en', [9]), ints('ax', [2]), ints('sp', [2])])))
      .toBe('step 2 on axis 2: only step 1 is a crop');
    expect(reasonOf(afterConv([node('Slice', ['c', 'st', 'en', 'ax'], ['y'])], [1, 2, 9, 8], [ints('st', [0]), ints('en', [2]), ints('ax', [1])])))
      .toBe('it slices the batch or channel axis ([0:1, 0:2, 0:9, 0:8] of [1, 4, 9, 8])');
    expect(reasonOf(afterConv([node('Slice', ['c', 'st', 'en', 'ax'], ['y'])], [1, 4, 0, 8], [ints('st', [5]), ints('en', [5]), ints('ax', [2])])))
      .toBe('it keeps rows 5:5 and columns 0:8 of a 9x8 map: nothing is left');
  });

  it('an Unsqueeze at another axis, and a channels-last map read by an op with an axis', () => {
    expect(reasonOf(afterConv([
      node('GlobalAveragePool', ['c'], ['g']), node('Flatten', ['g'], ['f']), node('Unsqueeze', ['f', 'axes'], ['y']),
    ], [1, 1, 4], [ints('axes', [1])]))).toBe('Unsqueeze of a vector at axes [1]: only a vector [N, C] to [N, C, 1, 1] is supported');
    expect(reasonOf(afterConv([
      node('Transpose', ['c'], ['t'], { perm: [0, 2, 3, 1] }), node('Reshape', ['t', 'shape'], ['r']), node('Softmax', ['r'], ['y'], { axis: 1 }),
    ], [1, 9, 8, 4], [ints('shape', [-1, 9, 8, 4])]))).toBe('input 0 is a feature map transposed to NHWC, which only a Reshape, a Flatten or the Transpose back to NCHW can read');
  });
});
