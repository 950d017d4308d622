import { resolveConvGeometry, toPairValues } from '../shape/convArithmetic';
import type { Diagnostic } from '../shape/types';
import type { SeparableConv2DParams, Shape } from '../graph/types';
import type { FieldError, LayerDefinition } from './layerTypes';
import { MAX_UNITS } from './limits';
import { formatPadding, formatPair, formatStride, readActivation, readBoolean, readInt } from './paramReaders';
import { checkSpatialInput, checkStrideCoverage, checkWindowFits } from './windowChecks';
import { formatDilation, readWindowParams } from './windowParams';
import { explainWindowArithmetic, windowReceptiveStep } from './windowSteps';

/**
 * SeparableConv2D, Keras semantics: a depthwise convolution (depthMultiplier filters per input
 * channel, no bias) then a pointwise 1x1 convolution to `filters` channels with the bias and the
 * activation. Input [h, w, cin] -> [h', w', filters], h' as Conv2D's.
 * Params: kh*kw*cin*dm + cin*dm*filters (+ filters bias).
 * MACs: h'*w'*cin*dm*(kh*kw + filters).
 * Weights: depthwiseKernel [kh, kw, cin, dm], pointwiseKernel [1, 1, cin*dm, filters], bias [filters].
 * The node's geometry is the depthwise step's (outC = cin*dm).
 */
export const separableConv2d: LayerDefinition<'SeparableConv2D'> = {
  kind: 'SeparableConv2D',
  category: 'Convolution',
  hint: 'Depthwise then 1x1 (Xception)',
  fields: [
    { field: 'filters', label: 'Filters', control: 'int' },
    { field: 'kernelSize', label: 'Kernel size', control: 'pair' },
    { field: 'strides', label: 'Strides', control: 'pair' },
    { field: 'padding', label: 'Padding', control: 'padding' },
    { field: 'dilation', label: 'Dilation', control: 'pair' },
    { field: 'depthMultiplier', label: 'Depth multiplier', control: 'int', hint: 'Depthwise filters per input channel' },
    { field: 'activation', label: 'Activation', control: 'activation' },
    { field: 'useBias', label: 'Use bias', control: 'bool' },
  ],
  activationField: 'activation',
  arity: { min: 1, max: 1 },
  nonTrainableWeights: [],
  defaultParams: () => ({ filters: 16, kernelSize: 3, strides: 1, padding: 'valid', dilation: 1, depthMultiplier: 1, activation: 'relu', useBias: true }),
  validateParams(raw) {
    const d = separableConv2d.defaultParams();
    const errors: FieldError[] = [];
    const filters = readInt(raw, 'filters', 1, MAX_UNITS, d.filters, errors);
    const window = readWindowParams(raw, d, errors);
    const params: SeparableConv2DParams = {
      filters,
      ...window,
      depthMultiplier: readInt(raw, 'depthMultiplier', 1, MAX_UNITS, d.depthMultiplier, errors),
      activation: readActivation(raw, 'activation', d.activation, errors),
      useBias: readBoolean(raw, 'useBias', d.useBias, errors),
    };
    return errors.length > 0 ? { ok: false, errors } : { ok: true, params };
  },
  inferOutput([input], p, ctx) {
    const rank = checkSpatialInput('SeparableConv2D', input, ctx);
    if (rank) return { ok: false, diagnostics: [rank] };
    const mid = input[2] * p.depthMultiplier;
    const g = resolveConvGeometry(input[0], input[1], input[2], p, mid);
    const fits = checkWindowFits(g, 'kernelSize', ctx);
    if (fits) return { ok: false, diagnostics: [fits] };
    const diagnostics: Diagnostic[] = [];
    const stride = checkStrideCoverage(g, p.padding, ctx);
    if (stride) diagnostics.push(stride);
    const pixels = g.outH * g.outW;
    return {
      ok: true,
      shape: [g.outH, g.outW, p.filters],
      trainableParams: g.kH * g.kW * mid + mid * p.filters + (p.useBias ? p.filters : 0),
      nonTrainableParams: 0,
      macs: pixels * mid * g.kH * g.kW + pixels * mid * p.filters,
      geometry: g,
      diagnostics,
    };
  },
  describeParams(p) {
    const parts = [`${p.filters} @ ${formatPair(p.kernelSize)} separable`, formatStride(p.strides), formatPadding(p.padding)];
    if (p.depthMultiplier > 1) parts.push(`×${p.depthMultiplier}`);
    const dil = formatDilation(p.dilation);
    if (dil) parts.push(dil);
    parts.push(p.activation);
    return parts.join(' · ');
  },
  weightShapes(input, p): Record<string, Shape> {
    const [kh, kw] = toPairValues(p.kernelSize);
    const mid = input[input.length - 1] * p.depthMultiplier;
    const weights: Record<string, Shape> = {
      depthwiseKernel: [kh, kw, input[input.length - 1], p.depthMultiplier],
      pointwiseKernel: [1, 1, mid, p.filters],
    };
    if (p.useBias) weights.bias = [p.filters];
    return weights;
  },
  receptiveField: (_p, g) => windowReceptiveStep(g),
  explainArithmetic: (input, p) => (input.length === 3 ? explainWindowArithmetic(resolveConvGeometry(input[0], input[1], input[2], p, input[2] * p.depthMultiplier)) : null),
};
