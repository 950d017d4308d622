import { describe, expect, it } from 'vitest';
import { parseGraphJson } from '../../../src/core/graph/parseGraph';
import { serializeGraphDocument } from '../../../src/core/graph/serializeGraph';

describe('parseGraphJson with prototype-named keys', () => {
  const text = JSON.stringify({
    format: 'cnn-graph', version: 1, name: 'keys',
    nodes: [{ id: 'n', kind: 'Dense', name: 'n', params: { constructor: 2, units: 4 }, position: { x: 0, y: 0 } }],
    edges: [],
    weights: { n: { bias: { shape: [1], data: 'AAAAAA==' } } },
  // JSON.stringify cannot write a "__proto__" key from a literal, so splice it into the text.
  }).replace('"constructor":2', '"__proto__":{"polluted":1},"constructor":2').replace('"weights":{', '"weights":{"__proto__":{"__proto__":{"shape":[1],"data":"AAAAAA=="}},');

  it('keeps __proto__ as an ordinary param and weight entry, and round-trips the text', () => {
    const result = parseGraphJson(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Object.keys(result.doc.nodes[0].params)).toEqual(['__proto__', 'constructor', 'units']);
    expect(Object.keys(result.doc.weights!)).toEqual(['__proto__', 'n']);
    expect(JSON.parse(serializeGraphDocument(result.doc))).toEqual(JSON.parse(text));
  });

  it('never touches Object.prototype', () => {
    parseGraphJson(text);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
