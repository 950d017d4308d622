import { describe, expect, it } from 'vitest';
import { deflateSync } from 'node:zlib';
import { PRESETS } from '../../src/core/presets';
import type { GraphDocument } from '../../src/core/graph/types';
import { createShareLink, readShareHash, SHARE_LINK_MAX_LENGTH } from '../../src/share/shareLink';

const BASE = 'https://example.org/app/';
const hashOf = (url: string) => url.slice(url.indexOf('#'));

function bigGraph(nodes: number): GraphDocument {
  return {
    format: 'cnn-graph', version: 1, name: 'big',
    nodes: Array.from({ length: nodes }, (_, i) => ({ id: `n${i}`, kind: 'Dense', name: `dense layer ${i} ${Math.sin(i).toFixed(6)}`, params: { units: 1 + ((i * 7919) % 1000), activation: 'relu', useBias: true }, position: { x: (i * 37) % 900, y: i * 90 } })),
    edges: Array.from({ length: Math.max(0, nodes - 1) }, (_, i) => ({ id: `e${i}`, source: `n${i}`, target: `n${i + 1}` })),
  };
}

describe('share links', () => {
  it.each(PRESETS.map((p) => [p.name, p.doc] as const))('%s survives a link unchanged (weights left out)', (_name, doc) => {
    const link = createShareLink(doc, BASE);
    if (!link.ok) throw new Error(link.error.message);
    expect(link.url.startsWith(`${BASE}#g=`)).toBe(true);
    expect(link.length).toBe(link.url.length);
    const back = readShareHash(hashOf(link.url));
    if (!back.ok) throw new Error(back.error.message);
    expect(back.report).toEqual([]);
    const { weights: _w, ...withoutWeights } = doc;
    expect(JSON.parse(JSON.stringify(back.doc))).toEqual(JSON.parse(JSON.stringify(withoutWeights)));
  });
  it('leaves the weights out', () => {
    const doc: GraphDocument = { ...PRESETS[0].doc, weights: { c1: { bias: { shape: [1], data: 'AAAAAA==' } } } };
    const link = createShareLink(doc, BASE);
    const back = link.ok ? readShareHash(hashOf(link.url)) : null;
    expect(back?.ok && back.doc.weights).toBeUndefined();
  });
  it('replaces an existing fragment of the base URL', () => {
    const link = createShareLink(PRESETS[0].doc, `${BASE}#g=old`);
    expect(link.ok && link.url.split('#').length).toBe(2);
  });
  it('warns above 2,000 characters and refuses above 8,000, naming the length', () => {
    const sizes = [2, 30, 60, 120, 250].map((n) => createShareLink(bigGraph(n), BASE));
    const short = sizes.find((s) => s.ok && s.length <= 2000);
    const warned = sizes.find((s) => s.ok && s.length > 2000);
    const refused = sizes.find((s) => !s.ok);
    expect(short?.ok && short.warning).toBeNull();
    expect(warned?.ok && warned.warning).toMatch(/^This link is [\d,]+ characters long/);
    expect(refused?.ok === false && refused.error.length).toBeGreaterThan(SHARE_LINK_MAX_LENGTH);
    expect(refused?.ok === false && refused.error.message).toContain('Share the file instead');
  });
  it('every truncation of a link says "This link is damaged"', () => {
    const link = createShareLink(PRESETS[0].doc, BASE);
    const hash = link.ok ? hashOf(link.url) : '';
    for (let n = 3; n < hash.length; n++) {
      const r = readShareHash(hash.slice(0, n));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(/^This link is damaged/);
    }
  });
  it('every changed character is refused or gives the same graph', () => {
    const link = createShareLink(PRESETS[0].doc, BASE);
    const hash = link.ok ? hashOf(link.url) : '';
    const original = readShareHash(hash);
    for (let i = 3; i < hash.length; i++) {
      const swapped = hash.slice(0, i) + (hash[i] === 'A' ? 'B' : 'A') + hash.slice(i + 1);
      const r = readShareHash(swapped);
      if (r.ok) expect(r.doc).toEqual(original.ok && original.doc);
      else expect(r.error.code).toBe('damaged');
    }
  });
  it('a tiny link that inflates past 1 MiB is refused', () => {
    const json = JSON.stringify({ format: 'cnn-graph', version: 1, name: 'x'.repeat(2 * 1024 * 1024), nodes: [], edges: [] });
    const hash = '#g=' + deflateSync(json, { level: 9 }).toString('base64url');
    expect(hash.length).toBeLessThan(SHARE_LINK_MAX_LENGTH);
    const r = readShareHash(hash);
    expect(r.ok === false && r.error.message).toBe('This link is damaged (expands to more than 1,048,576 bytes). Nothing was changed.');
  });
  it('a link from a newer app says so instead of "damaged"', () => {
    const hash = '#g=' + deflateSync(JSON.stringify({ format: 'cnn-graph', version: 9, nodes: [], edges: [] })).toString('base64url');
    const r = readShareHash(hash);
    expect(r.ok === false && r.error.code).toBe('version-too-new');
  });
  it('valid compression around JSON that is not a graph is damaged', () => {
    const r = readShareHash('#g=' + deflateSync('{"hello":1}').toString('base64url'));
    expect(r.ok === false && r.error.code).toBe('damaged');
  });
});
