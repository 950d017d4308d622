/**
 * Forms that exporters of NHWC models (ours, tf2onnx) write: a Transpose of an NCHW map to NHWC
 * right before a Flatten, which then flattens in our H, W, C order; Transposes around a Reshape
 * that reads our order; an Unsqueeze making a per-channel gate; and Sum of several inputs.
 */
import { readInt, readInts } from '../attributes';
import type { NodeRef } from '../importState';
import type { NodeProto } from '../../onnx/codec';
import { OK, readConstInts, refuse, requireLayerInput, requireLayerInputOrNhwc, setOutput, type MapContext, type MapResult } from './mapContext';

/**
 * Transpose perm [0, 2, 3, 1] read only by Flattens (axis 1): the pair is one Flatten layer whose
 * output is in our order already (layout vector, no row reordering for the Dense after it). The
 * Flatten op then sees a vector and is removed.
 */
export function mapTranspose(ctx: MapContext): MapResult {
  const x = requireLayerInputOrNhwc(ctx, 0);
  if (!x.ok) return x;
  const perm = readInts(ctx.attrs, 'perm', []).join();
  const readers = ctx.state.view.consumers.get(ctx.node.output[0]) ?? [];
  const isOutput = ctx.state.view.outputs.includes(ctx.node.output[0]);
  const onlyReaders = (ok: (r: NodeProto) => boolean) => readers.length > 0 && !isOutput && readers.every(ok);
  const flattensAxis1 = (r: NodeProto) => r.opType === 'Flatten' && readInt(new Map(r.attribute.map((a) => [a.name, a])), 'axis', 1) === 1;
  if (x.ref.layout.type === 'map' && perm === '0,2,3,1' && onlyReaders(flattensAxis1)) {
    setOutput(ctx, ctx.state.addNode('Flatten', {}, [x.ref], ctx.node, { type: 'vector' }));
    return OK;
  }
  // Around a Reshape in our order: the values do not move here, only how they are read.
  if (x.ref.layout.type === 'map' && perm === '0,2,3,1' && onlyReaders((r) => r.opType === 'Reshape' || flattensAxis1(r))) {
    ctx.state.fold(ctx.node, 'Transpose to NHWC before a Reshape removed (the Reshape reads our order)');
    setOutput(ctx, { ...x.ref, layout: { type: 'nhwc' } });
    return OK;
  }
  if (x.ref.layout.type === 'nhwc' && perm === '0,3,1,2') {
    ctx.state.fold(ctx.node, 'Transpose back to NCHW after a Reshape removed');
    setOutput(ctx, { ...x.ref, layout: { type: 'map' } });
    return OK;
  }
  return refuse(`Transpose with perm [${perm.split(',').join(', ')}]: only NCHW -> NHWC ([0, 2, 3, 1]) of a feature map before a Flatten or a Reshape, and back, are layers`);
}

/**
 * Unsqueeze of a vector [N, C] at axes 2 and 3: [N, C, 1, 1], one value per channel, the gate of a
 * squeeze-and-excitation block that Mul broadcasts over a map. The values do not change.
 */
export function mapUnsqueeze(ctx: MapContext): MapResult {
  const x = requireLayerInput(ctx, 0);
  if (!x.ok) return x;
  let axes: number[];
  if (ctx.opset < 13) axes = readInts(ctx.attrs, 'axes', []);
  else {
    const read = readConstInts(ctx, 1, 'axes');
    if (!read.ok) return read;
    axes = read.data;
  }
  const isVector = x.ref.layout.type === 'vector' || (x.ref.layout.type === 'flattened' && x.ref.layout.h * x.ref.layout.w === 1);
  const normalised = axes.map((a) => (a < 0 ? a + 4 : a)).sort().join();
  if (!isVector || normalised !== '2,3') return refuse(`Unsqueeze of a ${x.ref.layout.type} at axes [${axes.join(', ')}]: only a vector [N, C] to [N, C, 1, 1] is supported`);
  ctx.state.fold(ctx.node, 'Unsqueeze of a vector to [N, C, 1, 1] removed (the same values)');
  setOutput(ctx, { ...x.ref, layout: { type: 'pooled' } });
  return OK;
}

/** Sum of two or more layer outputs of one shape -> Add. */
export function mapSum(ctx: MapContext): MapResult {
  const refs: NodeRef[] = [];
  for (let i = 0; i < ctx.node.input.length; i++) {
    const x = requireLayerInput(ctx, i);
    if (!x.ok) return x;
    refs.push(x.ref);
  }
  if (refs.length < 2) return refuse(`it has ${refs.length} input(s); a Sum of one value is not an Add`);
  const shapes = refs.map((r) => ctx.state.shapeOf(r.nodeId)?.join() ?? '?');
  if (refs.some((r) => r.layout.type !== refs[0].layout.type) || shapes.some((s) => s === '?' || s !== shapes[0])) {
    return refuse(`its inputs differ in shape or layout ([${shapes.join('], [')}]): broadcasting is not supported`);
  }
  setOutput(ctx, ctx.state.addNode('Add', {}, refs, ctx.node, refs[0].layout));
  return OK;
}
