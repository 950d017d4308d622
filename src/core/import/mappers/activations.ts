/** Relu, Sigmoid, Tanh, Softmax -> an Activation layer, or the activation of the Conv2D/Dense they follow. */
import { readInt } from '../attributes';
import { OK, activationAvailable, foldTarget, inputRef, refuse, requireLayerInput, setOutput, type MapContext, type MapResult } from './mapContext';

/** Layers with an `activation` param an op may fold into. */
const FUSED_ACTIVATION_KINDS = ['Conv2D', 'Dense'];

/**
 * An elementwise activation `fn`: folded into the Conv2D/Dense right before it when that layer has
 * no activation yet and this op is its only reader; an Activation layer otherwise.
 */
export function mapActivation(ctx: MapContext, fn: string): MapResult {
  if (!activationAvailable(fn)) return refuse(`activation '${fn}' is not available yet`);
  const x = requireLayerInput(ctx, 0);
  if (!x.ok) return x;
  const target = foldTarget(ctx, inputRef(ctx, 0), FUSED_ACTIVATION_KINDS);
  if (target && target.params.activation === 'linear') {
    target.params.activation = fn;
    target.output = ctx.node.output[0];
    ctx.state.invalidateShapes();
    ctx.state.fold(ctx.node, `${ctx.node.opType} folded into the activation of the ${target.kind} before it`);
    setOutput(ctx, x.ref);
    return OK;
  }
  setOutput(ctx, ctx.state.addNode('Activation', { fn }, [x.ref], ctx.node, x.ref.layout));
  return OK;
}

/**
 * Softmax over the last axis of our layout. Opset 13 takes the softmax along `axis` (default -1);
 * older opsets flatten from `axis` (default 1) on, which is the same for a matrix [N, F].
 */
export function mapSoftmax(ctx: MapContext): MapResult {
  const x = requireLayerInput(ctx, 0);
  if (!x.ok) return x;
  const { layout } = x.ref;
  const rank = layout.type === 'map' || layout.type === 'pooled' ? 4 : 2;
  const rawAxis = readInt(ctx.attrs, 'axis', ctx.opset >= 13 ? -1 : 1);
  const axis = rawAxis < 0 ? rawAxis + rank : rawAxis;
  // Our softmax runs over the last axis of the document's layout: features of a vector, channels of a map.
  const overFeatures = rank === 2 && axis === 1;
  const overChannels = layout.type === 'map' && axis === 1 && ctx.opset >= 13;
  // [N, C, 1, 1]: along axis 1, or flattened from axis 1 on, both are over the C values.
  const overPooled = layout.type === 'pooled' && axis === 1;
  if (!overFeatures && !overChannels && !overPooled) return refuse(`Softmax over axis ${rawAxis} of a rank-${rank} tensor (opset ${ctx.opset}) is not a softmax over features or channels`);
  return mapActivation(ctx, 'softmax');
}
