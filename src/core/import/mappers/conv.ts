/** Conv -> Conv2D (a Pad right before it becomes its padding). */
import { readInt } from '../attributes';
import type { NodeRef } from '../importState';
import { transposeOihwToHwio } from '../layout';
import { OK, inputRef, readConstFloats, refuse, setOutput, type MapContext, type MapResult } from './mapContext';
import { readWindow, toPadding, toPair, type Pads } from './windowAttributes';

/** Conv: weights OIHW -> HWIO, pads [t, l, b, r] -> padding, a preceding zero Pad added to the pads. */
export function mapConv(ctx: MapContext): MapResult {
  const x = inputRef(ctx, 0);
  let source: NodeRef;
  let extraPads: Pads = [0, 0, 0, 0];
  if (x?.type === 'padded') {
    source = x.source;
    extraPads = x.pads;
  } else if (x?.type === 'node' && x.layout.type === 'map') {
    source = x;
  } else if (x?.type === 'node' && x.layout.type === 'pooled') {
    return refuse('it reads a global pool output [N, C, 1, 1], which is a vector here: a Reshape layer is needed first');
  } else {
    return refuse(x === undefined ? 'input 0 is missing' : x.type === 'const' ? 'its input is a constant' : 'its input is not a 4-D feature map (or comes from a node that was not mapped)');
  }
  const w = readConstFloats(ctx, 1, 'weight');
  if (!w.ok) return w;
  if (w.dims.length !== 4) return refuse(`weight [${w.dims.join(', ')}] is not 4-D (only 2-D convolutions are layers)`);
  const [o, iPerGroup, kh, kw] = w.dims;
  const inShape = ctx.state.shapeOf(source.nodeId);
  if (!inShape || inShape.length !== 3) return refuse('the shape of its input is unknown');
  const geometry = readWindow(ctx, [kh, kw], [inShape[0], inShape[1]]);
  if (!geometry.ok) return geometry;
  const { strides, dilations, pads } = geometry.window;
  const group = readInt(ctx.attrs, 'group', 1);
  if (group !== 1) return refuse(`grouped convolution (group ${group}) has no layer kind yet`);
  if (iPerGroup !== inShape[2]) return refuse(`weight [${w.dims.join(', ')}] expects ${iPerGroup} input channels, the input has ${inShape[2]}`);
  if ((dilations[0] > 1 || dilations[1] > 1) && (strides[0] > 1 || strides[1] > 1)) {
    return refuse(`dilations [${dilations.join(', ')}] with strides [${strides.join(', ')}]: Conv2D cannot dilate and stride at once`);
  }
  const allPads: Pads = [pads[0] + extraPads[0], pads[1] + extraPads[1], pads[2] + extraPads[2], pads[3] + extraPads[3]];
  const weights: Record<string, { shape: number[]; data: Float32Array }> = {
    kernel: { shape: [kh, kw, iPerGroup, o], data: transposeOihwToHwio(w.data, o, iPerGroup, kh, kw) },
  };
  const hasBias = ctx.node.input[2] !== undefined && ctx.node.input[2] !== '';
  if (hasBias) {
    const b = readConstFloats(ctx, 2, 'bias');
    if (!b.ok) return b;
    if (b.data.length !== o) return refuse(`bias has ${b.data.length} values for ${o} filters`);
    weights.bias = { shape: [o], data: b.data };
  }
  if (x.type === 'padded') ctx.state.fold(x.padNode, `zero Pad absorbed into the padding of the next Conv`);
  const params = {
    filters: o,
    kernelSize: toPair([kh, kw]),
    strides: toPair(strides),
    padding: toPadding(allPads),
    dilation: toPair(dilations),
    activation: 'linear',
    useBias: hasBias,
  };
  setOutput(ctx, ctx.state.addNode('Conv2D', params, [source], ctx.node, { type: 'map' }, weights));
  return OK;
}
