import type { LayerKind, ParamsByKind, Shape } from '../graph/types';
import type { ConvGeometry, Diagnostic } from '../shape/types';

/** Index into `ExecutionPlan.buffers`. */
export type BufferId = number;

/**
 * One activation tensor in the arena, sized per sample. The executor lays the arena out for a
 * batch by multiplying offsets and sizes by the batch, which keeps non-overlapping buffers apart.
 * `firstStep`..`lastStep` is its lifetime: written at `firstStep`, last read at `lastStep`
 * (the final step for plan outputs, which are read after the run).
 */
export interface PlanBuffer {
  id: BufferId;
  offsetElements: number;
  sizeElements: number;
  firstStep: number;
  lastStep: number;
}

/** A named weight tensor a step needs, e.g. `{ name: 'kernel', shape: [5, 5, 1, 6] }`. */
export interface WeightSpec { name: string; shape: Shape }

/**
 * One node of the graph in execution order, with the kind's checked params. `kernelName` names the
 * kernel family the executor prepares (the kind in lower case: `conv2d`, `dense`, ...), `input` for
 * an Input (the caller's data is copied in) or `alias` for kinds whose output is their input's
 * buffer (Flatten: NHWC flattening is a no-op; Dropout: the identity at inference).
 */
export interface PlanStepOf<K extends LayerKind> {
  index: number;
  nodeId: string;
  name: string;
  kind: K;
  params: ParamsByKind[K];
  kernelName: string;
  inputShapes: Shape[];
  outputShape: Shape;
  geometry?: ConvGeometry;
  /** A Conv2D whose kernel also max-pools its output (set by fuseEpilogues): the pool's geometry. */
  epiloguePool?: ConvGeometry;
  inputBuffers: BufferId[];
  outputBuffer: BufferId;
  weights: WeightSpec[];
  macs: number;
}

/** A plan step of any kind; `step.kind === 'Dense'` narrows `step.params` to DenseParams. */
export type PlanStep = { [K in LayerKind]: PlanStepOf<K> }[LayerKind];

/** An Input node or an output node (a node no other node reads) of the plan. */
export interface PlanTensor { nodeId: string; name: string; shape: Shape; buffer: BufferId }

/**
 * What the executor runs: steps in topological order, the buffers they read and write, and the
 * arena size. `peakArenaBytes` is the arena per sample in float32 bytes; `naiveBytes` is what one
 * buffer per node would take (the sum of all activations); `peakLiveBytes` is the largest total
 * of simultaneously live buffers, the lower bound any allocator can reach.
 */
export interface ExecutionPlan {
  steps: PlanStep[];
  inputs: PlanTensor[];
  outputs: PlanTensor[];
  buffers: PlanBuffer[];
  arenaElements: number;
  peakArenaBytes: number;
  peakLiveBytes: number;
  naiveBytes: number;
  totalMacs: number;
  seed: number;
}

/** Weight values per node id, per weight name; each the float32 of its WeightSpec shape. */
export type PlanWeights = Record<string, Record<string, Float32Array>>;

/** Why a graph did not compile; 'internal' is a bug reported as a value so callers never see a throw. */
export type CompileErrorCode = 'shape-errors' | 'too-much-memory' | 'no-input' | 'invalid-weights' | 'internal';

export type CompileResult =
  | { ok: true; plan: ExecutionPlan; weights: PlanWeights }
  | { ok: false; code: CompileErrorCode; message: string; diagnostics: Diagnostic[]; nodeId?: string };
