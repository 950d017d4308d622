import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGraph } from '../../src/core/compile/compileGraph';
import { LAYER_KINDS, type GraphDocument } from '../../src/core/graph/types';
import { createExecutor } from '../../src/core/runtime/executor';
import { findClobber } from './planChecks';

const small = fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constantFrom('valid', 'same', 'relu', 'tanh', 'softmax', 'bogus'), fc.boolean(), fc.constant([[1, 0], [0, 2]]));
const params = fc.record(
  {
    shape: fc.constantFrom([8, 8, 3], [6], [5, 7, 2]),
    filters: fc.integer({ min: 1, max: 4 }), kernelSize: small, strides: small, padding: small, dilation: small,
    poolSize: small, units: fc.integer({ min: 1, max: 6 }), activation: small, fn: small, rate: fc.constantFrom(0, 0.5), epsilon: fc.constantFrom(0.001, 0),
  },
  { requiredKeys: [] },
);

/** Random small graphs, mostly broken: unknown kinds, bad params, cycles, dangling and merged ends. */
const randomGraph: fc.Arbitrary<GraphDocument> = fc.integer({ min: 0, max: 9 }).chain((n) =>
  fc.record({
    kinds: fc.array(fc.oneof(fc.constantFrom(...LAYER_KINDS), fc.constant('Mystery')), { minLength: n, maxLength: n }),
    params: fc.array(params, { minLength: n, maxLength: n }),
    edges: fc.array(fc.tuple(fc.nat(n), fc.nat(n)), { maxLength: 2 * n + 1 }),
  }).map(({ kinds, params: ps, edges }) => ({
    format: 'cnn-graph' as const,
    version: 1 as const,
    name: 'fuzz',
    nodes: [{ id: 'in', kind: 'Input', name: 'in', params: { shape: [8, 8, 3] }, position: { x: 0, y: 0 } }, ...kinds.map((kind, i) => ({ id: `n${i}`, kind, name: `n${i}`, params: ps[i], position: { x: 0, y: i } }))],
    edges: edges.map(([s, t], i) => ({ id: `e${i}`, source: s === 0 ? 'in' : `n${s - 1}`, target: `n${Math.max(0, t - 1)}` })),
  })),
);

describe('compileGraph on random documents', () => {
  it('never throws; whatever compiles has a safe arena and runs to finite outputs', () => {
    let compiled = 0;
    fc.assert(
      fc.property(randomGraph, (doc) => {
        const r = compileGraph(doc);
        if (!r.ok) {
          expect(r.code).not.toBe('internal');
          expect(r.message.length).toBeGreaterThan(0);
          return;
        }
        compiled++;
        expect(findClobber(r.plan)).toBeNull();
        const inputs = Object.fromEntries(r.plan.inputs.map((i) => [i.nodeId, Float32Array.from({ length: 2 * i.shape.reduce((a, b) => a * b, 1) }, (_, k) => Math.sin(k))]));
        const run = createExecutor(r.plan, r.weights).run(inputs, 2);
        expect(run.ok).toBe(true);
        if (run.ok) for (const o of Object.values(run.outputs)) expect(o.every(Number.isFinite)).toBe(true);
      }),
      { numRuns: 300 },
    );
    // The generator must reach the compiler's success path often enough to mean something.
    expect(compiled).toBeGreaterThan(5); // about 8% of these graphs compile: ~24 of 300
  });
});
