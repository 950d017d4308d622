import { describe, expect, it } from 'vitest';
import { importOnnx } from '../../src/core/import/importOnnx';
import { createFloatTensor } from '../../src/core/onnx/tensors';
import { buildBytes, node, weight } from './buildOnnx';
import { importAndCompare, type OpCase } from './importHelpers';

/**
 * Grouped, depthwise and transposed convolutions, and the 1x1 Conv of a global pool (the
 * squeeze-and-excitation block), each a small hand-built model run on our runtime and on
 * onnxruntime-node. A wrong weight order (which filter reads which channel) shows as a large difference.
 */
const scalar = (name: string, v: number) => createFloatTensor(name, [], Float32Array.of(v));

const CASES: OpCase[] = [
  {
    name: 'Conv group == channels (3x3 s2 p1) -> DepthwiseConv2D, bias Add and Clip(0, 6) folded into it',
    spec: {
      inputs: [['x', [1, 6, 9, 8]]],
      outputs: [['y', [1, 6, 5, 4]]],
      initializers: [weight('w', [6, 1, 3, 3]), weight('b', [1, 6, 1, 1], 0.2)],
      nodes: [
        // The bounds as Constant nodes, as torch.onnx.export writes them at opset 11+.
        node('Constant', [], ['zero'], { value: { t: scalar('zero', 0) } }),
        node('Constant', [], ['six'], { value: { t: scalar('six', 6) } }),
        node('Conv', ['x', 'w'], ['c'], { group: 6, strides: [2, 2], pads: [1, 1, 1, 1] }),
        node('Add', ['c', 'b'], ['a']),
        node('Clip', ['a', 'zero', 'six'], ['y']),
      ],
    },
    kinds: ['Input', 'DepthwiseConv2D'],
    folded: ['Add', 'Clip', 'Constant'],
  },
  {
    name: 'Conv group == channels with 2 filters per channel -> DepthwiseConv2D depthMultiplier 2',
    spec: {
      inputs: [['x', [1, 3, 6, 6]]],
      outputs: [['y', [1, 6, 6, 6]]],
      initializers: [weight('w', [6, 1, 3, 3]), weight('b', [6], 0.1)],
      nodes: [node('Conv', ['x', 'w', 'b'], ['y'], { group: 3, pads: [1, 1, 1, 1] })],
    },
    kinds: ['Input', 'DepthwiseConv2D'],
  },
  {
    name: 'Conv group 2 (8 -> 4 channels, asymmetric pads, dilation 2) -> Conv2D groups 2',
    spec: {
      inputs: [['x', [1, 8, 7, 7]]],
      outputs: [['y', [1, 4, 7, 5]]],
      initializers: [weight('w', [4, 4, 3, 3]), weight('b', [4], 0.1)],
      nodes: [node('Conv', ['x', 'w', 'b'], ['y'], { group: 2, dilations: [2, 2], pads: [2, 1, 2, 1] })],
    },
    kinds: ['Input', 'Conv2D'],
  },
  {
    name: 'ConvTranspose 3x3 s2 pads 1 output_padding 1 -> Conv2DTranspose, then LeakyRelu 0.2 folded',
    spec: {
      inputs: [['x', [1, 4, 5, 6]]],
      outputs: [['y', [1, 3, 10, 12]]],
      initializers: [weight('w', [4, 3, 3, 3]), weight('b', [3], 0.1)],
      nodes: [
        node('ConvTranspose', ['x', 'w', 'b'], ['t'], { strides: [2, 2], pads: [1, 1, 1, 1], output_padding: [1, 1] }),
        node('LeakyRelu', ['t'], ['y'], { alpha: { f: 0.2 } }),
      ],
    },
    kinds: ['Input', 'Conv2DTranspose'],
    folded: ['LeakyRelu'],
  },
  {
    name: 'ConvTranspose 1x1 stride 2 (kernel below the stride) and a 2x2 stride 2 without bias',
    spec: {
      inputs: [['x', [1, 2, 4, 3]]],
      outputs: [['y', [1, 3, 14, 10]]],
      initializers: [weight('w1', [2, 5, 1, 1]), weight('w2', [5, 3, 2, 2])],
      nodes: [node('ConvTranspose', ['x', 'w1'], ['t'], { strides: [2, 2] }), node('ConvTranspose', ['t', 'w2'], ['y'], { strides: [2, 2] })],
    },
    kinds: ['Input', 'Conv2DTranspose', 'Conv2DTranspose'],
  },
  {
    name: 'GlobalAveragePool -> 1x1 Conv -> Relu -> 1x1 Conv -> HardSigmoid(1/6): the excitation as Dense layers',
    spec: {
      opset: 14,
      inputs: [['x', [1, 8, 5, 5]]],
      outputs: [['y', [1, 8, 1, 1]]],
      initializers: [weight('w1', [2, 8, 1, 1]), weight('b1', [2], 0.1), weight('w2', [8, 2, 1, 1]), weight('b2', [8], 0.1)],
      nodes: [
        node('GlobalAveragePool', ['x'], ['g']),
        node('Conv', ['g', 'w1', 'b1'], ['c1']), node('Relu', ['c1'], ['r']),
        node('Conv', ['r', 'w2', 'b2'], ['c2']), node('HardSigmoid', ['c2'], ['y'], { alpha: { f: 1 / 6 }, beta: { f: 0.5 } }),
      ],
    },
    kinds: ['Input', 'GlobalAvgPool2D', 'Dense', 'Dense'],
    folded: ['Relu', 'HardSigmoid'],
  },
];

describe.each(CASES)('$name', (c) => {
  it('imports, and our runtime gives onnxruntime\'s output within 1e-4 relative', async () => {
    for (const d of await importAndCompare(c)) expect(d).toBeLessThan(1e-4);
  });
});

describe('convolutions that are refused, with the reason', () => {
  it('a group that does not divide the channels', () => {
    const r = importOnnx(buildBytes({
      inputs: [['x', [1, 6, 4, 4]]],
      outputs: [['y', [1, 4, 2, 2]]],
      initializers: [weight('w', [4, 3, 3, 3])],
      nodes: [node('Conv', ['x', 'w'], ['y'], { group: 4 })],
    }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.report?.unmapped[0].reasons[0]).toBe('group 4 does not divide the 6 input channels and the 4 filters');
  });

  it('a ConvTranspose with output_shape instead of pads', () => {
    const r = importOnnx(buildBytes({
      inputs: [['x', [1, 2, 4, 4]]],
      outputs: [['y', [1, 3, 8, 8]]],
      initializers: [weight('w', [2, 3, 2, 2])],
      nodes: [node('ConvTranspose', ['x', 'w'], ['y'], { strides: [2, 2], output_shape: [8, 8] })],
    }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.report?.unmapped[0].reasons[0]).toMatch(/output_shape is given/);
  });
});
