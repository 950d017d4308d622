import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseGraphDocument, parseGraphJson } from '../../../src/core/graph/parseGraph';
import { serializeGraphDocument } from '../../../src/core/graph/serializeGraph';
import { PRESETS } from '../../../src/core/presets';
import { graphDocumentArbitrary } from './docArbitrary';

const lenet = PRESETS[0].doc;
const withDoc = (patch: Record<string, unknown>) => ({ ...JSON.parse(JSON.stringify(lenet)), ...patch });

describe('parseGraphDocument', () => {
  it.each(PRESETS.map((p) => [p.id, p.doc]))('accepts the %s preset unchanged', (_id, doc) => {
    expect(parseGraphDocument(doc)).toEqual({ ok: true, doc });
  });

  it.each([
    ['null', null, 'not-a-graph'],
    ['an array', [1, 2], 'not-a-graph'],
    ['a number', 3, 'not-a-graph'],
    ['an object without format', { nodes: [] }, 'not-a-graph'],
    ['another format', { format: 'excalidraw', version: 2 }, 'wrong-format'],
    ['no version', { format: 'cnn-graph', nodes: [], edges: [] }, 'missing-version'],
    ['version 2', { format: 'cnn-graph', version: 2 }, 'version-too-new'],
    ['version 0', { format: 'cnn-graph', version: 0, name: '', nodes: [], edges: [] }, 'invalid-document'],
    ['version "1"', { format: 'cnn-graph', version: '1', name: '', nodes: [], edges: [] }, 'invalid-document'],
  ])('refuses %s', (_what, input, code) => {
    const r = parseGraphDocument(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe(code);
  });

  it('names the path of a bad field', () => {
    const doc = withDoc({});
    doc.nodes[2].position.x = 'left';
    const r = parseGraphDocument(doc);
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-document', path: 'nodes[2].position.x' } });
  });

  it('keeps unknown kinds and bad params: those are diagnostics, not parse failures', () => {
    const doc = withDoc({});
    doc.nodes[1].kind = 'Conv3D';
    doc.nodes[2].params = { poolSize: -4, extra: { deep: [1, 'x'] } };
    const r = parseGraphDocument(doc);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.doc.nodes[1].kind).toBe('Conv3D');
      expect(r.doc.nodes[2].params).toEqual({ poolSize: -4, extra: { deep: [1, 'x'] } });
    }
  });

  it('checks weight byte counts against the shape', () => {
    const doc = withDoc({ weights: { c1: { bias: { shape: [6], data: 'AAAAAA==' } } } });
    const r = parseGraphDocument(doc);
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-document', path: 'weights.c1.bias.data' } });
    if (!r.ok) expect(r.error.message).toContain('needs 24 bytes of float32, data has 4 bytes');
  });

  it('never throws on arbitrary values', () => {
    fc.assert(fc.property(fc.anything(), (v) => {
      expect(parseGraphDocument(v).ok).toBe(false);
    }));
  });

  it('never throws on arbitrary JSON, nor on near-documents', () => {
    const near = fc.record({
      format: fc.oneof(fc.constant('cnn-graph'), fc.jsonValue()),
      version: fc.oneof(fc.constant(1), fc.jsonValue()),
      name: fc.jsonValue(),
      nodes: fc.oneof(fc.array(fc.dictionary(fc.constantFrom('id', 'kind', 'name', 'params', 'position'), fc.jsonValue())), fc.jsonValue()),
      edges: fc.jsonValue(),
    }, { requiredKeys: [] });
    fc.assert(fc.property(fc.oneof(fc.jsonValue(), near), (v) => {
      const r = parseGraphDocument(v);
      expect(typeof r.ok).toBe('boolean');
      expect(parseGraphJson(JSON.stringify(v) ?? 'null').ok).toBe(r.ok);
    }));
  });

  it('survives a getter that throws', () => {
    const evil = { format: 'cnn-graph', version: 1, name: '', edges: [], get nodes() { throw new Error('boom'); } };
    expect(parseGraphDocument(evil)).toMatchObject({ ok: false, error: { code: 'invalid-document' } });
  });
});

describe('parseGraphJson', () => {
  it.each(['', '{', 'cnn-graph', '{"format":"cnn-graph",}'])('reports not-json for %j', (text) => {
    expect(parseGraphJson(text)).toMatchObject({ ok: false, error: { code: 'not-json' } });
  });
  it('never throws on arbitrary strings', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      expect(parseGraphJson(s).ok).toBe(false);
    }));
  });
});

describe('serializeGraphDocument', () => {
  it('round-trips generated documents: parse(serialize(doc)) equals doc', () => {
    fc.assert(fc.property(graphDocumentArbitrary, (doc) => {
      const r = parseGraphJson(serializeGraphDocument(doc));
      expect(r).toEqual({ ok: true, doc });
    }), { numRuns: 200 });
  });

  it('is stable: key order in the input does not change the output', () => {
    const shuffled = JSON.parse(JSON.stringify(lenet, (_k, v) =>
      v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v));
    expect(serializeGraphDocument(shuffled)).toBe(serializeGraphDocument(lenet));
  });

  it('writes 2-space JSON starting with format and version', () => {
    expect(serializeGraphDocument(lenet).split('\n').slice(0, 4)).toEqual(['{', '  "format": "cnn-graph",', '  "version": 1,', '  "name": "LeNet-5",']);
  });
});
