import { describe, expect, it } from 'vitest';
import { applyPatch } from '../../../src/core/graph/applyPatch';
import type { GraphDocument } from '../../../src/core/graph/types';
import { inferShapes } from '../../../src/core/shape/inferShapes';
import type { Diagnostic, DiagnosticCode } from '../../../src/core/shape/types';
import { buildDoc, chainDoc } from './buildDoc';

const input = (shape: number[]) => ['in', 'Input', { shape }] as [string, string, Record<string, unknown>];
const conv = (id: string, p: Record<string, unknown>) => [id, 'Conv2D', { filters: 4, kernelSize: 3, activation: 'relu', ...p }] as [string, string, Record<string, unknown>];

function only(doc: GraphDocument, code: DiagnosticCode): Diagnostic {
  const found = inferShapes(doc).diagnostics.filter((d) => d.code === code);
  expect(found).toHaveLength(1);
  return found[0];
}

/** Applies every fix of the diagnostic and checks that the diagnostic is gone from that node. */
function expectEachFixRemoves(doc: GraphDocument, d: Diagnostic) {
  expect(d.fixes.length).toBeGreaterThan(0);
  for (const fix of d.fixes) {
    const after = inferShapes(applyPatch(doc, fix.patch));
    const still = after.diagnostics.filter((x) => x.code === d.code && x.nodeId === d.nodeId);
    expect(still, `fix "${fix.label}" should remove ${d.code}`).toEqual([]);
  }
}

describe('shapes through a graph', () => {
  it('infers a conv/pool/flatten/dense chain', () => {
    const doc = chainDoc([input([28, 28, 1]), conv('c1', { filters: 6, kernelSize: 5, padding: 'same' }),
      ['p1', 'MaxPool2D', {}], ['f', 'Flatten', {}], ['d', 'Dense', { units: 10 }], ['gap_in_chain', 'Dropout', { rate: 0.1 }]]);
    const inf = inferShapes(doc);
    expect(inf.order).toEqual(['in', 'c1', 'p1', 'f', 'd', 'gap_in_chain']);
    expect(inf.nodes.get('p1')!.outputShape).toEqual([14, 14, 6]);
    expect(inf.nodes.get('d')!.outputShape).toEqual([10]);
    expect(inf.nodes.get('d')!.inputShapes).toEqual([[1176]]);
    expect(inf.nodes.get('c1')!.geometry).toMatchObject({ padTop: 2, padBottom: 2, outH: 28, outC: 6 });
  });

  it('Concatenate sums channels in edge order; GlobalAvgPool2D gives [c]', () => {
    const doc = buildDoc([input([8, 8, 3]), conv('a', { filters: 5, padding: 'same' }), conv('b', { filters: 7, kernelSize: 1 }),
      ['cat', 'Concatenate', {}], ['gap', 'GlobalAvgPool2D', {}]], [['in', 'a'], ['in', 'b'], ['a', 'cat'], ['b', 'cat'], ['cat', 'gap']]);
    const inf = inferShapes(doc);
    expect(inf.nodes.get('cat')!.outputShape).toEqual([8, 8, 12]);
    expect(inf.nodes.get('gap')!.outputShape).toEqual([12]);
    expect(inf.hasErrors).toBe(false);
  });

  it('a 100,000-node chain does not overflow the stack', () => {
    const nodes: [string, string, Record<string, unknown>][] = [['in', 'Input', { shape: [16] }]];
    for (let i = 1; i < 100_000; i++) nodes.push([`a${i}`, 'Activation', { fn: 'tanh' }]);
    const doc = chainDoc(nodes);
    const inf = inferShapes(doc);
    expect(inf.order).toHaveLength(100_000);
    expect(inf.nodes.get('a99999')!.outputShape).toEqual([16]);
    expect(inf.diagnostics).toEqual([]);
    // Closing the chain into a 99,999-node cycle must not overflow either.
    doc.edges.push({ id: 'back', source: 'a99999', target: 'a1' });
    const cyclic = inferShapes(doc);
    expect(cyclic.diagnostics.filter((d) => d.code === 'cycle')).toHaveLength(99_999);
  });
});

describe('diagnostics with their numbers and fixes', () => {
  it('window-too-large: kernel 5 on a 4x4 input, with fixes that fit', () => {
    const doc = chainDoc([input([4, 4, 16]), conv('c3', { kernelSize: 5 })]);
    doc.nodes[1].name = 'C3';
    const d = only(doc, 'window-too-large');
    expect(d).toMatchObject({ nodeId: 'c3', severity: 'error', field: 'kernelSize' });
    expect(d.message).toBe('C3: (4 + 2*0 - 5)/1 + 1 = 0: kernel 5 is larger than the padded input 4');
    expect(d.fixes.map((f) => f.label)).toEqual(['kernel 4', "padding 'same'", 'padding 1']);
    expectEachFixRemoves(doc, d);
  });

  it('window-too-large with dilation names the dilated size', () => {
    const doc = chainDoc([input([6, 9, 1]), conv('c', { kernelSize: 3, dilation: 3 })]);
    const d = only(doc, 'window-too-large');
    expect(d.message).toBe('c: rows (6 + 2*0 - 7)/1 + 1 = 0: dilated kernel 7 (3 with dilation 3) is larger than the padded input 6');
    expect(d.fixes[0].patch).toEqual({ type: 'setParams', nodeId: 'c', params: { kernelSize: [2, 3] } });
    expect(d.fixes[2].patch).toEqual({ type: 'setParams', nodeId: 'c', params: { padding: 1 } });
    expectEachFixRemoves(doc, d);
  });

  it('window-too-large for a pool', () => {
    const doc = chainDoc([input([1, 1, 120]), ['p', 'MaxPool2D', {}]]);
    const d = only(doc, 'window-too-large');
    expect(d.message).toBe('p: (1 + 2*0 - 2)/2 + 1 = 0.5 -> 0: pool 2 is larger than the padded input 1');
    expect(d.field).toBe('poolSize');
    expectEachFixRemoves(doc, d);
  });

  it('stride-skips-pixels: (28 + 2*0 - 5)/2 + 1 = 12.5 -> 12, fixed by padding', () => {
    const doc = chainDoc([input([28, 28, 1]), conv('c', { kernelSize: 5, strides: 2 })]);
    const d = only(doc, 'stride-skips-pixels');
    expect(d.severity).toBe('warning');
    expect(d.message).toBe('c: (28 + 2*0 - 5)/2 + 1 = 12.5 -> 12: 1 row and 1 column are never read');
    expect(d.fixes[0].patch).toEqual({ type: 'setParams', nodeId: 'c', params: { padding: [[0, 1], [0, 1]] } });
    expectEachFixRemoves(doc, d);
  });

  it('stride-skips-pixels prefers a symmetric padding number when one exists', () => {
    const doc = chainDoc([input([10, 10, 1]), conv('c', { kernelSize: 3, strides: 3, padding: 'valid' })]);
    const d = only(doc, 'stride-skips-pixels');
    expect(d.message).toBe('c: (10 + 2*0 - 3)/3 + 1 = 3.33 -> 3: 1 row and 1 column are never read');
    // 'same' gives the same 4x4 and is what people write, so it comes first.
    expect(d.fixes.map((f) => f.patch)).toEqual([
      { type: 'setParams', nodeId: 'c', params: { padding: 'same' } },
      { type: 'setParams', nodeId: 'c', params: { padding: 1 } },
    ]);
    expectEachFixRemoves(doc, d);
  });

  it('stride-skips-pixels on one axis only, where no symmetric number fits both', () => {
    const doc = chainDoc([input([10, 12, 1]), conv('c', { kernelSize: 3, strides: 3, padding: 'valid' })]);
    const d = only(doc, 'stride-skips-pixels');
    expect(d.message).toBe('c: rows (10 + 2*0 - 3)/3 + 1 = 3.33 -> 3: 1 row is never read');
    expect(d.fixes[1].patch).toEqual({ type: 'setParams', nodeId: 'c', params: { padding: [[0, 2], [0, 0]] } });
    expect(d.fixes[0].label).toBe("padding 'same'");
    expectEachFixRemoves(doc, d);
  });

  it('stride-skips-pixels on a pool: the fix pads the lost row', () => {
    const doc = chainDoc([input([6, 6, 1]), ['p', 'MaxPool2D', { poolSize: 3, strides: 2, padding: 'valid' }]]);
    const d = only(doc, 'stride-skips-pixels');
    expect(d.message).toBe('p: (6 + 2*0 - 3)/2 + 1 = 2.5 -> 2: 1 row and 1 column are never read');
    expect(d.fixes.map((f) => f.label)).toContain('ceil mode');
    expectEachFixRemoves(doc, d);
  });

  it('a pool in ceilMode rounds up and reads every row: [6, 6] -> 3x3/2 -> [3, 3], no warning', () => {
    const doc = chainDoc([input([6, 6, 1]), ['p', 'MaxPool2D', { poolSize: 3, strides: 2, padding: 'valid', ceilMode: true }]]);
    const inference = inferShapes(doc);
    expect(inference.diagnostics).toEqual([]);
    expect(inference.nodes.get('p')!.outputShape).toEqual([3, 3, 1]);
  });

  // torchvision's ResNets do both on purpose: the 7x7/2 stem with padding 3 leaves only a padded
  // row unread, and a 1x1/2 shortcut subsamples every other pixel, the last one among them.
  it.each([
    ['a skipped row of padding only', { filters: 4, kernelSize: 7, strides: 2, padding: 3 }, [224, 224, 3]],
    ['a window narrower than its stride', { filters: 4, kernelSize: 1, strides: 2 }, [56, 56, 8]],
    ["'same' on a window narrower than its stride", { filters: 4, kernelSize: 1, strides: 4, padding: 'same' }, [6, 6, 1]],
  ] as [string, Record<string, unknown>, number[]][])('stride-skips-pixels is not raised for %s', (_why, params, shape) => {
    const doc = chainDoc([input(shape), ['c', 'Conv2D', params]]);
    expect(inferShapes(doc).diagnostics).toEqual([]);
  });

  it('dense-needs-vector: fixes insert Flatten or GlobalAvgPool2D', () => {
    const doc = chainDoc([input([5, 5, 16]), ['f6', 'Dense', { units: 84 }, 'F6']]);
    const d = only(doc, 'dense-needs-vector');
    expect(d.message).toBe('F6: Dense needs a vector [n], got [5, 5, 16]; flatten it first');
    expect(d.fixes[0].patch).toEqual({ type: 'insertNodeBefore', nodeId: 'f6', kind: 'Flatten', params: {} });
    expectEachFixRemoves(doc, d);
    const fixed = inferShapes(applyPatch(doc, d.fixes[0].patch));
    expect(fixed.hasErrors).toBe(false);
    expect(fixed.nodes.get('f6')!.outputShape).toEqual([84]);
    expect(fixed.nodes.get('f6')!.trainableParams).toBe(400 * 84 + 84);
  });

  it('needs-spatial-input: Conv2D fed a vector', () => {
    const d = only(chainDoc([input([10]), conv('c', {})]), 'needs-spatial-input');
    expect(d.message).toBe('c: Conv2D needs an [h, w, c] input, got [10] (rank 1)');
  });

  it('missing-input and no cascading: downstream of an unknown shape stays silent', () => {
    const doc = chainDoc([conv('c', {}), ['p', 'MaxPool2D', {}], ['d', 'Dense', { units: 3 }]]);
    const inf = inferShapes(doc);
    expect(inf.diagnostics.map((d) => [d.nodeId, d.code])).toEqual([['c', 'missing-input'], ['', 'no-input-node']]);
    expect(inf.diagnostics[0].message).toBe('c: Conv2D needs 1 input, has 0; connect 1 more');
    expect(inf.nodes.get('d')!.outputShape).toBeNull();
  });

  it('missing-input for a merge with one input', () => {
    const d = only(chainDoc([input([4]), ['add', 'Add', {}]]), 'missing-input');
    expect(d.message).toBe('add: Add needs at least 2 inputs, has 1; connect 1 more');
  });

  it('extra-input: each removeEdge fix leaves one input', () => {
    const doc = buildDoc([input([8, 8, 1]), ['other', 'Input', { shape: [8, 8, 1] }], conv('c', {})], [['in', 'c'], ['other', 'c']]);
    const d = only(doc, 'extra-input');
    expect(d.message).toBe('c: Conv2D takes 1 input, has 2 (from in, other)');
    expect(d.fixes.map((f) => f.patch)).toEqual([{ type: 'removeEdge', edgeId: 'e1' }, { type: 'removeEdge', edgeId: 'e2' }]);
    expectEachFixRemoves(doc, d);
  });

  it('merge-shape-mismatch names each input and its shape', () => {
    const doc = buildDoc([input([8, 8, 4]), conv('a', { filters: 4 }), ['add', 'Add', {}]], [['in', 'a'], ['a', 'add'], ['in', 'add']]);
    const d = only(doc, 'merge-shape-mismatch');
    expect(d.message).toBe('add: Add needs inputs of identical shape, got a [6, 6, 4], in [8, 8, 4]');
    const cat = buildDoc([input([8, 8, 4]), conv('a', { filters: 4 }), ['cat', 'Concatenate', {}]], [['in', 'a'], ['a', 'cat'], ['in', 'cat']]);
    expect(only(cat, 'merge-shape-mismatch').message).toBe('cat: Concatenate joins along channels, so all other sizes must match, got a [6, 6, 4], in [8, 8, 4]');
  });

  it('cycle: names the nodes in order and offers removing the closing edge', () => {
    const doc = buildDoc([input([4]), ['a', 'Activation', {}], ['b', 'Activation', {}], ['c', 'Add', {}]],
      [['in', 'c'], ['c', 'a'], ['a', 'b'], ['b', 'c']]);
    const inf = inferShapes(doc);
    const cycles = inf.diagnostics.filter((d) => d.code === 'cycle');
    expect(cycles.map((d) => d.nodeId).sort()).toEqual(['a', 'b', 'c']);
    expect(cycles.find((d) => d.nodeId === 'a')!.message).toBe('a: is on a cycle a -> b -> c -> a; a model must flow one way from its Inputs');
    expect(inf.order).toEqual(['in', 'a', 'b', 'c']);
    expect(cycles[0].fixes[0].patch).toEqual({ type: 'removeEdge', edgeId: 'e2' });
    expectEachFixRemoves(doc, cycles[0]);
  });

  it('cycle: a self-loop', () => {
    const doc = buildDoc([input([4]), ['a', 'Add', {}]], [['in', 'a'], ['a', 'a']]);
    expect(only(doc, 'cycle').message).toBe('a: is on a cycle a -> a; a model must flow one way from its Inputs');
  });

  it('unknown-kind keeps the node and makes its output unknown without cascading', () => {
    const doc = chainDoc([input([4]), ['x', 'Conv3D', {}], ['d', 'Dense', { units: 2 }]]);
    const inf = inferShapes(doc);
    expect(inf.diagnostics.map((d) => d.code)).toEqual(['unknown-kind']);
    expect(inf.diagnostics[0].message).toBe('x: unknown layer kind "Conv3D"; it is kept in the file but the model cannot be built through it');
  });

  it.each([
    ['filters', 0, 'filters must be a whole number from 1 to 1000000, got 0'],
    ['filters', -3, 'filters must be a whole number from 1 to 1000000, got -3'],
    ['filters', 2.5, 'filters must be a whole number from 1 to 1000000, got 2.5'],
    ['filters', Number.NaN, 'filters must be a whole number from 1 to 1000000, got NaN'],
    ['filters', Number.POSITIVE_INFINITY, 'filters must be a whole number from 1 to 1000000, got Infinity'],
    ['filters', '6', 'filters must be a whole number from 1 to 1000000, got "6"'],
    ['filters', 5e6, 'filters must be a whole number from 1 to 1000000, got 5000000'],
    ['kernelSize', [3, 3, 3], 'kernelSize must be a whole number from 1 to 1024 or a pair [rows, cols] of them, got [3,3,3]'],
    ['strides', 0, 'strides must be a whole number from 1 to 1024 or a pair [rows, cols] of them, got 0'],
    ['padding', 'full', "padding must be 'valid', 'same', a whole number from 0 to 1024 or [[top, bottom], [left, right]], got \"full\""],
    ['padding', [[1, -1], [0, 0]], "padding must be 'valid', 'same', a whole number from 0 to 1024 or [[top, bottom], [left, right]], got [[1,-1],[0,0]]"],
    ['activation', 'swish', 'activation must be one of linear, relu, sigmoid, tanh, softmax, leakyRelu, relu6, elu, gelu, geluTanh, silu, hardSigmoid, hardSwish, softplus, got "swish"'],
    ['useBias', 1, 'useBias must be true or false, got 1'],
  ])('invalid-param Conv2D %s = %j', (field, value, text) => {
    const doc = chainDoc([input([8, 8, 1]), conv('c', { [field]: value })]);
    const d = only(doc, 'invalid-param');
    expect(d).toMatchObject({ nodeId: 'c', field, message: `c: ${text}` });
    expectEachFixRemoves(doc, d);
  });

  it.each([
    ['Input', { shape: [28, 28] }, 'shape'],
    ['Input', { shape: [0] }, 'shape'],
    ['Dense', { units: 0 }, 'units'],
    ['Dropout', { rate: 1 }, 'rate'],
    ['BatchNorm', { epsilon: 0 }, 'epsilon'],
    ['Activation', { fn: 'swish' }, 'fn'],
    ['MaxPool2D', { poolSize: 0 }, 'poolSize'],
  ])('invalid-param %s %j names field %s and its reset fix works', (kind, params, field) => {
    const doc = kind === 'Input' ? chainDoc([['in', 'Input', params]]) : chainDoc([input([4, 4, 2]), ['x', kind, params]]);
    const d = only(doc, 'invalid-param');
    expect(d.field).toBe(field);
    expectEachFixRemoves(doc, d);
  });

  it('invalid-param: dilation with stride, as Keras refuses', () => {
    const d = only(chainDoc([input([8, 8, 1]), conv('c', { dilation: 2, strides: 2 })]), 'invalid-param');
    expect(d.message).toBe('c: dilation 2x2 cannot be combined with strides 2x2 (Keras allows only one of them above 1)');
  });

  it('tensor-too-large: more than 2^26 elements per sample', () => {
    const doc = chainDoc([input([4096, 4096, 3]), conv('c', { filters: 8, padding: 'same' })]);
    const d = only(doc, 'tensor-too-large');
    expect(d.message).toBe('c: output [4096, 4096, 8] has 134,217,728 elements per sample, more than the limit of 67,108,864 (2^26)');
    expect(inferShapes(doc).nodes.get('c')!.outputShape).toBeNull();
  });

  it('duplicate-id keeps the first node', () => {
    const doc = chainDoc([input([4]), ['in', 'Dense', { units: 3 }]]);
    const d = only(doc, 'duplicate-id');
    expect(d.message).toBe('in: id "in" is already used by in (Input); this Dense node is ignored until it gets its own id');
  });

  it('dangling-edge offers removing the edge', () => {
    const doc = chainDoc([input([4]), ['a', 'Activation', {}]]);
    doc.edges.push({ id: 'bad', source: 'ghost', target: 'a' });
    const d = only(doc, 'dangling-edge');
    expect(d.message).toBe('a: edge "bad" points to a missing source "ghost"');
    expectEachFixRemoves(doc, d);
  });

  it('no-input-node for an empty graph', () => {
    expect(only(buildDoc([], []), 'no-input-node').message).toBe('The graph has no Input node: add one to give the model its input shape');
  });

  it('unreachable-node: an Input that feeds nothing', () => {
    const doc = buildDoc([input([4]), ['spare', 'Input', { shape: [4] }], ['a', 'Activation', {}]], [['in', 'a']]);
    const d = only(doc, 'unreachable-node');
    expect(d).toMatchObject({ nodeId: 'spare', severity: 'warning' });
  });

  it('softmax-not-last: fix switches to relu', () => {
    const doc = chainDoc([input([4]), ['d1', 'Dense', { units: 8, activation: 'softmax' }], ['d2', 'Dense', { units: 2 }]]);
    const d = only(doc, 'softmax-not-last');
    expect(d.message).toBe('d1: softmax feeds 1 more layer; softmax belongs on the output layer (use relu inside the model)');
    expectEachFixRemoves(doc, d);
  });

  it('Dropout passes its shape through without a diagnostic', () => {
    const inf = inferShapes(chainDoc([input([4]), ['dr', 'Dropout', { rate: 0.25 }]]));
    expect(inf.diagnostics).toEqual([]);
    expect(inf.nodes.get('dr')?.outputShape).toEqual([4]);
  });

  it('hasErrors is false with only warnings', () => {
    const inf = inferShapes(chainDoc([input([4]), ['d1', 'Dense', { units: 8, activation: 'softmax' }], ['d2', 'Dense', { units: 2, activation: 'linear' }]]));
    expect(inf.diagnostics).toHaveLength(1);
    expect(inf.hasErrors).toBe(false);
  });
});
