import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportCommand } from '../../../src/cli/commands/export';
import { PRESETS } from '../../../src/core/presets';

const dir = mkdtempSync(path.join(tmpdir(), 'cli-export-keras-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = exportCommand(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}
const at = (name: string) => path.join(dir, name);
const entries = (folder: string) => readdirSync(folder).sort();

describe('cli export --to keras', () => {
  it('writes model.json, weights.bin, model.py, weights.npz and README.md', () => {
    const r = run('lenet5', '--to', 'keras', '--out', at('lenet'));
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(entries(at('lenet'))).toEqual(['README.md', 'model.json', 'model.py', 'weights.bin', 'weights.npz']);
    expect(r.out[0]).toMatch(/^exported "LeNet-5" to Keras: .*lenet \(5 file\(s\), \d+ bytes, \d+ ms\)$/);
  });

  it('refuses an existing directory without --force and replaces it with', () => {
    mkdirSync(at('taken'));
    writeFileSync(at('taken/mine.txt'), 'keep');
    const refused = run('lenet5', '--to', 'keras', '--out', at('taken'));
    expect(refused.code).toBe(2);
    expect(refused.err.join('\n')).toMatch(/taken already exists \(--force replaces it\)/);
    expect(entries(at('taken'))).toEqual(['mine.txt']);
    expect(run('lenet5', '--to', 'keras', '--out', at('taken'), '--force').code).toBe(0);
    expect(entries(at('taken'))).toContain('model.json');
  });

  it('--no-weights writes no weight files, an empty manifest, and says so', () => {
    const r = run('lenet5', '--to', 'keras', '--out', at('bare'), '--no-weights');
    expect(r.code).toBe(0);
    expect(entries(at('bare'))).toEqual(['README.md', 'model.json', 'model.py']);
    expect(JSON.parse(readFileSync(at('bare/model.json'), 'utf8')).weightsManifest).toEqual([]);
    expect(readFileSync(at('bare/model.py'), 'utf8')).toContain('WEIGHTS_FILE = None');
    expect(readFileSync(at('bare/README.md'), 'utf8')).toContain('Exported with --no-weights');
  });

  it('names that are Python keywords, collide or are not ASCII become distinct identifiers', () => {
    const doc = structuredClone(PRESETS.find((p) => p.id === 'lenet5')!.doc);
    const names = ['class', 'lambda', '__init__', 'a b', 'a_b', 'layers'];
    doc.nodes.forEach((n, i) => { n.name = names[i % names.length] ?? n.name; });
    doc.nodes[doc.nodes.length - 1].name = '卷积';
    writeFileSync(at('names.json'), JSON.stringify(doc));
    const r = run(at('names.json'), '--to', 'keras', '--out', at('names'));
    expect(r.code).toBe(0);
    const layers = JSON.parse(readFileSync(at('names/model.json'), 'utf8')).modelTopology.config.layers.map((l: { name: string }) => l.name);
    expect(new Set(layers).size).toBe(layers.length);
    for (const n of layers) expect(n).toMatch(/^[a-z_][a-z0-9_]*$/);
    expect(layers).toEqual(expect.arrayContaining(['class_', 'lambda_', 'init', 'a_b', 'a_b_2', 'layers_']));
  });

  it('a node Keras cannot express exits 1 naming it, its kind and what to use instead, and writes nothing', () => {
    const doc = structuredClone(PRESETS.find((p) => p.id === 'lenet5-mnist')!.doc);
    const conv = doc.nodes.find((n) => n.kind === 'Conv2D')!;
    conv.params.activation = 'hardSwish';
    writeFileSync(at('hs.json'), JSON.stringify(doc));
    const r = run(at('hs.json'), '--to', 'keras', '--out', at('hs'));
    expect(r.code).toBe(1);
    expect(r.err.join('\n')).toContain(`${conv.name} (Conv2D, node ${conv.id}): activation hardSwish: tfjs-layers has no hard_swish`);
    expect(r.err.join('\n')).toMatch(/use silu/);
    expect(existsSync(at('hs'))).toBe(false);
  });

  it('a graph with shape errors exits 1 and writes nothing', () => {
    const doc = structuredClone(PRESETS.find((p) => p.id === 'lenet5')!.doc);
    doc.nodes.find((n) => n.id === 'c5')!.params.kernelSize = 9;
    writeFileSync(at('broken.json'), JSON.stringify(doc));
    const r = run(at('broken.json'), '--to', 'keras', '--out', at('broken'));
    expect(r.code).toBe(1);
    expect(r.err.join('\n')).toMatch(/C5/);
    expect(existsSync(at('broken'))).toBe(false);
  });
});
