import type { Shape, UpSampling2DParams } from '../graph/types';
import { toPairValues } from '../shape/convArithmetic';
import type { FieldError, LayerDefinition, OutputArithmetic } from './layerTypes';
import { MAX_STRIDE } from './limits';
import { formatPair, readPair } from './paramReaders';
import { checkSpatialInput } from './windowChecks';

const INTERPOLATIONS = ['nearest', 'bilinear'] as const;

function readInterpolation(raw: Record<string, unknown>, errors: FieldError[]): UpSampling2DParams['interpolation'] {
  const v = raw.interpolation;
  if (v === undefined) return 'nearest';
  if (v === 'nearest' || v === 'bilinear') return v;
  errors.push({ field: 'interpolation', message: `interpolation must be 'nearest' or 'bilinear', got ${JSON.stringify(v)}` });
  return 'nearest';
}

function explain(input: Shape, p: UpSampling2DParams): OutputArithmetic {
  const size = toPairValues(p.size);
  return {
    formula: 'h′ = h·size',
    axes: ([['rows', 0], ['cols', 1]] as const).map(([name, axis]) => ({
      name, text: `${input[axis]} * ${size[axis]} = ${input[axis] * size[axis]}`, isError: false,
    })),
  };
}

/**
 * UpSampling2D, Keras semantics: [h, w, c] -> [h*sh, w*sw, c]. `nearest` repeats each pixel;
 * `bilinear` is tf.image.resize with half-pixel centres (Keras' UpSampling2D(interpolation=
 * 'bilinear'), PyTorch's Upsample(mode='bilinear', align_corners=False)). No weights. MACs: 0 for
 * nearest, 4 per output value for bilinear (two lerps of two taps each).
 * Receptive field: the jump divides by the size; a bilinear output pixel reads two neighbouring
 * input pixels, which are `size` output pixels apart, so its window is size + 1 output pixels.
 */
export const upSampling2d: LayerDefinition<'UpSampling2D'> = {
  kind: 'UpSampling2D',
  category: 'Reshape',
  hint: 'Repeat or interpolate pixels ×size',
  fields: [
    { field: 'size', label: 'Size', control: 'pair', hint: 'Rows and columns are multiplied by it' },
    { field: 'interpolation', label: 'Interpolation', control: 'choice', options: INTERPOLATIONS },
  ],
  arity: { min: 1, max: 1 },
  nonTrainableWeights: [],
  defaultParams: () => ({ size: 2, interpolation: 'nearest' }),
  validateParams(raw) {
    const errors: FieldError[] = [];
    const size = readPair(raw, 'size', MAX_STRIDE, 2, errors);
    const interpolation = readInterpolation(raw, errors);
    return errors.length > 0 ? { ok: false, errors } : { ok: true, params: { size, interpolation } };
  },
  inferOutput([input], p, ctx) {
    const rank = checkSpatialInput('UpSampling2D', input, ctx);
    if (rank) return { ok: false, diagnostics: [rank] };
    const [sh, sw] = toPairValues(p.size);
    const shape = [input[0] * sh, input[1] * sw, input[2]];
    const macs = p.interpolation === 'bilinear' ? 4 * shape[0] * shape[1] * shape[2] : 0;
    return { ok: true, shape, trainableParams: 0, nonTrainableParams: 0, macs, diagnostics: [] };
  },
  describeParams: (p) => `×${formatPair(p.size)} · ${p.interpolation}`,
  weightShapes: () => ({}),
  receptiveField(p) {
    const factor = toPairValues(p.size);
    const kernel: [number, number] = p.interpolation === 'bilinear' ? [factor[0] + 1, factor[1] + 1] : [1, 1];
    return { type: 'upsample', kernel, factor };
  },
  explainArithmetic: (input, p) => (input.length === 3 ? explain(input, p) : null),
};
