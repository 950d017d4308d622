import { resolveConvGeometry, toPairValues } from '../shape/convArithmetic';
import type { Diagnostic } from '../shape/types';
import type { DepthwiseConv2DParams, Shape } from '../graph/types';
import type { FieldError, LayerDefinition } from './layerTypes';
import { MAX_UNITS } from './limits';
import { formatPadding, formatPair, formatStride, readActivation, readBoolean, readInt } from './paramReaders';
import { checkSpatialInput, checkStrideCoverage, checkWindowFits } from './windowChecks';
import { formatDilation, readWindowParams } from './windowParams';
import { explainWindowArithmetic, windowReceptiveStep } from './windowSteps';

/**
 * DepthwiseConv2D, Keras semantics: each input channel convolved with its own depthMultiplier
 * filters. Input [h, w, cin] -> [h', w', cin*dm], h' as Conv2D's. Output channel ci*dm + m reads
 * only input channel ci.
 * Params: kh*kw*cin*dm (+ cin*dm bias). MACs: h'*w'*cin*dm*kh*kw.
 * Weights: depthwiseKernel [kh, kw, cin, dm], bias [cin*dm].
 */
export const depthwiseConv2d: LayerDefinition<'DepthwiseConv2D'> = {
  kind: 'DepthwiseConv2D',
  category: 'Convolution',
  hint: 'One filter per channel (MobileNet)',
  fields: [
    { field: 'kernelSize', label: 'Kernel size', control: 'pair' },
    { field: 'strides', label: 'Strides', control: 'pair' },
    { field: 'padding', label: 'Padding', control: 'padding' },
    { field: 'dilation', label: 'Dilation', control: 'pair' },
    { field: 'depthMultiplier', label: 'Depth multiplier', control: 'int', hint: 'Filters per input channel' },
    { field: 'activation', label: 'Activation', control: 'activation' },
    { field: 'useBias', label: 'Use bias', control: 'bool' },
  ],
  activationField: 'activation',
  arity: { min: 1, max: 1 },
  nonTrainableWeights: [],
  defaultParams: () => ({ kernelSize: 3, strides: 1, padding: 'valid', dilation: 1, depthMultiplier: 1, activation: 'relu', useBias: true }),
  validateParams(raw) {
    const d = depthwiseConv2d.defaultParams();
    const errors: FieldError[] = [];
    const window = readWindowParams(raw, d, errors);
    const params: DepthwiseConv2DParams = {
      ...window,
      depthMultiplier: readInt(raw, 'depthMultiplier', 1, MAX_UNITS, d.depthMultiplier, errors),
      activation: readActivation(raw, 'activation', d.activation, errors),
      useBias: readBoolean(raw, 'useBias', d.useBias, errors),
    };
    return errors.length > 0 ? { ok: false, errors } : { ok: true, params };
  },
  inferOutput([input], p, ctx) {
    const rank = checkSpatialInput('DepthwiseConv2D', input, ctx);
    if (rank) return { ok: false, diagnostics: [rank] };
    const channels = input[2] * p.depthMultiplier;
    const g = resolveConvGeometry(input[0], input[1], input[2], p, channels);
    const fits = checkWindowFits(g, 'kernelSize', ctx);
    if (fits) return { ok: false, diagnostics: [fits] };
    const diagnostics: Diagnostic[] = [];
    const stride = checkStrideCoverage(g, p.padding, ctx);
    if (stride) diagnostics.push(stride);
    return {
      ok: true,
      shape: [g.outH, g.outW, channels],
      trainableParams: g.kH * g.kW * channels + (p.useBias ? channels : 0),
      nonTrainableParams: 0,
      macs: g.outH * g.outW * channels * g.kH * g.kW,
      geometry: g,
      diagnostics,
    };
  },
  describeParams(p) {
    const parts = [`${formatPair(p.kernelSize)} depthwise`, formatStride(p.strides), formatPadding(p.padding)];
    if (p.depthMultiplier > 1) parts.push(`×${p.depthMultiplier}`);
    const dil = formatDilation(p.dilation);
    if (dil) parts.push(dil);
    parts.push(p.activation);
    return parts.join(' · ');
  },
  weightShapes(input, p): Record<string, Shape> {
    const [kh, kw] = toPairValues(p.kernelSize);
    const cin = input[input.length - 1];
    const depthwiseKernel = [kh, kw, cin, p.depthMultiplier];
    return p.useBias ? { depthwiseKernel, bias: [cin * p.depthMultiplier] } : { depthwiseKernel };
  },
  receptiveField: (_p, g) => windowReceptiveStep(g),
  explainArithmetic: (input, p) => (input.length === 3 ? explainWindowArithmetic(resolveConvGeometry(input[0], input[1], input[2], p, input[2] * p.depthMultiplier)) : null),
};
