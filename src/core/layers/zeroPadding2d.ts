import type { Shape, ZeroPadding2DParams } from '../graph/types';
import type { FieldError, LayerDefinition, OutputArithmetic } from './layerTypes';
import { MAX_PADDING } from './limits';
import { formatMargins, readMargins, resolveMargins } from './margins';
import { checkSpatialInput } from './windowChecks';

function explain(input: Shape, p: ZeroPadding2DParams): OutputArithmetic {
  const m = resolveMargins(p.padding);
  const row = (size: number, a: number, b: number) => `${size} + ${a} + ${b} = ${size + a + b}`;
  return {
    formula: 'h′ = h + top + bottom',
    axes: [
      { name: 'rows', text: row(input[0], m.top, m.bottom), isError: false },
      { name: 'cols', text: row(input[1], m.left, m.right), isError: false },
    ],
  };
}

/**
 * ZeroPadding2D, Keras semantics: zeros around the map, [h, w, c] -> [h + top + bottom,
 * w + left + right, c]. How a PyTorch model's asymmetric or explicit padding reads before a
 * 'valid' convolution. No weights, 0 MACs; the receptive field passes through (padding adds no
 * pixel of the image).
 */
export const zeroPadding2d: LayerDefinition<'ZeroPadding2D'> = {
  kind: 'ZeroPadding2D',
  category: 'Reshape',
  hint: 'Zeros around the map',
  fields: [{ field: 'padding', label: 'Padding', control: 'margins', hint: 'Rows and columns of zeros at each edge' }],
  arity: { min: 1, max: 1 },
  nonTrainableWeights: [],
  defaultParams: () => ({ padding: 1 }),
  validateParams(raw) {
    const errors: FieldError[] = [];
    const padding = readMargins(raw, 'padding', MAX_PADDING, 1, errors);
    return errors.length > 0 ? { ok: false, errors } : { ok: true, params: { padding } };
  },
  inferOutput([input], p, ctx) {
    const rank = checkSpatialInput('ZeroPadding2D', input, ctx);
    if (rank) return { ok: false, diagnostics: [rank] };
    const m = resolveMargins(p.padding);
    return { ok: true, shape: [input[0] + m.top + m.bottom, input[1] + m.left + m.right, input[2]], trainableParams: 0, nonTrainableParams: 0, macs: 0, diagnostics: [] };
  },
  describeParams: (p) => `pad ${formatMargins(p.padding)}`,
  weightShapes: () => ({}),
  receptiveField: () => ({ type: 'same' }),
  explainArithmetic: (input, p) => (input.length === 3 ? explain(input, p) : null),
};
