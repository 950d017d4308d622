import { describe, expect, it } from 'vitest';
import { importOnnx } from '../../src/core/import/importOnnx';
import { createFloatTensor } from '../../src/core/onnx/tensors';
import { buildBytes, createInt64Tensor, node, weight, type ModelSpec } from './buildOnnx';
import { importAndCompare, type OpCase } from './importHelpers';

/**
 * Resize and Upsample on the sampling grids exporters write, Pad as ZeroPadding2D, GlobalMaxPool,
 * the squeeze-and-excitation Mul and a Reshape of a vector to a 1x1 map, each a small hand-built
 * model run on our runtime and on onnxruntime-node.
 */
const floats = (name: string, values: number[]) => createFloatTensor(name, [values.length], Float32Array.from(values));

/** Input [1, 3, 5, 4] -> Conv 3x3 p1 (4 channels) -> `op` -> output. */
function afterConv(op: ReturnType<typeof node>, out: number[], initializers: ModelSpec['initializers'] = [], opset = 13): ModelSpec {
  return {
    opset,
    inputs: [['x', [1, 3, 5, 4]]],
    outputs: [['y', out]],
    initializers: [weight('w', [4, 3, 3, 3]), ...initializers!],
    nodes: [node('Conv', ['x', 'w'], ['c'], { pads: [1, 1, 1, 1] }), op],
  };
}

const CASES: OpCase[] = [
  {
    name: 'Resize nearest x2 on the asymmetric grid, rounding down (torch\'s F.interpolate nearest)',
    spec: afterConv(node('Resize', ['c', '', 's'], ['y'], { mode: 'nearest', coordinate_transformation_mode: 'asymmetric', nearest_mode: 'floor' }), [1, 4, 10, 8], [floats('s', [1, 1, 2, 2])]),
    kinds: ['Input', 'Conv2D', 'UpSampling2D'],
  },
  {
    name: 'Resize nearest x3 by 2 with the defaults (half_pixel, round_prefer_floor): the same pixel repeats',
    spec: afterConv(node('Resize', ['c', '', 's'], ['y'], { mode: 'nearest' }), [1, 4, 15, 8], [floats('s', [1, 1, 3, 2])]),
    kinds: ['Input', 'Conv2D', 'UpSampling2D'],
  },
  {
    name: 'Resize nearest given by sizes instead of scales',
    spec: afterConv(node('Resize', ['c', '', '', 'sz'], ['y'], { mode: 'nearest', coordinate_transformation_mode: 'asymmetric', nearest_mode: 'floor' }), [1, 4, 10, 12], [createInt64Tensor('sz', [4], [1, 4, 10, 12])]),
    kinds: ['Input', 'Conv2D', 'UpSampling2D'],
  },
  {
    name: 'Resize linear x2 with pytorch_half_pixel (align_corners=False) -> bilinear',
    spec: afterConv(node('Resize', ['c', '', 's'], ['y'], { mode: 'linear', coordinate_transformation_mode: 'pytorch_half_pixel' }), [1, 4, 10, 8], [floats('s', [1, 1, 2, 2])]),
    kinds: ['Input', 'Conv2D', 'UpSampling2D'],
  },
  {
    name: 'Resize linear x3 by 2 with half_pixel -> bilinear',
    spec: afterConv(node('Resize', ['c', '', 's'], ['y'], { mode: 'linear' }), [1, 4, 15, 8], [floats('s', [1, 1, 3, 2])]),
    kinds: ['Input', 'Conv2D', 'UpSampling2D'],
  },
  {
    name: 'Upsample nearest (opset 9, scales an input) x3',
    spec: afterConv(node('Upsample', ['c', 's'], ['y'], { mode: 'nearest' }), [1, 4, 15, 12], [floats('s', [1, 1, 3, 3])], 9),
    kinds: ['Input', 'Conv2D', 'UpSampling2D'],
  },
  {
    name: 'Upsample nearest (opset 7, scales an attribute) x2 by 3',
    spec: afterConv(node('Upsample', ['c'], ['y'], { mode: 'nearest', scales: { floats: [1, 1, 2, 3] } }), [1, 4, 10, 12], [], 7),
    kinds: ['Input', 'Conv2D', 'UpSampling2D'],
  },
  {
    name: 'Pad before a MaxPool (not a Conv) -> ZeroPadding2D',
    spec: afterConv(node('Pad', ['c', 'p'], ['y']), [1, 4, 8, 7], [createInt64Tensor('p', [8], [0, 0, 1, 2, 0, 0, 2, 1])]),
    kinds: ['Input', 'Conv2D', 'ZeroPadding2D'],
  },
  {
    name: 'GlobalMaxPool -> Flatten -> Gemm',
    spec: {
      inputs: [['x', [1, 3, 6, 5]]],
      outputs: [['y', [1, 2]]],
      initializers: [weight('w', [4, 3, 3, 3]), weight('fc', [2, 4], 0.4)],
      nodes: [node('Conv', ['x', 'w'], ['c']), node('GlobalMaxPool', ['c'], ['g']), node('Flatten', ['g'], ['f']), node('Gemm', ['f', 'fc'], ['y'], { transB: 1 })],
    },
    kinds: ['Input', 'Conv2D', 'GlobalMaxPool2D', 'Flatten', 'Dense'],
  },
  {
    name: 'squeeze-and-excitation: GlobalAveragePool -> 1x1 Conv -> Relu -> 1x1 Conv -> Sigmoid -> Mul with the map',
    spec: {
      inputs: [['x', [1, 3, 6, 5]]],
      outputs: [['y', [1, 8, 6, 5]]],
      initializers: [weight('w', [8, 3, 3, 3]), weight('s1', [2, 8, 1, 1]), weight('b1', [2], 0.1), weight('s2', [8, 2, 1, 1]), weight('b2', [8], 0.1)],
      nodes: [
        node('Conv', ['x', 'w'], ['c'], { pads: [1, 1, 1, 1] }), node('GlobalAveragePool', ['c'], ['g']),
        node('Conv', ['g', 's1', 'b1'], ['e1']), node('Relu', ['e1'], ['r']), node('Conv', ['r', 's2', 'b2'], ['e2']), node('Sigmoid', ['e2'], ['s']),
        node('Mul', ['c', 's'], ['y']),
      ],
    },
    kinds: ['Input', 'Conv2D', 'GlobalAvgPool2D', 'Dense', 'Dense', 'Multiply'],
    folded: ['Relu', 'Sigmoid'],
  },
  {
    name: 'Gemm -> Reshape [1, 8, 1, 1] -> Resize nearest x4 -> Conv 3x3 p1 (a decoder\'s first step)',
    spec: {
      inputs: [['x', [1, 6]]],
      outputs: [['y', [1, 3, 4, 4]]],
      initializers: [weight('fc', [6, 8], 0.4), createInt64Tensor('shape', [4], [1, 8, 1, 1]), floats('s', [1, 1, 4, 4]), weight('w', [3, 8, 3, 3])],
      nodes: [
        node('Gemm', ['x', 'fc'], ['h']), node('Reshape', ['h', 'shape'], ['m']),
        node('Resize', ['m', '', 's'], ['u'], { mode: 'nearest', coordinate_transformation_mode: 'asymmetric', nearest_mode: 'floor' }),
        node('Conv', ['u', 'w'], ['y'], { pads: [1, 1, 1, 1] }),
      ],
    },
    kinds: ['Input', 'Dense', 'Reshape', 'UpSampling2D', 'Conv2D'],
  },
];

describe.each(CASES)('$name', (c) => {
  it('imports, and our runtime gives onnxruntime\'s output within 1e-4 relative', async () => {
    for (const d of await importAndCompare(c)) expect(d).toBeLessThan(1e-4);
  });
});

describe('resampling that is refused, with the reason', () => {
  const reasonOf = (spec: ModelSpec) => {
    const r = importOnnx(buildBytes(spec));
    expect(r.ok).toBe(false);
    return r.ok ? '' : r.report?.unmapped[0].reasons[0];
  };

  it('Resize linear with align_corners', () => {
    expect(reasonOf(afterConv(node('Resize', ['c', '', 's'], ['y'], { mode: 'linear', coordinate_transformation_mode: 'align_corners' }), [1, 4, 10, 8], [floats('s', [1, 1, 2, 2])])))
      .toBe("linear with coordinate_transformation_mode 'align_corners': only half-pixel centres (align_corners=False) are our bilinear");
  });

  it('Resize nearest x3 on the asymmetric grid rounding to nearest (picks the next pixel early)', () => {
    expect(reasonOf(afterConv(node('Resize', ['c', '', 's'], ['y'], { mode: 'nearest', coordinate_transformation_mode: 'asymmetric' }), [1, 4, 15, 12], [floats('s', [1, 1, 3, 3])])))
      .toBe("nearest with coordinate_transformation_mode 'asymmetric' and nearest_mode 'round_prefer_floor' does not repeat each pixel 3x3 times");
  });

  it('Upsample linear (asymmetric grid in onnxruntime) and a fractional Resize', () => {
    expect(reasonOf(afterConv(node('Upsample', ['c', 's'], ['y'], { mode: 'linear' }), [1, 4, 10, 8], [floats('s', [1, 1, 2, 2])], 9))).toMatch(/^linear with coordinate_transformation_mode 'asymmetric'/);
    expect(reasonOf(afterConv(node('Resize', ['c', '', 's'], ['y'], { mode: 'nearest' }), [1, 4, 7, 6], [floats('s', [1, 1, 1.5, 1.5])]))).toMatch(/^factors \[1.5, 1.5\] are not whole numbers/);
  });

  it('a Reshape that moves values between NCHW positions', () => {
    expect(reasonOf(afterConv(node('Reshape', ['c', 'shape'], ['y']), [1, 2, 10, 4], [createInt64Tensor('shape', [4], [1, 2, 10, 4])])))
      .toMatch(/^Reshape of \[N, 5, 4, 4\] \(ours, NHWC\) to \[1, 2, 10, 4\]/);
  });
});
