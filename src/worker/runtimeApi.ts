import { transfer } from 'comlink';
import { compileGraph } from '../core/compile/compileGraph';
import type { ExecutionPlan, PlanTensor } from '../core/compile/types';
import type { GraphDocument, Shape } from '../core/graph/types';
import { computeChannelStats, computeStats, type FeatureStats } from '../core/imaging/featureStats';
import { makeFeaturePreview, type FeaturePreview } from '../core/imaging/featurePreview';
import { createExecutor, type Executor, type RunResult } from '../core/runtime/executor';

/** What `load` reports: the plan's inputs and outputs, or why the graph does not compile. */
export type LoadResponse =
  | { ok: true; inputs: PlanTensor[]; outputs: PlanTensor[]; steps: number; totalMacs: number; compileMs: number; kernelNames: string[] }
  | { ok: false; error: RunError };

/** A user-fixable problem of a run, with the node it is about when there is one. */
export interface RunError {
  code: 'not-loaded' | 'compile-failed' | 'missing-input' | 'input-size' | 'run-failed';
  message: string;
  nodeId?: string;
  /** Every shape error when the graph does not compile, one line per node, for the Run panel to list. */
  diagnostics?: { nodeId: string; message: string }[];
}

/** Progress of a run, reported after each step. */
export interface RunProgress { step: number; total: number; nodeId: string; name: string; ms: number }

/** What the Run panel and the node thumbnails show of one node after a run. */
export interface NodeResult {
  nodeId: string;
  name: string;
  kind: string;
  shape: Shape;
  /** Time of this step in the worker, in milliseconds. */
  ms: number;
  stats: FeatureStats;
  /** Per channel of an [h, w, c] map; one entry for a vector. */
  channelStats: FeatureStats[];
  preview: FeaturePreview;
  /** False when the full map was too large to keep for `featureMap`. */
  kept: boolean;
}

/** The full output of every plan output node. */
export interface OutputTensor { nodeId: string; name: string; shape: Shape; data: Float32Array }

export type RunResponse =
  | { ok: true; results: NodeResult[]; outputs: OutputTensor[]; totalMs: number }
  | { ok: false; error: RunError };

/** The runtime API the worker exposes through comlink (and tests call directly in Node). */
export interface RuntimeApi {
  /** Compiles `doc` with `seed` and prepares the executor; later runs reuse it. */
  load(doc: GraphDocument, seed: number): LoadResponse;
  /** Runs the loaded plan on one sample per Input node (keyed by node id, values in NHWC order). */
  run(inputs: Record<string, Float32Array>, onProgress?: (p: RunProgress) => void): RunResponse;
  /** The full feature map of `nodeId` from the last run (null if unknown or not kept). */
  featureMap(nodeId: string): { shape: Shape; data: Float32Array } | null;
}

/** Longest side of a channel in a node thumbnail: about the CSS pixels a channel gets in the 150 px grid. */
export const PREVIEW_SIDE = 48;

/** Full feature maps are kept for the detail view up to this many floats in total (256 MB). */
export const KEEP_LIMIT_FLOATS = 64 * 1024 * 1024;

/**
 * Creates the runtime behind the worker boundary: compile once per document, run many times,
 * copy each step's output (the executor reuses its arena) into per-node results, and return
 * buffers as transferables so nothing large is copied across the boundary.
 */
export function createRuntimeApi(): RuntimeApi {
  let plan: ExecutionPlan | null = null;
  let executor: Executor | null = null;
  let kept = new Map<string, { shape: Shape; data: Float32Array }>();

  return {
    load(doc, seed) {
      const t0 = performance.now();
      plan = null;
      executor = null;
      kept = new Map();
      let compiled: ReturnType<typeof compileGraph>;
      try {
        compiled = compileGraph(doc, { seed });
      } catch (e) {
        return { ok: false, error: { code: 'compile-failed', message: `compiling failed: ${describe(e)}` } };
      }
      if (!compiled.ok) {
        const diagnostics = compiled.diagnostics.map((d) => ({ nodeId: d.nodeId, message: d.message }));
        const message = diagnostics.length > 0 ? `the graph does not compile: ${diagnostics.length} shape error${diagnostics.length === 1 ? '' : 's'}` : compiled.message;
        return { ok: false, error: { code: 'compile-failed', message, nodeId: compiled.nodeId ?? diagnostics[0]?.nodeId, diagnostics } };
      }
      try {
        executor = createExecutor(compiled.plan, compiled.weights);
      } catch (e) {
        return { ok: false, error: { code: 'compile-failed', message: `preparing the kernels failed: ${describe(e)}` } };
      }
      plan = compiled.plan;
      return {
        ok: true,
        inputs: plan.inputs,
        outputs: plan.outputs,
        steps: plan.steps.length,
        totalMacs: plan.totalMacs,
        compileMs: performance.now() - t0,
        kernelNames: [...executor.kernelNames],
      };
    },

    run(inputs, onProgress) {
      if (!plan || !executor) return { ok: false, error: { code: 'not-loaded', message: 'no graph is loaded: load one before running' } };
      const current = plan;
      // Only own entries count (a posted object has Object.prototype: `inputs.constructor` is a
      // function), and the executor gets a prototype-free copy keyed by the plan's Input ids.
      const byNode: Record<string, Float32Array> = Object.create(null);
      for (const input of current.inputs) {
        const data = Object.hasOwn(inputs, input.nodeId) ? inputs[input.nodeId] : undefined;
        const size = sizeOf(input.shape);
        if (!data) return { ok: false, error: { code: 'missing-input', message: `Input ${input.name} has no data`, nodeId: input.nodeId } };
        if (data.length !== size) {
          return { ok: false, error: { code: 'input-size', message: `Input ${input.name} expects ${size} values ([${input.shape.join(', ')}]), got ${data.length}`, nodeId: input.nodeId } };
        }
        byNode[input.nodeId] = data;
      }
      kept = new Map();
      let keptFloats = 0;
      const results: NodeResult[] = [];
      const t0 = performance.now();
      let outcome: RunResult;
      try {
        outcome = executor.run(byNode, 1, {
          onStep(s, output, ms) {
            const size = sizeOf(s.outputShape);
            const view = output.subarray(0, size);
            const channels = s.outputShape.length === 3 ? s.outputShape[2] : 1;
            const keep = keptFloats + size <= KEEP_LIMIT_FLOATS;
            if (keep) {
              kept.set(s.nodeId, { shape: s.outputShape, data: view.slice() });
              keptFloats += size;
            }
            results.push({
              nodeId: s.nodeId,
              name: s.name,
              kind: s.kind,
              shape: s.outputShape,
              ms,
              stats: computeStats(view),
              channelStats: computeChannelStats(view, channels),
              preview: makeFeaturePreview(view, s.outputShape, PREVIEW_SIDE),
              kept: keep,
            });
            onProgress?.({ step: s.index + 1, total: current.steps.length, nodeId: s.nodeId, name: s.name, ms });
          },
        });
      } catch (e) {
        return { ok: false, error: { code: 'run-failed', message: `the run failed: ${describe(e)}` } };
      }
      if (!outcome.ok) return { ok: false, error: { code: 'run-failed', message: outcome.error.message, nodeId: outcome.error.nodeId } };
      const produced = outcome.outputs;
      const outputs: OutputTensor[] = [];
      for (const o of current.outputs) {
        if (!Object.hasOwn(produced, o.nodeId)) return { ok: false, error: { code: 'run-failed', message: `the run gave no output for ${o.name}`, nodeId: o.nodeId } };
        outputs.push({ nodeId: o.nodeId, name: o.name, shape: o.shape, data: produced[o.nodeId] });
      }
      const response: RunResponse = { ok: true, results, outputs, totalMs: performance.now() - t0 };
      return transfer(response, [...outputs.map((o) => o.data.buffer), ...results.map((r) => r.preview.data.buffer)]);
    },

    featureMap(nodeId) {
      const map = kept.get(nodeId);
      if (!map) return null;
      // A copy goes out so the map can be asked for again.
      const data = map.data.slice();
      return transfer({ shape: map.shape, data }, [data.buffer]);
    },
  };
}

function sizeOf(shape: Shape): number {
  return shape.reduce((a, b) => a * b, 1);
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
