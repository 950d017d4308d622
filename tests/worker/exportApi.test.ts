import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { exportCommand } from '../../src/cli/commands/export';
import { loadGraphArg } from '../../src/cli/commands/readGraphFile';
import type { GraphDocument } from '../../src/core/graph/types';
import { serializeGraphDocument } from '../../src/core/graph/serializeGraph';
import { findPreset } from '../../src/core/presets';
import { exportPytorch } from '../../src/core/export/pytorch';
import { isRelaxedSimdEnabled, setRelaxedSimdEnabled } from '../../src/core/runtime/kernels/simdGemm';
import { exportForDownload } from '../../src/worker/exportApi';

const dir = mkdtempSync(path.join(tmpdir(), 'export-download-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What the command line writes for `doc`: every file of the directory (or the one file), by relative path. */
function cliExport(docFile: string, to: string, seed: number, extra: string[] = []): Map<string, Buffer> {
  const out = path.join(dir, `${to}-${Math.random().toString(36).slice(2)}${to === 'onnx' ? '.onnx' : ''}`);
  const err: string[] = [];
  const code = exportCommand([docFile, '--to', to, '--out', out, '--seed', String(seed), ...extra], { out: () => {}, err: (l) => err.push(l) });
  // The import gate's notes on defaults it filled in are not errors.
  expect(err.filter((l) => !l.startsWith('note: '))).toEqual([]);
  expect(code).toBe(0);
  if (to === 'onnx') return new Map([['', readFileSync(out)]]);
  return new Map(readdirSync(out).map((f) => [f, readFileSync(path.join(out, f))]));
}

/** A preset written as a file, and the document the command line reads from it (the app's, after the same gate). */
function writeDoc(id: string): { docFile: string; doc: GraphDocument } {
  const docFile = path.join(dir, `${id}.cnn.json`);
  writeFileSync(docFile, serializeGraphDocument(findPreset(id)!.doc));
  const loaded = loadGraphArg(docFile);
  if (!loaded.ok) throw new Error(loaded.message);
  return { docFile, doc: loaded.doc };
}

describe('exportForDownload', () => {
  it('PyTorch: a zip of one folder holding exactly the files the command line writes', () => {
    const { docFile, doc } = writeDoc('lenet5-mnist-trained');
    const r = exportForDownload(doc, 'pytorch', { weights: 'document', seed: 4 });
    if (!r.ok) throw new Error(r.message);
    expect(r.fileName).toBe(`${doc.name}-pytorch.zip`);
    const zipped = unzipSync(r.bytes);
    const folder = `${doc.name}-pytorch/`;
    expect(Object.keys(zipped).every((k) => k.startsWith(folder))).toBe(true);
    const cli = cliExport(docFile, 'pytorch', 4);
    expect(Object.keys(zipped).map((k) => k.slice(folder.length)).sort()).toEqual([...cli.keys()].sort());
    for (const [name, bytes] of cli) expect(Buffer.from(zipped[folder + name]).equals(bytes), name).toBe(true);
  });

  it('the same graph zips to the same bytes twice (fixed dates), a different seed does not', () => {
    const doc = findPreset('lenet5')!.doc;
    const a = exportForDownload(doc, 'pytorch', { weights: 'document', seed: 1 });
    const b = exportForDownload(doc, 'pytorch', { weights: 'document', seed: 1 });
    const c = exportForDownload(doc, 'pytorch', { weights: 'document', seed: 2 });
    if (!a.ok || !b.ok || !c.ok) throw new Error('export failed');
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    expect(Buffer.from(a.bytes).equals(Buffer.from(c.bytes))).toBe(false);
  });

  it.each(['nchw', 'nhwc'] as const)('ONNX %s: the command line\'s file, named for its layout', (layout) => {
    const { docFile, doc } = writeDoc('resnet-block');
    const r = exportForDownload(doc, 'onnx', { weights: 'document', seed: 1, layout });
    if (!r.ok) throw new Error(r.message);
    expect(r.fileName).toMatch(layout === 'nhwc' ? /-nhwc\.onnx$/ : /[^c]\.onnx$/);
    expect(Buffer.from(r.bytes).equals(cliExport(docFile, 'onnx', 1, ['--layout', layout]).get('')!)).toBe(true);
  });

  it('reference.npz is the same whether the engine may use relaxed SIMD or not (browser and command line agree)', () => {
    const doc = findPreset('resnet-block')!.doc;
    const reference = () => {
      const r = exportPytorch(doc, { weights: 'document', seed: 1 });
      if (!r.ok || r.output.kind !== 'directory') throw new Error('export failed');
      return Buffer.from(r.output.files.find((f) => f.path === 'reference.npz')!.bytes);
    };
    const before = isRelaxedSimdEnabled();
    try {
      setRelaxedSimdEnabled(true);
      const allowed = reference();
      expect(isRelaxedSimdEnabled()).toBe(true);
      setRelaxedSimdEnabled(false);
      expect(allowed.equals(reference())).toBe(true);
    } finally {
      setRelaxedSimdEnabled(before);
    }
  });

  it('a graph with an error: no file, the node and its message', () => {
    const doc = structuredClone(findPreset('lenet5')!.doc);
    const c3 = doc.nodes.find((n) => n.name === 'C3')!;
    c3.params.kernelSize = 20;
    const r = exportForDownload(doc, 'onnx', { weights: 'document', seed: 1 });
    expect(r.ok).toBe(false);
    if (r.ok || r.code !== 'graph-errors') throw new Error('expected graph-errors');
    expect(r.target).toBe('ONNX');
    expect(r.diagnostics.map((d) => d.nodeId)).toContain(c3.id);
  });
});
