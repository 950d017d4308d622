import type { LayerDefinition } from './layerTypes';
import { MAX_INPUT_DIM } from './limits';

/** Input: a graph entry with a per-sample shape [h, w, c] (images) or [n] (vectors). No inputs. */
export const input: LayerDefinition<'Input'> = {
  kind: 'Input',
  category: 'Input',
  hint: 'Image [h, w, c] or vector [n]',
  fields: [{ field: 'shape', label: 'Shape', control: 'shape' }],
  arity: { min: 0, max: 0 },
  nonTrainableWeights: [],
  defaultParams: () => ({ shape: [28, 28, 1] }),
  validateParams(raw) {
    const v = raw.shape;
    if (v === undefined) return { ok: true, params: { shape: [28, 28, 1] } };
    const okDim = (d: unknown): d is number => typeof d === 'number' && Number.isInteger(d) && d >= 1 && d <= MAX_INPUT_DIM;
    if (Array.isArray(v) && (v.length === 1 || v.length === 3) && v.every(okDim)) return { ok: true, params: { shape: [...v] } };
    let shown: string;
    try {
      shown = JSON.stringify(v) ?? String(v);
    } catch {
      shown = String(v);
    }
    return {
      ok: false,
      errors: [{ field: 'shape', message: `shape must be [h, w, c] or [n] with whole numbers from 1 to ${MAX_INPUT_DIM}, got ${shown}` }],
    };
  },
  inferOutput: (_inputs, p) => ({ ok: true, shape: p.shape, trainableParams: 0, nonTrainableParams: 0, macs: 0, diagnostics: [] }),
  describeParams: (p) => p.shape.join('x'),
  weightShapes: () => ({}),
  receptiveField: () => ({ type: 'same' }),
};
