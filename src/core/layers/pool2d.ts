import type { Pool2DParams } from '../graph/types';
import { resolveConvGeometry } from '../shape/convArithmetic';
import type { Diagnostic } from '../shape/types';
import type { FieldError, InferOutputResult, LayerContext } from './layerTypes';
import { MAX_PADDING, MAX_STRIDE, MAX_WINDOW } from './limits';
import { formatPadding, formatPair, formatStride, readPadding, readPair } from './paramReaders';
import { checkSpatialInput, checkStrideCoverage, checkWindowFits } from './windowChecks';
import { explainWindowArithmetic } from './windowSteps';
import type { FieldSpec, OutputArithmetic } from './layerTypes';
import type { Shape } from '../graph/types';

/** The inspector rows of both pooling kinds. */
export const POOL_FIELDS: readonly FieldSpec[] = [
  { field: 'poolSize', label: 'Pool size', control: 'pair' },
  { field: 'strides', label: 'Strides', control: 'pair' },
  { field: 'padding', label: 'Padding', control: 'padding' },
];

/** The window geometry of a pooling layer on an [h, w, c] input. */
export function resolvePoolGeometry(input: Shape, p: Pool2DParams) {
  return resolveConvGeometry(input[0], input[1], input[2], { kernelSize: p.poolSize, strides: p.strides, padding: p.padding }, input[2]);
}

/** The inspector's arithmetic for a pooling layer; null for a non-spatial input. */
export function explainPoolArithmetic(input: Shape, p: Pool2DParams): OutputArithmetic | null {
  return input.length === 3 ? explainWindowArithmetic(resolvePoolGeometry(input, p)) : null;
}

/** What MaxPool2D and AvgPool2D share: params, geometry, description. No weights, 0 MACs. */

/** 2x2, stride 2, valid. */
export function createDefaultPoolParams(): Pool2DParams {
  return { poolSize: 2, strides: 2, padding: 'valid' };
}

/** As in Keras, a missing `strides` defaults to `poolSize`. */
export function validatePoolParams(raw: Record<string, unknown>): { ok: true; params: Pool2DParams } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const poolSize = readPair(raw, 'poolSize', MAX_WINDOW, 2, errors);
  const params: Pool2DParams = {
    poolSize,
    strides: readPair(raw, 'strides', MAX_STRIDE, poolSize, errors),
    padding: readPadding(raw, 'padding', MAX_PADDING, 'valid', errors),
  };
  return errors.length > 0 ? { ok: false, errors } : { ok: true, params };
}

/** [h, w, c] -> [h', w', c] with the window arithmetic of convArithmetic. */
export function inferPoolOutput(kind: string, [input]: readonly (readonly number[])[], p: Pool2DParams, ctx: LayerContext): InferOutputResult {
  const rank = checkSpatialInput(kind, input, ctx);
  if (rank) return { ok: false, diagnostics: [rank] };
  const g = resolvePoolGeometry(input, p);
  const fits = checkWindowFits(g, 'poolSize', ctx);
  if (fits) return { ok: false, diagnostics: [fits] };
  const diagnostics: Diagnostic[] = [];
  const stride = checkStrideCoverage(g, p.padding, ctx);
  if (stride) diagnostics.push(stride);
  return { ok: true, shape: [g.outH, g.outW, g.outC], trainableParams: 0, nonTrainableParams: 0, macs: 0, geometry: g, diagnostics };
}

/** `2x2 · s2`, plus the padding when it is not 'valid'. */
export function describePoolParams(p: Pool2DParams): string {
  const parts = [formatPair(p.poolSize), formatStride(p.strides)];
  if (p.padding !== 'valid') parts.push(formatPadding(p.padding));
  return parts.join(' · ');
}
