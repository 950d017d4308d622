import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../src/core/compile/compileGraph';
import type { GraphDocument, GraphNode } from '../../src/core/graph/types';
import { PRESETS } from '../../src/core/presets';
import { createExecutor } from '../../src/core/runtime/executor';
import { setSimdGemmEnabled } from '../../src/core/runtime/kernels/simdGemm';
import { expectClose, makeRandom, randomArray } from './kernels/helpers';

afterAll(() => setSimdGemmEnabled(true));

/** LeNet-5 with ReLU and max pooling (the ResNet block brings BatchNorm and Add). */
function mixedDoc(): GraphDocument {
  const lenet = PRESETS.find((p) => p.id === 'lenet5')!.doc;
  const nodes = lenet.nodes.map((n): GraphNode => {
    const params = { ...n.params } as Record<string, unknown>;
    if (params.activation === 'tanh') params.activation = 'relu';
    return { ...n, kind: n.kind === 'AvgPool2D' ? 'MaxPool2D' : n.kind, params } as GraphNode;
  });
  return { ...lenet, nodes };
}

function compiled(doc: GraphDocument) {
  const r = compileGraph(doc, { seed: 3 });
  if (!r.ok) throw new Error(r.message);
  return r;
}

describe('the executor arena in the SIMD memory', () => {
  it.each(['lenet5', 'resnet-block'])('%s: batches 1, 5, 2 and 9 (the arena grows, the memory with it) give what the scalar executor gives', (id) => {
    const doc = id === 'lenet5' ? mixedDoc() : PRESETS.find((p) => p.id === id)!.doc;
    const { plan, weights } = compiled(doc);
    const simd = createExecutor(plan, weights);
    setSimdGemmEnabled(false);
    const scalar = createExecutor(plan, weights);
    setSimdGemmEnabled(true);
    expect(simd.kernelNames.some((k) => /pool2d\.simd|add\.\d\.simd|batchnorm\.simd/.test(k)), simd.kernelNames.join()).toBe(true);
    expect(scalar.kernelNames.some((k) => k.includes('simd'))).toBe(false);
    const per = plan.inputs[0].shape.reduce((a, b) => a * b, 1);
    for (const batch of [1, 5, 2, 9]) {
      const x = randomArray(makeRandom(batch), batch * per);
      const a = simd.run(x, batch), b = scalar.run(x, batch);
      if (!a.ok || !b.ok) throw new Error('run failed');
      for (const o of plan.outputs) expectClose(a.outputs[o.nodeId], b.outputs[o.nodeId]);
      expect(simd.arenaCapacity).toBeGreaterThanOrEqual(plan.arenaElements * batch);
    }
  });
});

describe('the unpacked weights', () => {
  it('are not kept by the executor: once the caller drops them, they can be collected', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const prepare = () => {
      const { plan, weights } = compiled(PRESETS.find((p) => p.id === 'tinyvgg')!.doc);
      const refs = Object.values(weights).flatMap((byName) => Object.values(byName).map((w) => new WeakRef(w)));
      return { exec: createExecutor(plan, weights), refs, per: plan.inputs[0].shape.reduce((a, b) => a * b, 1) };
    };
    const { exec, refs, per } = prepare();
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
    gc();
    expect(refs.filter((r) => r.deref() !== undefined)).toHaveLength(0);
    expect(exec.run(randomArray(makeRandom(1), per), 1).ok).toBe(true);
  });
});
