import { ALPHA_DEFAULTS, type ActivationParams, type ActivationWithAlpha } from '../graph/types';
import type { FieldError, LayerDefinition } from './layerTypes';
import { readActivation, readNumber } from './paramReaders';

/** The largest alpha accepted: a leaky slope or elu scale beyond it is a typo, not a model. */
const MAX_ALPHA = 100;

function takesAlpha(fn: string): fn is ActivationWithAlpha {
  return Object.hasOwn(ALPHA_DEFAULTS, fn);
}

/**
 * Activation: elementwise fn; softmax is over the last axis (channels, or the vector). Shape
 * unchanged. `alpha` (leakyRelu's slope, elu's scale) is kept in the checked params only for those
 * two, filled with its default when absent; other functions ignore it.
 */
export const activation: LayerDefinition<'Activation'> = {
  kind: 'Activation',
  category: 'Core',
  hint: 'relu, tanh, sigmoid, softmax, …',
  fields: [
    { field: 'fn', label: 'Function', control: 'activation' },
    { field: 'alpha', label: 'Alpha', control: 'float', hint: 'leakyRelu slope (empty: 0.2) or elu scale (empty: 1); other functions ignore it' },
  ],
  activationField: 'fn',
  arity: { min: 1, max: 1 },
  nonTrainableWeights: [],
  defaultParams: () => ({ fn: 'relu' }),
  validateParams(raw) {
    const errors: FieldError[] = [];
    const fn = readActivation(raw, 'fn', 'relu', errors);
    const alpha = readNumber(raw, 'alpha', 0, MAX_ALPHA, takesAlpha(fn) ? ALPHA_DEFAULTS[fn] : 0, errors);
    if (errors.length > 0) return { ok: false, errors };
    const params: ActivationParams = takesAlpha(fn) ? { fn, alpha } : { fn };
    return { ok: true, params };
  },
  inferOutput: ([input]) => ({ ok: true, shape: input, trainableParams: 0, nonTrainableParams: 0, macs: 0, diagnostics: [] }),
  describeParams: (p) => (p.alpha === undefined ? p.fn : `${p.fn} · alpha ${p.alpha}`),
  weightShapes: () => ({}),
  receptiveField: () => ({ type: 'same' }),
};
