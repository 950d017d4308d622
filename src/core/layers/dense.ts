import type { DenseParams } from '../graph/types';
import type { Shape } from '../graph/types';
import type { FieldError, LayerDefinition } from './layerTypes';
import { MAX_UNITS } from './limits';
import { readActivation, readBoolean, readInt } from './paramReaders';

/**
 * Dense (fully connected): [n] -> [units]. Params n*units (+ units bias); MACs n*units.
 * Weights: kernel [n, units], bias [units]. Fed [h, w, c] it is the 'dense-needs-vector' error
 * (unlike Keras, which would apply it to the last axis: in a CNN that is nearly always a missing Flatten).
 */
export const dense: LayerDefinition<'Dense'> = {
  kind: 'Dense',
  category: 'Core',
  hint: 'Fully connected layer',
  fields: [
    { field: 'units', label: 'Units', control: 'int' },
    { field: 'activation', label: 'Activation', control: 'activation' },
    { field: 'useBias', label: 'Use bias', control: 'bool' },
  ],
  activationField: 'activation',
  arity: { min: 1, max: 1 },
  nonTrainableWeights: [],
  defaultParams: () => ({ units: 64, activation: 'relu', useBias: true }),
  validateParams(raw) {
    const d = dense.defaultParams();
    const errors: FieldError[] = [];
    const params: DenseParams = {
      units: readInt(raw, 'units', 1, MAX_UNITS, d.units, errors),
      activation: readActivation(raw, 'activation', d.activation, errors),
      useBias: readBoolean(raw, 'useBias', d.useBias, errors),
    };
    return errors.length > 0 ? { ok: false, errors } : { ok: true, params };
  },
  inferOutput([input], p, ctx) {
    if (input.length !== 1) {
      return {
        ok: false,
        diagnostics: [{
          nodeId: ctx.nodeId,
          severity: 'error',
          code: 'dense-needs-vector',
          message: `${ctx.label}: Dense needs a vector [n], got [${input.join(', ')}]; flatten it first`,
          fixes: [
            { label: 'insert Flatten before Dense', patch: { type: 'insertNodeBefore', nodeId: ctx.nodeId, kind: 'Flatten', params: {} } },
            { label: 'insert GlobalAvgPool2D before Dense', patch: { type: 'insertNodeBefore', nodeId: ctx.nodeId, kind: 'GlobalAvgPool2D', params: {} } },
          ],
        }],
      };
    }
    const n = input[0];
    return {
      ok: true,
      shape: [p.units],
      trainableParams: n * p.units + (p.useBias ? p.units : 0),
      nonTrainableParams: 0,
      macs: n * p.units,
      diagnostics: [],
    };
  },
  describeParams: (p) => `${p.units} · ${p.activation}`,
  weightShapes(input, p): Record<string, Shape> {
    const kernel = [input[input.length - 1], p.units];
    return p.useBias ? { kernel, bias: [p.units] } : { kernel };
  },
  receptiveField: () => ({ type: 'vector' }),
};
