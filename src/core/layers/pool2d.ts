import type { AvgPool2DParams, Pool2DParams } from '../graph/types';
import { resolveConvGeometry } from '../shape/convArithmetic';
import type { Diagnostic } from '../shape/types';
import type { FieldError, InferOutputResult, LayerContext } from './layerTypes';
import { MAX_PADDING, MAX_STRIDE, MAX_WINDOW } from './limits';
import { formatPadding, formatPair, formatStride, readBoolean, readPadding, readPair } from './paramReaders';
import { checkSpatialInput, checkStrideCoverage, checkWindowFits } from './windowChecks';
import { explainWindowArithmetic } from './windowSteps';
import type { FieldSpec, OutputArithmetic } from './layerTypes';
import type { Shape } from '../graph/types';

/** What MaxPool2D and AvgPool2D share: params, geometry, description. No weights, 0 MACs. */

/** The inspector rows of both pooling kinds. */
export const POOL_FIELDS: readonly FieldSpec[] = [
  { field: 'poolSize', label: 'Pool size', control: 'pair' },
  { field: 'strides', label: 'Strides', control: 'pair' },
  { field: 'padding', label: 'Padding', control: 'padding' },
  { field: 'ceilMode', label: 'Ceil mode', control: 'bool', hint: "Round the output size up, as PyTorch's ceil_mode" },
];

/** AvgPool2D's rows: the pooling rows and whether padded cells count in the mean. */
export const AVG_POOL_FIELDS: readonly FieldSpec[] = [
  ...POOL_FIELDS,
  { field: 'countIncludePad', label: 'Count padding', control: 'bool', hint: "Divide by the whole window, padding included, as PyTorch's count_include_pad" },
];

/** The window geometry of a pooling layer on an [h, w, c] input. */
export function resolvePoolGeometry(input: Shape, p: Pool2DParams) {
  return resolveConvGeometry(input[0], input[1], input[2], { kernelSize: p.poolSize, strides: p.strides, padding: p.padding, ceilMode: p.ceilMode }, input[2]);
}

/** The inspector's arithmetic for a pooling layer; null for a non-spatial input. */
export function explainPoolArithmetic(input: Shape, p: Pool2DParams): OutputArithmetic | null {
  return input.length === 3 ? explainWindowArithmetic(resolvePoolGeometry(input, p)) : null;
}

/** 2x2, stride 2, valid, rounding down (Keras). */
export function createDefaultPoolParams(): Pool2DParams {
  return { poolSize: 2, strides: 2, padding: 'valid', ceilMode: false };
}

/** MaxPool2D's defaults, and TensorFlow's mean over the real cells only. */
export function createDefaultAvgPoolParams(): AvgPool2DParams {
  return { ...createDefaultPoolParams(), countIncludePad: false };
}

/** As in Keras, a missing `strides` defaults to `poolSize`. */
export function validatePoolParams(raw: Record<string, unknown>): { ok: true; params: Pool2DParams } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const params = readPoolParams(raw, errors);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, params };
}

/** validatePoolParams plus countIncludePad. */
export function validateAvgPoolParams(raw: Record<string, unknown>): { ok: true; params: AvgPool2DParams } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const params: AvgPool2DParams = { ...readPoolParams(raw, errors), countIncludePad: readBoolean(raw, 'countIncludePad', false, errors) };
  return errors.length > 0 ? { ok: false, errors } : { ok: true, params };
}

function readPoolParams(raw: Record<string, unknown>, errors: FieldError[]): Pool2DParams {
  const poolSize = readPair(raw, 'poolSize', MAX_WINDOW, 2, errors);
  return {
    poolSize,
    strides: readPair(raw, 'strides', MAX_STRIDE, poolSize, errors),
    padding: readPadding(raw, 'padding', MAX_PADDING, 'valid', errors),
    ceilMode: readBoolean(raw, 'ceilMode', false, errors),
  };
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
  // Rounding up reads the rows the stride skips, as PyTorch models do (ceil_mode).
  if (stride) diagnostics.push({ ...stride, fixes: [...stride.fixes, { label: 'ceil mode', patch: { type: 'setParams', nodeId: ctx.nodeId, params: { ceilMode: true } } }] });
  return { ok: true, shape: [g.outH, g.outW, g.outC], trainableParams: 0, nonTrainableParams: 0, macs: 0, geometry: g, diagnostics };
}

/** `2x2 · s2`, plus the padding when it is not 'valid' and `ceil` in ceilMode. */
export function describePoolParams(p: Pool2DParams): string {
  const parts = [formatPair(p.poolSize), formatStride(p.strides)];
  if (p.padding !== 'valid') parts.push(formatPadding(p.padding));
  if (p.ceilMode) parts.push('ceil');
  return parts.join(' · ');
}

/** describePoolParams, plus `pad counted` when padded cells count in the mean. */
export function describeAvgPoolParams(p: AvgPool2DParams): string {
  return p.countIncludePad ? `${describePoolParams(p)} · pad counted` : describePoolParams(p);
}
