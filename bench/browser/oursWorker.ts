/**
 * Our runtime in a Web Worker, as the app runs it: the plan and weights arrive once, each `run`
 * is timed inside the worker (the kernels' time; the page's peers are timed the same way, around
 * their own call), and the last output can be read back for the agreement check.
 */
import { expose } from 'comlink';
import type { ExecutionPlan, PlanWeights } from '../../src/core/compile/types';
import { createExecutor, type Executor } from '../../src/core/runtime/executor';

let executor: Executor | null = null;
let input: Float32Array = new Float32Array(0);
let batch = 1;
let last: Float32Array | null = null;
let outputId = '';

const api = {
  prepare(plan: ExecutionPlan, weights: PlanWeights, x: Float32Array, n: number): readonly string[] {
    executor = createExecutor(plan, weights);
    input = x;
    batch = n;
    outputId = plan.outputs[0].nodeId;
    return executor.kernelNames;
  },
  run(): number {
    const started = performance.now();
    const r = executor!.run(input, batch);
    const ms = performance.now() - started;
    if (!r.ok) throw new Error(r.error.message);
    last = r.outputs[outputId];
    return ms;
  },
  output(): Float32Array {
    return last!;
  },
  dispose(): void {
    executor = null;
    last = null;
  },
};

export type OursWorker = typeof api;
expose(api);
