import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PRESETS } from '../../../src/core/presets';
import { runPythonJson, SYSTEM_PYTHON } from '../../oracles/python';
import { kerasBundle, loadBundle, textOf, useTfjsCpu } from './kerasOracle';
import { acceptedRandomGraphs } from './kerasRandomGraphs';

const dir = mkdtempSync(path.join(tmpdir(), 'export-keras-py-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Runs each model.py in Python (TensorFlow is not installable here) against a stand-in `keras`
 * module that records every layer call, then load_model() sets weights on the recorded layers:
 * Python's own parser reads the calls, and the loader reads weights.npz as it would in Keras.
 */
const SCRIPT = String.raw`
import hashlib, importlib.util, json, sys, types
import numpy as np
calls, registry = [], {}
class T:
    def __init__(self, name): self.name = name
class Layer:
    def __init__(self, cls, kwargs): self.cls, self.kwargs, self.weights = cls, kwargs, None
    def __call__(self, x):
        ins = [t.name for t in x] if isinstance(x, list) else [x.name]
        calls.append({'class_name': self.cls, 'args': self.kwargs, 'inputs': ins})
        registry[self.kwargs['name']] = self
        return T(self.kwargs['name'])
    def set_weights(self, ws): self.weights = ws
class LayersModule(types.ModuleType):
    def __getattr__(self, cls): return lambda **kw: Layer(cls, kw)
keras = types.ModuleType('keras'); keras.layers = LayersModule('keras.layers')
def Input(shape, name):
    calls.append({'class_name': 'InputLayer', 'args': {'shape': shape, 'name': name}, 'inputs': []}); return T(name)
class Model:
    def __init__(self, inputs, outputs, name): self.inputs, self.outputs, self.name = [t.name for t in inputs], [t.name for t in outputs], name
    def get_layer(self, name): return registry[name]
keras.Input, keras.Model = Input, Model
sys.modules['keras'], sys.modules['keras.layers'] = keras, keras.layers
out = []
for i, d in enumerate(json.load(sys.stdin)):
    calls.clear(); registry.clear()
    spec = importlib.util.spec_from_file_location('keras_model_%d' % i, d + '/model.py')
    module = importlib.util.module_from_spec(spec); spec.loader.exec_module(module)
    m = module.load_model(d)
    weights = {n: [[list(a.shape), hashlib.sha256(np.ascontiguousarray(a, dtype='<f4').tobytes()).hexdigest()] for a in l.weights] for n, l in registry.items() if l.weights is not None}
    out.append({'calls': list(calls), 'inputs': m.inputs, 'outputs': m.outputs, 'name': m.name, 'order': {k: v for k, v in module.LAYER_WEIGHTS.items()}, 'weights': weights})
print(json.dumps(out))
`;

interface PyModel { calls: { class_name: string; args: Record<string, unknown>; inputs: string[] }[]; inputs: string[]; outputs: string[]; name: string; order: Record<string, string[]>; weights: Record<string, [number[], string][]> }
interface JsonLayer { class_name: string; name: string; config: Record<string, unknown>; inbound_nodes: [string, number, number, object][][] }
interface ModelJson { modelTopology: { config: { name: string; layers: JsonLayer[]; input_layers: [string, number, number][]; output_layers: [string, number, number][] } }; weightsManifest: { weights: { name: string; shape: number[] }[] }[] }

function write(id: string, files: Record<string, Uint8Array>): string {
  const d = path.join(dir, id);
  mkdirSync(d, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(d, name), bytes);
  return d;
}

/** model.py's recorded calls against model.json: same layers, order, arguments, inputs; the npz weights are weights.bin's bytes. */
function compare(json: ModelJson, bin: Uint8Array, py: PyModel): void {
  const layers = json.modelTopology.config.layers;
  expect(py.calls.map((c) => c.class_name)).toEqual(layers.map((l) => l.class_name));
  for (const [i, l] of layers.entries()) {
    const call = py.calls[i];
    const { trainable: _t, dtype: _d, ...config } = l.config;
    const expected = l.class_name === 'InputLayer' ? { shape: (l.config.batch_input_shape as number[]).slice(1), name: l.name } : config;
    expect(call.args, l.name).toEqual(expected);
    expect(call.inputs, l.name).toEqual(l.inbound_nodes.flatMap((n) => n.map((x) => x[0])));
  }
  expect(py.inputs).toEqual(json.modelTopology.config.input_layers.map((x) => x[0]));
  expect(py.outputs).toEqual(json.modelTopology.config.output_layers.map((x) => x[0]));
  expect(py.name).toBe(json.modelTopology.config.name);
  // Every manifest weight, in weights.bin order, is what set_weights got for its layer.
  let offset = 0;
  const got: string[] = [];
  const want: string[] = [];
  for (const w of json.weightsManifest.flatMap((g) => g.weights)) {
    const bytes = w.shape.reduce((a, b) => a * b, 1) * 4;
    want.push(`${w.name} ${w.shape} ${createHash('sha256').update(bin.subarray(offset, offset + bytes)).digest('hex')}`);
    offset += bytes;
  }
  for (const [layer, ws] of Object.entries(py.weights)) for (const [k, [shape, hash]] of ws.entries()) got.push(`${layer}/${py.order[layer][k]} ${shape} ${hash}`);
  expect(got.sort()).toEqual(want.sort());
}

describe('model.py declares the layers of model.json and loads weights.npz', () => {
  const small = PRESETS.filter((p) => !['vgg16', 'resnet50', 'resnet18', 'unet'].includes(p.id));
  const { graphs } = acceptedRandomGraphs(200, 1000);
  const cases = [...small.map((p) => ({ id: p.id, doc: p.doc })), ...graphs.map((g) => ({ id: `random-${g.seed}`, doc: g.doc }))];
  const bundles = cases.map((c) => ({ ...c, files: kerasBundle(c.doc) }));

  it('compiles with python3 -m py_compile', () => {
    const dirs = bundles.map((b) => write(b.id, b.files));
    const r = spawnSync(SYSTEM_PYTHON, ['-m', 'py_compile', ...dirs.map((d) => path.join(d, 'model.py'))], { encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it(`same layers, order, arguments and weights as model.json, for ${small.length} presets and 200 random graphs`, { timeout: 600_000 }, () => {
    const dirs = bundles.map((b) => write(b.id, b.files));
    const results = runPythonJson<PyModel[]>(SCRIPT, dirs, 600_000);
    expect(results).toHaveLength(bundles.length);
    for (const [i, b] of bundles.entries()) compare(JSON.parse(textOf(b.files['model.json'])) as ModelJson, b.files['weights.bin'] ?? new Uint8Array(), results[i]);
  });

  it("each layer's weights in model.py are in the order tfjs-layers (Keras' port) creates them", async () => {
    await useTfjsCpu();
    for (const b of bundles.slice(0, 40)) {
      const model = await loadBundle(b.files);
      const py = textOf(b.files['model.py']);
      for (const l of model.layers.filter((x) => x.weights.length > 0)) {
        expect(py, b.id).toContain(`"${l.name}": [${l.weights.map((w) => `"${w.originalName.split('/').at(-1)}"`).join(', ')}],`);
      }
      model.dispose();
    }
  });
});
