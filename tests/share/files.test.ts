import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { PRESETS } from '../../src/core/presets';
import { graphFileName, readGraphFile, sanitizeFileStem, serializeGraphFile } from '../../src/share/files';
import { embedGraphInPng } from '../../src/share/pngGraph';

describe('file names', () => {
  it.each([
    ['LeNet-5', 'LeNet-5'],
    ['a/b\\c:d*e?f"g<h>i|j', 'a b c d e f g h i j'],
    ['../../etc/passwd', 'etc passwd'],
    ['  spaced   out  ', 'spaced out'],
    ['...hidden', 'hidden'],
    ['trailing dots...', 'trailing dots'],
    ['tab\tand\nnewline', 'tab and newline'],
    ['', 'graph'],
    ['///', 'graph'],
    ['CON', 'CON-graph'],
    ['x'.repeat(200), 'x'.repeat(80)],
    ['Réseau 残差 ✓', 'Réseau 残差 ✓'],
  ])('%j -> %j', (name, stem) => {
    expect(sanitizeFileStem(name)).toBe(stem);
  });
  it('adds .cnn.json', () => {
    expect(graphFileName({ ...PRESETS[0].doc, name: 'My net' })).toBe('My net.cnn.json');
  });
});

describe('reading a picked or dropped file', () => {
  it('opens a saved .cnn.json file', async () => {
    const r = await readGraphFile(new Blob([serializeGraphFile(PRESETS[0].doc)]));
    expect(r.ok && r.doc.name).toBe(PRESETS[0].doc.name);
  });
  it('opens an exported PNG by its signature, whatever the file is called', async () => {
    const png = embedGraphInPng(new Uint8Array(readFileSync('node_modules/png-chunks-extract/test.png')), PRESETS[2].doc);
    const r = await readGraphFile(new Blob([new Uint8Array(png)]));
    expect(r.ok && r.doc.nodes.length).toBe(PRESETS[2].doc.nodes.length);
  });
  it('refuses an oversized file without reading it', async () => {
    let read = false;
    const huge = { size: 2 ** 31, arrayBuffer: async () => { read = true; return new ArrayBuffer(0); } } as unknown as Blob;
    const r = await readGraphFile(huge);
    expect(read).toBe(false);
    expect(r.ok === false && r.error.message).toBe('This file is 2048.0 MiB; the limit is 351.3 MiB for graph files (with their weights) and 32 MiB for PNGs.');
  });
  it('a hostile file gets a typed error', async () => {
    const r = await readGraphFile(new Blob(['{"format":"cnn-graph","version":1,"nodes":[{"id":"a"']));
    expect(r.ok === false && r.error.code).toBe('not-json');
  });
});
