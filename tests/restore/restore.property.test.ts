import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { restoreGraph } from '../../src/core/graph/restore';
import { parseGraphDocument } from '../../src/core/graph/parseGraph';
import { serializeGraphDocument } from '../../src/core/graph/serializeGraph';
import { LAYER_KINDS, type GraphDocument, type GraphEdge, type GraphNode } from '../../src/core/graph/types';

/** Finite numbers within the gate's ±1e7 bound that survive JSON unchanged (-0 would come back as 0). */
const coordinate = fc.double({ noNaN: true, min: -1e7, max: 1e7 }).map((x) => (x === 0 ? 0 : x));
const kind = fc.oneof(fc.constantFrom(...LAYER_KINDS), fc.string({ minLength: 1 }));
/** Names every plain object already has; the gate renames ids like these (tested separately). */
const RESERVED = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);
const id = fc.string({ minLength: 1, maxLength: 8 }).filter((s) => !RESERVED.has(s));

/** Any clean version-1 document: unique node and edge ids, edges between existing nodes, any JSON params. */
const cleanDocument: fc.Arbitrary<GraphDocument> = fc
  .uniqueArray(id, { maxLength: 12 })
  .chain((ids) => {
    const nodes = fc.tuple(...ids.map((nodeId) => fc.record({
      id: fc.constant(nodeId),
      kind,
      name: fc.string(),
      params: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }),
      position: fc.record({ x: coordinate, y: coordinate }),
    })));
    const edges: fc.Arbitrary<GraphEdge[]> = ids.length === 0
      ? fc.constant([])
      : fc.uniqueArray(fc.tuple(id, fc.constantFrom(...ids), fc.constantFrom(...ids)), { selector: (t) => t[0], maxLength: 15 })
        // At most one edge per source/target pair: the gate removes parallel duplicates.
        .map((list) => list.filter((t, i) => list.findIndex((u) => u[1] === t[1] && u[2] === t[2]) === i))
        .map((list) => list.map(([edgeId, source, target]) => ({ id: edgeId, source, target })));
    return fc.record({
      format: fc.constant('cnn-graph' as const),
      version: fc.constant(1 as const),
      name: fc.string(),
      nodes: ids.length === 0 ? fc.constant([]) : nodes.map((list): GraphNode[] => list),
      edges,
    });
  });

/** JSON that looks like a graph often enough to reach every branch of the repair code. */
const field = fc.constantFrom('id', 'kind', 'name', 'params', 'position', 'source', 'target', 'shape', 'data', '__proto__', 'constructor', 'prototype', 'style', 'x', 'y');
const hostileValue = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 2 }), tie('object'), fc.array(tie('value'), { maxLength: 4 })),
  object: fc.dictionary(field, tie('value'), { maxKeys: 6 }),
})).value;
const graphLike = fc.record({
  format: fc.oneof(fc.constant('cnn-graph'), fc.jsonValue({ maxDepth: 1 })),
  version: fc.oneof(fc.constantFrom(0, 1, 2, -1, 1.5), fc.jsonValue({ maxDepth: 1 })),
  name: hostileValue,
  nodes: fc.oneof(fc.array(hostileValue, { maxLength: 6 }), hostileValue),
  edges: fc.oneof(fc.array(hostileValue, { maxLength: 6 }), hostileValue),
  weights: hostileValue,
}, { requiredKeys: ['format', 'version'] });

function prototypeSnapshot(): string {
  return Object.getOwnPropertyNames(Object.prototype).sort().join(',') + '|' + String(Object.getPrototypeOf({}) === Object.prototype);
}

describe('restoreGraph properties', () => {
  it('restore(serializeGraphDocument(doc)) equals doc with an empty report, and the schema accepts it (1,000 runs)', () => {
    fc.assert(fc.property(cleanDocument, (doc) => {
      const r = restoreGraph(serializeGraphDocument(doc), 'file');
      if (!r.ok) throw new Error(r.error.message);
      expect(r.report).toEqual([]);
      // JSON itself turns -0 inside params into 0; compare with what the text says.
      expect(r.doc).toEqual(JSON.parse(JSON.stringify(doc)));
      expect(serializeGraphDocument(r.doc)).toBe(serializeGraphDocument(doc));
      const schema = parseGraphDocument(r.doc);
      if (!schema.ok) throw new Error(schema.error.message);
    }), { numRuns: 1000 });
  });

  it('arbitrary and graph-like JSON never throws and never changes Object.prototype (1,000 runs)', () => {
    const before = prototypeSnapshot();
    fc.assert(fc.property(fc.oneof(fc.jsonValue(), graphLike), fc.boolean(), (value, asText) => {
      const r = restoreGraph(asText ? JSON.stringify(value) : value, asText ? 'file' : 'db');
      expect(typeof r.ok).toBe('boolean');
      if (r.ok) {
        // Whatever was accepted is a document the rest of the app can rely on.
        const ids = new Set(r.doc.nodes.map((n) => n.id));
        expect(ids.size).toBe(r.doc.nodes.length);
        for (const e of r.doc.edges) expect(ids.has(e.source) && ids.has(e.target)).toBe(true);
      } else {
        expect(r.error.message.length).toBeGreaterThan(0);
      }
      expect(prototypeSnapshot()).toBe(before);
      expect(({} as Record<string, unknown>).id).toBeUndefined();
    }), { numRuns: 1000 });
  });

  it('ids that name Object.prototype members are renamed, with their edges and weights following (300 runs)', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.constantFrom(...RESERVED, 'a', 'b'), { minLength: 1 }), (ids) => {
      const doc = {
        format: 'cnn-graph', version: 1, name: 'r',
        nodes: ids.map((i) => ({ id: i, kind: 'Dense', name: i, params: {}, position: { x: 0, y: 0 } })),
        edges: ids.slice(1).map((t, k) => ({ id: `e${k}`, source: ids[k], target: t })),
        weights: JSON.parse(`{${ids.map((i) => `${JSON.stringify(i)}:{"bias":{"shape":[1],"data":"AAAAAA=="}}`).join(',')}}`),
      };
      const r = restoreGraph(JSON.stringify(doc), 'file');
      if (!r.ok) throw new Error(r.error.message);
      const newIds = r.doc.nodes.map((n) => n.id);
      expect(newIds.some((i) => RESERVED.has(i))).toBe(false);
      // Same names in the same order: each node kept its identity under its new id.
      expect(r.doc.nodes.map((n) => n.name)).toEqual(ids);
      expect(r.doc.edges.map((e) => [e.source, e.target])).toEqual(newIds.slice(1).map((t, k) => [newIds[k], t]));
      expect(Object.keys(r.doc.weights!).sort()).toEqual([...newIds].sort());
    }), { numRuns: 300 });
  });

  it.each(['lenet5.cnn.json', 'residual-block.cnn.json', 'tiny-weights.cnn.json'])('every byte prefix of %s is a typed error', (name) => {
    const bytes = readFileSync(`tests/fixtures/graphs/${name}`);
    // Trailing whitespace is not part of the document: cutting it off leaves a complete file.
    let end = bytes.length;
    while (end > 0 && /\s/.test(String.fromCharCode(bytes[end - 1]))) end--;
    const codes = new Set<string>();
    for (let n = 0; n < end; n++) {
      const r = restoreGraph(new Uint8Array(bytes.subarray(0, n)), 'file');
      if (r.ok) throw new Error(`prefix of ${n} bytes was accepted`);
      codes.add(r.error.code);
    }
    expect([...codes].every((c) => c === 'not-json' || c === 'not-utf8')).toBe(true);
    expect(restoreGraph(new Uint8Array(bytes.subarray(0, end)), 'file').ok).toBe(true);
  });
});
