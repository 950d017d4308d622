/**
 * Resize and Upsample by whole factors -> UpSampling2D. ONNX defines many sampling grids; ours are
 * nearest as out[y] = in[floor(y / s)] and bilinear with half-pixel centres (tf.image.resize), so
 * each node's grid is checked against them before it maps.
 */
import { readString } from '../attributes';
import { OK, constInput, kindAvailable, readConstFloats, readConstInts, refuse, requireLayerInput, setOutput, type MapContext, type MapResult } from './mapContext';
import { toPair } from './windowAttributes';

/** ONNX's x_original for output index x (Resize's coordinate_transformation_mode). */
function sourceCoordinate(mode: string, x: number, scale: number, inSize: number, outSize: number): number | null {
  switch (mode) {
    case 'half_pixel': return (x + 0.5) / scale - 0.5;
    case 'pytorch_half_pixel': return outSize > 1 ? (x + 0.5) / scale - 0.5 : 0;
    case 'align_corners': return outSize === 1 ? 0 : (x * (inSize - 1)) / (outSize - 1);
    case 'asymmetric': return x / scale;
    case 'tf_half_pixel_for_nn': return (x + 0.5) / scale;
    default: return null;
  }
}

/** ONNX's nearest_mode rounding of a source coordinate. */
function roundNearest(mode: string, v: number): number | null {
  switch (mode) {
    case 'round_prefer_floor': return v - Math.floor(v) === 0.5 ? Math.floor(v) : Math.round(v);
    case 'round_prefer_ceil': return v - Math.floor(v) === 0.5 ? Math.ceil(v) : Math.round(v);
    case 'floor': return Math.floor(v);
    case 'ceil': return Math.ceil(v);
    default: return null;
  }
}

/** Whether ONNX's nearest grid picks in[floor(y / s)] for every output index (brute force over the axis). */
function nearestIsFloor(ctm: string, nearestMode: string, inSize: number, factor: number): boolean {
  const out = inSize * factor;
  for (let x = 0; x < out; x++) {
    const src = sourceCoordinate(ctm, x, factor, inSize, out);
    const picked = src === null ? null : roundNearest(nearestMode, src);
    if (picked === null || Math.min(Math.max(picked, 0), inSize - 1) !== Math.floor(x / factor)) return false;
  }
  return true;
}

/** The whole [sh, sw] factors from `scales` [1, 1, sh, sw] or `sizes` [n, c, h*sh, w*sw]. */
function readFactors(ctx: MapContext, scalesIndex: number | null, sizesIndex: number | null, h: number, w: number):
  { ok: true; factors: [number, number] } | { ok: false; reason: string } {
  let factors: number[] | null = null;
  if (scalesIndex === -1) {
    factors = ctx.attrs.get('scales')?.floats.slice(2) ?? null;
    const all = ctx.attrs.get('scales')?.floats ?? [];
    if (all.length !== 4 || all[0] !== 1 || all[1] !== 1) return { ok: false, reason: `scales [${all.join(', ')}] do not scale H and W of a 4-D map only` };
  } else if (scalesIndex !== null && ctx.node.input[scalesIndex] && constInput(ctx, scalesIndex)) {
    const s = readConstFloats(ctx, scalesIndex, 'scales');
    if (!s.ok) return s;
    if (s.data.length > 0) {
      if (s.data.length !== 4 || s.data[0] !== 1 || s.data[1] !== 1) return { ok: false, reason: `scales [${[...s.data].join(', ')}] do not scale H and W of a 4-D map only` };
      factors = [s.data[2], s.data[3]];
    }
  }
  if (factors === null && sizesIndex !== null && ctx.node.input[sizesIndex]) {
    const s = readConstInts(ctx, sizesIndex, 'sizes');
    if (!s.ok) return s;
    if (s.data.length !== 4) return { ok: false, reason: `sizes [${s.data.join(', ')}] are not those of a 4-D map` };
    factors = [s.data[2] / h, s.data[3] / w];
  }
  if (factors === null) return { ok: false, reason: 'its scales and sizes are not constants' };
  if (!factors.every((f) => Number.isInteger(f) && f >= 1)) return { ok: false, reason: `factors [${factors.join(', ')}] are not whole numbers >= 1: only whole upsampling factors are an UpSampling2D` };
  return { ok: true, factors: [factors[0], factors[1]] };
}

/**
 * The shared part: the input map, the factors, and the interpolation our UpSampling2D gives for
 * ONNX's `mode` on `ctm`'s grid (nearest: checked index by index; linear: half-pixel only).
 */
function mapUpsampling(ctx: MapContext, mode: string, ctm: string, nearestMode: string, scalesIndex: number | null, sizesIndex: number | null): MapResult {
  if (!kindAvailable('UpSampling2D')) return refuse('UpSampling2D is not a layer kind yet');
  const x = requireLayerInput(ctx, 0);
  if (!x.ok) return x;
  if (x.ref.layout.type !== 'map') return refuse('its input is not a 4-D feature map');
  const shape = ctx.state.shapeOf(x.ref.nodeId);
  if (!shape || shape.length !== 3) return refuse('the shape of its input is unknown');
  const read = readFactors(ctx, scalesIndex, sizesIndex, shape[0], shape[1]);
  if (!read.ok) return read;
  const [sh, sw] = read.factors;
  let interpolation: 'nearest' | 'bilinear';
  if (mode === 'nearest') {
    if (!nearestIsFloor(ctm, nearestMode, shape[0], sh) || !nearestIsFloor(ctm, nearestMode, shape[1], sw)) {
      return refuse(`nearest with coordinate_transformation_mode '${ctm}' and nearest_mode '${nearestMode}' does not repeat each pixel ${sh}x${sw} times`);
    }
    interpolation = 'nearest';
  } else if (mode === 'linear' || mode === 'bilinear') {
    // pytorch_half_pixel is half_pixel except for an output of one pixel.
    if (ctm !== 'half_pixel' && !(ctm === 'pytorch_half_pixel' && shape[0] * sh > 1 && shape[1] * sw > 1)) {
      return refuse(`linear with coordinate_transformation_mode '${ctm}': only half-pixel centres (align_corners=False) are our bilinear`);
    }
    interpolation = 'bilinear';
  } else {
    return refuse(`mode '${mode}': only nearest and (bi)linear are an UpSampling2D`);
  }
  setOutput(ctx, ctx.state.addNode('UpSampling2D', { size: toPair([sh, sw]), interpolation }, [x.ref], ctx.node, { type: 'map' }));
  return OK;
}

/**
 * Resize: opset 10 (X, scales) on the asymmetric grid; opset 11+ (X, roi, scales, sizes) with
 * coordinate_transformation_mode (default half_pixel) and nearest_mode (default round_prefer_floor).
 */
export function mapResize(ctx: MapContext): MapResult {
  const mode = readString(ctx.attrs, 'mode', 'nearest');
  if (ctx.opset < 11) return mapUpsampling(ctx, mode, 'asymmetric', 'round_prefer_floor', 1, null);
  const ctm = readString(ctx.attrs, 'coordinate_transformation_mode', 'half_pixel');
  if (ctm === 'tf_crop_and_resize') return refuse("coordinate_transformation_mode 'tf_crop_and_resize' crops: not an UpSampling2D");
  return mapUpsampling(ctx, mode, ctm, readString(ctx.attrs, 'nearest_mode', 'round_prefer_floor'), 2, 3);
}

/**
 * Upsample (opsets 7 to 9; scales an attribute in 7, an input from 9): onnxruntime samples it on the
 * asymmetric grid, nearest truncating (x / s rounded down), so its linear mode is not our half-pixel bilinear.
 */
export function mapUpsample(ctx: MapContext): MapResult {
  const mode = readString(ctx.attrs, 'mode', 'nearest');
  return mapUpsampling(ctx, mode, 'asymmetric', 'floor', ctx.opset < 9 ? -1 : 1, null);
}
