import type { LayerDefinition } from './layerTypes';
import { readNumber } from './paramReaders';

/**
 * BatchNorm over the last axis (channels), inference form:
 * y = gamma * (x - movingMean) / sqrt(movingVariance + epsilon) + beta.
 * Params 4c as in Keras: gamma and beta trainable (2c), the moving statistics not (2c). 0 MACs.
 */
export const batchNorm: LayerDefinition<'BatchNorm'> = {
  kind: 'BatchNorm',
  category: 'Core',
  hint: 'Normalise per channel',
  fields: [{ field: 'epsilon', label: 'Epsilon', control: 'float' }],
  arity: { min: 1, max: 1 },
  nonTrainableWeights: ['movingMean', 'movingVariance'],
  defaultParams: () => ({ epsilon: 1e-3 }),
  validateParams(raw) {
    const errors: { field: string; message: string }[] = [];
    const epsilon = readNumber(raw, 'epsilon', 0, 1, 1e-3, errors);
    if (errors.length === 0 && epsilon === 0) errors.push({ field: 'epsilon', message: 'epsilon must be above 0, got 0' });
    return errors.length > 0 ? { ok: false, errors } : { ok: true, params: { epsilon } };
  },
  inferOutput([input]) {
    const c = input[input.length - 1];
    return { ok: true, shape: input, trainableParams: 2 * c, nonTrainableParams: 2 * c, macs: 0, diagnostics: [] };
  },
  describeParams: (p) => `eps ${p.epsilon}`,
  weightShapes(input) {
    const c = [input[input.length - 1]];
    return { gamma: c, beta: c, movingMean: c, movingVariance: c };
  },
  receptiveField: () => ({ type: 'same' }),
};
