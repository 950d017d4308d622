import { describe, expect, it } from 'vitest';
import { LAYER_KINDS, type LayerKind } from '../../../src/core/graph/types';
import { getLayer, isLayerKind, LAYERS } from '../../../src/core/layers/registry';
import { countElements } from '../../../src/core/shape/convArithmetic';

const ctx = { nodeId: 'n', label: 'n' };

describe('layer registry', () => {
  it('has every kind, with its arity and category', () => {
    expect(Object.keys(LAYERS).sort()).toEqual([...LAYER_KINDS].sort());
    expect(LAYERS.Input.arity).toEqual({ min: 0, max: 0 });
    expect(LAYERS.Add.arity).toEqual({ min: 2, max: Infinity });
    expect(LAYERS.Concatenate.arity.min).toBe(2);
    expect(LAYERS.Dense.arity).toEqual({ min: 1, max: 1 });
    expect(LAYERS.MaxPool2D.category).toBe('Pooling');
    expect(isLayerKind('Conv3D')).toBe(false);
    expect(getLayer('Conv3D')).toBeUndefined();
  });

  it.each(LAYER_KINDS.map((k) => [k]))('%s: default params validate to themselves', (kind: LayerKind) => {
    const def = getLayer(kind)!;
    const d = def.defaultParams();
    expect(def.validateParams(d as Record<string, unknown>)).toEqual({ ok: true, params: d });
  });

  it('pool strides default to the pool size, as in Keras', () => {
    expect(LAYERS.MaxPool2D.validateParams({ poolSize: 3 })).toEqual({ ok: true, params: { poolSize: 3, strides: 3, padding: 'valid', ceilMode: false } });
  });

  it('describes params compactly', () => {
    const conv = LAYERS.Conv2D.validateParams({ filters: 6, kernelSize: 5, activation: 'tanh' });
    if (!conv.ok) throw new Error('conv params');
    expect(LAYERS.Conv2D.describeParams(conv.params)).toBe('6 @ 5x5 · s1 · valid · tanh');
    expect(LAYERS.AvgPool2D.describeParams({ poolSize: 2, strides: 2, padding: 'valid', ceilMode: false, countIncludePad: false })).toBe('2x2 · s2');
    expect(LAYERS.MaxPool2D.describeParams({ poolSize: 3, strides: 1, padding: 'same', ceilMode: false })).toBe('3x3 · s1 · same');
    expect(LAYERS.MaxPool2D.describeParams({ poolSize: 3, strides: 2, padding: 'valid', ceilMode: true })).toBe('3x3 · s2 · ceil');
    expect(LAYERS.AvgPool2D.describeParams({ poolSize: 3, strides: 2, padding: 1, ceilMode: true, countIncludePad: true })).toBe('3x3 · s2 · p1 · ceil · pad counted');
    expect(LAYERS.Dense.describeParams({ units: 120, activation: 'tanh', useBias: true })).toBe('120 · tanh');
  });

  it("shows a ceilMode pool's rounding up in the inspector's arithmetic (SqueezeNet's 3x3/2 on 112)", () => {
    const arithmetic = LAYERS.MaxPool2D.explainArithmetic!([112, 111, 64], { poolSize: 3, strides: 2, padding: 'valid', ceilMode: true })!;
    expect(arithmetic.formula).toBe('h′ = ⌈(h + pads − k)/s⌉ + 1');
    expect(arithmetic.axes.map((a) => a.text)).toEqual(['ceil((112 + 2*0 - 3)/2) + 1 = ceil(54.5) + 1 = 56', 'ceil((111 + 2*0 - 3)/2) + 1 = 55']);
    const floor = LAYERS.MaxPool2D.explainArithmetic!([112, 111, 64], { poolSize: 3, strides: 2, padding: 'valid', ceilMode: false })!;
    expect(floor.axes[0].text).toBe('(112 + 2*0 - 3)/2 + 1 = 55.5 -> 55');
  });

  it('Activation keeps alpha for leakyRelu and elu only, with their defaults, and refuses a bad one', () => {
    const check = (raw: Record<string, unknown>) => LAYERS.Activation.validateParams(raw);
    expect(check({ fn: 'leakyRelu' })).toEqual({ ok: true, params: { fn: 'leakyRelu', alpha: 0.2 } });
    expect(check({ fn: 'elu' })).toEqual({ ok: true, params: { fn: 'elu', alpha: 1 } });
    expect(check({ fn: 'leakyRelu', alpha: 0.01 })).toEqual({ ok: true, params: { fn: 'leakyRelu', alpha: 0.01 } });
    expect(check({ fn: 'gelu', alpha: 0.5 })).toEqual({ ok: true, params: { fn: 'gelu' } });
    expect(check({ fn: 'elu', alpha: -1 })).toEqual({ ok: false, errors: [{ field: 'alpha', message: 'alpha must be a number from 0 to 100, got -1' }] });
    expect(check({ fn: 'swish' })).toMatchObject({ ok: false, errors: [{ field: 'fn', message: expect.stringMatching(/fn must be one of .*hardSwish, softplus, got "swish"/) }] });
    expect(LAYERS.Activation.describeParams({ fn: 'leakyRelu', alpha: 0.1 })).toBe('leakyRelu · alpha 0.1');
    expect(LAYERS.Activation.describeParams({ fn: 'silu' })).toBe('silu');
  });

  it('weight shapes: HWIO conv kernels, [in, out] dense kernels, four BatchNorm vectors', () => {
    expect(LAYERS.Conv2D.weightShapes([14, 14, 6], { filters: 16, kernelSize: 5, strides: 1, padding: 'valid', dilation: 1, activation: 'tanh', useBias: true, groups: 1 }))
      .toEqual({ kernel: [5, 5, 6, 16], bias: [16] });
    expect(LAYERS.Conv2D.weightShapes([8, 8, 3], { filters: 4, kernelSize: [3, 1], strides: 1, padding: 'valid', dilation: 1, activation: 'relu', useBias: false, groups: 1 }))
      .toEqual({ kernel: [3, 1, 3, 4] });
    expect(LAYERS.Dense.weightShapes([120], { units: 84, activation: 'tanh', useBias: true })).toEqual({ kernel: [120, 84], bias: [84] });
    expect(LAYERS.BatchNorm.weightShapes([7, 7, 32], { epsilon: 1e-3 })).toEqual({ gamma: [32], beta: [32], movingMean: [32], movingVariance: [32] });
    expect(LAYERS.BatchNorm.nonTrainableWeights).toEqual(['movingMean', 'movingVariance']);
  });

  it.each([
    ['Conv2D', [9, 9, 3], { filters: 5, kernelSize: [3, 2], useBias: true }],
    ['Conv2D', [9, 9, 3], { filters: 5, kernelSize: 3, useBias: false }],
    ['Dense', [30], { units: 7 }],
    ['BatchNorm', [4, 4, 6], {}],
    ['BatchNorm', [10], {}],
  ] as [LayerKind, number[], Record<string, unknown>][])('%s %j: weight sizes add up to the param counts', (kind, shape, raw) => {
    const def = getLayer(kind)!;
    const v = def.validateParams(raw);
    if (!v.ok) throw new Error('params');
    const out = def.inferOutput([shape], v.params, ctx);
    if (!out.ok) throw new Error('infer');
    const weights = def.weightShapes(shape, v.params);
    const total = Object.values(weights).reduce((s, w) => s + countElements(w), 0);
    const nonTrainable = def.nonTrainableWeights.reduce((s, name) => s + countElements(weights[name]), 0);
    expect(total).toBe(out.trainableParams + out.nonTrainableParams);
    expect(nonTrainable).toBe(out.nonTrainableParams);
  });
});
