import type { Cropping2DParams, Shape } from '../graph/types';
import type { Fix } from '../shape/types';
import type { FieldError, LayerDefinition, OutputArithmetic } from './layerTypes';
import { MAX_PADDING } from './limits';
import { formatMargins, readMargins, resolveMargins, type ResolvedMargins } from './margins';
import { checkSpatialInput } from './windowChecks';

const rowText = (size: number, a: number, b: number) => `${size} - ${a} - ${b} = ${size - a - b}`;

function explain(input: Shape, p: Cropping2DParams): OutputArithmetic {
  const m = resolveMargins(p.cropping);
  return {
    formula: 'h′ = h − top − bottom',
    axes: [
      { name: 'rows', text: rowText(input[0], m.top, m.bottom), isError: input[0] - m.top - m.bottom <= 0 },
      { name: 'cols', text: rowText(input[1], m.left, m.right), isError: input[1] - m.left - m.right <= 0 },
    ],
  };
}

/** The largest crop that keeps one pixel, split as the current one is (its top share, rounded down). */
function fitCrop(size: number, a: number, b: number): [number, number] {
  if (size - a - b > 0) return [a, b];
  const room = size - 1;
  const first = Math.floor((room * a) / Math.max(a + b, 1));
  return [first, room - first];
}

function cropFix(input: Shape, m: ResolvedMargins, nodeId: string): Fix {
  const [top, bottom] = fitCrop(input[0], m.top, m.bottom);
  const [left, right] = fitCrop(input[1], m.left, m.right);
  return {
    label: `cropping [[${top}, ${bottom}], [${left}, ${right}]]`,
    patch: { type: 'setParams', nodeId, params: { cropping: [[top, bottom], [left, right]] } },
  };
}

/**
 * Cropping2D, Keras semantics: drops rows and columns at the edges, [h, w, c] -> [h - top - bottom,
 * w - left - right, c]. U-Net crops its skip connections with it to the size of the upsampled path.
 * No weights, 0 MACs; the receptive field passes through.
 */
export const cropping2d: LayerDefinition<'Cropping2D'> = {
  kind: 'Cropping2D',
  category: 'Reshape',
  hint: 'Cut rows and columns at the edges',
  fields: [{ field: 'cropping', label: 'Cropping', control: 'margins', hint: 'Rows and columns removed at each edge' }],
  arity: { min: 1, max: 1 },
  nonTrainableWeights: [],
  defaultParams: () => ({ cropping: 1 }),
  validateParams(raw) {
    const errors: FieldError[] = [];
    const cropping = readMargins(raw, 'cropping', MAX_PADDING, 1, errors);
    return errors.length > 0 ? { ok: false, errors } : { ok: true, params: { cropping } };
  },
  inferOutput([input], p, ctx) {
    const rank = checkSpatialInput('Cropping2D', input, ctx);
    if (rank) return { ok: false, diagnostics: [rank] };
    const m = resolveMargins(p.cropping);
    const h = input[0] - m.top - m.bottom;
    const w = input[1] - m.left - m.right;
    if (h <= 0 || w <= 0) {
      const parts = [h <= 0 ? `rows ${rowText(input[0], m.top, m.bottom)}` : '', w <= 0 ? `cols ${rowText(input[1], m.left, m.right)}` : ''].filter(Boolean);
      return {
        ok: false,
        diagnostics: [{
          nodeId: ctx.nodeId,
          severity: 'error',
          code: 'non-positive-output',
          field: 'cropping',
          message: `${ctx.label}: cropping removes the whole ${input[0]}x${input[1]} map: ${parts.join('; ')}`,
          fixes: [cropFix(input, m, ctx.nodeId)],
        }],
      };
    }
    return { ok: true, shape: [h, w, input[2]], trainableParams: 0, nonTrainableParams: 0, macs: 0, diagnostics: [] };
  },
  describeParams: (p) => `crop ${formatMargins(p.cropping)}`,
  weightShapes: () => ({}),
  receptiveField: () => ({ type: 'same' }),
  explainArithmetic: (input, p) => (input.length === 3 ? explain(input, p) : null),
};
