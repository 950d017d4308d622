import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportCommand } from '../../../src/cli/commands/export';
import type { ExportTarget } from '../../../src/core/export/targets';
import { encodeFloat32 } from '../../../src/core/graph/tensorCodec';
import { SYSTEM_PYTHON } from '../../oracles/python';
import { PRESETS } from '../../../src/core/presets';

const dir = mkdtempSync(path.join(tmpdir(), 'cli-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = exportCommand(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}
const at = (name: string) => path.join(dir, name);
const lenet = () => structuredClone(PRESETS.find((p) => p.id === 'lenet5')!.doc);
/** Nothing but `expected` in the folder: no temporary sibling left behind. */
const entries = (folder: string) => readdirSync(folder).sort();

describe('cli export', () => {
  it('writes the PyTorch bundle of a preset id and lists its files', () => {
    const r = run('lenet5', '--to', 'pytorch', '--out', at('lenet'));
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(entries(at('lenet'))).toEqual(['README.md', 'graph.cnn.json', 'model.py', 'reference.npz', 'train.py', 'verify.py', 'weights.safetensors']);
    expect(r.out[0]).toMatch(/^exported "LeNet-5" to PyTorch: .*lenet \(7 file\(s\), \d+ bytes, \d+ ms\)$/);
    expect(r.out.at(-1)).toContain('seeded initial weights (seed 0)');
    expect(readFileSync(at('lenet/model.py'), 'utf8')).toContain('class Model(nn.Module):');
  });

  it('refuses an output that exists unless --force, and --force replaces it whole', () => {
    mkdirSync(at('taken'));
    writeFileSync(at('taken/mine.txt'), 'keep');
    const refused = run('lenet5', '--to', 'pytorch', '--out', at('taken'));
    expect(refused.code).toBe(2);
    expect(refused.err.join('\n')).toMatch(/taken already exists \(--force replaces it\)/);
    expect(entries(at('taken'))).toEqual(['mine.txt']);
    const forced = run('lenet5', '--to', 'pytorch', '--out', at('taken'), '--force');
    expect(forced.code).toBe(0);
    expect(entries(at('taken'))).not.toContain('mine.txt');
    expect(entries(at('taken'))).toContain('model.py');
    expect(entries(dir).filter((n) => n.includes('partial'))).toEqual([]);
  });

  it('--no-weights writes no weights, no reference and says so in the README', () => {
    const r = run('lenet5', '--to', 'pytorch', '--out', at('bare'), '--no-weights');
    expect(r.code).toBe(0);
    expect(entries(at('bare'))).toEqual(['README.md', 'graph.cnn.json', 'model.py', 'train.py']);
    expect(readFileSync(at('bare/README.md'), 'utf8')).toContain('Exported with --no-weights');
    expect(readFileSync(at('bare/model.py'), 'utf8')).toContain('WEIGHTS_FILE = None');
    // PyTorch loads it with its own initial weights and says so.
    const script = "import warnings, torch\nwith warnings.catch_warnings(record=True) as w:\n    warnings.simplefilter('always')\n    import model\n    m = model.load_model()\nprint(m.training, len(list(m.parameters())), str(w[0].message))";
    const py = spawnSync(SYSTEM_PYTHON, ['-c', script], { cwd: at('bare'), encoding: 'utf8', timeout: 120_000 });
    expect(py.stderr).toBe('');
    expect(py.stdout.trim()).toBe("False 10 exported with --no-weights: the model has PyTorch's default initial weights");
  });

  it('a graph with shape errors exits 1, names the node and writes nothing', () => {
    const doc = lenet();
    doc.nodes.find((n) => n.id === 'c5')!.params.kernelSize = 9;
    writeFileSync(at('broken.json'), JSON.stringify(doc));
    const r = run(at('broken.json'), '--to', 'pytorch', '--out', at('broken-out'));
    expect(r.code).toBe(1);
    expect(r.err.join('\n')).toMatch(/C5/);
    expect(existsSync(at('broken-out'))).toBe(false);
  });

  it('an output that cannot be written exits 2 with the reason and leaves nothing', () => {
    writeFileSync(at('plain-file'), 'x');
    const r = run('lenet5', '--to', 'pytorch', '--out', at('plain-file/sub'));
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/cannot write in .*plain-file: a part of the path is not a directory/);
    const missing = run('lenet5', '--to', 'pytorch', '--out', at('no/such/dir/out'));
    expect(missing.code).toBe(2);
    expect(missing.err.join('\n')).toMatch(/no such directory/);
    expect(existsSync(at('no'))).toBe(false);
  });

  it('a node the target cannot express exits 1 naming the node, its kind and what to use instead', () => {
    const target: ExportTarget = {
      id: 'strict', label: 'Strict', writes: 'file', options: [],
      exportGraph: (doc) => {
        const s2 = doc.nodes.find((n) => n.id === 's2')!;
        return { ok: false, code: 'unsupported', message: 'Strict cannot express 1 node(s)', nodes: [{ nodeId: s2.id, name: s2.name, kind: s2.kind, instead: 'use MaxPool2D' }] };
      },
    };
    const out: string[] = [];
    const err: string[] = [];
    const code = exportCommand(['lenet5', '--to', 'strict', '--out', at('strict.bin')], { out: (l) => out.push(l), err: (l) => err.push(l) }, [target]);
    expect(code).toBe(1);
    expect(err).toEqual(['error: cannot export "LeNet-5" to Strict: Strict cannot express 1 node(s)', '  S2 (AvgPool2D, node s2): use MaxPool2D']);
    expect(existsSync(at('strict.bin'))).toBe(false);
  });

  it('weights that do not fit their layer exit 1 with the layer and the shapes', () => {
    const doc = lenet();
    doc.weights = { c1: { bias: { shape: [5], data: encodeFloat32(new Float32Array(5)) } } };
    writeFileSync(at('badweights.json'), JSON.stringify(doc));
    const r = run(at('badweights.json'), '--to', 'pytorch', '--out', at('badweights-out'));
    expect(r.code).toBe(1);
    expect(r.err.join('\n')).toContain('C1.bias: shape [6] expected, got [5]');
    expect(existsSync(at('badweights-out'))).toBe(false);
  });

  it('weights on some layers only: the README names the seeded ones', () => {
    const doc = lenet();
    doc.weights = { c1: { bias: { shape: [6], data: encodeFloat32(new Float32Array(6)) }, kernel: { shape: [5, 5, 1, 6], data: encodeFloat32(new Float32Array(150)) } } };
    writeFileSync(at('partial.json'), JSON.stringify(doc));
    const r = run(at('partial.json'), '--to', 'pytorch', '--out', at('partial'));
    expect(r.code).toBe(0);
    expect(readFileSync(at('partial/README.md'), 'utf8')).toContain("Layers without weights in the graph (C3, C5, F6, Output) have the app's seeded initial weights (seed 0), untrained.");
  });

  it.each([
    [['lenet5', '--to', 'pytorch'], /^usage: export FILE --to pytorch/],
    [['lenet5', '--to', 'caffe', '--out', 'x'], /--to caffe: no such export target \(pytorch/],
    [['lenet5', '--to', 'pytorch', '--out', 'x', '--layout', 'nhwc'], /--layout is not an option of --to pytorch/],
    [['lenet5', '--to', 'pytorch', '--out', 'x', '--frobnicate'], /unknown option --frobnicate/],
    [['no-such-file.json', '--to', 'pytorch', '--out', 'x'], /no-such-file.json: .*no such file \(or a preset: lenet5/],
  ])('usage and file errors exit 2: %j', (args, message) => {
    const r = run(...args);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(message);
  });

  it('is registered in the CLI entry', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'export', 'tinyvgg', '--to', 'pytorch', '--out', at('tiny')], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(existsSync(at('tiny/weights.safetensors'))).toBe(true);
  });
});
