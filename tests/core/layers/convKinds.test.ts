import { describe, expect, it } from 'vitest';
import { LAYERS } from '../../../src/core/layers/registry';
import { inferShapes } from '../../../src/core/shape/inferShapes';
import { applyPatch } from '../../../src/core/graph/applyPatch';
import { chainDoc, type NodeSpec } from '../shape/buildDoc';

function inferOne(input: number[], node: NodeSpec) {
  const doc = chainDoc([['in', 'Input', { shape: input }], node]);
  return { doc, node: inferShapes(doc).nodes.get(node[0])! };
}

describe('Conv2D groups', () => {
  it('counts kh*kw*(cin/groups)*filters weights and MACs per group', () => {
    const { node } = inferOne([16, 16, 32], ['c', 'Conv2D', { filters: 64, kernelSize: 3, groups: 4, padding: 'same' }]);
    expect(node.outputShape).toEqual([16, 16, 64]);
    expect(node.trainableParams).toBe(3 * 3 * 8 * 64 + 64);
    expect(node.macs).toBe(16 * 16 * 64 * 3 * 3 * 8);
    expect(LAYERS.Conv2D.weightShapes([16, 16, 32], { ...LAYERS.Conv2D.defaultParams(), filters: 64, groups: 4 }).kernel).toEqual([3, 3, 8, 64]);
  });

  it('groups that do not divide the input channels: an error with both divisions and fixes that work', () => {
    const { doc, node } = inferOne([8, 8, 16], ['c', 'Conv2D', { filters: 30, kernelSize: 3, groups: 3 }]);
    const error = node.diagnostics.find((d) => d.code === 'groups-mismatch')!;
    expect(error.severity).toBe('error');
    expect(error.field).toBe('groups');
    expect(error.message).toBe('c: groups 3 must divide the input channels and the filters: input channels 16/3 = 5.33, filters 30/3 = 10');
    expect(node.outputShape).toBeNull();
    expect(error.fixes.map((f) => f.label)).toEqual(['groups 2']);
    for (const fix of error.fixes) {
      const fixed = inferShapes(applyPatch(doc, fix.patch)).nodes.get('c')!;
      expect(fixed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    }
  });

  it('groups that divide the channels but not the filters: fixes for groups and for filters', () => {
    const { doc, node } = inferOne([8, 8, 12], ['c', 'Conv2D', { filters: 10, kernelSize: 1, groups: 4 }]);
    const error = node.diagnostics.find((d) => d.code === 'groups-mismatch')!;
    expect(error.message).toContain('filters 10/4 = 2.5');
    expect(error.fixes.map((f) => f.label)).toEqual(['groups 2', 'filters 12']);
    for (const fix of error.fixes) {
      expect(inferShapes(applyPatch(doc, fix.patch)).hasErrors).toBe(false);
    }
  });

  it('groups is a whole number from 1: 0 and 2.5 are field errors', () => {
    expect(LAYERS.Conv2D.validateParams({ groups: 0 }).ok).toBe(false);
    expect(LAYERS.Conv2D.validateParams({ groups: 2.5 }).ok).toBe(false);
    const ok = LAYERS.Conv2D.validateParams({});
    expect(ok.ok && ok.params.groups).toBe(1);
  });
});

describe('DepthwiseConv2D', () => {
  it('MobileNetV2 expansion block depthwise: 3x3 s2 same on 112x112x96', () => {
    const { node } = inferOne([112, 112, 96], ['d', 'DepthwiseConv2D', { kernelSize: 3, strides: 2, padding: 'same', useBias: false, activation: 'linear' }]);
    expect(node.outputShape).toEqual([56, 56, 96]);
    expect(node.trainableParams).toBe(864); // Keras' summary of block_2_depthwise
    expect(node.macs).toBe(56 * 56 * 96 * 9);
  });

  it('depthMultiplier multiplies the channels, and the weights', () => {
    const { node } = inferOne([10, 10, 3], ['d', 'DepthwiseConv2D', { kernelSize: 5, depthMultiplier: 4 }]);
    expect(node.outputShape).toEqual([6, 6, 12]);
    expect(node.trainableParams).toBe(5 * 5 * 3 * 4 + 12);
    expect(LAYERS.DepthwiseConv2D.weightShapes([10, 10, 3], { ...LAYERS.DepthwiseConv2D.defaultParams(), kernelSize: 5, depthMultiplier: 4 }))
      .toEqual({ depthwiseKernel: [5, 5, 3, 4], bias: [12] });
  });

  it('a kernel larger than the input: the window error with its arithmetic and fixes', () => {
    const { node } = inferOne([4, 4, 8], ['d', 'DepthwiseConv2D', { kernelSize: 5 }]);
    const error = node.diagnostics.find((d) => d.code === 'window-too-large')!;
    expect(error.message).toBe('d: (4 + 2*0 - 5)/1 + 1 = 0: kernel 5 is larger than the padded input 4');
    expect(error.fixes.map((f) => f.label)).toEqual(['kernel 4', "padding 'same'", 'padding 1']);
  });

  it('refuses dilation with strides, as Keras', () => {
    const r = LAYERS.DepthwiseConv2D.validateParams({ dilation: 2, strides: 2 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toEqual({ field: 'dilation', message: 'dilation 2x2 cannot be combined with strides 2x2 (Keras allows only one of them above 1)' });
  });

  it('receptive field step: the dilated window and the stride', () => {
    expect(LAYERS.DepthwiseConv2D.receptiveField({ ...LAYERS.DepthwiseConv2D.defaultParams(), dilation: 2 }, inferOne([9, 9, 2], ['d', 'DepthwiseConv2D', { dilation: 2 }]).node.geometry))
      .toEqual({ type: 'window', kernel: [5, 5], stride: [1, 1] });
  });
});

describe('SeparableConv2D', () => {
  it("Xception's entry-flow separable conv: 3x3 128 -> 256, no bias", () => {
    const { node } = inferOne([74, 74, 128], ['s', 'SeparableConv2D', { filters: 256, kernelSize: 3, padding: 'same', useBias: false }]);
    expect(node.outputShape).toEqual([74, 74, 256]);
    expect(node.trainableParams).toBe(33920); // Keras' Xception block2_sepconv2: 1,152 + 32,768
    expect(node.macs).toBe(74 * 74 * 128 * (9 + 256));
  });

  it('weights: depthwiseKernel, pointwiseKernel [1, 1, cin*dm, filters], bias', () => {
    expect(LAYERS.SeparableConv2D.weightShapes([9, 9, 4], { ...LAYERS.SeparableConv2D.defaultParams(), filters: 7, depthMultiplier: 2 }))
      .toEqual({ depthwiseKernel: [3, 3, 4, 2], pointwiseKernel: [1, 1, 8, 7], bias: [7] });
  });
});

describe('Conv2DTranspose', () => {
  it("U-Net's 2x2 up-convolution: 28x28x1024 -> 56x56x512", () => {
    const { node } = inferOne([28, 28, 1024], ['t', 'Conv2DTranspose', { filters: 512, kernelSize: 2, strides: 2 }]);
    expect(node.outputShape).toEqual([56, 56, 512]);
    expect(node.trainableParams).toBe(2 * 2 * 512 * 1024 + 512);
    expect(node.macs).toBe(28 * 28 * 1024 * 2 * 2 * 512);
  });

  it('the inspector arithmetic is its own: h*s for same, (h - 1)s + k - pads + op otherwise', () => {
    const same = LAYERS.Conv2DTranspose.explainArithmetic!([16, 16, 3], { ...LAYERS.Conv2DTranspose.defaultParams(), kernelSize: 3, padding: 'same' })!;
    expect(same.formula).toBe('h′ = h·s');
    expect(same.axes.map((a) => a.text)).toEqual(['16*2 = 32', '16*2 = 32']);
    const op = LAYERS.Conv2DTranspose.explainArithmetic!([16, 8, 3], { ...LAYERS.Conv2DTranspose.defaultParams(), kernelSize: 3, padding: 'same', outputPadding: [1, 0] })!;
    expect(op.axes.map((a) => a.text)).toEqual(['(16 - 1)*2 + 3 - 2*1 + 1 = 32', '(8 - 1)*2 + 3 - 2*1 = 15']);
  });

  it('outputPadding must be below the stride, and not 0 with same and an even window', () => {
    const big = LAYERS.Conv2DTranspose.validateParams({ strides: 2, outputPadding: 2 });
    expect(big.ok).toBe(false);
    if (!big.ok) expect(big.errors[0].message).toBe('outputPadding 2 (rows) must be smaller than the stride 2');
    const even = LAYERS.Conv2DTranspose.validateParams({ kernelSize: 2, strides: 2, padding: 'same', outputPadding: 0 });
    expect(even.ok).toBe(false);
    if (!even.ok) expect(even.errors[0].field).toBe('outputPadding');
    expect(LAYERS.Conv2DTranspose.validateParams({ kernelSize: 2, strides: 2, padding: 'same', outputPadding: 1 }).ok).toBe(true);
    const none = LAYERS.Conv2DTranspose.validateParams({});
    expect(none.ok && none.params.outputPadding).toBeNull();
  });

  it('padding that crops the whole output: non-positive-output with the arithmetic, and fixes that work', () => {
    const { doc, node } = inferOne([1, 1, 3], ['t', 'Conv2DTranspose', { filters: 2, kernelSize: 3, strides: 1, padding: 2 }]);
    const error = node.diagnostics.find((d) => d.code === 'non-positive-output')!;
    expect(error.message).toBe('t: (1 - 1)*1 + 3 - 2*2 = -1: the padding crops away the whole output');
    for (const fix of error.fixes) expect(inferShapes(applyPatch(doc, fix.patch)).hasErrors).toBe(false);
  });

  it('receptive field: the jump divides by the stride; an output pixel of a 2x2 stride 2 sees one input pixel', () => {
    const def = LAYERS.Conv2DTranspose;
    expect(def.receptiveField({ ...def.defaultParams(), kernelSize: 2, strides: 2 }, undefined)).toEqual({ type: 'upsample', kernel: [1, 1], factor: [2, 2] });
    expect(def.receptiveField({ ...def.defaultParams(), kernelSize: 3, strides: 2 }, undefined)).toEqual({ type: 'upsample', kernel: [3, 3], factor: [2, 2] });
    expect(def.receptiveField({ ...def.defaultParams(), kernelSize: 3, strides: 1, dilation: 2 }, undefined)).toEqual({ type: 'upsample', kernel: [5, 5], factor: [1, 1] });
  });
});
