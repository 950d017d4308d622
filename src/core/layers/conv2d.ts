import { resolveConvGeometry, toPairValues } from '../shape/convArithmetic';
import type { Diagnostic } from '../shape/types';
import type { Conv2DParams, Shape } from '../graph/types';
import type { FieldError, LayerDefinition } from './layerTypes';
import { MAX_DILATION, MAX_PADDING, MAX_STRIDE, MAX_UNITS, MAX_WINDOW } from './limits';
import { formatPadding, formatPair, formatStride, readActivation, readBoolean, readInt, readPadding, readPair } from './paramReaders';
import { checkGroups } from './convGroups';
import { checkSpatialInput, checkStrideCoverage, checkWindowFits } from './windowChecks';
import { explainWindowArithmetic, windowReceptiveStep } from './windowSteps';

/**
 * Conv2D, Keras semantics. Input [h, w, cin] -> [h', w', filters] with h' from convArithmetic.
 * Params: kh*kw*(cin/groups)*filters (+ filters bias). MACs: h'*w'*filters*kh*kw*cin/groups.
 * Weights: kernel HWIO [kh, kw, cin/groups, filters], bias [filters]. `groups` (Keras) splits
 * channels and filters into independent convolutions; both must divide by it (./convGroups).
 * As in Keras, dilation > 1 together with stride > 1 is rejected.
 */
export const conv2d: LayerDefinition<'Conv2D'> = {
  kind: 'Conv2D',
  category: 'Convolution',
  hint: 'Learned filters over a window',
  fields: [
    { field: 'filters', label: 'Filters', control: 'int' },
    { field: 'kernelSize', label: 'Kernel size', control: 'pair' },
    { field: 'strides', label: 'Strides', control: 'pair' },
    { field: 'padding', label: 'Padding', control: 'padding' },
    { field: 'dilation', label: 'Dilation', control: 'pair' },
    { field: 'activation', label: 'Activation', control: 'activation' },
    { field: 'useBias', label: 'Use bias', control: 'bool' },
    { field: 'groups', label: 'Groups', control: 'int', hint: 'Channels and filters split into this many independent convolutions' },
  ],
  activationField: 'activation',
  arity: { min: 1, max: 1 },
  nonTrainableWeights: [],
  defaultParams: () => ({ filters: 16, kernelSize: 3, strides: 1, padding: 'valid', dilation: 1, activation: 'relu', useBias: true, groups: 1 }),
  validateParams(raw) {
    const d = conv2d.defaultParams();
    const errors: FieldError[] = [];
    const params: Conv2DParams = {
      filters: readInt(raw, 'filters', 1, MAX_UNITS, d.filters, errors),
      kernelSize: readPair(raw, 'kernelSize', MAX_WINDOW, d.kernelSize, errors),
      strides: readPair(raw, 'strides', MAX_STRIDE, d.strides, errors),
      padding: readPadding(raw, 'padding', MAX_PADDING, d.padding, errors),
      dilation: readPair(raw, 'dilation', MAX_DILATION, d.dilation, errors),
      activation: readActivation(raw, 'activation', d.activation, errors),
      useBias: readBoolean(raw, 'useBias', d.useBias, errors),
      groups: readInt(raw, 'groups', 1, MAX_UNITS, d.groups, errors),
    };
    const dil = toPairValues(params.dilation);
    const str = toPairValues(params.strides);
    if (Math.max(...dil) > 1 && Math.max(...str) > 1) {
      errors.push({ field: 'dilation', message: `dilation ${formatPair(params.dilation)} cannot be combined with strides ${formatPair(params.strides)} (Keras allows only one of them above 1)` });
    }
    return errors.length > 0 ? { ok: false, errors } : { ok: true, params };
  },
  inferOutput([input], p, ctx) {
    const rank = checkSpatialInput('Conv2D', input, ctx);
    if (rank) return { ok: false, diagnostics: [rank] };
    const groups = checkGroups(input[2], p, ctx);
    if (groups) return { ok: false, diagnostics: [groups] };
    const g = resolveConvGeometry(input[0], input[1], input[2], p, p.filters);
    const fits = checkWindowFits(g, 'kernelSize', ctx);
    if (fits) return { ok: false, diagnostics: [fits] };
    const diagnostics: Diagnostic[] = [];
    const stride = checkStrideCoverage(g, p.padding, ctx);
    if (stride) diagnostics.push(stride);
    const weights = g.kH * g.kW * (g.inC / p.groups) * p.filters;
    return {
      ok: true,
      shape: [g.outH, g.outW, p.filters],
      trainableParams: weights + (p.useBias ? p.filters : 0),
      nonTrainableParams: 0,
      macs: g.outH * g.outW * p.filters * g.kH * g.kW * (g.inC / p.groups),
      geometry: g,
      diagnostics,
    };
  },
  describeParams(p) {
    const parts = [`${p.filters} @ ${formatPair(p.kernelSize)}`, formatStride(p.strides), formatPadding(p.padding)];
    const [dh, dw] = toPairValues(p.dilation);
    if (dh > 1 || dw > 1) parts.push(`d${dh === dw ? dh : `${dh}x${dw}`}`);
    if (p.groups > 1) parts.push(`g${p.groups}`);
    parts.push(p.activation);
    return parts.join(' · ');
  },
  weightShapes(input, p): Record<string, Shape> {
    const [kh, kw] = toPairValues(p.kernelSize);
    const kernel = [kh, kw, input[input.length - 1] / p.groups, p.filters];
    return p.useBias ? { kernel, bias: [p.filters] } : { kernel };
  },
  receptiveField: (_p, g) => windowReceptiveStep(g),
  explainArithmetic: (input, p) => (input.length === 3 ? explainWindowArithmetic(resolveConvGeometry(input[0], input[1], input[2], p, p.filters)) : null),
};
