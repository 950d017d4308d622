import { ALPHA_DEFAULTS, type ActivationFn } from '../graph/types';
import type { ConvGeometry } from '../shape/types';
import { planArena, type BufferLifetime } from './planArena';
import type { BufferId, ExecutionPlan, PlanStep, PlanWeights, WeightSpec } from './types';

/** Kinds whose kernel applies a bias and an activation in its write-out, and the name of their kernel weight. */
const PRODUCERS = { Conv2D: 'kernel', DepthwiseConv2D: 'depthwiseKernel', Dense: 'kernel' } as const;
type Producer = keyof typeof PRODUCERS;

/** What one fused step absorbed: the nodes whose work now happens in its epilogue. */
export interface Fusion { nodeId: string; absorbed: { nodeId: string; kind: 'BatchNorm' | 'Activation' | 'MaxPool2D' }[] }

/**
 * Fuses what follows a Conv2D, DepthwiseConv2D or Dense into its epilogue, for inference:
 * - a BatchNorm is folded into the weights (kernel[..., co] * s, bias * s + beta - mean * s with
 *   s = gamma / sqrt(var + epsilon)), while the producer's activation is still linear;
 * - then an Activation becomes the producer's fused activation (element-wise ones, default alpha);
 * - last, a 2x2 stride-2 unpadded MaxPool2D after a Conv2D (groups 1) becomes its kernel's epilogue.
 * A node is absorbed only when its input is read by nothing else and is no output of the plan, so
 * every value another node or the caller sees is unchanged. The fused step keeps the producer's
 * node id and writes the last absorbed node's output; buffers and the arena are planned again.
 * The steps' own outputs (feature maps of the absorbed nodes) are gone: use it where only the
 * outputs matter (the CLI's run, the benchmark), not where every node's map is shown.
 */
export function fuseEpilogues(plan: ExecutionPlan, weights: PlanWeights): { plan: ExecutionPlan; weights: PlanWeights; fusions: Fusion[] } {
  const readers = new Map<BufferId, number>();
  for (const s of plan.steps) for (const b of s.inputBuffers) readers.set(b, (readers.get(b) ?? 0) + 1);
  for (const o of plan.outputs) readers.set(o.buffer, (readers.get(o.buffer) ?? 0) + 2);
  const byInput = new Map<BufferId, PlanStep>();
  for (const s of plan.steps) if (s.inputBuffers.length === 1 && s.outputBuffer !== s.inputBuffers[0]) byInput.set(s.inputBuffers[0], s);

  const absorbed = new Set<number>();
  const replaced = new Map<number, PlanStep>();
  const newWeights: PlanWeights = { ...weights };
  const fusions: Fusion[] = [];
  for (const step of plan.steps) {
    if (!Object.hasOwn(PRODUCERS, step.kind) || absorbed.has(step.index)) continue;
    let current = step as PlanStep & { kind: Producer };
    const fusion: Fusion = { nodeId: step.nodeId, absorbed: [] };
    for (;;) {
      const next = readers.get(current.outputBuffer) === 1 ? byInput.get(current.outputBuffer) : undefined;
      if (!next) break;
      if (next.kind === 'BatchNorm' && current.params.activation === 'linear') {
        newWeights[step.nodeId] = foldBatchNorm(current, newWeights[step.nodeId], weights[next.nodeId], next.params.epsilon);
        current = withEpilogue(current, next, { useBias: true }, withBias(current.weights, current.outputShape));
        fusion.absorbed.push({ nodeId: next.nodeId, kind: 'BatchNorm' });
      } else if (next.kind === 'Activation' && current.params.activation === 'linear' && fusesAsActivation(next.params.fn, next.params.alpha)) {
        current = withEpilogue(current, next, { activation: next.params.fn }, current.weights);
        fusion.absorbed.push({ nodeId: next.nodeId, kind: 'Activation' });
      } else if (next.kind === 'MaxPool2D' && current.kind === 'Conv2D' && current.params.groups === 1 && isPlainMaxPool2x2(next.geometry)) {
        current = { ...withEpilogue(current, next, {}, current.weights), epiloguePool: next.geometry };
        fusion.absorbed.push({ nodeId: next.nodeId, kind: 'MaxPool2D' });
        absorbed.add(next.index);
        break; // the pooled map is the step's output: nothing folds after a pool
      } else {
        break;
      }
      absorbed.add(next.index);
    }
    if (fusion.absorbed.length > 0) {
      replaced.set(step.index, current);
      fusions.push(fusion);
    }
  }
  if (fusions.length === 0) return { plan, weights, fusions };
  return { plan: replan(plan, plan.steps.filter((s) => !absorbed.has(s.index)).map((s) => replaced.get(s.index) ?? s)), weights: newWeights, fusions };
}

/** A 2x2 window, stride 2, no padding or dilation: LeNet's and VGG's pools. */
function isPlainMaxPool2x2(g: ConvGeometry | undefined): g is ConvGeometry {
  return !!g && g.kH === 2 && g.kW === 2 && g.strideH === 2 && g.strideW === 2 && g.dilationH === 1 && g.dilationW === 1
    && g.padTop === 0 && g.padBottom === 0 && g.padLeft === 0 && g.padRight === 0;
}

/** An element-wise activation the producers' kernels apply with their default alpha. */
function fusesAsActivation(fn: ActivationFn, alpha: number | undefined): boolean {
  if (fn === 'softmax') return false;
  return alpha === undefined || !Object.hasOwn(ALPHA_DEFAULTS, fn) || alpha === ALPHA_DEFAULTS[fn as keyof typeof ALPHA_DEFAULTS];
}

function withBias(specs: WeightSpec[], outputShape: readonly number[]): WeightSpec[] {
  if (specs.some((w) => w.name === 'bias')) return specs;
  return [...specs, { name: 'bias', shape: [outputShape[outputShape.length - 1]] }];
}

/** The producer step now ending where `next` ended, with `params` changed. */
function withEpilogue<S extends PlanStep & { kind: Producer }>(step: S, next: PlanStep, params: Partial<S['params']>, weights: WeightSpec[]): S {
  return { ...step, params: { ...step.params, ...params }, outputShape: next.outputShape, outputBuffer: next.outputBuffer, weights, macs: step.macs + next.macs };
}

/** The producer's kernel and bias with the BatchNorm folded in (float64 arithmetic, stored as float32). */
function foldBatchNorm(step: PlanStep & { kind: Producer }, own: Record<string, Float32Array>, bn: Record<string, Float32Array>, epsilon: number): Record<string, Float32Array> {
  const name = PRODUCERS[step.kind];
  const kernel = own[name];
  const channels = bn.gamma.length;
  const scale = new Float64Array(channels);
  for (let c = 0; c < channels; c++) scale[c] = bn.gamma[c] / Math.sqrt(bn.movingVariance[c] + epsilon);
  const folded = new Float32Array(kernel.length);
  // Every producer's kernel has the output channel on its last axis (depthwise: [.., cin, dm] = cin * dm channels).
  for (let i = 0; i < kernel.length; i++) folded[i] = kernel[i] * scale[i % channels];
  const bias = new Float32Array(channels);
  const before = step.params.useBias ? own.bias : null;
  for (let c = 0; c < channels; c++) bias[c] = ((before ? before[c] : 0) - bn.movingMean[c]) * scale[c] + bn.beta[c];
  return { ...own, [name]: folded, bias };
}

/** The plan with `steps` (renumbered), its buffers' lifetimes measured again and the arena re-planned. */
function replan(plan: ExecutionPlan, kept: PlanStep[]): ExecutionPlan {
  const ids = new Map<BufferId, BufferId>();
  const lifetimes: BufferLifetime[] = [];
  const steps = kept.map((s, index) => {
    const inputBuffers = s.inputBuffers.map((b) => ids.get(b)!);
    for (const b of inputBuffers) lifetimes[b].lastStep = Math.max(lifetimes[b].lastStep, index);
    if (!ids.has(s.outputBuffer)) {
      ids.set(s.outputBuffer, lifetimes.length);
      lifetimes.push({ sizeElements: plan.buffers[s.outputBuffer].sizeElements, firstStep: index, lastStep: index });
    }
    return { ...s, index, inputBuffers, outputBuffer: ids.get(s.outputBuffer)! } as PlanStep;
  });
  const last = steps.length - 1;
  const outputs = plan.outputs.map((o) => ({ ...o, buffer: ids.get(o.buffer)! }));
  const inputs = plan.inputs.map((i) => ({ ...i, buffer: ids.get(i.buffer)! }));
  for (const o of outputs) lifetimes[o.buffer].lastStep = last;
  const layout = planArena(lifetimes);
  return {
    ...plan,
    steps,
    inputs,
    outputs,
    buffers: lifetimes.map((l, id) => ({ id, offsetElements: layout.offsets[id], ...l })),
    arenaElements: layout.arenaElements,
    peakArenaBytes: 4 * layout.arenaElements,
    peakLiveBytes: 4 * layout.peakLiveElements,
  };
}
