import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffCommand } from '../../../src/cli/commands/diff';
import { exportCommand } from '../../../src/cli/commands/export';
import { PRESETS } from '../../../src/core/presets';

const TSX = path.resolve('node_modules/.bin/tsx');
const dir = mkdtempSync(path.join(tmpdir(), 'cli-diff-'));

function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = diffCommand(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

function lenetWith(edit: (doc: (typeof PRESETS)[number]['doc']) => void, name: string): string {
  const doc = structuredClone(PRESETS[0].doc);
  edit(doc);
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

const c3Wider = lenetWith((doc) => { doc.nodes.find((n) => n.id === 'c3')!.params.filters = 32; }, 'c3-32.json');

describe('cli diff', () => {
  it('the same model twice (preset and its file) exits 0 and says so', () => {
    const r = run('lenet5', 'src/core/presets/lenet5.json');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No changes (9 nodes the same).');
    expect(r.stdout).toContain('Params:  61,706 -> 61,706 (±0)');
  });

  it('a changed param exits 1 and is named as C3.filters 16 -> 32, with the totals delta', () => {
    const r = run('lenet5', c3Wider);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('~ C3 (Conv2D) changed\n    C3.filters 16 -> 32');
    // By hand: C3 gains 5*5*6*16 + 16 = 2,416 params, C5 gains 5*5*16*120 = 48,000.
    expect(r.stdout).toContain('Params:  61,706 -> 112,122 (+50,416)');
  });

  it('--json is the documented object', () => {
    const r = run(c3Wider, 'lenet5', '--json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['format', 'version', 'before', 'after', 'identical', 'counts', 'nodes', 'edges', 'totals']);
    expect(out.edges).toEqual({ added: [], removed: [] });
    expect(out).toMatchObject({ format: 'cnn-graph-diff', version: 1, identical: false, counts: { added: 0, removed: 0, changed: 1, unchanged: 8 } });
    expect(out.nodes).toEqual([{
      status: 'changed', match: 'id', before: { id: 'c3', name: 'C3', kind: 'Conv2D' }, after: { id: 'c3', name: 'C3', kind: 'Conv2D' },
      kind: null, name: null, params: [{ field: 'filters', before: 32, after: 16 }], inputs: null, weights: [],
    }]);
    expect(out.totals.params).toEqual({ before: 112_122, after: 61_706, delta: -50_416 });
    expect(out.totals.outputs).toEqual({ before: [{ name: 'Output', shape: [10] }], after: [{ name: 'Output', shape: [10] }], changed: false });
  });

  it('an ONNX export read back pairs every layer: the trained weights come back bit for bit', () => {
    const onnx = path.join(dir, 'trained.onnx');
    const quiet = { out: () => {}, err: () => {} };
    expect(exportCommand(['lenet5-mnist-trained', '--to', 'onnx', '--out', onnx], quiet)).toBe(0);
    const out = JSON.parse(run('lenet5-mnist-trained', onnx, '--json').stdout);
    expect(out.counts).toMatchObject({ added: 0, removed: 0 });
    // ONNX has no "same": the exporter writes the explicit pads, which this 28x28 input makes 2.
    const changes = out.nodes.map((n: { after: { name: string }; name: unknown; params: unknown; weights: unknown[] }) => [n.after.name, n.name, n.params, n.weights]);
    expect(changes).toEqual([
      ['input', { before: 'Input', after: 'input' }, [], []],
      ['C1', null, [{ field: 'padding', before: 'same', after: 2 }], []],
    ]);
    expect(out.totals.params.delta).toBe(0);
  });

  it.each([
    [['lenet5'], /takes two graphs, got 1/],
    [['lenet5', 'lenet5', 'tinyvgg'], /takes two graphs, got 3/],
    [['lenet5', 'lenet5', '--color'], /unknown option --color/],
    [['lenet5', path.join(dir, 'missing.json')], /missing\.json: cannot read: no such file/],
  ])('%j exits 2 with a message', (args, message) => {
    const r = run(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('a file that is not a graph document exits 2 naming it', () => {
    const file = path.join(dir, 'notes.json');
    writeFileSync(file, '{"hello": 1}');
    const r = run(file, 'lenet5');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('notes.json');
  });

  it('through the CLI entry the exit code is the process status', () => {
    const r = spawnSync(TSX, ['src/cli/main.ts', 'diff', 'lenet5', c3Wider], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('C3.filters 16 -> 32');
  });
});
