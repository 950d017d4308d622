import type { GraphDocument, LayerKind, ParamsByKind, Shape } from '../graph/types';
import { getLayer } from '../layers/registry';
import { inferShapes } from '../shape/inferShapes';
import type { GraphInference, NodeInference } from '../shape/types';
import { planArena, type BufferLifetime } from './planArena';
import type { BufferId, CompileResult, ExecutionPlan, PlanStep, PlanTensor, StepOp, WeightSpec } from './types';
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
    return { ok: false, code: 'internal', message: `compiling failed: ${e instanceof Error ? e.message : String(e)}`, diagnostics: [] };
  }
}

export type BuildPlanResult = { ok: true; plan: ExecutionPlan } | Extract<CompileResult, { ok: false }>;

/** The plan without weights: order, kernels, buffers and the arena layout (cheap; no weight values). */
export function buildPlan(doc: GraphDocument, seed = DEFAULT_SEED): BuildPlanResult {
  let inference: GraphInference;
  try {
    inference = inferShapes(doc);
  } catch (e) {
    // inferShapes reports problems as diagnostics; a throw is a bug, still not the caller's crash.
    const message = `shape inference failed: ${e instanceof Error ? e.message : String(e)}`;
    return { ok: false, code: 'shape-errors', message, diagnostics: [] };
  }
  const errors = inference.diagnostics.filter((d) => d.severity === 'error');
  if (inference.hasErrors || errors.length > 0) {
    const shown = errors.slice(0, 3).map((d) => d.message).join('; ');
    const more = errors.length > 3 ? ` (and ${errors.length - 3} more)` : '';
    return { ok: false, code: 'shape-errors', message: `the graph has ${errors.length} shape error(s): ${shown}${more}`, diagnostics: errors };
  }
  const nodes = inference.order.map((id) => inference.nodes.get(id)).filter((n): n is NodeInference => n !== undefined);
  if (!nodes.some((n) => n.kind === 'Input')) {
    return { ok: false, code: 'no-input', message: 'the graph has no Input node to feed data into', diagnostics: [] };
  }
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const readers = new Map<string, number>();
  for (const n of nodes) for (const src of n.inputIds) readers.set(src, (readers.get(src) ?? 0) + 1);

  const steps: PlanStep[] = [];
  const bufferOf = new Map<string, BufferId>();
  const lifetimes: BufferLifetime[] = [];
  for (const n of nodes) {
    const index = steps.length;
    const kind = n.kind as LayerKind;
    const layer = getLayer(kind);
    const raw = byId.get(n.id)?.params ?? {};
    const checked = layer?.validateParams(raw);
    if (!layer || !checked?.ok || !n.outputShape || n.inputShapes.some((s) => s === null)) {
      // Inference reported no error, so this is an internal inconsistency: say which node.
      const message = `${n.name}: ${n.kind} has no usable shape or params although inference reported no error`;
      return { ok: false, code: 'shape-errors', message, diagnostics: [], nodeId: n.id };
    }
    const inputShapes = n.inputShapes as Shape[];
    const op = toStepOp(kind, checked.params);
    const inputBuffers = n.inputIds.map((id) => bufferOf.get(id) as BufferId);
    for (const b of inputBuffers) lifetimes[b].lastStep = Math.max(lifetimes[b].lastStep, index);
    let outputBuffer: BufferId;
    if (isAlias(kind)) {
      outputBuffer = inputBuffers[0];
    } else {
      outputBuffer = lifetimes.length;
      lifetimes.push({ sizeElements: sizeOf(n.outputShape), firstStep: index, lastStep: index });
    }
    bufferOf.set(n.id, outputBuffer);
    const weights: WeightSpec[] = Object.entries(layer.weightShapes(inputShapes[0] ?? n.outputShape, checked.params)).map(
      ([name, shape]) => ({ name, shape }),
    );
    steps.push({
      index,
      nodeId: n.id,
      name: n.name,
      kind,
      op,
      kernelName: kernelNameOf(kind),
      inputShapes,
      outputShape: n.outputShape,
      ...(n.geometry ? { geometry: n.geometry } : {}),
      inputBuffers,
      outputBuffer,
      weights,
      macs: n.macs,
    });
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

/** Flatten (NHWC flattening keeps the memory order) and Dropout (identity at inference) copy nothing. */
function isAlias(kind: LayerKind): boolean {
  return kind === 'Flatten' || kind === 'Dropout';
}

function toStepOp(kind: LayerKind, params: ParamsByKind[LayerKind]): StepOp {
  switch (kind) {
    case 'Input':
      return { kind };
    case 'Conv2D': {
      const p = params as ParamsByKind['Conv2D'];
      return { kind, activation: p.activation, useBias: p.useBias };
    }
    case 'MaxPool2D':
    case 'AvgPool2D':
    case 'GlobalAvgPool2D':
    case 'Flatten':
    case 'Add':
    case 'Concatenate':
      return { kind };
    case 'Dense': {
      const p = params as ParamsByKind['Dense'];
      return { kind, units: p.units, activation: p.activation, useBias: p.useBias };
    }
    case 'Activation': {
      const p = params as ParamsByKind['Activation'];
      return p.alpha === undefined ? { kind, fn: p.fn } : { kind, fn: p.fn, alpha: p.alpha };
    }
    case 'Dropout':
      return { kind, rate: (params as ParamsByKind['Dropout']).rate };
    case 'BatchNorm':
      return { kind, epsilon: (params as ParamsByKind['BatchNorm']).epsilon };
  }
}

/** The kernel family a step runs; the executor reports the prepared kernel's exact variant. */
function kernelNameOf(kind: LayerKind): string {
  switch (kind) {
    case 'Input':
      return 'input';
    case 'Flatten':
    case 'Dropout':
      return 'alias';
    case 'Conv2D':
      return 'conv2d';
    case 'MaxPool2D':
      return 'maxpool2d';
    case 'AvgPool2D':
      return 'avgpool2d';
    case 'GlobalAvgPool2D':
      return 'globalavgpool2d';
    case 'Dense':
      return 'dense';
    case 'Activation':
      return 'activation';
    case 'BatchNorm':
      return 'batchnorm';
    case 'Add':
      return 'add';
    case 'Concatenate':
      return 'concatenate';
  }
}

function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
