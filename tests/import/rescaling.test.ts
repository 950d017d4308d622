import { describe, expect, it } from 'vitest';
import { importOnnx } from '../../src/core/import/importOnnx';
import { createFloatTensor } from '../../src/core/onnx/tensors';
import { buildBytes, node, weight, type ModelSpec } from './buildOnnx';
import { compareWithOrt } from './importHelpers';

/**
 * Arithmetic with one constant value, the preprocessing models are exported with, imports as
 * Rescaling; each model runs on our runtime and on onnxruntime-node on the same input.
 */
const scalar = (name: string, v: number) => createFloatTensor(name, [], Float32Array.of(v));
const constant = (name: string, v: number) => node('Constant', [], [name], { value: { t: scalar(name, v) } });
const head = (x: string) => node('Conv', [x, 'w', 'b'], ['y'], { pads: [1, 1, 1, 1] });
const convWeights = [weight('w', [4, 3, 3, 3]), weight('b', [4], 0.1)];
const io = { inputs: [['x', [1, 3, 6, 5]]] as ModelSpec['inputs'], outputs: [['y', [1, 4, 6, 5]]] as ModelSpec['outputs'] };

interface Case { name: string; spec: ModelSpec; kinds: string[]; rescalings: { scale: number; offset: number }[]; folded?: string[] }

const CASES: Case[] = [
  {
    name: 'x / 255 (a Constant, as torch.onnx.export writes it) -> Rescaling 1/255',
    spec: { ...io, initializers: convWeights, nodes: [constant('k', 255), node('Div', ['x', 'k'], ['r']), head('r')] },
    kinds: ['Input', 'Rescaling', 'Conv2D'],
    rescalings: [{ scale: 1 / 255, offset: 0 }],
    folded: ['Constant'],
  },
  {
    name: 'x * 2 + 1 (initializers) -> one Rescaling, the Add joined as its offset',
    spec: { ...io, initializers: [...convWeights, scalar('two', 2), scalar('one', 1)], nodes: [node('Mul', ['x', 'two'], ['m']), node('Add', ['m', 'one'], ['r']), head('r')] },
    kinds: ['Input', 'Rescaling', 'Conv2D'],
    rescalings: [{ scale: 2, offset: 1 }],
    folded: ['Add'],
  },
  {
    name: '(x - 0.5) / 0.25: Sub then Div, two Rescalings (joining them would round differently)',
    spec: { ...io, initializers: [...convWeights, scalar('half', 0.5), scalar('quarter', 0.25)], nodes: [node('Sub', ['x', 'half'], ['s']), node('Div', ['s', 'quarter'], ['r']), head('r')] },
    kinds: ['Input', 'Rescaling', 'Rescaling', 'Conv2D'],
    rescalings: [{ scale: 1, offset: -0.5 }, { scale: 4, offset: 0 }],
  },
  {
    name: '1 - x (the constant first) -> Rescaling scale -1, offset 1',
    spec: { ...io, initializers: [...convWeights, scalar('one', 1)], nodes: [node('Sub', ['one', 'x'], ['r']), head('r')] },
    kinds: ['Input', 'Rescaling', 'Conv2D'],
    rescalings: [{ scale: -1, offset: 1 }],
  },
  {
    name: 'Conv + 0.5 still folds into the bias; + 0.5 after a Relu is a Rescaling',
    spec: {
      ...io,
      initializers: [...convWeights, scalar('half', 0.5)],
      nodes: [node('Conv', ['x', 'w', 'b'], ['c'], { pads: [1, 1, 1, 1] }), node('Add', ['c', 'half'], ['a']), node('Relu', ['a'], ['r']), node('Add', ['r', 'half'], ['y'])],
    },
    kinds: ['Input', 'Conv2D', 'Rescaling'],
    rescalings: [{ scale: 1, offset: 0.5 }],
    folded: ['Add', 'Relu'],
  },
];

describe.each(CASES)('$name', ({ spec, kinds, rescalings, folded }) => {
  it("imports, and our runtime gives onnxruntime's output within 1e-5 relative", async () => {
    const bytes = buildBytes(spec);
    const imported = importOnnx(bytes);
    if (!imported.ok) throw new Error(`${imported.message}\n${JSON.stringify(imported.report?.unmapped)}`);
    expect(imported.doc.nodes.map((n) => n.kind)).toEqual(kinds);
    expect(imported.doc.nodes.filter((n) => n.kind === 'Rescaling').map((n) => n.params)).toEqual(rescalings);
    expect(imported.report.folded.map((f) => f.opType).sort()).toEqual((folded ?? []).sort());
    for (const d of await compareWithOrt(bytes, imported)) expect(d).toBeLessThan(1e-5);
  });
});

describe('arithmetic that is not x * scale + offset is refused, with the reason', () => {
  const refusal = (nodes: ModelSpec['nodes'], initializers: NonNullable<ModelSpec['initializers']>) => {
    const imported = importOnnx(buildBytes({ ...io, initializers: [...convWeights, ...initializers], nodes: [...nodes, head('r')] }));
    expect(imported.ok).toBe(false);
    return imported.ok ? '' : JSON.stringify(imported.report?.unmapped);
  };
  it('a per-channel constant (torchvision Normalize baked in) names its shape and count', () => {
    expect(refusal([node('Mul', ['x', 'std'], ['r'])], [weight('std', [1, 3, 1, 1])])).toContain('the constant [1, 3, 1, 1] has 3 values');
  });
  it('a constant divided by the input', () => {
    expect(refusal([node('Div', ['k', 'x'], ['r'])], [scalar('k', 2)])).toContain('dividing a constant by a computed value is not a layer');
  });
  it('Sub of two computed values', () => {
    expect(refusal([node('Relu', ['x'], ['a']), node('Sub', ['x', 'a'], ['r'])], [])).toContain('Sub of two computed values is not a layer');
  });
});
