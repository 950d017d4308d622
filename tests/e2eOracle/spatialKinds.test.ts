import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileGraph } from '../../src/core/compile/compileGraph';
import { createExecutor } from '../../src/core/runtime/executor';
import { findClobber } from '../compile/planChecks';
import { buildChain, inputArb, stepArb } from './spatialChains';
import { nodeError, runWithTfjs, useTfjsCpu } from './tfjsReference';

/** The chains of spatialChains.ts, checked at every node against tfjs ops read from the document. */

beforeAll(useTfjsCpu);

describe('random spatial graphs through the reshaping and gating kinds', () => {
  it('run like tfjs at every node, batch 1 to 3', () => {
    fc.assert(
      fc.property(inputArb, fc.array(stepArb, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 3 }), (input, steps, batch) => {
        const doc = buildChain(input, steps);
        const compiled = compileGraph(doc, { seed: steps.length });
        if (!compiled.ok) throw new Error(compiled.message);
        const { plan, weights } = compiled;
        expect(findClobber(plan)).toBeNull();
        const perSample = input[0] * input[1] * input[2];
        const x = Float32Array.from({ length: batch * perSample }, (_, i) => Math.sin(i * 0.91 + steps.length));
        const ours: Record<string, Float32Array> = {};
        const r = createExecutor(plan, weights).run(x, batch, { onStep: (s, out) => (ours[s.nodeId] = out.slice()) });
        if (!r.ok) throw new Error(r.error.message);
        const ref = runWithTfjs(doc, weights, { in: x }, batch);
        for (const s of plan.steps) expect(nodeError(doc, s.nodeId, ours, ref), `${s.kind} ${s.name}`).toBeLessThanOrEqual(1e-5);
      }),
      { numRuns: 80 },
    );
  });
});
