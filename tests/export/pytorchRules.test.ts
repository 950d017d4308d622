import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encodeFloat32 } from '../../src/core/graph/tensorCodec';
import type { GraphDocument, GraphNode, WeightMap } from '../../src/core/graph/types';
import { runPythonJson } from '../oracles/python';
import { writeBundle } from './pytorchOracle';

/**
 * The rules the PyTorch export must get exactly right, each on a graph where getting it wrong
 * changes the numbers: PyTorch runs the exported bundle (it must agree with our runtime within
 * 1e-4), then the same bundle with the rule broken (a line of model.py or a state-dict tensor
 * changed as a naive exporter would write it), which must not agree.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'export-torch-rules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Mutation = { source: [string, string] } | { regex: [string, string] } | { state: string };
interface Rule { name: string; doc: GraphDocument; wrong: Record<string, Mutation>; probe?: string }

function graph(nodes: [string, string, Record<string, unknown>][], weights: WeightMap = {}): GraphDocument {
  const ns: GraphNode[] = nodes.map(([id, kind, params]) => ({ id, kind, name: id, params, position: { x: 0, y: 0 } }));
  return { format: 'cnn-graph', version: 1, name: 'rule', nodes: ns, edges: ns.slice(1).map((n, i) => ({ id: `e${i}`, source: ns[i].id, target: n.id })), weights };
}
const vec = (values: number[]) => ({ shape: [values.length], data: encodeFloat32(Float32Array.from(values)) });
const fill = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));

const RULES: Rule[] = [
  {
    name: 'Conv2D kernel HWIO -> OIHW',
    doc: graph([['input', 'Input', { shape: [6, 6, 3] }], ['conv', 'Conv2D', { filters: 3, kernelSize: 3, activation: 'linear' }]]),
    wrong: {
      'kernel rows and columns swapped': { state: "sd['conv.weight'] = sd['conv.weight'].transpose(2, 3).contiguous()" },
      'input and output channels swapped': { state: "sd['conv.weight'] = sd['conv.weight'].transpose(0, 1).contiguous()" },
    },
  },
  {
    name: 'Dense kernel [in, out] -> Linear.weight [out, in]',
    doc: graph([['input', 'Input', { shape: [5] }], ['dense', 'Dense', { units: 4, activation: 'linear' }]]),
    wrong: { '[in, out] bytes read as [out, in]': { state: "sd['dense.weight'] = sd['dense.weight'].t().contiguous().view(4, 5)" } },
  },
  {
    name: 'TensorFlow "same" at stride 2 pads the odd pixel bottom/right',
    doc: graph([['input', 'Input', { shape: [8, 8, 1] }], ['conv', 'Conv2D', { filters: 2, kernelSize: 3, strides: 2, padding: 'same', activation: 'linear' }]]),
    wrong: { 'odd pixel top/left': { source: ['F.pad(input, (0, 1, 0, 1))', 'F.pad(input, (1, 0, 1, 0))'] } },
  },
  {
    name: 'MaxPool2D "same" pads with -inf',
    // BatchNorm's beta of -5 makes every value negative, so a zero pad would win the edge windows.
    doc: graph(
      [['input', 'Input', { shape: [5, 5, 2] }], ['bn', 'BatchNorm', { epsilon: 0.001 }], ['pool', 'MaxPool2D', { poolSize: 2, padding: 'same' }]],
      { bn: { gamma: vec([1, 1]), beta: vec([-5, -5]), movingMean: vec([0, 0]), movingVariance: vec([1, 1]) } },
    ),
    wrong: { 'zero padding': { source: ["value=float('-inf')", 'value=0.0'] } },
  },
  {
    name: 'AvgPool2D "same" divides by the real pixels (asymmetric pads)',
    doc: graph([['input', 'Input', { shape: [5, 5, 2] }], ['pool', 'AvgPool2D', { poolSize: 2, padding: 'same' }]]),
    wrong: { 'padded zeros counted (avg_pool2d after F.pad)': { regex: [' / self\\.pool\\(F\\.pad\\(torch\\.ones_like\\(input\\[:, :1\\]\\), \\([0-9, ]+\\)\\)\\)', ''] } },
  },
  {
    name: 'AvgPool2D symmetric padding leaves the pads out of the count',
    doc: graph([['input', 'Input', { shape: [5, 5, 2] }], ['pool', 'AvgPool2D', { poolSize: 3, strides: 1, padding: 1 }]]),
    wrong: { 'count_include_pad left at its default': { source: ['count_include_pad=False', 'count_include_pad=True'] } },
  },
  {
    name: 'Flatten of a 16-channel NHWC map: the Linear weight is reordered, no runtime permute',
    doc: graph([['input', 'Input', { shape: [3, 4, 2] }], ['conv', 'Conv2D', { filters: 16, kernelSize: 1, activation: 'relu' }], ['flat', 'Flatten', {}], ['dense', 'Dense', { units: 5, activation: 'linear' }]]),
    wrong: {
      'weight rows left in NHWC order': { state: "w = sd['dense.weight']\nsd['dense.weight'] = w.reshape(5, 16, 3, 4).permute(2, 3, 1, 0).reshape(3 * 4 * 16, 5).t().contiguous()" },
    },
  },
  {
    name: 'Flatten of a 16-channel map that is an output is permuted to NHWC',
    doc: graph([['input', 'Input', { shape: [3, 4, 2] }], ['conv', 'Conv2D', { filters: 16, kernelSize: 1, activation: 'relu' }], ['flat', 'Flatten', {}]]),
    wrong: { 'channel-major flatten': { source: ['torch.flatten(conv.permute(0, 2, 3, 1), 1)', 'torch.flatten(conv, 1)'] } },
  },
  {
    name: 'BatchNorm epsilon as given',
    doc: graph(
      [['input', 'Input', { shape: [4, 4, 3] }], ['bn', 'BatchNorm', { epsilon: 0.5 }]],
      { bn: { gamma: vec([1.5, 0.5, 1]), beta: vec([0.1, -0.2, 0.3]), movingMean: vec([0.1, 0, -0.1]), movingVariance: vec([0.05, 0.1, 0.2]) } },
    ),
    wrong: { "PyTorch's default eps": { source: ['eps=0.5', 'eps=1e-05'] } },
  },
  {
    name: 'BatchNorm momentum is 1 - Keras momentum (moving = 0.99 moving + 0.01 batch mean)',
    doc: graph([['input', 'Input', { shape: [4, 4, 3] }], ['bn', 'BatchNorm', { epsilon: 0.001 }]], { bn: { gamma: vec([1, 1, 1]), beta: vec([0, 0, 0]), movingMean: vec([1, 2, 3]), movingVariance: vec([1, 1, 1]) } }),
    // Keras: moving_mean = m * moving_mean + (1 - m) * batch_mean with m = 0.99.
    probe: "x = torch.from_numpy(ref['x_input'])\nold = model.bn.running_mean.clone()\nmodel.train()\nmodel(x)\nexpected = 0.99 * old + 0.01 * x.mean(dim=(0, 2, 3))\nresult = float((model.bn.running_mean - expected).abs().max() / expected.abs().max())",
    wrong: { 'Keras momentum copied as is': { source: ['momentum=0.01', 'momentum=0.99'] } },
  },
  {
    name: 'softmax over the class (channel) dimension',
    doc: graph([['input', 'Input', { shape: [3, 3, 4] }], ['soft', 'Activation', { fn: 'softmax' }]]),
    wrong: { 'softmax over the last NCHW axis': { source: ['nn.Softmax(dim=1)', 'nn.Softmax(dim=-1)'] } },
  },
  {
    name: 'Conv2DTranspose "same" at stride 2 crops as TensorFlow',
    doc: graph([['input', 'Input', { shape: [4, 4, 2] }], ['up', 'Conv2DTranspose', { filters: 2, kernelSize: 3, strides: 2, padding: 'same', activation: 'linear' }]]),
    wrong: { 'cropped at the other side': { source: ['[:, :, 0:8, 0:8]', '[:, :, 1:9, 1:9]'] } },
  },
  {
    name: 'DepthwiseConv2D output channel ci*m + j',
    doc: graph([['input', 'Input', { shape: [5, 5, 3] }], ['dw', 'DepthwiseConv2D', { kernelSize: 3, depthMultiplier: 2, activation: 'linear' }]]),
    wrong: { 'channels ordered j*cin + ci': { state: "sd['dw.weight'] = sd['dw.weight'].view(3, 2, 1, 3, 3).transpose(0, 1).reshape(6, 1, 3, 3).contiguous()" } },
  },
  {
    name: 'names that are keywords, nn.Module attributes, dunders, unicode or collide after sanitising',
    doc: (() => {
      const names = ['class', 'lambda', '__init__', 'forward', 'a b', 'a_b', '卷积', '卷积', 'Schicht ü', 'line\nbreak', 'F', 'self'];
      const kinds: [string, Record<string, unknown>][] = [['Conv2D', { filters: 2, kernelSize: 3, padding: 'same', activation: 'tanh' }], ['Activation', { fn: 'elu', alpha: 0.5 }]];
      const nodes: [string, string, Record<string, unknown>][] = [['in', 'Input', { shape: [5, 5, 2] }], ...names.map((_, i) => [`n${i}`, ...kinds[i % 2]] as [string, string, Record<string, unknown>])];
      const doc = graph(nodes);
      doc.nodes.forEach((n, i) => (n.name = i === 0 ? 'lambda' : names[i - 1]));
      return doc;
    })(),
    wrong: {},
  },
];

const SCRIPT = String.raw`
import json, re, sys
import numpy as np, torch
def run(d, mutation, probe):
    src = open(d + '/model.py').read()
    changed = 1
    if 'source' in mutation:
        changed = src.count(mutation['source'][0])
        src = src.replace(*mutation['source'])
    if 'regex' in mutation:
        src, changed = re.subn(mutation['regex'][0], mutation['regex'][1], src)
    ns = {'__name__': 'exported', '__file__': d + '/model.py'}
    exec(compile(src, d + '/model.py', 'exec'), ns)
    model = ns['load_model'](d)
    if 'state' in mutation:
        sd = model.state_dict()
        exec(mutation['state'], {'sd': sd, 'torch': torch})
        model.load_state_dict(sd)
    ref = np.load(d + '/reference.npz')
    if probe:
        scope = {'model': model, 'ref': ref, 'torch': torch}
        with torch.no_grad():
            exec(probe, scope)
        return changed, scope['result']
    with torch.no_grad():
        out = model(torch.from_numpy(ref[[k for k in ref.files if k.startswith('x_')][0]])).numpy()
    expected = ref[[k for k in ref.files if k.startswith('y_')][0]]
    if out.shape != expected.shape:
        return changed, 1e9
    return changed, float(np.abs(out - expected).max() / max(np.abs(expected).max(), 1e-12))
results = []
for case in json.load(sys.stdin):
    results.append([run(case['dir'], m, case.get('probe')) for m in [{}] + case['wrong']])
print(json.dumps(results))
`;

describe('PyTorch export rules, each checked where getting it wrong changes the numbers', () => {
  const cases = RULES.map((rule, i) => {
    const d = path.join(dir, String(i));
    writeBundle(rule.doc, d);
    return { dir: d, wrong: Object.values(rule.wrong), probe: rule.probe };
  });
  const results = runPythonJson<[number, number][][]>(SCRIPT, cases);

  it.each(RULES.map((rule, i) => [rule.name, i] as const))('%s', (_name, i) => {
    const [exported, ...broken] = results[i];
    expect(exported[1], 'the export agrees with our runtime').toBeLessThanOrEqual(1e-4);
    Object.keys(RULES[i].wrong).forEach((what, k) => {
      expect(broken[k][0], `${what}: the mutation applies to model.py`).toBeGreaterThan(0);
      expect(broken[k][1], `${what} must change the numbers`).toBeGreaterThan(1e-2);
    });
  });

  it('hostile names become distinct identifiers, the originals kept in comments', () => {
    const source = readFileSync(path.join(dir, String(RULES.length - 1), 'model.py'), 'utf8');
    for (const attr of ['class_', 'lambda__2', 'init', 'forward_', 'a_b', 'a_b_2', 'conv2d', 'activation', 'schicht_u', 'line_break', 'f_', 'self_']) expect(source).toContain(`self.${attr} = `);
    expect(source).toContain('def forward(self, lambda_):');
    expect(source).toContain('(node "line\\nbreak")');
    expect(source).toContain('(node "卷积")');
  });

  it('the 16-channel Flatten before a Linear has no permute in forward', () => {
    const source = readFileSync(path.join(dir, String(RULES.findIndex((r) => r.name.startsWith('Flatten of a 16-channel NHWC'))), 'model.py'), 'utf8');
    expect(source).toContain('flat = torch.flatten(conv, 1)');
    expect(source).not.toContain('permute');
  });
});
