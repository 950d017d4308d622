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
