import { ALPHA_DEFAULTS, type ActivationFn } from '../../graph/types';
import type { KerasLayer, KerasValue, NotExpressible } from './kerasLayer';

/**
 * Activation names that Keras and tfjs-layers both read as a layer's `activation` argument and
 * compute as we do (tfjs' gelu is the erf form, swish is x * sigmoid(x)).
 */
const BY_NAME: Partial<Record<ActivationFn, string>> = {
  linear: 'linear', relu: 'relu', sigmoid: 'sigmoid', tanh: 'tanh', softmax: 'softmax',
  elu: 'elu', gelu: 'gelu', silu: 'swish', softplus: 'softplus',
};

/** Why the others have no Keras form that tfjs-layers loads, and what to use instead. */
const REFUSED: Partial<Record<ActivationFn, string>> = {
  geluTanh: "Keras names only the exact gelu (its tanh approximation is not an activation name tfjs-layers and Keras share): use gelu",
  hardSigmoid: "Keras 2 and tfjs-layers' hard_sigmoid is clip(0.2x + 0.5, 0, 1), not our relu6(x + 3) / 6: use sigmoid",
  hardSwish: 'tfjs-layers has no hard_swish (Keras builds it from TensorFlow ops that tfjs-layers cannot load): use silu',
};

/** An activation as its own layer: `Activation('relu')`, or LeakyReLU / ReLU(max_value) for those with a parameter. */
export function activationLayer(fn: ActivationFn, alpha: number | undefined, name: string, input: string): KerasLayer | NotExpressible {
  const refused = REFUSED[fn];
  if (refused) return { unsupported: `activation ${fn}: ${refused}` };
  const layer = (className: string, args: Record<string, KerasValue>): KerasLayer => ({ className, name, args, inputs: [input], weights: [] });
  if (fn === 'leakyRelu') return layer('LeakyReLU', { alpha: alpha ?? ALPHA_DEFAULTS.leakyRelu });
  if (fn === 'relu6') return layer('ReLU', { max_value: 6 });
  if (fn === 'elu' && alpha !== undefined && alpha !== ALPHA_DEFAULTS.elu) return { unsupported: `elu with alpha ${alpha}: tfjs-layers' ELU takes only alpha 1: use alpha 1, or leakyRelu` };
  return layer('Activation', { activation: BY_NAME[fn]! });
}

/**
 * A producer's fused activation: the `activation` argument when Keras has the name, else
 * 'linear' and a separate activation layer after it (`conv1_act`), which computes the same.
 */
export function fusedActivation(fn: ActivationFn): { activation: string; after: ((name: string, input: string) => KerasLayer | NotExpressible) | null } {
  const named = BY_NAME[fn];
  if (named) return { activation: named, after: null };
  return { activation: 'linear', after: (name, input) => activationLayer(fn, undefined, name, input) };
}
