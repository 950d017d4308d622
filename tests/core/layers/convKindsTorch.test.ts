import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { inferShapes } from '../../../src/core/shape/inferShapes';
import { chainDoc, type NodeSpec } from '../shape/buildDoc';

/**
 * Output shapes and trainable-param counts of the convolution kinds against PyTorch modules built
 * the same way (one Python process for the file): grouped and depthwise Conv2d (groups), a
 * separable conv as depthwise + 1x1, ConvTranspose2d with numeric padding and output_padding,
 * which our explicit-padding form of Conv2DTranspose follows.
 */

interface Case { name: string; input: [number, number, number]; node: NodeSpec; torch: string }

const CASES: Case[] = [
  { name: 'grouped 3x3, 4 groups', input: [13, 11, 32], node: ['n', 'Conv2D', { filters: 64, kernelSize: 3, groups: 4, padding: 'valid' }], torch: 'nn.Conv2d(32, 64, 3, groups=4)' },
  { name: 'grouped 1x1 strided, 8 groups, no bias', input: [9, 9, 16], node: ['n', 'Conv2D', { filters: 24, kernelSize: 1, strides: 2, groups: 8, useBias: false }], torch: 'nn.Conv2d(16, 24, 1, stride=2, groups=8, bias=False)' },
  { name: 'depthwise 3x3 stride 2 pad 1', input: [15, 15, 32], node: ['n', 'DepthwiseConv2D', { kernelSize: 3, strides: 2, padding: 1 }], torch: 'nn.Conv2d(32, 32, 3, stride=2, padding=1, groups=32)' },
  { name: 'depthwise 5x3 multiplier 3 dilation 2', input: [17, 12, 5], node: ['n', 'DepthwiseConv2D', { kernelSize: [5, 3], depthMultiplier: 3, dilation: 2 }], torch: 'nn.Conv2d(5, 15, (5, 3), dilation=2, groups=5)' },
  { name: 'separable 3x3 multiplier 2', input: [10, 10, 8], node: ['n', 'SeparableConv2D', { filters: 20, kernelSize: 3, depthMultiplier: 2, padding: 1 }], torch: 'nn.Sequential(nn.Conv2d(8, 16, 3, padding=1, groups=8, bias=False), nn.Conv2d(16, 20, 1))' },
  { name: 'transposed 2x2 stride 2 (U-Net up-conv)', input: [28, 28, 1024], node: ['n', 'Conv2DTranspose', { filters: 512, kernelSize: 2, strides: 2 }], torch: 'nn.ConvTranspose2d(1024, 512, 2, stride=2)' },
  { name: 'transposed 4x4 stride 2 padding 1 (DCGAN)', input: [8, 8, 64], node: ['n', 'Conv2DTranspose', { filters: 32, kernelSize: 4, strides: 2, padding: 1 }], torch: 'nn.ConvTranspose2d(64, 32, 4, stride=2, padding=1)' },
  { name: 'transposed 3x3 stride 3 padding 1 output padding 2', input: [5, 7, 6], node: ['n', 'Conv2DTranspose', { filters: 4, kernelSize: 3, strides: 3, padding: 1, outputPadding: 2 }], torch: 'nn.ConvTranspose2d(6, 4, 3, stride=3, padding=1, output_padding=2)' },
  { name: 'transposed 3x2 asymmetric stride, output padding [1, 0]', input: [6, 5, 3], node: ['n', 'Conv2DTranspose', { filters: 7, kernelSize: [3, 2], strides: [2, 3], padding: [[1, 1], [0, 0]], outputPadding: [1, 0], useBias: false }], torch: 'nn.ConvTranspose2d(3, 7, (3, 2), stride=(2, 3), padding=(1, 0), output_padding=(1, 0), bias=False)' },
  { name: 'transposed dilation 2', input: [6, 6, 3], node: ['n', 'Conv2DTranspose', { filters: 2, kernelSize: 3, strides: 1, dilation: 2, padding: 0 }], torch: 'nn.ConvTranspose2d(3, 2, 3, dilation=2)' },
];

const SCRIPT = `
import json, sys, torch
from torch import nn
out = []
for case in json.load(sys.stdin):
    m = eval(case['torch'])
    h, w, c = case['input']
    y = m(torch.zeros(1, c, h, w))
    out.append({'shape': [y.shape[2], y.shape[3], y.shape[1]], 'params': sum(p.numel() for p in m.parameters())})
print(json.dumps(out))
`;

describe('convolution kinds agree with PyTorch on output shapes and parameter counts', () => {
  const run = spawnSync('/usr/bin/python3', ['-c', SCRIPT], { input: JSON.stringify(CASES), encoding: 'utf8', maxBuffer: 1 << 20 });
  const reference = run.status === 0 ? (JSON.parse(run.stdout) as { shape: number[]; params: number }[]) : null;

  it('PyTorch ran', () => {
    expect(run.status, run.stderr).toBe(0);
  });

  it.each(CASES.map((c, i) => [c.name, c, i] as const))('%s', (_name, c, i) => {
    expect(reference, run.stderr).not.toBeNull();
    const doc = chainDoc([['in', 'Input', { shape: c.input }], c.node]);
    const inference = inferShapes(doc);
    const node = inference.nodes.get('n')!;
    expect(node.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(node.outputShape).toEqual(reference![i].shape);
    expect(node.trainableParams).toBe(reference![i].params);
  });
});
