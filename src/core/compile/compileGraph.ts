import { assert, InternalError } from '../assert';
import type { GraphDocument, LayerKind, Shape } from '../graph/types';
import { getLayer } from '../layers/registry';
import { inferShapes } from '../shape/inferShapes';
import type { GraphInference, NodeInference } from '../shape/types';
import { planArena, type BufferLifetime } from './planArena';
import type { BufferId, CompileResult, ExecutionPlan, PlanStep, PlanTensor, WeightSpec } from './types';
import { resolveWeights } from './weights';

/** Options of compileGraph: `seed` drives the initialiser of weights the document does not carry. */
export interface CompileOptions { seed?: number }

/** The default initialiser seed. */
export const DEFAULT_SEED = 0;

/**
 * Compiles a graph document into an execution plan plus its weights. Never throws.
 *
 * Refused (ok: false): shape errors (the diagnostics are returned), no Input node, and document
 * weights that do not fit their layer. Several Input nodes are allowed; the plan outputs are the
 * nodes no other node reads, so a graph may have several outputs.
 */
export function compileGraph(doc: GraphDocument, opts: CompileOptions = {}): CompileResult {
  const seed = opts.seed ?? DEFAULT_SEED;
  try {
    const built = buildPlan(doc, seed);
    if (!built.ok) return built;
    const resolved = resolveWeights(built.plan.steps, doc.weights, seed);
    if (!resolved.ok) {
      return { ok: false, code: 'invalid-weights', message: resolved.message, diagnostics: [], nodeId: resolved.nodeId };
    }
    return { ok: true, plan: built.plan, weights: resolved.weights };
  } catch (e) {
    // Only a bug lands here (or memory running out on a huge model): still a value, not a crash.
    return internalFailure('compiling failed', e);
  }
}

function internalFailure(what: string, e: unknown): Extract<CompileResult, { ok: false }> {
  const detail = e instanceof Error ? e.message : String(e);
  return { ok: false, code: 'internal', message: `${what}: ${e instanceof InternalError ? `internal error: ${detail}` : detail}`, diagnostics: [] };
}

export type BuildPlanResult = { ok: true; plan: ExecutionPlan } | Extract<CompileResult, { ok: false }>;

/** The plan without weights: order, kernels, buffers and the arena layout (cheap; no weight values). */
export function buildPlan(doc: GraphDocument, seed = DEFAULT_SEED): BuildPlanResult {
  let inference: GraphInference;
  try {
    inference = inferShapes(doc);
  } catch (e) {
    // inferShapes reports problems as diagnostics; a throw is a bug, still not the caller's crash.
    return internalFailure('shape inference failed', e);
  }
  const errors = inference.diagnostics.filter((d) => d.severity === 'error');
  // Too big to run is not a shape error: refused here, before resolveWeights allocates anything.
  if (errors.length > 0 && errors.every((d) => d.code === 'run-memory-too-large')) {
    return { ok: false, code: 'too-much-memory', message: errors[0].message, diagnostics: [], nodeId: errors[0].nodeId };
  }
  if (inference.hasErrors || errors.length > 0) {
    const shown = errors.slice(0, 3).map((d) => d.message).join('; ');
    const more = errors.length > 3 ? ` (and ${errors.length - 3} more)` : '';
    return { ok: false, code: 'shape-errors', message: `the graph has ${errors.length} shape error(s): ${shown}${more}`, diagnostics: errors };
  }
  const nodes = inference.order.map((id) => inference.nodes.get(id)).filter((n): n is NodeInference => n !== undefined);
  if (!nodes.some((n) => n.kind === 'Input')) {
    return { ok: false, code: 'no-input', message: 'the graph has no Input node to feed data into', diagnostics: [] };
  }
  const readers = new Map<string, number>();
  for (const n of nodes) for (const src of n.inputIds) readers.set(src, (readers.get(src) ?? 0) + 1);

  const steps: PlanStep[] = [];
  const bufferOf = new Map<string, BufferId>();
  const lifetimes: BufferLifetime[] = [];
  for (const n of nodes) {
    const index = steps.length;
    const layer = getLayer(n.kind);
    const { params, outputShape } = n;
    // Inference reported no error, so a node without a shape or params is a bug here: say which.
    assert(layer && params && outputShape && n.inputShapes.every((s) => s !== null),
      () => `${n.name}: ${n.kind} has no usable shape or params although inference reported no error`);
    const kind = n.kind as LayerKind;
    const inputShapes = n.inputShapes as Shape[];
    const inputBuffers = n.inputIds.map((id) => bufferOf.get(id) as BufferId);
    for (const b of inputBuffers) lifetimes[b].lastStep = Math.max(lifetimes[b].lastStep, index);
    let outputBuffer: BufferId;
    if (layer.aliasesInput) {
      outputBuffer = inputBuffers[0];
    } else {
      outputBuffer = lifetimes.length;
      lifetimes.push({ sizeElements: sizeOf(outputShape), firstStep: index, lastStep: index });
    }
    bufferOf.set(n.id, outputBuffer);
    const weights: WeightSpec[] = Object.entries(layer.weightShapes(inputShapes[0] ?? outputShape, params)).map(
      ([name, shape]) => ({ name, shape }),
    );
    steps.push({
      index,
      nodeId: n.id,
      name: n.name,
      kind,
      params,
      kernelName: kind === 'Input' ? 'input' : layer.aliasesInput ? 'alias' : kind.toLowerCase(),
      inputShapes,
      outputShape,
      ...(n.geometry ? { geometry: n.geometry } : {}),
      inputBuffers,
      outputBuffer,
      weights,
      macs: n.macs,
    } as PlanStep);
  }
  const lastIndex = steps.length - 1;
  const tensorOf = (s: PlanStep): PlanTensor => ({ nodeId: s.nodeId, name: s.name, shape: s.outputShape, buffer: s.outputBuffer });
  const inputs = steps.filter((s) => s.kind === 'Input').map(tensorOf);
  const outputs = steps.filter((s) => !readers.has(s.nodeId)).map(tensorOf);
  // Outputs are copied out after the last step, so nothing may reuse their space before then.
  for (const o of outputs) lifetimes[o.buffer].lastStep = lastIndex;

  const layout = planArena(lifetimes);
  const buffers = lifetimes.map((l, id) => ({ id, offsetElements: layout.offsets[id], ...l }));
  const naiveElements = steps.reduce((sum, s) => sum + sizeOf(s.outputShape), 0);
  const plan: ExecutionPlan = {
    steps,
    inputs,
    outputs,
    buffers,
    arenaElements: layout.arenaElements,
    peakArenaBytes: 4 * layout.arenaElements,
    peakLiveBytes: 4 * layout.peakLiveElements,
    naiveBytes: 4 * naiveElements,
    totalMacs: steps.reduce((sum, s) => sum + s.macs, 0),
    seed,
  };
  return { ok: true, plan };
}

function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
