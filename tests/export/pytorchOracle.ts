import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportPytorch } from '../../src/core/export/pytorch';
import type { GraphDocument } from '../../src/core/graph/types';
import { runPythonJson } from '../oracles/python';

/** PyTorch's verdict on one bundle: per output, max |PyTorch - ours| over max |ours|. */
export interface TorchCheck { dir: string; relative: number[]; absolute: number[]; shapes: number[][]; error?: string }

/** Writes the PyTorch bundle of `doc` under `dir` (the same files the CLI writes). */
export function writeBundle(doc: GraphDocument, dir: string, seed = 0): void {
  const result = exportPytorch(doc, { weights: 'document', seed });
  if (!result.ok) throw new Error(result.message);
  if (result.output.kind !== 'directory') throw new Error('the PyTorch export is a directory');
  for (const f of result.output.files) {
    const file = path.join(dir, f.path);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, f.bytes);
  }
}

/**
 * Loads every bundle with its own `load_model` in ONE Python process (torch takes seconds to
 * import), runs it on the bundle's reference input and compares with our runtime's output stored
 * beside it. The state dict must also have exactly the keys of the weights file (strict load).
 */
const SCRIPT = String.raw`
import importlib.util, json, sys
import numpy as np, torch
torch.set_num_threads(1)
results = []
def check(i, d):
    spec = importlib.util.spec_from_file_location('exported_model_%d' % i, d + '/model.py')
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    model = module.load_model(d)
    assert not model.training
    ref = np.load(d + '/reference.npz')
    # The archive keeps the plan's order: inputs, then outputs.
    with torch.no_grad():
        out = model(*[torch.from_numpy(ref[k]) for k in ref.files if k.startswith('x_')])
    outs = out if isinstance(out, tuple) else (out,)
    rel, ab, shapes = [], [], []
    for key, o in zip([k for k in ref.files if k.startswith('y_')], outs):
        e = ref[key]
        got = o.numpy()
        shapes.append(list(got.shape))
        if got.shape != e.shape:
            rel.append(float('inf')); ab.append(float('inf')); continue
        a = float(np.abs(got - e).max()) if e.size else 0.0
        ab.append(a)
        rel.append(a / max(float(np.abs(e).max()), 1e-12))
    return {'dir': d, 'relative': rel, 'absolute': ab, 'shapes': shapes}
for i, d in enumerate(json.load(sys.stdin)):
    try:
        results.append(check(i, d))
    except Exception as e:
        # One broken bundle must not hide the others: report its error and go on.
        results.append({'dir': d, 'relative': [float('inf')], 'absolute': [float('inf')], 'shapes': [], 'error': '%s: %s' % (type(e).__name__, e)})
print(json.dumps(results).replace('Infinity', '1e999'))
`;

export function checkBundlesWithTorch(dirs: readonly string[]): TorchCheck[] {
  return runPythonJson<TorchCheck[]>(SCRIPT, dirs, 1_200_000);
}
