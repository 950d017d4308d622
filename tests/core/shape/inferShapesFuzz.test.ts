import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyPatch } from '../../../src/core/graph/applyPatch';
import { ACTIVATIONS, LAYER_KINDS, type GraphDocument } from '../../../src/core/graph/types';
import { inferShapes } from '../../../src/core/shape/inferShapes';

const paramValue = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 7 }), weight: 12 },
  fc.integer({ min: -3, max: 40 }), fc.constantFrom('valid', 'same', 'relu', 'softmax', 'bogus'), fc.boolean(),
  fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 })),
  fc.constant([[0, 1], [2, 0]]), fc.constant(Number.NaN), fc.double(), fc.constant(null),
);
const params = fc.record({
  shape: fc.oneof({ arbitrary: fc.constant([8, 8, 3]), weight: 6 }, fc.constant([12]), fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 4 })),
  filters: paramValue, kernelSize: paramValue, strides: paramValue, padding: paramValue, dilation: paramValue,
  poolSize: paramValue, units: paramValue, rate: paramValue, epsilon: paramValue,
  activation: fc.oneof({ arbitrary: fc.constantFrom(...ACTIVATIONS), weight: 6 }, paramValue),
  fn: fc.oneof({ arbitrary: fc.constantFrom(...ACTIVATIONS), weight: 6 }, paramValue),
}, { requiredKeys: [] });

/** Random graphs over real and unknown kinds with random params and edges, cycles and dangling ends included. */
const randomGraph: fc.Arbitrary<GraphDocument> = fc.integer({ min: 0, max: 12 }).chain((n) =>
  fc.record({
    kinds: fc.array(fc.oneof(fc.constantFrom(...LAYER_KINDS), fc.constant('Mystery')), { minLength: n, maxLength: n }),
    params: fc.array(params, { minLength: n, maxLength: n }),
    edges: fc.array(fc.tuple(fc.integer({ min: 0, max: n }), fc.integer({ min: 0, max: n })), { maxLength: n + 1 }),
    chain: fc.boolean(),
  }).map(({ kinds, params: ps, edges: random, chain }): GraphDocument => {
    // Often start from an Input and chain the nodes, so shape problems (not only wiring) come up.
    if (chain && n > 0) kinds[0] = 'Input';
    const edges = chain ? [...kinds.slice(1).map((_, i) => [i, i + 1] as [number, number]), ...random.slice(0, 2)] : random;
    return {
    format: 'cnn-graph' as const,
    version: 1 as const,
    name: 'fuzz',
    // Index n is not a node: edges to it dangle. Ids repeat now and then (duplicate-id).
    nodes: kinds.map((kind, i) => ({ id: `n${i % 11}`, kind, name: '', params: ps[i], position: { x: 0, y: i } })),
    edges: edges.map(([s, t], i) => ({ id: `e${i}`, source: `n${s}`, target: `n${t}` })),
    };
  }),
);

/** Codes where any one offered fix must remove the diagnostic from its node. */
const FULLY_FIXED = new Set(['window-too-large', 'stride-skips-pixels', 'dense-needs-vector', 'softmax-not-last', 'invalid-param', 'merge-shape-mismatch', 'needs-spatial-input', 'relu-output', 'duplicate-name']);

describe('inferShapes on random graphs', () => {
  it('never throws, knows every node, and its fixes apply cleanly', () => {
    fc.assert(fc.property(randomGraph, (doc) => {
      const inf = inferShapes(doc);
      expect(new Set(inf.order)).toEqual(new Set(doc.nodes.map((n) => n.id)));
      expect(inf.hasErrors).toBe(inf.diagnostics.some((d) => d.severity === 'error'));
      for (const d of inf.diagnostics) {
        expect(d.message.length).toBeGreaterThan(0);
        for (const fix of d.fixes) {
          const after = inferShapes(applyPatch(doc, fix.patch));
          if (FULLY_FIXED.has(d.code)) {
            const same = after.diagnostics.filter((x) => x.nodeId === d.nodeId && x.code === d.code && x.field === d.field);
            expect(same, `${d.message} / fix ${fix.label}`).toEqual([]);
          }
        }
      }
      for (const n of inf.nodes.values()) {
        if (n.outputShape) expect(n.outputShape.every((x) => Number.isInteger(x) && x > 0)).toBe(true);
      }
    }), { numRuns: 300 });
  });
});

const pair = (max: number) => fc.oneof(fc.integer({ min: 1, max }), fc.tuple(fc.integer({ min: 1, max }), fc.integer({ min: 1, max })));
const padding = fc.oneof(
  fc.constantFrom('valid', 'same'), fc.integer({ min: 0, max: 3 }),
  fc.tuple(fc.tuple(fc.nat(3), fc.nat(3)), fc.tuple(fc.nat(3), fc.nat(3))),
);
const layer = fc.oneof(
  fc.record({ kind: fc.constant('Conv2D'), params: fc.record({ filters: fc.integer({ min: 1, max: 4 }), kernelSize: pair(7), strides: pair(4), padding, activation: fc.constantFrom(...ACTIVATIONS) }) }),
  fc.record({ kind: fc.constant('Conv2D'), params: fc.record({ filters: fc.integer({ min: 1, max: 4 }), kernelSize: pair(4), dilation: pair(3), padding }) }),
  fc.record({ kind: fc.constantFrom('MaxPool2D', 'AvgPool2D'), params: fc.record({ poolSize: pair(5), strides: pair(4), padding }, { requiredKeys: ['poolSize'] }) }),
  fc.record({ kind: fc.constant('Dense'), params: fc.record({ units: fc.integer({ min: 1, max: 8 }), activation: fc.constantFrom(...ACTIVATIONS) }) }),
  fc.record({ kind: fc.constantFrom('Flatten', 'GlobalAvgPool2D', 'BatchNorm'), params: fc.constant({}) }),
  fc.record({ kind: fc.constant('Activation'), params: fc.record({ fn: fc.constantFrom(...ACTIVATIONS) }) }),
);

/** Chains of valid-looking layers on a small image: mostly shape problems, each with fixes. */
const layerChain: fc.Arbitrary<GraphDocument> = fc.record({
  h: fc.integer({ min: 1, max: 20 }), w: fc.integer({ min: 1, max: 20 }), c: fc.integer({ min: 1, max: 3 }),
  layers: fc.array(layer, { minLength: 1, maxLength: 5 }),
}).map(({ h, w, c, layers }) => ({
  format: 'cnn-graph', version: 1, name: 'chain',
  nodes: [
    { id: 'in', kind: 'Input', name: 'in', params: { shape: [h, w, c] }, position: { x: 0, y: 0 } },
    ...layers.map((l, i) => ({ id: `l${i}`, kind: l.kind, name: `l${i}`, params: l.params as Record<string, unknown>, position: { x: 0, y: 120 * (i + 1) } })),
  ],
  edges: layers.map((_, i) => ({ id: `e${i}`, source: i === 0 ? 'in' : `l${i - 1}`, target: `l${i}` })),
}));

describe('every offered fix removes its diagnostic', () => {
  it('on random layer chains', () => {
    const seen = new Set<string>();
    fc.assert(fc.property(layerChain, (doc) => {
      for (const d of inferShapes(doc).diagnostics) {
        seen.add(d.code);
        for (const fix of d.fixes) {
          const after = inferShapes(applyPatch(doc, fix.patch));
          const same = after.diagnostics.filter((x) => x.nodeId === d.nodeId && x.code === d.code && x.field === d.field);
          expect(same, `${d.message} / fix ${fix.label}`).toEqual([]);
        }
      }
    }), { numRuns: 400 });
    // The property means little unless these problems actually came up.
    for (const code of ['window-too-large', 'stride-skips-pixels', 'dense-needs-vector', 'softmax-not-last']) {
      expect(seen.has(code), code).toBe(true);
    }
  });
});

/** Two random branches from one Input joined by a merge: mostly merge mismatches, each with fixes. */
const branchMerge: fc.Arbitrary<GraphDocument> = fc.record({
  h: fc.integer({ min: 4, max: 16 }), c: fc.integer({ min: 1, max: 4 }),
  a: fc.array(layer, { maxLength: 2 }), b: fc.array(layer, { minLength: 1, maxLength: 2 }),
  merge: fc.constantFrom('Add', 'Concatenate', 'Multiply'),
}).map(({ h, c, a, b, merge }) => {
  const nodes: GraphDocument['nodes'] = [{ id: 'in', kind: 'Input', name: 'in', params: { shape: [h, h, c] }, position: { x: 0, y: 0 } }];
  const edges: GraphDocument['edges'] = [];
  const branch = (prefix: string, layers: typeof a): string => {
    let last = 'in';
    layers.forEach((l, i) => {
      const id = `${prefix}${i}`;
      nodes.push({ id, kind: l.kind, name: id, params: l.params as Record<string, unknown>, position: { x: prefix === 'a' ? 0 : 300, y: 120 * (i + 1) } });
      edges.push({ id: `e${edges.length + 1}`, source: last, target: id });
      last = id;
    });
    return last;
  };
  const ends = [branch('a', a), branch('b', b)];
  nodes.push({ id: 'm', kind: merge, name: 'm', params: {}, position: { x: 150, y: 480 } });
  for (const end of ends) edges.push({ id: `e${edges.length + 1}`, source: end, target: 'm' });
  return { format: 'cnn-graph' as const, version: 1 as const, name: 'branches', nodes, edges };
});

describe('merge and spatial-input fixes', () => {
  it('on random two-branch merges, every offered fix removes its diagnostic', () => {
    let fixed = 0;
    fc.assert(fc.property(branchMerge, (doc) => {
      for (const d of inferShapes(doc).diagnostics) {
        if (d.code !== 'merge-shape-mismatch' && d.code !== 'needs-spatial-input') continue;
        for (const fix of d.fixes) {
          const after = inferShapes(applyPatch(doc, fix.patch));
          expect(after.diagnostics.filter((x) => x.nodeId === d.nodeId && x.code === d.code), `${d.message} / fix ${fix.label}`).toEqual([]);
          fixed++;
        }
      }
    }), { numRuns: 400 });
    // The property means little unless fixes actually came up.
    expect(fixed).toBeGreaterThan(50);
  });
});
