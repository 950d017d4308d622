import type { PlanStep } from '../../compile/types';
import type { LayerKind, ParamsByKind } from '../../graph/types';

/** What a training-mode forward pass may draw on: Dropout's masks come from this seeded stream. */
export interface TrainContext { random: () => number }

/**
 * One plan step in training mode. `forward` writes the output for `batch` samples (as a runtime
 * kernel does, but with training behaviour: BatchNorm on batch statistics, Dropout masks).
 * `backward` runs after the loss, with the same inputs and output still in the arena:
 * - it ADDS each input's gradient into `dInputs[k]` (a branch point sums the gradients of all its
 *   readers; the trainer zeroes them first); `dInputs[k]` is null when nothing upstream trains;
 * - it ADDS the weight gradients into `grads[name]` (batch sums of the mean loss's gradient);
 * - it may overwrite `dOutput` (it is its last reader), e.g. with the activation's derivative.
 * `reload` is called after the optimizer changed the weights, for ops that pack them.
 */
export interface TrainableOp {
  readonly name: string;
  forward(inputs: readonly Float32Array[], batch: number, output: Float32Array, ctx: TrainContext): void;
  backward(
    inputs: readonly Float32Array[], output: Float32Array, dOutput: Float32Array,
    dInputs: readonly (Float32Array | null)[], grads: Record<string, Float32Array>, batch: number,
  ): void;
  reload?(): void;
}

/**
 * What a backward factory gets: the plan step, its checked params, its weight tensors (live:
 * the optimizer updates them in place) and `logits`: the step is the graph output and the loss
 * applies its final softmax or sigmoid itself (fused, numerically stable), so the op leaves it out.
 */
export interface BackwardSpec<K extends LayerKind> {
  step: PlanStep;
  params: ParamsByKind[K];
  weights: Record<string, Float32Array>;
  logits: boolean;
}

export type BackwardFactory<K extends LayerKind> = (spec: BackwardSpec<K>) => TrainableOp;
