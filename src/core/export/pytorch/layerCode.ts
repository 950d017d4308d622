import type { PlanStepOf } from '../../compile/types';
import type { ActivationFn, LayerKind, Pair } from '../../graph/types';

/** A tensor of the state dict: key, dtype, shape and values (float32, or int64 as numbers). */
export interface StateTensor { key: string; dtype: 'F32' | 'I64'; shape: readonly number[]; values: () => Float32Array | BigInt64Array }

/**
 * How train.py maps a state-dict tensor back onto the graph's weight (the inverse of the export):
 * `oihw` PyTorch [o, i, h, w] (or ConvTranspose [i, o, h, w]) -> permute(2, 3, 1, 0); `linear` [out, in]
 * -> transpose; `linear_chw` a Linear after a Flatten of [h, w, c]; `depthwise` [c*m, 1, h, w] -> [h, w, c, m];
 * `vector`, and `vector_chw` for a BatchNorm after such a Flatten.
 */
export interface WeightBack { nodeId: string; weight: string; key: string; layout: 'oihw' | 'linear' | 'linear_chw' | 'depthwise' | 'vector' | 'vector_chw'; args: number[] }

/** The PyTorch code of one layer: `__init__` lines, the forward expression, its state. */
export interface LayerCode {
  init: string[];
  /** The expression whose value is the layer's output (assigned to the layer's variable). */
  forward: string;
  /** A note for the forward line's comment, after the shape. */
  note?: string;
  state: StateTensor[];
  back: WeightBack[];
  /** Helper classes the code uses (emitted once above Model). */
  helpers?: string[];
}

/** A layer the target cannot express, and what to use instead. */
export interface NotExpressible { unsupported: string }

/** What an emitter gets: the plan step, the layer's Python name, its inputs' variables, its weights. */
export interface EmitContext<K extends LayerKind> {
  step: PlanStepOf<K>;
  name: string;
  inputs: string[];
  weight(name: string): Float32Array;
  /** [h, w, c] when input k is a vector in PyTorch's flatten order (channel-major) of an [h, w, c] map. */
  flattenedFrom(k: number): readonly [number, number, number] | null;
  /** For a Flatten: true when its readers take PyTorch's order (weights reordered), so no permute is emitted. */
  absorbsOrder: boolean;
}

export type Emitter<K extends LayerKind> = (ctx: EmitContext<K>) => LayerCode | NotExpressible;

/** A pair as Python writes it: `3` for [3, 3], `(3, 5)` otherwise. */
export function formatPair(a: number, b: number): string {
  return a === b ? String(a) : `(${a}, ${b})`;
}

export function pairValues(p: Pair): [number, number] {
  return typeof p === 'number' ? [p, p] : [p[0], p[1]];
}

/** A float as Python reads it back exactly enough (12 significant digits: 1 - 0.99 is 0.01). */
export function formatFloat(x: number): string {
  const text = String(Number(x.toPrecision(12)));
  return /^-?\d+$/.test(text) ? `${text}.0` : text;
}

const FUNCTIONAL: Record<ActivationFn, (x: string, alpha: number | undefined) => string> = {
  linear: (x) => x,
  relu: (x) => `F.relu(${x})`,
  sigmoid: (x) => `torch.sigmoid(${x})`,
  tanh: (x) => `torch.tanh(${x})`,
  // The class dimension: channels are dim 1 in NCHW, and a vector's features are dim 1 too.
  softmax: (x) => `F.softmax(${x}, dim=1)`,
  leakyRelu: (x, a) => `F.leaky_relu(${x}, ${formatFloat(a ?? 0.2)})`,
  relu6: (x) => `F.relu6(${x})`,
  elu: (x, a) => `F.elu(${x}, ${formatFloat(a ?? 1)})`,
  gelu: (x) => `F.gelu(${x})`,
  geluTanh: (x) => `F.gelu(${x}, approximate='tanh')`,
  silu: (x) => `F.silu(${x})`,
  hardSigmoid: (x) => `F.hardsigmoid(${x})`,
  hardSwish: (x) => `F.hardswish(${x})`,
  softplus: (x) => `F.softplus(${x})`,
};

/** A fused activation around an expression (`F.relu(self.c1(x))`); the defaults' alpha (0.2, 1). */
export function applyActivation(fn: ActivationFn, expr: string, alpha?: number): string {
  return FUNCTIONAL[fn](expr, alpha);
}

const MODULES: Record<ActivationFn, (alpha: number | undefined) => string> = {
  linear: () => 'nn.Identity()',
  relu: () => 'nn.ReLU()',
  sigmoid: () => 'nn.Sigmoid()',
  tanh: () => 'nn.Tanh()',
  softmax: () => 'nn.Softmax(dim=1)',
  leakyRelu: (a) => `nn.LeakyReLU(${formatFloat(a ?? 0.2)})`,
  relu6: () => 'nn.ReLU6()',
  elu: (a) => `nn.ELU(${formatFloat(a ?? 1)})`,
  gelu: () => 'nn.GELU()',
  geluTanh: () => "nn.GELU(approximate='tanh')",
  silu: () => 'nn.SiLU()',
  hardSigmoid: () => 'nn.Hardsigmoid()',
  hardSwish: () => 'nn.Hardswish()',
  softplus: () => 'nn.Softplus()',
};

/** The torch.nn module of an Activation layer (`nn.LeakyReLU(0.3)`). */
export function activationModule(fn: ActivationFn, alpha?: number): string {
  return MODULES[fn](alpha);
}
