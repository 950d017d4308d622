import { describe, expect, it } from 'vitest';
import { importOnnx } from '../../src/core/import/importOnnx';
import { createFloatTensor } from '../../src/core/onnx/tensors';
import { buildBytes, node, weight, type ModelSpec } from './buildOnnx';
import { compareWithOrt } from './importHelpers';

/**
 * GELU and SiLU as opset 17 writes them out (Erf, Tanh, Sigmoid arithmetic) come back as one
 * activation, in torch's operand order and ours, folded into the layer before them; each model
 * runs on our runtime and onnxruntime-node on the same input.
 */
const scalar = (name: string, v: number) => createFloatTensor(name, [], Float32Array.of(v));
const io = { inputs: [['x', [1, 3, 6, 5]]] as ModelSpec['inputs'], outputs: [['y', [1, 4, 6, 5]]] as ModelSpec['outputs'] };
const conv = node('Conv', ['x', 'w', 'b'], ['c'], { pads: [1, 1, 1, 1] });
const constants = [weight('w', [4, 3, 3, 3]), weight('b', [4], 0.1), scalar('sqrt2', Math.SQRT2), scalar('one', 1), scalar('half', 0.5),
  scalar('beta', Math.sqrt(2 / Math.PI)), scalar('kappa', 0.044715), scalar('three', 3), scalar('rsqrt2', Math.SQRT1_2)];

const CASES: { name: string; nodes: ModelSpec['nodes']; activation: string; folded: string[] }[] = [
  {
    name: 'gelu as torch writes it: Mul(Mul(x, Add(Erf(Div(x, sqrt 2)), 1)), 0.5)',
    nodes: [conv, node('Div', ['c', 'sqrt2'], ['d']), node('Erf', ['d'], ['e']), node('Add', ['e', 'one'], ['a']), node('Mul', ['c', 'a'], ['m']), node('Mul', ['m', 'half'], ['y'])],
    activation: 'gelu', folded: ['Div', 'Erf', 'Add', 'Mul', 'Gelu'],
  },
  {
    name: 'gelu with the operands swapped and x * (1 / sqrt 2) for the division',
    nodes: [conv, node('Mul', ['rsqrt2', 'c'], ['d']), node('Erf', ['d'], ['e']), node('Add', ['one', 'e'], ['a']), node('Mul', ['a', 'c'], ['m']), node('Mul', ['half', 'm'], ['y'])],
    activation: 'gelu', folded: ['Mul', 'Erf', 'Add', 'Mul', 'Gelu'],
  },
  {
    name: "geluTanh as torch writes it (x * (x * x), beta first, 0.5 first)",
    nodes: [conv, node('Mul', ['c', 'c'], ['sq']), node('Mul', ['c', 'sq'], ['cube']), node('Mul', ['kappa', 'cube'], ['k']), node('Add', ['c', 'k'], ['p']),
      node('Mul', ['beta', 'p'], ['s']), node('Tanh', ['s'], ['t']), node('Add', ['one', 't'], ['a']), node('Mul', ['c', 'a'], ['m']), node('Mul', ['half', 'm'], ['y'])],
    activation: 'geluTanh', folded: ['Mul', 'Mul', 'Mul', 'Add', 'Mul', 'Tanh', 'Add', 'Mul', 'Gelu'],
  },
  {
    name: 'geluTanh with Pow(x, 3)',
    nodes: [conv, node('Pow', ['c', 'three'], ['cube']), node('Mul', ['cube', 'kappa'], ['k']), node('Add', ['k', 'c'], ['p']),
      node('Mul', ['p', 'beta'], ['s']), node('Tanh', ['s'], ['t']), node('Add', ['t', 'one'], ['a']), node('Mul', ['a', 'c'], ['m']), node('Mul', ['m', 'half'], ['y'])],
    activation: 'geluTanh', folded: ['Pow', 'Mul', 'Add', 'Mul', 'Tanh', 'Add', 'Mul', 'Gelu'],
  },
  {
    name: 'silu: Mul(x, Sigmoid(x)), either order',
    nodes: [conv, node('Sigmoid', ['c'], ['s']), node('Mul', ['s', 'c'], ['y'])],
    activation: 'silu', folded: ['Sigmoid', 'Silu'],
  },
];

describe.each(CASES)('$name', ({ nodes, activation, folded }) => {
  it("is one activation folded into the Conv, and runs as onnxruntime's model within 1e-5", async () => {
    const bytes = buildBytes({ ...io, initializers: constants, nodes });
    const imported = importOnnx(bytes);
    if (!imported.ok) throw new Error(`${imported.message}\n${JSON.stringify(imported.report?.unmapped)}`);
    expect(imported.doc.nodes.map((n) => [n.kind, n.params.activation])).toEqual([['Input', undefined], ['Conv2D', activation]]);
    expect(imported.report.folded.flatMap((f) => Array(f.count).fill(f.opType)).sort()).toEqual([...folded].sort());
    expect(imported.report.onnxNodes).toBe(nodes.length);
    for (const d of await compareWithOrt(bytes, imported)) expect(d).toBeLessThan(1e-5);
  });
});

describe('what is not the pattern stays as it was', () => {
  it('an inner value read elsewhere too (here a graph output) keeps every op', () => {
    const spec: ModelSpec = {
      ...io, outputs: [...io.outputs, ['s', [1, 4, 6, 5]]], initializers: constants,
      nodes: [conv, node('Sigmoid', ['c'], ['s']), node('Mul', ['c', 's'], ['y'])],
    };
    const imported = importOnnx(buildBytes(spec));
    if (!imported.ok) throw new Error(imported.message);
    expect(imported.doc.nodes.map((n) => [n.kind, n.params.fn])).toEqual([['Input', undefined], ['Conv2D', undefined], ['Activation', 'sigmoid'], ['Multiply', undefined]]);
  });

  it('a gelu-like form with another constant (x/2 instead of x/sqrt 2) is not gelu', () => {
    const spec: ModelSpec = {
      ...io, initializers: [...constants, scalar('two', 2)],
      nodes: [conv, node('Div', ['c', 'two'], ['d']), node('Erf', ['d'], ['e']), node('Add', ['e', 'one'], ['a']), node('Mul', ['c', 'a'], ['m']), node('Mul', ['m', 'half'], ['y'])],
    };
    const imported = importOnnx(buildBytes(spec));
    expect(imported.ok).toBe(false);
    if (!imported.ok) expect(imported.report?.unmapped.map((u) => u.opType)).toEqual(['Erf']);
  });
});
