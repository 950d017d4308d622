import { describe, expect, it } from 'vitest';
import { importOnnx } from '../../src/core/import/importOnnx';
import { createFloatTensor } from '../../src/core/onnx/tensors';
import { buildBytes, node, weight, type ModelSpec } from './buildOnnx';
import { importAndCompare, type OpCase } from './importHelpers';

/**
 * Every activation op, alone after a Conv (so it may fold into it) and after an Add of two convs
 * (so it must be an Activation layer), on an input wide enough (-1..1 times the weights' scale 3)
 * to reach the saturating branches of Clip, HardSigmoid and HardSwish.
 */
const scalar = (name: string, v: number) => createFloatTensor(name, [], Float32Array.of(v));

function afterConv(op: string, attrs: Record<string, number | { f: number }> = {}, extraInputs: string[] = [], opset = 14, extra: Partial<ModelSpec> = {}): ModelSpec {
  return {
    opset,
    inputs: [['x', [1, 2, 5, 5]]],
    outputs: [['y', [1, 4, 5, 5]]],
    initializers: [weight('w', [4, 2, 3, 3], 3), ...(extra.initializers ?? [])],
    nodes: [...(extra.nodes ?? []), node('Conv', ['x', 'w'], ['c'], { pads: [1, 1, 1, 1] }), node(op, ['c', ...extraInputs], ['y'], attrs)],
  };
}

function afterAdd(op: string, attrs: Record<string, number | { f: number }> = {}, opset = 14, bounds: ModelSpec['initializers'] = []): ModelSpec {
  return {
    opset,
    inputs: [['x', [1, 2, 5, 5]]],
    outputs: [['y', [1, 4, 5, 5]]],
    initializers: [weight('w', [4, 2, 3, 3], 3), weight('v', [4, 2, 1, 1], 3, 1.3), ...bounds!],
    nodes: [
      node('Conv', ['x', 'w'], ['c'], { pads: [1, 1, 1, 1] }), node('Conv', ['x', 'v'], ['d']), node('Add', ['c', 'd'], ['s']),
      node(op, ['s', ...bounds!.map((t) => t.name)], ['y'], attrs),
    ],
  };
}

const CASES: OpCase[] = [
  { name: 'LeakyRelu with ONNX\'s default slope 0.01: an Activation with alpha (the fused slope is 0.2)', spec: afterConv('LeakyRelu'), kinds: ['Input', 'Conv2D', 'Activation'] },
  { name: 'LeakyRelu alpha 0.2 folds into the Conv', spec: afterConv('LeakyRelu', { alpha: { f: 0.2 } }), kinds: ['Input', 'Conv2D'], folded: ['LeakyRelu'] },
  { name: 'Elu alpha 1 folds into the Conv', spec: afterConv('Elu'), kinds: ['Input', 'Conv2D'], folded: ['Elu'] },
  { name: 'Elu alpha 0.5 after an Add', spec: afterAdd('Elu', { alpha: { f: 0.5 } }), kinds: ['Input', 'Conv2D', 'Conv2D', 'Add', 'Activation'] },
  { name: 'Softplus', spec: afterAdd('Softplus'), kinds: ['Input', 'Conv2D', 'Conv2D', 'Add', 'Activation'] },
  { name: 'HardSigmoid alpha 1/6 beta 0.5 (torch\'s Hardsigmoid)', spec: afterAdd('HardSigmoid', { alpha: { f: 1 / 6 }, beta: { f: 0.5 } }), kinds: ['Input', 'Conv2D', 'Conv2D', 'Add', 'Activation'] },
  { name: 'HardSwish (opset 14) folds into the Conv', spec: afterConv('HardSwish'), kinds: ['Input', 'Conv2D'], folded: ['HardSwish'] },
  { name: 'Tanh after an Add', spec: afterAdd('Tanh'), kinds: ['Input', 'Conv2D', 'Conv2D', 'Add', 'Activation'] },
  {
    name: 'Clip(0, 6) as attributes (opset 9) -> relu6 folded into the Conv',
    spec: afterConv('Clip', { min: { f: 0 }, max: { f: 6 } }, [], 9),
    kinds: ['Input', 'Conv2D'],
    folded: ['Clip'],
  },
  {
    name: 'Clip(0, 6) as initializer inputs (opset 13) -> relu6 after an Add',
    spec: afterAdd('Clip', {}, 13, [scalar('lo', 0), scalar('hi', 6)]),
    kinds: ['Input', 'Conv2D', 'Conv2D', 'Add', 'Activation'],
  },
  {
    name: 'Clip with only a min of 0 (opset 11) -> relu',
    spec: afterConv('Clip', {}, ['lo'], 11, { initializers: [scalar('lo', 0)] }),
    kinds: ['Input', 'Conv2D'],
    folded: ['Clip'],
  },
];

describe.each(CASES)('$name', (c) => {
  it('imports, and our runtime gives onnxruntime\'s output within 1e-4 relative', async () => {
    for (const d of await importAndCompare(c)) expect(d).toBeLessThan(1e-4);
  });
});

describe('activations that are refused, with the reason', () => {
  const reasonOf = (spec: ModelSpec) => {
    const r = importOnnx(buildBytes(spec));
    expect(r.ok).toBe(false);
    return r.ok ? '' : r.report?.unmapped[0].reasons[0];
  };

  it('Clip to [-1, 1]', () => {
    expect(reasonOf(afterConv('Clip', { min: { f: -1 }, max: { f: 1 } }, [], 9))).toBe('Clip to [-1, 1]: only [0, 6] (relu6) and [0, inf) (relu) are activations');
  });

  it('HardSigmoid with ONNX\'s default alpha 0.2', () => {
    expect(reasonOf(afterConv('HardSigmoid'))).toMatch(/^alpha 0.2\d*, beta 0.5: only alpha 1\/6, beta 0.5/);
  });
});
