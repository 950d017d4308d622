/**
 * Forms that exporters of NHWC models (ours, tf2onnx) write: a Transpose of an NCHW map to NHWC
 * right before a Flatten, which then flattens in our H, W, C order; and Sum of several inputs.
 */
import { readInt, readInts } from '../attributes';
import type { NodeRef } from '../importState';
import { OK, refuse, requireLayerInput, setOutput, type MapContext, type MapResult } from './mapContext';

/**
 * Transpose perm [0, 2, 3, 1] read only by Flattens (axis 1): the pair is one Flatten layer whose
 * output is in our order already (layout vector, no row reordering for the Dense after it). The
 * Flatten op then sees a vector and is removed.
 */
export function mapTranspose(ctx: MapContext): MapResult {
  const x = requireLayerInput(ctx, 0);
  if (!x.ok) return x;
  const perm = readInts(ctx.attrs, 'perm', []);
  const readers = ctx.state.view.consumers.get(ctx.node.output[0]) ?? [];
  const onlyFlattens = readers.length > 0 && readers.every((r) => r.opType === 'Flatten' && readInt(new Map(r.attribute.map((a) => [a.name, a])), 'axis', 1) === 1)
    && !ctx.state.view.outputs.includes(ctx.node.output[0]);
  if (x.ref.layout.type !== 'map' || perm.join() !== '0,2,3,1' || !onlyFlattens) {
    return refuse(`Transpose with perm [${perm.join(', ')}]: only NCHW -> NHWC ([0, 2, 3, 1]) of a feature map right before a Flatten is a layer`);
  }
  setOutput(ctx, ctx.state.addNode('Flatten', {}, [x.ref], ctx.node, { type: 'vector' }));
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
