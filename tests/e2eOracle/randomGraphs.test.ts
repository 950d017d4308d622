import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileGraph } from '../../src/core/compile/compileGraph';
import { createExecutor } from '../../src/core/runtime/executor';
import { findClobber, findOverlappingPair, bruteForcePeakElements } from '../compile/planChecks';
import { buildGraph, choiceArb } from '../helpers/randomVectorGraphs';
import { nodeError, runWithTfjs, useTfjsCpu } from './tfjsReference';

beforeAll(useTfjsCpu);

describe('random merge-heavy graphs', () => {
  it('compile to plans with no clobbered tensor and run like tfjs at every node', () => {
    fc.assert(
      fc.property(fc.array(choiceArb, { minLength: 1, maxLength: 14 }), fc.integer({ min: 1, max: 3 }), (choices, batch) => {
        const doc = buildGraph(choices);
        const compiled = compileGraph(doc, { seed: choices.length });
        if (!compiled.ok) throw new Error(compiled.message);
        const { plan, weights } = compiled;
        expect(findClobber(plan)).toBeNull();
        expect(findOverlappingPair(plan)).toBeNull();
        expect(plan.peakLiveBytes).toBe(4 * bruteForcePeakElements(plan));
        const x = Float32Array.from({ length: batch * 6 }, (_, i) => Math.cos(i * 1.7 + choices.length));
        const ours: Record<string, Float32Array> = {};
        const r = createExecutor(plan, weights).run(x, batch, { onStep: (s, out) => (ours[s.nodeId] = out.slice()) });
        if (!r.ok) throw new Error(r.error.message);
        const ref = runWithTfjs(doc, weights, { in: x }, batch);
        for (const s of plan.steps) expect(nodeError(doc, s.nodeId, ours, ref), s.name).toBeLessThanOrEqual(1e-5);
        for (const o of plan.outputs) expect(Array.from(r.outputs[o.nodeId])).toEqual(Array.from(ours[o.nodeId]));
      }),
      { numRuns: 60 },
    );
  });
});
