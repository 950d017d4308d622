import type { ExecutionPlan, PlanStep, PlanWeights } from '../compile/types';
import type { LayerKind } from '../graph/types';
import { KERNELS, type KernelFactory } from './kernelMap';
import { createSimdGemm, type SimdGemm } from './kernels/simdGemm';
import type { PreparedOp } from './op';

/** Why a run was refused or failed; `nodeId` names the Input or step concerned. */
export type RunErrorCode = 'bad-batch' | 'missing-input' | 'unknown-input' | 'input-length' | 'non-finite-input' | 'kernel-failed';

export interface RunError { code: RunErrorCode; message: string; nodeId?: string }

/**
 * Called after each step with a view of its output (`batch * perSampleSize` values). The view is
 * into the reused arena: a consumer that keeps it must copy it inside the callback.
 */
export type StepHook = (step: PlanStep, output: Float32Array, ms: number) => void;

export interface RunOptions { onStep?: StepHook }

/** Outputs are fresh copies, keyed by output node id; `stepMs` has one entry per plan step. */
export type RunResult =
  | { ok: true; outputs: Record<string, Float32Array>; stepMs: number[] }
  | { ok: false; error: RunError };

/** Runs one compiled plan, as many times as wanted, on any batch size. */
export interface Executor {
  readonly plan: ExecutionPlan;
  /** The prepared kernel per step (e.g. "conv2d.im2col-gemm"), or the plan's name for input/alias steps. */
  readonly kernelNames: readonly string[];
  /** Floats currently allocated for the arena: `plan.arenaElements` times the largest batch run so far. */
  readonly arenaCapacity: number;
  /** Bytes of the kernels' WebAssembly memory (packed weights, tables, and the arena when it lives there); 0 without SIMD. */
  readonly kernelMemoryBytes: number;
  /** Whether the arena lives in that memory (where the SIMD pooling and element-wise kernels run in place). */
  readonly arenaInKernelMemory: boolean;
  /**
   * `inputs` is keyed by Input node id, or a bare Float32Array when the plan has one Input.
   * Each holds `batch * product(shape)` values in NHWC order.
   */
  run(inputs: Record<string, Float32Array> | Float32Array, batch: number, opts?: RunOptions): RunResult;
}

/**
 * Prepares every kernel of the plan once (packing weights) and returns an executor that keeps one
 * float32 arena across runs. The arena holds `plan.arenaElements * batch` values and only grows
 * when a larger batch arrives. The kernels share one WebAssembly SIMD memory per executor, each
 * owning a fixed region for its packed weights, so no weight is copied again after this; the
 * arena follows them in the same memory, where the pooling and element-wise kernels run in place.
 * Throws if `weights` lack a tensor the plan needs (a caller bug: compileGraph returns matching
 * weights).
 */
export function createExecutor(plan: ExecutionPlan, weights: PlanWeights): Executor {
  const { ops, memory } = prepareSteps(plan, weights);
  const kernelNames = plan.steps.map((step, i) => ops[i]?.name ?? step.kernelName);
  // The arena lives in the SIMD memory when it fits there, so the SIMD kernels work on it in place;
  // otherwise (no SIMD, or past its cap) in a plain array, and every kernel runs its TypeScript path.
  let arenaAt = -1;
  let fallback = new Float32Array(0);
  let capacity = 0;
  let viewsBatch = -1;
  let viewsOf: Float32Array | null = null;
  let views: Float32Array[] = [];

  const viewsFor = (batch: number): Float32Array[] => {
    const store = arenaAt >= 0 && memory ? memory.f32 : fallback;
    if (batch === viewsBatch && store === viewsOf) return views;
    const need = plan.arenaElements * batch;
    if (need > capacity) {
      const at = memory && (arenaAt >= 0 || capacity === 0) ? memory.reserveArena(need) : -1;
      if (at >= 0) arenaAt = at;
      else {
        arenaAt = -1;
        fallback = new Float32Array(need);
      }
      capacity = need;
    }
    const data = arenaAt >= 0 && memory ? memory.f32 : fallback;
    const base = Math.max(arenaAt, 0);
    views = plan.buffers.map((b) => data.subarray(base + b.offsetElements * batch, base + (b.offsetElements + b.sizeElements) * batch));
    viewsBatch = batch;
    viewsOf = data;
    return views;
  };

  return {
    plan,
    kernelNames,
    get arenaCapacity() {
      return capacity;
    },
    get kernelMemoryBytes() {
      return memory ? memory.f32.byteLength : 0;
    },
    get arenaInKernelMemory() {
      return arenaAt >= 0;
    },
    run(inputs, batch, opts = {}) {
      const checked = checkInputs(plan, inputs, batch);
      if (!checked.ok) return checked;
      const buf = viewsFor(batch);
      const stepMs: number[] = [];
      for (const step of plan.steps) {
        const started = now();
        const out = buf[step.outputBuffer];
        const op = ops[step.index];
        if (step.kind === 'Input') {
          out.set(checked.byNode[step.nodeId]);
        } else if (op) {
          try {
            op.run(step.inputBuffers.map((b) => buf[b]), batch, out);
          } catch (e) {
            const detail = e instanceof Error ? e.message : String(e);
            return { ok: false, error: { code: 'kernel-failed', nodeId: step.nodeId, message: `${step.kind} ${step.name}: ${detail}` } };
          }
        }
        const ms = now() - started;
        stepMs.push(ms);
        opts.onStep?.(step, out, ms);
      }
      // No prototype, so an output id like `__proto__` is an own entry rather than the prototype.
      const outputs: Record<string, Float32Array> = Object.create(null);
      for (const o of plan.outputs) outputs[o.nodeId] = buf[o.buffer].slice();
      return { ok: true, outputs, stepMs };
    },
  };
}

type CheckedInputs = { ok: true; byNode: Record<string, Float32Array> } | { ok: false; error: RunError };

function checkInputs(plan: ExecutionPlan, inputs: Record<string, Float32Array> | Float32Array, batch: number): CheckedInputs {
  if (!Number.isInteger(batch) || batch < 1) {
    return { ok: false, error: { code: 'bad-batch', message: `batch must be a whole number >= 1, got ${batch}` } };
  }
  let byNode: Record<string, Float32Array>;
  if (inputs instanceof Float32Array) {
    if (plan.inputs.length !== 1) {
      const names = plan.inputs.map((i) => `"${i.name}"`).join(', ');
      return { ok: false, error: { code: 'missing-input', message: `the graph has ${plan.inputs.length} Inputs (${names}): pass one array per Input node id` } };
    }
    byNode = { [plan.inputs[0].nodeId]: inputs };
  } else {
    byNode = inputs;
    const known = new Set(plan.inputs.map((i) => i.nodeId));
    for (const id of Object.keys(byNode)) {
      if (!known.has(id)) return { ok: false, error: { code: 'unknown-input', nodeId: id, message: `"${id}" is not an Input node of this graph` } };
    }
  }
  for (const input of plan.inputs) {
    const data = byNode[input.nodeId];
    if (!data) {
      return { ok: false, error: { code: 'missing-input', nodeId: input.nodeId, message: `Input "${input.name}": no data given` } };
    }
    const perSample = input.shape.reduce((a, b) => a * b, 1);
    if (data.length !== batch * perSample) {
      const message = `Input "${input.name}": expected ${batch}*${input.shape.join('*')} = ${batch * perSample} values, got ${data.length}`;
      return { ok: false, error: { code: 'input-length', nodeId: input.nodeId, message } };
    }
    for (let i = 0; i < data.length; i++) {
      if (!Number.isFinite(data[i])) {
        const message = `Input "${input.name}": value ${data[i]} at index ${i} (sample ${Math.floor(i / perSample)}) is not finite`;
        return { ok: false, error: { code: 'non-finite-input', nodeId: input.nodeId, message } };
      }
    }
  }
  return { ok: true, byNode };
}

/**
 * Every step's kernel, and the memory they share. A function of its own so that no closure of
 * the executor captures `weights`: V8 keeps a function's captured variables in one context, and
 * the unpacked weights (half of VGG-16's memory) must be free to go once the caller drops them.
 */
function prepareSteps(plan: ExecutionPlan, weights: PlanWeights): { ops: (PreparedOp | null)[]; memory: SimdGemm | null } {
  let simd: SimdGemm | null | undefined;
  const simdMemory = (): SimdGemm | null => (simd === undefined ? (simd = createSimdGemm()) : simd);
  const ops = plan.steps.map((step) => prepareStep(step, weights, simdMemory));
  return { ops, memory: simdMemory() };
}

/** The prepared kernel of a step (from the kind's entry in KERNELS); null for Input and alias steps. */
function prepareStep(step: PlanStep, weights: PlanWeights, simdMemory: () => SimdGemm | null): PreparedOp | null {
  const weight = (name: string): Float32Array => {
    const value = weights[step.nodeId]?.[name];
    if (!value) throw new Error(`createExecutor: no ${name} weight for ${step.kind} ${step.name} (${step.nodeId})`);
    return value;
  };
  // The union of steps does not narrow through an index, so the pairing of step and factory is asserted here once.
  const factory = KERNELS[step.kind] as KernelFactory<LayerKind>;
  return factory(step as never, { weight, simd: simdMemory });
}

function now(): number {
  return globalThis.performance.now();
}
