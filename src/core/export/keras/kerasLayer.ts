import type { PlanStepOf } from '../../compile/types';
import type { LayerKind } from '../../graph/types';

/** A value of a Keras layer argument: what both model.json's config and model.py's call hold. */
export type KerasValue = number | string | boolean | null | readonly KerasValue[];

/** A float32 weight of a Keras layer, named as Keras names it (`kernel`, `moving_mean`). */
export interface KerasWeight { name: string; shape: readonly number[]; values: () => Float32Array }

/**
 * One Keras layer: its class, its arguments (snake_case, exactly as the config and the Python
 * call write them, `name` aside), the layers it reads and its weights in Keras' own order (the
 * order `get_weights()` returns and `set_weights()` takes).
 */
export interface KerasLayer {
  className: string;
  name: string;
  args: Record<string, KerasValue>;
  inputs: string[];
  weights: KerasWeight[];
  /** Why this layer is written the way it is, for the comment beside it in model.py. */
  note?: string;
}

/** A layer the target cannot express, and what to use instead. */
export interface NotExpressible { unsupported: string }

/** What a mapping gets: the plan step, the node's Keras name, its inputs' layer names, its weights. */
export interface KerasContext<K extends LayerKind> {
  step: PlanStepOf<K>;
  name: string;
  inputs: string[];
  weight(name: string): Float32Array;
  /** A fresh layer name for a helper layer of this node (`conv1_pad`), unique in the model. */
  helperName(suffix: string): string;
  /** True when every value of input k is >= 0 (after a ReLU, a sigmoid...), so zero padding cannot win a max. */
  nonNegative(k: number): boolean;
}

/**
 * The Keras layers of one node, in call order: the last one's output is the node's output.
 * Most nodes are one layer; a helper (a ZeroPadding2D before a convolution, an activation
 * layer after one) takes a name derived from the node's.
 */
export type KerasMapping<K extends LayerKind> = (ctx: KerasContext<K>) => KerasLayer[] | NotExpressible;

/** A pair as Keras' config lists it: [rows, cols]. */
export function pairOf(a: number, b: number): [number, number] {
  return [a, b];
}
