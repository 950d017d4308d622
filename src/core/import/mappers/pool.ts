/** MaxPool, AveragePool, GlobalAveragePool, GlobalMaxPool and ReduceMean over H, W -> pooling layers. */
import { readInt, readInts } from '../attributes';
import { OK, checkOnlyFirstOutputUsed, kindAvailable, refuse, requireLayerInput, setOutput, type MapContext, type MapResult } from './mapContext';
import { readWindow, toPadding, toPair } from './windowAttributes';

function mapWindowPool(ctx: MapContext, kind: 'MaxPool2D' | 'AvgPool2D'): MapResult {
  const extra = checkOnlyFirstOutputUsed(ctx);
  if (!extra.ok) return extra;
  const x = requireLayerInput(ctx, 0);
  if (!x.ok) return x;
  if (x.ref.layout.type !== 'map') return refuse('its input is not a 4-D feature map');
  const shape = ctx.state.shapeOf(x.ref.nodeId);
  if (!shape || shape.length !== 3) return refuse('the shape of its input is unknown');
  const read = readWindow(ctx, null, [shape[0], shape[1]]);
  if (!read.ok) return read;
  const { kernel, strides, dilations, pads } = read.window;
  if (dilations[0] !== 1 || dilations[1] !== 1) return refuse(`dilations [${dilations.join(', ')}]: pooling layers have no dilation`);
  // ceil_mode and count_include_pad are the layers' ceilMode and countIncludePad, kept even where
  // they change nothing at this input size: the document then still says what the model means.
  const params: Record<string, unknown> = {
    poolSize: toPair(kernel), strides: toPair(strides), padding: toPadding(pads), ceilMode: readInt(ctx.attrs, 'ceil_mode', 0) === 1,
  };
  if (kind === 'AvgPool2D') params.countIncludePad = readInt(ctx.attrs, 'count_include_pad', 0) === 1;
  setOutput(ctx, ctx.state.addNode(kind, params, [x.ref], ctx.node, { type: 'map' }));
  return OK;
}

/** MaxPool -> MaxPool2D. */
export const mapMaxPool = (ctx: MapContext): MapResult => mapWindowPool(ctx, 'MaxPool2D');

/** AveragePool -> AvgPool2D (ONNX's default count_include_pad=0 is the layer's default, TensorFlow's). */
export const mapAveragePool = (ctx: MapContext): MapResult => mapWindowPool(ctx, 'AvgPool2D');

function mapGlobal(ctx: MapContext, kind: 'GlobalAvgPool2D' | 'GlobalMaxPool2D', keepDims: boolean): MapResult {
  if (!kindAvailable(kind)) return refuse(`${kind} is not a layer kind yet`);
  const x = requireLayerInput(ctx, 0);
  if (!x.ok) return x;
  if (x.ref.layout.type !== 'map') return refuse('its input is not a 4-D feature map');
  setOutput(ctx, ctx.state.addNode(kind, {}, [x.ref], ctx.node, { type: keepDims ? 'pooled' : 'vector' }));
  return OK;
}

/** GlobalAveragePool -> GlobalAvgPool2D ([N, C, 1, 1] is our [C]). */
export const mapGlobalAveragePool = (ctx: MapContext): MapResult => mapGlobal(ctx, 'GlobalAvgPool2D', true);

/** GlobalMaxPool -> GlobalMaxPool2D. */
export const mapGlobalMaxPool = (ctx: MapContext): MapResult => mapGlobal(ctx, 'GlobalMaxPool2D', true);

/** A reduction over axes 2 and 3 of a map (torch's x.mean((2, 3)), x.amax((2, 3)), our export) -> a global pool. */
function mapReduceOverSpace(ctx: MapContext, kind: 'GlobalAvgPool2D' | 'GlobalMaxPool2D'): MapResult {
  const given = readInts(ctx.attrs, 'axes', []);
  const axes = given.map((a) => (a < 0 ? a + 4 : a)).sort();
  if (axes.length !== 2 || axes[0] !== 2 || axes[1] !== 3) return refuse(`${ctx.node.opType} over axes [${given.join(', ')}]: only the reduction over H and W (axes 2, 3) is a layer`);
  return mapGlobal(ctx, kind, readInt(ctx.attrs, 'keepdims', 1) === 1);
}

/** ReduceMean over H and W -> GlobalAvgPool2D. */
export const mapReduceMean = (ctx: MapContext): MapResult => mapReduceOverSpace(ctx, 'GlobalAvgPool2D');

/** ReduceMax over H and W -> GlobalMaxPool2D. */
export const mapReduceMax = (ctx: MapContext): MapResult => mapReduceOverSpace(ctx, 'GlobalMaxPool2D');
