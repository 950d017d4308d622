import { describe, expect, it } from 'vitest';
import { compileGraph } from '../../src/core/compile/compileGraph';
import type { GraphDocument, GraphNode } from '../../src/core/graph/types';
import { PRESETS } from '../../src/core/presets';
import { createExecutor } from '../../src/core/runtime/executor';

const compiled = (doc: GraphDocument, seed = 0) => {
  const r = compileGraph(doc, { seed });
  if (!r.ok) throw new Error(r.message);
  return r;
};
const lenet = () => compiled(structuredClone(PRESETS.find((p) => p.id === 'lenet5')!.doc));
const randomInput = (n: number, seed: number) => {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648 - 0.5;
  });
};
const node = (id: string, kind: string, params: Record<string, unknown> = {}): GraphNode => ({ id, kind, name: id, params, position: { x: 0, y: 0 } });

describe('createExecutor on LeNet-5', () => {
  const { plan, weights } = lenet();

  it('a batch gives what each sample gives alone (the arena is laid out per batch)', () => {
    const exec = createExecutor(plan, weights);
    const x = randomInput(3 * 1024, 1);
    const batched = exec.run(x, 3);
    expect(batched.ok).toBe(true);
    if (!batched.ok) return;
    const all = batched.outputs.output;
    expect(all.length).toBe(30);
    for (let s = 0; s < 3; s++) {
      const one = exec.run(x.subarray(s * 1024, (s + 1) * 1024), 1);
      if (!one.ok) throw new Error(one.error.message);
      for (let k = 0; k < 10; k++) expect(one.outputs.output[k]).toBeCloseTo(all[s * 10 + k], 6);
    }
    // softmax rows sum to 1
    for (let s = 0; s < 3; s++) expect(all.subarray(s * 10, s * 10 + 10).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });

  it('outputs are copies: a later run does not change them, and reruns are reproducible', () => {
    const exec = createExecutor(plan, weights);
    const a = exec.run(randomInput(1024, 2), 1);
    const kept = a.ok ? Array.from(a.outputs.output) : [];
    exec.run(randomInput(1024, 3), 1);
    expect(a.ok && Array.from(a.outputs.output)).toEqual(kept);
    const again = exec.run(randomInput(1024, 2), 1);
    expect(again.ok && Array.from(again.outputs.output)).toEqual(kept);
  });

  it('onStep sees every step with a batch-sized view, and stepMs has one entry per step', () => {
    const exec = createExecutor(plan, weights);
    const seen: [string, number][] = [];
    const input = randomInput(2 * 1024, 4);
    let firstInput: number[] = [];
    const r = exec.run(input, 2, {
      onStep: (step, out) => {
        seen.push([step.name, out.length]);
        if (step.kind === 'Input') firstInput = Array.from(out.subarray(0, 4));
      },
    });
    expect(r.ok && r.stepMs.length).toBe(plan.steps.length);
    expect(seen).toEqual([['Input', 2048], ['C1', 2 * 4704], ['S2', 2 * 1176], ['C3', 2 * 1600], ['S4', 2 * 400], ['C5', 240], ['Flatten', 240], ['F6', 168], ['Output', 20]]);
    expect(firstInput).toEqual(Array.from(input.subarray(0, 4)));
  });

  it('allocates the arena once per largest batch and reuses it for smaller ones', () => {
    const exec = createExecutor(plan, weights);
    expect(exec.arenaCapacity).toBe(0);
    exec.run(randomInput(4 * 1024, 5), 4);
    expect(exec.arenaCapacity).toBe(4 * 5880);
    const small = exec.run(randomInput(1024, 6), 1);
    expect(exec.arenaCapacity).toBe(4 * 5880);
    const fresh = createExecutor(plan, weights).run(randomInput(1024, 6), 1);
    expect(small.ok && fresh.ok && Array.from(small.outputs.output)).toEqual(fresh.ok && Array.from(fresh.outputs.output));
    exec.run(randomInput(6 * 1024, 7), 6);
    expect(exec.arenaCapacity).toBe(6 * 5880);
  });

  it('executors of different plans, run in turns, give what each gives alone (each keeps its own SIMD memory)', () => {
    const other = compiled(structuredClone(PRESETS.find((p) => p.id === 'tinyvgg')!.doc), 3);
    const first = createExecutor(plan, weights);
    const second = createExecutor(other.plan, other.weights);
    const inSecond = other.plan.inputs[0].shape.reduce((a, b) => a * b, 1);
    const x1 = randomInput(2 * 1024, 9);
    const x2 = randomInput(2 * inSecond, 10);
    const alone1 = createExecutor(plan, weights).run(x1, 2);
    const alone2 = createExecutor(other.plan, other.weights).run(x2, 2);
    if (!alone1.ok || !alone2.ok) throw new Error('a run failed');
    for (let round = 0; round < 3; round++) {
      const r1 = first.run(x1, 2);
      const r2 = second.run(x2, 2);
      if (!r1.ok || !r2.ok) throw new Error('a run failed');
      expect(r1.outputs).toEqual(alone1.outputs);
      expect(r2.outputs).toEqual(alone2.outputs);
    }
  });

  it('reports the prepared kernel names', () => {
    const exec = createExecutor(plan, weights);
    expect(exec.kernelNames.length).toBe(plan.steps.length);
    expect(exec.kernelNames[0]).toBe('input');
    expect(exec.kernelNames[1]).toMatch(/^conv2d/);
    expect(exec.kernelNames[6]).toBe('alias');
  });

  it.each([
    ['a short input', () => new Float32Array(1000), 1, 'input-length', 'Input "Input": expected 1*32*32*1 = 1024 values, got 1000'],
    ['a batch that does not match', () => new Float32Array(1024), 2, 'input-length', 'Input "Input": expected 2*32*32*1 = 2048 values, got 1024'],
    ['a NaN', () => Object.assign(new Float32Array(1024), { 700: Number.NaN }), 1, 'non-finite-input', 'Input "Input": value NaN at index 700 (sample 0) is not finite'],
    ['batch 0', () => new Float32Array(0), 0, 'bad-batch', 'batch must be a whole number >= 1, got 0'],
  ] as const)('refuses %s with a clear error', (_case, make, batch, code, message) => {
    const r = createExecutor(plan, weights).run(make(), batch);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code, message });
  });
});

describe('createExecutor with several inputs', () => {
  const doc: GraphDocument = {
    format: 'cnn-graph',
    version: 1,
    name: 'two inputs',
    nodes: [node('a', 'Input', { shape: [2, 2, 1] }), node('b', 'Input', { shape: [2, 2, 1] }), node('sum', 'Add'), node('cat', 'Concatenate')],
    edges: [
      { id: 'e1', source: 'a', target: 'sum' },
      { id: 'e2', source: 'b', target: 'sum' },
      { id: 'e3', source: 'sum', target: 'cat' },
      { id: 'e4', source: 'a', target: 'cat' },
    ],
  };
  const { plan, weights } = compiled(doc);

  it('feeds each Input by node id and computes by hand-checkable numbers', () => {
    const r = createExecutor(plan, weights).run({ a: new Float32Array([1, 2, 3, 4]), b: new Float32Array([10, 20, 30, 40]) }, 1);
    expect(r.ok && Array.from(r.outputs.cat)).toEqual([11, 1, 22, 2, 33, 3, 44, 4]);
  });
  it('a bare array is refused when there are several Inputs', () => {
    const r = createExecutor(plan, weights).run(new Float32Array(4), 1);
    expect(!r.ok && r.error.code).toBe('missing-input');
  });
  it('a missing or unknown input is named', () => {
    const exec = createExecutor(plan, weights);
    const missing = exec.run({ a: new Float32Array(4) }, 1);
    expect(!missing.ok && missing.error).toMatchObject({ code: 'missing-input', nodeId: 'b' });
    const unknown = exec.run({ a: new Float32Array(4), b: new Float32Array(4), c: new Float32Array(4) }, 1);
    expect(!unknown.ok && unknown.error).toMatchObject({ code: 'unknown-input', nodeId: 'c' });
  });
});
