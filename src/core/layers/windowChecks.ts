import type { Padding, Shape } from '../graph/types';
import { computeConvOutputSize, countSkippedPixels, formatAxisArithmetic, resolveAxisPadding, selectAxis, type AxisGeometry } from '../shape/convArithmetic';
import type { ConvGeometry, Diagnostic, Fix } from '../shape/types';
import type { LayerContext } from './layerTypes';
import { MAX_PADDING, MAX_WINDOW } from './limits';

/** Checks shared by Conv2D and the pools: rank, window fit, stride coverage. */

/** 'needs-spatial-input' when the input is not [h, w, c]; null when it is. */
export function checkSpatialInput(kind: string, shape: Shape, ctx: LayerContext): Diagnostic | null {
  if (shape.length === 3) return null;
  return {
    nodeId: ctx.nodeId,
    severity: 'error',
    code: 'needs-spatial-input',
    message: `${ctx.label}: ${kind} needs an [h, w, c] input, got [${shape.join(', ')}] (rank ${shape.length})`,
    fixes: [],
  };
}

function samePair(a: number, b: number): number | [number, number] {
  return a === b ? a : [a, b];
}

/**
 * 'window-too-large' when the (dilated) window exceeds the padded input on either axis, with fixes:
 * the largest window that fits, padding 'same', and the smallest symmetric padding that fits.
 */
export function checkWindowFits(g: ConvGeometry, windowField: string, ctx: LayerContext): Diagnostic | null {
  const axes = [selectAxis(g, 0), selectAxis(g, 1)];
  const explain = (a: AxisGeometry): string => {
    const what = a.dilation > 1 ? `dilated kernel ${a.effK} (${a.k} with dilation ${a.dilation})` : `${windowField === 'poolSize' ? 'pool' : 'kernel'} ${a.k}`;
    return `${formatAxisArithmetic(a)}: ${what} is larger than the padded input ${a.size + a.before + a.after}`;
  };
  const failing = axes.map((a) => a.effK > a.size + a.before + a.after);
  if (!failing[0] && !failing[1]) return null;
  const rowsText = failing[0] ? explain(axes[0]) : '';
  const colsText = failing[1] ? explain(axes[1]) : '';
  // A square problem reads once, without the axis names.
  const parts = rowsText === colsText ? [rowsText] : [rowsText && `rows ${rowsText}`, colsText && `cols ${colsText}`].filter(Boolean);

  const fitK = (a: AxisGeometry): number => {
    const padded = a.size + a.before + a.after;
    return a.effK <= padded ? a.k : Math.min(Math.floor((padded - 1) / a.dilation) + 1, MAX_WINDOW);
  };
  const newK = samePair(fitK(axes[0]), fitK(axes[1]));
  const fixes: Fix[] = [
    {
      label: `${windowField === 'poolSize' ? 'pool' : 'kernel'} ${typeof newK === 'number' ? newK : `${newK[0]}x${newK[1]}`}`,
      patch: { type: 'setParams', nodeId: ctx.nodeId, params: { [windowField]: newK } },
    },
    { label: "padding 'same'", patch: { type: 'setParams', nodeId: ctx.nodeId, params: { padding: 'same' } } },
  ];
  const p = Math.max(...axes.map((a) => Math.ceil(Math.max(a.effK - a.size, 0) / 2)));
  if (p <= MAX_PADDING) fixes.push({ label: `padding ${p}`, patch: { type: 'setParams', nodeId: ctx.nodeId, params: { padding: p } } });
  return {
    nodeId: ctx.nodeId,
    severity: 'error',
    code: 'window-too-large',
    message: `${ctx.label}: ${parts.join('; ')}`,
    field: windowField,
    fixes,
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The padding that makes the stride divide (h + pads - effK) on both axes, or null. */
function findCoveringPadding(g: ConvGeometry, padding: Padding): Padding | null {
  const h = selectAxis(g, 0);
  const w = selectAxis(g, 1);
  const spanH = h.size + h.before + h.after - h.effK;
  const spanW = w.size + w.before + w.after - w.effK;
  if (typeof padding === 'number' || padding === 'valid') {
    // A symmetric number is the simplest fix when one exists (2*delta must close both gaps).
    const p0 = typeof padding === 'number' ? padding : 0;
    for (let delta = 1; delta <= 64 && p0 + delta <= MAX_PADDING; delta++) {
      if ((spanH + 2 * delta) % h.stride === 0 && (spanW + 2 * delta) % w.stride === 0) return p0 + delta;
    }
  }
  const addH = (h.stride - (spanH % h.stride)) % h.stride;
  const addW = (w.stride - (spanW % w.stride)) % w.stride;
  const bottom = h.after + addH;
  const right = w.after + addW;
  if (bottom > MAX_PADDING || right > MAX_PADDING) return null;
  return [[h.before, bottom], [w.before, right]];
}

/**
 * 'stride-skips-pixels' when (h + pads - effK) is not a multiple of the stride: the last rows or
 * columns are never read. The fix pads just enough for the last window to reach the edge.
 */
/**
 * Real input rows (or columns) past the last window. Skipped padding loses nothing (torchvision's
 * 7x7/2 stem with padding 3 skips only a padded row), and a window narrower than its stride
 * subsamples by design (a 1x1/2 shortcut skips every other pixel, the last one included).
 */
function countSkippedInputPixels(a: AxisGeometry): number {
  if (a.effK < a.stride) return 0;
  return Math.max(0, countSkippedPixels(a) - a.after);
}

export function checkStrideCoverage(g: ConvGeometry, padding: Padding, ctx: LayerContext): Diagnostic | null {
  const h = selectAxis(g, 0);
  const w = selectAxis(g, 1);
  const rows = countSkippedInputPixels(h);
  const cols = countSkippedInputPixels(w);
  if (rows === 0 && cols === 0) return null;
  const arithmetic = rows > 0 && cols > 0 && h.size === w.size && h.before === w.before && h.after === w.after && h.effK === w.effK && h.stride === w.stride
    ? formatAxisArithmetic(h)
    : [rows > 0 ? `rows ${formatAxisArithmetic(h)}` : '', cols > 0 ? `cols ${formatAxisArithmetic(w)}` : ''].filter(Boolean).join('; ');
  const lost = [rows > 0 ? plural(rows, 'row') : '', cols > 0 ? plural(cols, 'column') : ''].filter(Boolean).join(' and ');
  const fix = findCoveringPadding(g, padding);
  const fixes: Fix[] = fix === null ? [] : [{
    label: typeof fix === 'number' ? `padding ${fix}` : `padding [[${fix[0][0]}, ${fix[0][1]}], [${fix[1][0]}, ${fix[1][1]}]]`,
    patch: { type: 'setParams', nodeId: ctx.nodeId, params: { padding: fix } },
  }];
  // 'same' is what people write: first when it reads every pixel and gives the explicit fix's size.
  if (fix !== null && padding !== 'same' && !g.ceilMode && isSameLike(g, fix)) {
    fixes.unshift({ label: "padding 'same'", patch: { type: 'setParams', nodeId: ctx.nodeId, params: { padding: 'same' } } });
  }
  return {
    nodeId: ctx.nodeId,
    severity: 'warning',
    code: 'stride-skips-pixels',
    message: `${ctx.label}: ${arithmetic}: ${lost} ${rows + cols === 1 ? 'is' : 'are'} never read`,
    field: 'padding',
    fixes,
  };
}

/** True when padding 'same' skips no input pixel and gives the same output size as `fix` on both axes. */
function isSameLike(g: ConvGeometry, fix: Padding): boolean {
  return ([0, 1] as const).every((axis) => {
    const a = selectAxis(g, axis);
    const [before, after] = resolveAxisPadding('same', axis, a.size, a.effK, a.stride);
    const [fb, fa] = resolveAxisPadding(fix, axis, a.size, a.effK, a.stride);
    const out = computeConvOutputSize(a.size, before, after, a.effK, a.stride);
    const same: AxisGeometry = { ...a, before, after, out };
    return countSkippedInputPixels(same) === 0 && out === computeConvOutputSize(a.size, fb, fa, a.effK, a.stride);
  });
}
