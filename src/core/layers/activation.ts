import type { LayerDefinition } from './layerTypes';
import { readActivation } from './paramReaders';

/** Activation: elementwise fn; softmax is over the last axis (channels, or the vector). Shape unchanged. */
export const activation: LayerDefinition<'Activation'> = {
  kind: 'Activation',
  category: 'Core',
  arity: { min: 1, max: 1 },
  nonTrainableWeights: [],
  defaultParams: () => ({ fn: 'relu' }),
  validateParams(raw) {
    const errors: { field: string; message: string }[] = [];
    const fn = readActivation(raw, 'fn', 'relu', errors);
    return errors.length > 0 ? { ok: false, errors } : { ok: true, params: { fn } };
  },
  inferOutput: ([input]) => ({ ok: true, shape: input, trainableParams: 0, nonTrainableParams: 0, macs: 0, diagnostics: [] }),
  describeParams: (p) => p.fn,
  weightShapes: () => ({}),
};
