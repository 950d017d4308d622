import { computeEffectiveKernel, toPairValues } from '../shape/convArithmetic';
import { formatTransposedArithmetic, resolveTransposedGeometry, type TransposedGeometry } from '../shape/transposedArithmetic';
import type { Diagnostic, Fix } from '../shape/types';
import type { Conv2DTransposeParams, Pair, Shape } from '../graph/types';
import type { FieldError, LayerDefinition, OutputArithmetic } from './layerTypes';
import { MAX_STRIDE, MAX_UNITS } from './limits';
import { formatPadding, formatPair, formatStride, readActivation, readBoolean, readInt } from './paramReaders';
import { checkSpatialInput } from './windowChecks';
import { formatDilation, readWindowParams } from './windowParams';

/** null (absent: Keras' None), a whole number n >= 0 or a pair [rows, cols] of them. */
function readOutputPadding(raw: Record<string, unknown>, errors: FieldError[]): Pair | null {
  const v = raw.outputPadding;
  if (v === undefined || v === null) return null;
  const whole = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < MAX_STRIDE;
  if (whole(v)) return v;
  if (Array.isArray(v) && v.length === 2 && whole(v[0]) && whole(v[1])) return [v[0], v[1]];
  errors.push({ field: 'outputPadding', message: `outputPadding must be null, a whole number from 0 to ${MAX_STRIDE - 1} or a pair [rows, cols] of them, got ${JSON.stringify(v)}` });
  return null;
}

/** Keras' rules for outputPadding: below the stride, and (TensorFlow) not 0 with 'same' and an even window. */
function checkOutputPadding(p: Conv2DTransposeParams, errors: FieldError[]): void {
  if (p.outputPadding === null) return;
  const op = toPairValues(p.outputPadding);
  const s = toPairValues(p.strides);
  const k = toPairValues(p.kernelSize);
  const d = toPairValues(p.dilation);
  for (const axis of [0, 1] as const) {
    const name = axis === 0 ? 'rows' : 'cols';
    if (op[axis] >= s[axis]) {
      errors.push({ field: 'outputPadding', message: `outputPadding ${op[axis]} (${name}) must be smaller than the stride ${s[axis]}` });
      return;
    }
    const effK = computeEffectiveKernel(k[axis], d[axis]);
    if (p.padding === 'same' && effK % 2 === 0 && op[axis] === 0) {
      errors.push({ field: 'outputPadding', message: `outputPadding 0 (${name}) with padding 'same' and an even window ${effK} gives (h - 1)*${s[axis]} rows, one stride short of what 'same' means (TensorFlow refuses it): use outputPadding 1 or leave it empty` });
      return;
    }
  }
}

function resolveGeometry(input: Shape, p: Conv2DTransposeParams): TransposedGeometry {
  return resolveTransposedGeometry(input[0], input[1], input[2], p, p.filters);
}

function explain(g: TransposedGeometry, p: Conv2DTransposeParams): OutputArithmetic {
  const formula = p.outputPadding === null && p.padding === 'same' ? 'h′ = h·s'
    : p.outputPadding === null && p.padding === 'valid' ? 'h′ = h·s + max(k − s, 0)'
    : 'h′ = (h − 1)·s + k − pads + outputPadding';
  const axes = ([['rows', 0], ['cols', 1]] as const).map(([name, axis]) => {
    const k = axis === 0 ? g.kH : g.kW;
    const d = axis === 0 ? g.dilationH : g.dilationW;
    const effK = axis === 0 ? g.effKH : g.effKW;
    const out = axis === 0 ? g.outH : g.outW;
    return { name, text: formatTransposedArithmetic(g, p.padding, axis), isError: out <= 0, ...(d > 1 ? { note: `k = d(k − 1) + 1 = ${d}*(${k} - 1) + 1 = ${effK}` } : {}) };
  });
  return { formula, axes };
}

/**
 * Conv2DTranspose (a "deconvolution"), Keras/TensorFlow semantics: every input pixel scatters
 * through the kernel onto a window of the output, the gradient of Conv2D with respect to its
 * input. Output sizes as Keras' deconv_output_length (see shape/transposedArithmetic): valid
 * h*s + max(k - s, 0), same h*s, with outputPadding (h - 1)s + k - 2*pad + outputPadding.
 * Params: kh*kw*filters*cin (+ filters bias). MACs: h*w*cin*kh*kw*filters (every input pixel
 * times every tap, the cropped ones included: the work a GEMM formulation does).
 * Weights: kernel [kh, kw, filters, cin] (Keras' order), bias [filters].
 * Receptive field: the jump divides by the stride; an output pixel sees at most ceil(effK / s)
 * input pixels, so the window in output pixels is (ceil(effK / s) - 1)*s + 1 (1 for 2x2 stride 2).
 */
export const conv2dTranspose: LayerDefinition<'Conv2DTranspose'> = {
  kind: 'Conv2DTranspose',
  category: 'Convolution',
  hint: 'Learned upsampling (U-Net up-conv)',
  fields: [
    { field: 'filters', label: 'Filters', control: 'int' },
    { field: 'kernelSize', label: 'Kernel size', control: 'pair' },
    { field: 'strides', label: 'Strides', control: 'pair' },
    { field: 'padding', label: 'Padding', control: 'padding' },
    { field: 'outputPadding', label: 'Output padding', control: 'pair', hint: "Empty: Keras' default (valid h·s + max(k − s, 0), same h·s)" },
    { field: 'dilation', label: 'Dilation', control: 'pair' },
    { field: 'activation', label: 'Activation', control: 'activation' },
    { field: 'useBias', label: 'Use bias', control: 'bool' },
  ],
  activationField: 'activation',
  arity: { min: 1, max: 1 },
  nonTrainableWeights: [],
  defaultParams: () => ({ filters: 16, kernelSize: 2, strides: 2, padding: 'valid', outputPadding: null, dilation: 1, activation: 'relu', useBias: true }),
  validateParams(raw) {
    const d = conv2dTranspose.defaultParams();
    const errors: FieldError[] = [];
    const filters = readInt(raw, 'filters', 1, MAX_UNITS, d.filters, errors);
    const window = readWindowParams(raw, d, errors);
    const params: Conv2DTransposeParams = {
      filters,
      ...window,
      outputPadding: readOutputPadding(raw, errors),
      activation: readActivation(raw, 'activation', d.activation, errors),
      useBias: readBoolean(raw, 'useBias', d.useBias, errors),
    };
    if (errors.length === 0) checkOutputPadding(params, errors);
    return errors.length > 0 ? { ok: false, errors } : { ok: true, params };
  },
  inferOutput([input], p, ctx) {
    const rank = checkSpatialInput('Conv2DTranspose', input, ctx);
    if (rank) return { ok: false, diagnostics: [rank] };
    const g = resolveGeometry(input, p);
    if (g.outH <= 0 || g.outW <= 0) {
      const failing = explain(g, p).axes.filter((a) => a.isError);
      // A square problem reads once, without the axis names.
      const lines = failing.length === 2 && failing[0].text === failing[1].text ? [failing[0].text] : failing.map((a) => `${a.name} ${a.text}`);
      const fixes: Fix[] = [
        { label: "padding 'same'", patch: { type: 'setParams', nodeId: ctx.nodeId, params: { padding: 'same' } } },
        { label: "padding 'valid'", patch: { type: 'setParams', nodeId: ctx.nodeId, params: { padding: 'valid' } } },
      ];
      const diagnostic: Diagnostic = {
        nodeId: ctx.nodeId,
        severity: 'error',
        code: 'non-positive-output',
        message: `${ctx.label}: ${lines.join('; ')}: the padding crops away the whole output`,
        field: 'padding',
        fixes,
      };
      return { ok: false, diagnostics: [diagnostic] };
    }
    return {
      ok: true,
      shape: [g.outH, g.outW, p.filters],
      trainableParams: g.kH * g.kW * p.filters * g.inC + (p.useBias ? p.filters : 0),
      nonTrainableParams: 0,
      macs: g.inH * g.inW * g.inC * g.kH * g.kW * p.filters,
      diagnostics: [],
    };
  },
  describeParams(p) {
    const parts = [`${p.filters} @ ${formatPair(p.kernelSize)} transposed`, formatStride(p.strides), formatPadding(p.padding)];
    if (p.outputPadding !== null) parts.push(`op${formatPair(p.outputPadding).replace(/^(\d+)x\1$/, '$1')}`);
    const dil = formatDilation(p.dilation);
    if (dil) parts.push(dil);
    parts.push(p.activation);
    return parts.join(' · ');
  },
  weightShapes(input, p): Record<string, Shape> {
    const [kh, kw] = toPairValues(p.kernelSize);
    const kernel = [kh, kw, p.filters, input[input.length - 1]];
    return p.useBias ? { kernel, bias: [p.filters] } : { kernel };
  },
  receptiveField(p) {
    const k = toPairValues(p.kernelSize);
    const d = toPairValues(p.dilation);
    const s = toPairValues(p.strides);
    // An output pixel reads at most ceil(effK / s) input pixels, (that - 1) * s output pixels apart.
    const window = (axis: 0 | 1) => (Math.ceil(computeEffectiveKernel(k[axis], d[axis]) / s[axis]) - 1) * s[axis] + 1;
    return { type: 'upsample', kernel: [window(0), window(1)], factor: s };
  },
  explainArithmetic: (input, p) => (input.length === 3 ? explain(resolveGeometry(input, p), p) : null),
};
