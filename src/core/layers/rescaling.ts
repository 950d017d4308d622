import type { LayerDefinition } from './layerTypes';
import { readNumber } from './paramReaders';

/** Bounds that keep a float32 result finite for any input a person feeds (pixels, features). */
const MAX_FACTOR = 1e6;

/**
 * Rescaling (Keras `layers.Rescaling`): y = x * scale + offset on every value, any shape. The
 * usual first layer of a Keras CNN: scale 1/255 takes 8-bit pixels to [0, 1], scale 1/127.5 with
 * offset -1 to [-1, 1]. No weights, 0 MACs (as Keras and torchinfo count element-wise ops).
 */
export const rescaling: LayerDefinition<'Rescaling'> = {
  kind: 'Rescaling',
  category: 'Core',
  hint: 'x · scale + offset (e.g. pixels / 255)',
  fields: [
    { field: 'scale', label: 'Scale', control: 'float', hint: 'Every value is multiplied by this; type 1/255 for 8-bit pixels' },
    { field: 'offset', label: 'Offset', control: 'float', hint: 'Added after scaling: -1 with scale 1/127.5 gives [-1, 1]' },
  ],
  arity: { min: 1, max: 1 },
  nonTrainableWeights: [],
  defaultParams: () => ({ scale: 1 / 255, offset: 0 }),
  validateParams(raw) {
    const errors: { field: string; message: string }[] = [];
    const scale = readNumber(raw, 'scale', -MAX_FACTOR, MAX_FACTOR, 1 / 255, errors);
    const offset = readNumber(raw, 'offset', -MAX_FACTOR, MAX_FACTOR, 0, errors);
    return errors.length > 0 ? { ok: false, errors } : { ok: true, params: { scale, offset } };
  },
  inferOutput: ([input]) => ({ ok: true, shape: input, trainableParams: 0, nonTrainableParams: 0, macs: 0, diagnostics: [] }),
  describeParams: (p) => `× ${formatFactor(p.scale)}${p.offset === 0 ? '' : ` ${p.offset < 0 ? '−' : '+'} ${formatFactor(Math.abs(p.offset))}`}`,
  weightShapes: () => ({}),
  receptiveField: () => ({ type: 'same' }),
};

/** 1/255 reads as "1/255" on the card, not 0.003922; other values keep 4 significant digits. */
function formatFactor(v: number): string {
  const short = Number(v.toPrecision(4));
  if (short !== v && Math.abs(v) < 1) {
    const inverse = 1 / Math.abs(v);
    const halves = Math.round(inverse * 2) / 2;
    if (Math.abs(inverse - halves) < 1e-9 * inverse) return `${v < 0 ? '−' : ''}1/${halves}`;
  }
  return String(short).replace('-', '−');
}
