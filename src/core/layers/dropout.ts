import type { LayerDefinition } from './layerTypes';
import { readNumber } from './paramReaders';

/**
 * Dropout: identity at inference, the only mode this app runs. No diagnostic: a warning on every
 * Dropout of a normal model would be noise; the palette and the param line say it instead.
 * rate in [0, 1).
 */
export const dropout: LayerDefinition<'Dropout'> = {
  kind: 'Dropout',
  category: 'Core',
  hint: 'Identity at inference',
  fields: [{ field: 'rate', label: 'Rate', control: 'float', hint: 'Fraction dropped while training, 0 to below 1' }],
  aliasesInput: true,
  arity: { min: 1, max: 1 },
  nonTrainableWeights: [],
  defaultParams: () => ({ rate: 0.5 }),
  validateParams(raw) {
    const errors: { field: string; message: string }[] = [];
    const rate = readNumber(raw, 'rate', 0, 1, 0.5, errors, true);
    return errors.length > 0 ? { ok: false, errors } : { ok: true, params: { rate } };
  },
  inferOutput: ([input]) => ({ ok: true, shape: input, trainableParams: 0, nonTrainableParams: 0, macs: 0, diagnostics: [] }),
  describeParams: (p) => `rate ${p.rate} · identity at inference`,
  weightShapes: () => ({}),
  receptiveField: () => ({ type: 'same' }),
};
