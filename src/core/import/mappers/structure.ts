/** Flatten, Reshape, BatchNormalization, Pad, and the ops that vanish (Identity, Dropout, Constant). */
import { readFloat, readInt, readInts, readString } from '../attributes';
import type { TensorProto } from '../../onnx/codec';
import { createFloatTensor, createInt64Tensor } from '../../onnx/tensors';
import type { NodeRef } from '../importState';
import { toOnnxShape } from '../layout';
import {
  OK, checkOnlyFirstOutputUsed, inputRef, kindAvailable, readConstFloats, readConstInts, refuse, requireLayerInput, requireLayerInputOrNhwc, setOutput,
  type MapContext, type MapResult,
} from './mapContext';

/** The layer of a Flatten of `ref` (a Flatten layer, or nothing when it is a vector already). */
function flattenInto(ctx: MapContext, ref: NodeRef, how: string): MapResult {
  const { layout } = ref;
  if (layout.type === 'nhwc') {
    // Channels-last already: ONNX flattens in our H, W, C order.
    setOutput(ctx, ctx.state.addNode('Flatten', {}, [ref], ctx.node, { type: 'vector' }));
    return OK;
  }
  if (layout.type === 'vector' || layout.type === 'flattened') {
    ctx.state.fold(ctx.node, `${how} of a matrix removed (nothing to flatten)`);
    setOutput(ctx, ref);
    return OK;
  }
  if (layout.type === 'pooled') {
    setOutput(ctx, ctx.state.addNode('Flatten', {}, [ref], ctx.node, { type: 'vector' }));
    return OK;
  }
  const shape = ctx.state.shapeOf(ref.nodeId);
  if (!shape || shape.length !== 3) return refuse('the shape of its input is unknown');
  const [h, w, c] = shape;
  setOutput(ctx, ctx.state.addNode('Flatten', {}, [ref], ctx.node, h * w === 1 ? { type: 'vector' } : { type: 'flattened', h, w, c }));
  return OK;
}

/** Flatten with axis 1 (everything after the batch) -> Flatten. */
export function mapFlatten(ctx: MapContext): MapResult {
  const x = requireLayerInputOrNhwc(ctx, 0);
  if (!x.ok) return x;
  const axis = readInt(ctx.attrs, 'axis', 1);
  if (axis !== 1) return refuse(`Flatten from axis ${axis}: only axis 1 (keep the batch, flatten the rest) is a layer`);
  return flattenInto(ctx, x.ref, 'Flatten');
}

/**
 * Reshape to [N, -1] (or [N, features]) is a Flatten; a vector [N, F] to [N, F, 1, 1] is a Reshape
 * to our [1, 1, F] (the same values in the same order); a target equal to the input's shape is
 * removed. Any other target moves values between NCHW positions that NHWC orders differently.
 */
export function mapReshape(ctx: MapContext): MapResult {
  const x = requireLayerInputOrNhwc(ctx, 0);
  if (!x.ok) return x;
  const target = readConstInts(ctx, 1, 'target shape');
  if (!target.ok) return refuse(`${target.reason} (export with a fixed shape, e.g. torch.flatten(x, 1))`);
  const shape = ctx.state.shapeOf(x.ref.nodeId);
  if (!shape) return refuse('the shape of its input is unknown');
  const features = shape.reduce((a, b) => a * b, 1);
  const t = target.data;
  // 0 copies the input's dim (the batch), 1 is the batch of 1 the document assumes.
  const batchOk = t[0] === 0 || t[0] === 1 || t[0] === -1;
  const channelsLast = reshapeInOurOrder(ctx, x.ref, features, t, batchOk);
  if (channelsLast) return channelsLast;
  if (t.length === 2 && batchOk && (t[1] === -1 || t[1] === features) && !(t[0] === -1 && t[1] === -1)) {
    return flattenInto(ctx, x.ref, 'Reshape');
  }
  const { layout } = x.ref;
  const onnxShape = toOnnxShape(shape, layout);
  if (onnxShape && t.length === onnxShape.length && t.every((d, i) => (i === 0 ? batchOk : d === onnxShape[i] || (d === 0 && i < onnxShape.length)))) {
    ctx.state.fold(ctx.node, 'Reshape to the shape it already has removed');
    setOutput(ctx, x.ref);
    return OK;
  }
  const isVector = layout.type === 'vector' || layout.type === 'pooled' || (layout.type === 'flattened' && layout.h * layout.w === 1);
  if (isVector && t.length === 4 && batchOk && (t[1] === features || t[1] === -1) && t[2] === 1 && t[3] === 1) {
    if (!kindAvailable('Reshape')) {
      ctx.state.fold(ctx.node, 'Reshape of a vector to [N, C, 1, 1] removed (the same values)');
      setOutput(ctx, { ...x.ref, layout: { type: 'pooled' } });
      return OK;
    }
    setOutput(ctx, ctx.state.addNode('Reshape', { targetShape: [1, 1, features] }, [x.ref], ctx.node, { type: 'map' }));
    return OK;
  }
  return refuse(`Reshape of [N, ${shape.join(', ')}] (ours, NHWC) to [${t.join(', ')}]: only a flatten to [N, -1] and a vector to [N, C, 1, 1] are layers (other targets reorder NCHW values)`);
}

/**
 * A Reshape whose values are in our row-major order, as NHWC exporters write it (ours among them):
 * of a map transposed to NHWC, to [N, F] or [N, h, w, c]; or of a vector to [N, h, w, c] that the
 * Transpose after it turns into an NCHW map. Either is a Reshape layer; a [N, h, w, c] result stays
 * channels-last for that Transpose. Null when the Reshape is not of this form.
 */
function reshapeInOurOrder(ctx: MapContext, x: NodeRef, features: number, t: readonly number[], batchOk: boolean): MapResult | null {
  const isVector = x.layout.type === 'vector' || (x.layout.type === 'flattened' && x.layout.h * x.layout.w === 1);
  if (x.layout.type !== 'nhwc' && !(isVector && t.length === 4 && readByTransposesToNchw(ctx))) return null;
  if (!batchOk || (t.length !== 2 && t.length !== 4)) return refuse(`Reshape of a channels-last value to [${t.join(', ')}]: only [N, F] and [N, H, W, C] are layers`);
  const perSample = t.slice(1);
  const open = perSample.filter((d) => d === -1).length;
  const known = perSample.filter((d) => d > 0).reduce((a, b) => a * b, 1);
  if (open > 1 || perSample.some((d) => d === 0 || d < -1) || (open === 0 ? known !== features : features % known !== 0)) {
    return refuse(`Reshape of ${features} values to [${t.join(', ')}]: the counts do not match`);
  }
  const targetShape = perSample.map((d) => (d === -1 ? features / known : d));
  const layout = targetShape.length === 3 ? { type: 'nhwc' as const } : { type: 'vector' as const };
  setOutput(ctx, ctx.state.addNode('Reshape', { targetShape }, [x], ctx.node, layout));
  return OK;
}

/** Whether every reader of the node's output is a Transpose from NHWC to NCHW ([0, 3, 1, 2]). */
function readByTransposesToNchw(ctx: MapContext): boolean {
  const readers = ctx.state.view.consumers.get(ctx.node.output[0]) ?? [];
  return readers.length > 0 && !ctx.state.view.outputs.includes(ctx.node.output[0])
    && readers.every((r) => r.opType === 'Transpose' && readInts(new Map(r.attribute.map((a) => [a.name, a])), 'perm', []).join() === '0,3,1,2');
}

/** BatchNormalization (inference) -> BatchNorm over channels (the last axis here). */
export function mapBatchNorm(ctx: MapContext): MapResult {
  const extra = checkOnlyFirstOutputUsed(ctx);
  if (!extra.ok) return extra;
  if (readInt(ctx.attrs, 'training_mode', 0) === 1) return refuse('training_mode=1: only inference-mode batch normalization is a layer');
  const x = requireLayerInput(ctx, 0);
  if (!x.ok) return x;
  if (x.ref.layout.type === 'flattened' && x.ref.layout.h * x.ref.layout.w > 1) return refuse('it normalises a flattened feature map, whose element order differs from ONNX\'s');
  const shape = ctx.state.shapeOf(x.ref.nodeId);
  if (!shape) return refuse('the shape of its input is unknown');
  const channels = shape[shape.length - 1];
  const names = ['gamma', 'beta', 'movingMean', 'movingVariance'] as const;
  const what = ['scale', 'B', 'mean', 'var'];
  const weights: Record<string, { shape: number[]; data: Float32Array }> = {};
  for (let i = 0; i < 4; i++) {
    const t = readConstFloats(ctx, i + 1, what[i]);
    if (!t.ok) return t;
    if (t.data.length !== channels) return refuse(`${what[i]} has ${t.data.length} values for ${channels} channels`);
    weights[names[i]] = { shape: [channels], data: t.data };
  }
  const epsilon = readFloat(ctx.attrs, 'epsilon', 1e-5);
  if (!(epsilon > 0 && epsilon <= 1)) return refuse(`epsilon ${epsilon} is outside (0, 1]`);
  setOutput(ctx, ctx.state.addNode('BatchNorm', { epsilon }, [x.ref], ctx.node, x.ref.layout, weights));
  return OK;
}

/**
 * Pad with zeros of H and W: absorbed into the padding of the Conv(s) that read it, else a
 * ZeroPadding2D layer when that kind exists.
 */
export function mapPad(ctx: MapContext): MapResult {
  const mode = readString(ctx.attrs, 'mode', 'constant');
  if (mode !== 'constant') return refuse(`mode '${mode}': only zero padding is supported`);
  const x = requireLayerInput(ctx, 0);
  if (!x.ok) return x;
  if (x.ref.layout.type !== 'map') return refuse('it pads something other than a 4-D feature map');
  let pads: number[];
  let value = 0;
  if (ctx.opset < 11) {
    pads = readInts(ctx.attrs, 'pads', []);
    value = readFloat(ctx.attrs, 'value', 0);
  } else {
    const read = readConstInts(ctx, 1, 'pads');
    if (!read.ok) return read;
    pads = read.data;
    if (ctx.node.input[2]) {
      const v = readConstFloats(ctx, 2, 'constant_value');
      if (!v.ok) return v;
      value = v.data[0] ?? 0;
    }
  }
  if (pads.length !== 8) return refuse(`pads [${pads.join(', ')}] are not those of a 4-D tensor (8 values)`);
  if (value !== 0) return refuse(`it pads with ${value}, not 0`);
  if (pads[0] !== 0 || pads[1] !== 0 || pads[4] !== 0 || pads[5] !== 0) return refuse(`pads [${pads.join(', ')}] pad the batch or channel axis`);
  if (pads.some((p) => p < 0)) return refuse(`negative pads [${pads.join(', ')}] (cropping) are not supported`);
  const hw: [number, number, number, number] = [pads[2], pads[3], pads[6], pads[7]];
  const readers = ctx.state.view.consumers.get(ctx.node.output[0]) ?? [];
  const onlyConvs = readers.length > 0 && readers.every((r) => r.opType === 'Conv' && r.input[0] === ctx.node.output[0])
    && !ctx.state.view.outputs.includes(ctx.node.output[0]);
  if (onlyConvs) {
    ctx.state.values.set(ctx.node.output[0], { type: 'padded', source: x.ref, pads: hw, padNode: ctx.node });
    return OK;
  }
  if (!kindAvailable('ZeroPadding2D')) return refuse('a Pad that does not feed a Conv needs ZeroPadding2D, which is not a layer kind yet');
  setOutput(ctx, ctx.state.addNode('ZeroPadding2D', { padding: [[hw[0], hw[2]], [hw[1], hw[3]]] }, [x.ref], ctx.node, { type: 'map' }));
  return OK;
}

/** Identity, and Dropout at inference: the output is the input. */
export function mapPassThrough(ctx: MapContext): MapResult {
  const extra = checkOnlyFirstOutputUsed(ctx);
  if (!extra.ok) return extra;
  if (ctx.node.opType === 'Dropout') {
    // Opset 12+: training_mode is input 2; true means dropout really drops.
    const training = ctx.node.input[2] ? readConstFloats(ctx, 2, 'training_mode') : null;
    if (training && (!training.ok || training.data[0] !== 0)) return refuse('training_mode is not a constant false: only inference-mode Dropout is removed');
  }
  const x = inputRef(ctx, 0);
  if (x === undefined) return refuse('input 0 is missing');
  setOutput(ctx, x);
  ctx.state.fold(ctx.node, ctx.node.opType === 'Dropout' ? 'inference-mode Dropout removed' : 'Identity removed');
  return OK;
}

/** Constant: its tensor becomes a constant value that weights, shapes and pads are read from. */
export function mapConstant(ctx: MapContext): MapResult {
  const value = ctx.attrs.get('value');
  const name = ctx.node.output[0];
  let tensor: TensorProto | undefined = value?.t;
  if (!tensor && ctx.attrs.has('value_float')) tensor = createFloatTensor(name, [], Float32Array.of(readFloat(ctx.attrs, 'value_float', 0)));
  if (!tensor && ctx.attrs.has('value_floats')) {
    const floats = ctx.attrs.get('value_floats')!.floats;
    tensor = createFloatTensor(name, [floats.length], Float32Array.from(floats));
  }
  if (!tensor && ctx.attrs.has('value_int')) tensor = createInt64Tensor(name, [], [readInt(ctx.attrs, 'value_int', 0)]);
  if (!tensor && ctx.attrs.has('value_ints')) {
    const ints = readInts(ctx.attrs, 'value_ints', []);
    tensor = createInt64Tensor(name, [ints.length], ints);
  }
  if (!tensor) {
    const other = ['sparse_value', 'value_string', 'value_strings'].find((n) => ctx.attrs.has(n));
    return refuse(other ? `a Constant given as '${other}' is not supported (numeric tensors are)` : 'a Constant without a value');
  }
  ctx.state.values.set(name, { type: 'const', tensor });
  ctx.state.fold(ctx.node, 'Constant folded into the weights and shapes that read it');
  return OK;
}
