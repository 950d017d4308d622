import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { crc32, deflateSync, inflateSync } from 'node:zlib';
import { PRESETS } from '../../src/core/presets';
import { embedGraphInPng, extractGraphFromPng, PNG_GRAPH_KEYWORD } from '../../src/share/pngGraph';

// A real 638x166 RGBA PNG shipped with png-chunks-extract: independent of our encoder.
const SAMPLE = new Uint8Array(readFileSync('node_modules/png-chunks-extract/test.png'));

/** Chunks read with Node only (no code under test): name, data, and whether the CRC is right. */
function readChunks(png: Uint8Array) {
  const view = Buffer.from(png);
  const out: { name: string; data: Buffer; crcOk: boolean }[] = [];
  for (let at = 8; at < view.length;) {
    const len = view.readUInt32BE(at);
    const name = view.toString('latin1', at + 4, at + 8);
    const data = view.subarray(at + 8, at + 8 + len);
    out.push({ name, data, crcOk: view.readUInt32BE(at + 8 + len) === crc32(view.subarray(at + 4, at + 8 + len)) });
    at += 12 + len;
  }
  return out;
}

/** Builds a PNG from chunks with Node's CRC-32 (for hand-made tEXt and hostile files). */
function buildPng(chunks: { name: string; data: Uint8Array }[]): Uint8Array {
  const parts: Buffer[] = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])];
  for (const c of chunks) {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(c.data.length, 0);
    head.write(c.name, 4, 'latin1');
    const body = Buffer.from(c.data);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
    parts.push(head, body, crc);
  }
  return new Uint8Array(Buffer.concat(parts));
}

describe('PNG with the graph inside', () => {
  it.each(PRESETS.map((p) => [p.name, p.doc] as const))('%s: embedded, then read back unchanged', (_name, doc) => {
    const png = embedGraphInPng(SAMPLE, doc);
    const back = extractGraphFromPng(png);
    if (!back.ok) throw new Error(back.error.message);
    expect(JSON.parse(JSON.stringify(back.doc))).toEqual(JSON.parse(JSON.stringify(doc)));
  });
  it('writes a standard compressed iTXt chunk before IEND that Node can read, keeping the image chunks', () => {
    const doc = PRESETS[0].doc;
    const chunks = readChunks(embedGraphInPng(SAMPLE, doc));
    expect(chunks.every((c) => c.crcOk)).toBe(true);
    expect(chunks.map((c) => c.name).slice(-2)).toEqual(['iTXt', 'IEND']);
    // The sample already carries an iTXt of its own (XMP); it stays.
    expect(chunks.slice(0, -2).map((c) => c.data.toString('hex'))).toEqual(readChunks(SAMPLE).slice(0, -1).map((c) => c.data.toString('hex')));
    const itxt = chunks[chunks.length - 2].data;
    const head = `${PNG_GRAPH_KEYWORD}\0\u0001\u0000\0\0`;
    expect(itxt.subarray(0, head.length).toString('latin1')).toBe(head);
    expect(JSON.parse(inflateSync(itxt.subarray(head.length)).toString('utf8'))).toEqual(JSON.parse(JSON.stringify(doc)));
  });
  it('exporting twice keeps one graph chunk, the newest', () => {
    const twice = embedGraphInPng(embedGraphInPng(SAMPLE, PRESETS[0].doc), PRESETS[1].doc);
    const ours = readChunks(twice).filter((c) => c.name === 'iTXt' && c.data.toString('latin1').startsWith(`${PNG_GRAPH_KEYWORD}\0`));
    expect(ours).toHaveLength(1);
    const back = extractGraphFromPng(twice);
    expect(back.ok && back.doc.name).toBe(PRESETS[1].doc.name);
  });
  it('also reads an uncompressed tEXt chunk', () => {
    const chunks = readChunks(SAMPLE);
    const text = Buffer.from(`${PNG_GRAPH_KEYWORD}\0${JSON.stringify(PRESETS[0].doc)}`, 'latin1');
    const png = buildPng([...chunks.slice(0, -1), { name: 'tEXt', data: text }, chunks[chunks.length - 1]]);
    const back = extractGraphFromPng(png);
    expect(back.ok && back.doc.nodes.length).toBe(PRESETS[0].doc.nodes.length);
  });
  it('a PNG without a graph says so', () => {
    expect(extractGraphFromPng(SAMPLE)).toEqual({ ok: false, error: { code: 'not-a-graph', message: 'This PNG has no graph inside. Only PNGs exported by this app can be opened.' } });
  });
  it('every truncation of an exported PNG is a typed error, never an exception', () => {
    const png = embedGraphInPng(SAMPLE, PRESETS[0].doc);
    for (let n = 0; n < png.length; n += 97) {
      const r = extractGraphFromPng(png.subarray(0, n));
      expect(r.ok).toBe(false);
    }
  });
  it('a chunk declaring 4 GiB is refused before anything is allocated', () => {
    const png = new Uint8Array(embedGraphInPng(SAMPLE, PRESETS[0].doc));
    new DataView(png.buffer).setUint32(8 + 25, 0xfffffff0); // the chunk after IHDR
    const t = performance.now();
    const r = extractGraphFromPng(png);
    expect(performance.now() - t).toBeLessThan(200);
    expect(r.ok === false && r.error.message).toMatch(/declares 4294967280 bytes but the file ends first/);
  });
  it('a compression bomb inside the chunk stops at 10 MiB', () => {
    const chunks = readChunks(SAMPLE);
    const bomb = deflateSync(Buffer.alloc(11 * 1024 * 1024, 0x20));
    const data = Buffer.concat([Buffer.from(`${PNG_GRAPH_KEYWORD}\0\u0001\u0000\0\0`, 'latin1'), bomb]);
    const png = buildPng([...chunks.slice(0, -1), { name: 'iTXt', data }, chunks[chunks.length - 1]]);
    const r = extractGraphFromPng(png);
    expect(r.ok === false && r.error.message).toContain('expands to more than 10,485,760 bytes');
  });
  it('a hostile document inside a valid PNG goes through the same checks as a file', () => {
    const chunks = readChunks(SAMPLE);
    const text = Buffer.from(`${PNG_GRAPH_KEYWORD}\0{"format":"cnn-graph","version":99,"nodes":[]}`, 'latin1');
    const r = extractGraphFromPng(buildPng([...chunks.slice(0, -1), { name: 'tEXt', data: text }, chunks[chunks.length - 1]]));
    expect(r.ok === false && r.error.code).toBe('version-too-new');
  });
});
