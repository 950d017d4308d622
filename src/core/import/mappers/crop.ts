/** Slice of a feature map's rows and columns -> Cropping2D (U-Net's skip connections, our export). */
import { resolveMargins } from '../../layers/margins';
import type { Margins } from '../../graph/types';
import { readInts } from '../attributes';
import { OK, foldTarget, inputRef, kindAvailable, readConstInts, refuse, requireLayerInput, setOutput, type MapContext, type MapResult } from './mapContext';

/** A Slice's starts, ends, axes and steps: attributes before opset 10, constant inputs since. */
function readSlice(ctx: MapContext): { ok: true; starts: number[]; ends: number[]; axes: number[]; steps: number[] } | { ok: false; reason: string } {
  if (ctx.opset < 10) {
    const starts = readInts(ctx.attrs, 'starts', []);
    return { ok: true, starts, ends: readInts(ctx.attrs, 'ends', []), axes: readInts(ctx.attrs, 'axes', starts.map((_, i) => i)), steps: starts.map(() => 1) };
  }
  const starts = readConstInts(ctx, 1, 'starts');
  if (!starts.ok) return starts;
  const ends = readConstInts(ctx, 2, 'ends');
  if (!ends.ok) return ends;
  const axes = ctx.node.input[3] ? readConstInts(ctx, 3, 'axes') : { ok: true as const, data: starts.data.map((_, i) => i) };
  if (!axes.ok) return axes;
  const steps = ctx.node.input[4] ? readConstInts(ctx, 4, 'steps') : { ok: true as const, data: starts.data.map(() => 1) };
  if (!steps.ok) return steps;
  return { ok: true, starts: starts.data, ends: ends.data, axes: axes.data, steps: steps.data };
}

/** ONNX's rule: negative counts from the end, then clamped into [0, dim]. */
const clampIndex = (v: number, dim: number) => Math.min(Math.max(v < 0 ? v + dim : v, 0), dim);

/**
 * Slice with step 1 along H and W of an NCHW map (batch and channels whole) -> Cropping2D with the
 * rows and columns it drops. A Slice of one axis right after a Cropping2D that only it reads and
 * that left that axis whole (PyTorch's x[:, :, a:b, c:d] is one Slice per axis) joins that layer.
 */
export function mapSlice(ctx: MapContext): MapResult {
  if (!kindAvailable('Cropping2D')) return refuse('Cropping2D is not a layer kind yet');
  const x = requireLayerInput(ctx, 0);
  if (!x.ok) return x;
  if (x.ref.layout.type !== 'map') return refuse(`it slices a ${x.ref.layout.type}: only the rows and columns of a 4-D feature map are a Cropping2D`);
  const shape = ctx.state.shapeOf(x.ref.nodeId);
  if (!shape || shape.length !== 3) return refuse('the shape of its input is unknown');
  const slice = readSlice(ctx);
  if (!slice.ok) return slice;
  const [h, w, c] = shape;
  const dims = [1, c, h, w];
  const kept = dims.map((d) => [0, d]);
  for (let i = 0; i < slice.axes.length; i++) {
    const axis = slice.axes[i] < 0 ? slice.axes[i] + 4 : slice.axes[i];
    if (axis < 0 || axis > 3) return refuse(`axis ${slice.axes[i]} is not an axis of a 4-D map`);
    if ((slice.steps[i] ?? 1) !== 1) return refuse(`step ${slice.steps[i]} on axis ${axis}: only step 1 is a crop`);
    kept[axis] = [clampIndex(slice.starts[i], dims[axis]), clampIndex(slice.ends[i], dims[axis])];
  }
  if (kept[0][1] - kept[0][0] !== 1 || kept[1][0] !== 0 || kept[1][1] !== c) return refuse(`it slices the batch or channel axis ([${kept.map((k) => k.join(':')).join(', ')}] of [${dims.join(', ')}])`);
  const [[top, endH], [left, endW]] = [kept[2], kept[3]];
  if (endH <= top || endW <= left) return refuse(`it keeps rows ${top}:${endH} and columns ${left}:${endW} of a ${h}x${w} map: nothing is left`);
  const margins = { top, bottom: h - endH, left, right: w - endW };

  // PyTorch slices one axis per op: a Slice of one axis the Cropping2D before it leaves whole joins it.
  const axes = new Set(slice.axes.map((a) => (a < 0 ? a + 4 : a)));
  const before = axes.size === 1 ? foldTarget(ctx, inputRef(ctx, 0), ['Cropping2D']) : null;
  const earlier = before ? resolveMargins(before.params.cropping as Margins) : null;
  const untouched = earlier && (axes.has(2) ? earlier.top + earlier.bottom === 0 : axes.has(3) && earlier.left + earlier.right === 0);
  if (before && untouched) {
    const m = earlier!;
    before.params.cropping = [[m.top + margins.top, m.bottom + margins.bottom], [m.left + margins.left, m.right + margins.right]];
    before.output = ctx.node.output[0];
    ctx.state.invalidateShapes();
    ctx.state.fold(ctx.node, 'Slice added to the Cropping2D before it');
    setOutput(ctx, x.ref);
    return OK;
  }
  const cropping = [[margins.top, margins.bottom], [margins.left, margins.right]];
  setOutput(ctx, ctx.state.addNode('Cropping2D', { cropping }, [x.ref], ctx.node, { type: 'map' }));
  return OK;
}
