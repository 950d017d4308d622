/**
 * Add, Mul and Concat -> Add, Multiply, Concatenate; an Add of a constant folds into the bias
 * before it, and other arithmetic with one constant value is a Rescaling (./rescale).
 */
import { readInt } from '../attributes';
import type { BuildingNode, NodeRef } from '../importState';
import type { Layout } from '../layout';
import { hasConstOperand, mapScalarArithmetic } from './rescale';
import { OK, constInput, foldTarget, inputRef, kindAvailable, readConstFloats, refuse, requireLayerInput, setOutput, type MapContext, type MapResult } from './mapContext';

function sameLayout(a: Layout, b: Layout): boolean {
  if (a.type !== b.type) return false;
  if (a.type === 'flattened' && b.type === 'flattened') return a.h === b.h && a.w === b.w && a.c === b.c;
  return true;
}

/** All inputs as layer outputs with one layout, or a reason. */
function readMergeInputs(ctx: MapContext): { ok: true; refs: NodeRef[] } | { ok: false; reason: string } {
  const refs: NodeRef[] = [];
  for (let i = 0; i < ctx.node.input.length; i++) {
    const x = requireLayerInput(ctx, i);
    if (!x.ok) return x;
    if (refs.length > 0 && !sameLayout(refs[0].layout, x.ref.layout)) return { ok: false, reason: `its inputs have different layouts (${refs[0].layout.type} and ${x.ref.layout.type})` };
    refs.push(x.ref);
  }
  return { ok: true, refs };
}

/** Whether every input has the same per-sample shape (our Add and Multiply do not broadcast). */
function sameShapes(ctx: MapContext, refs: readonly NodeRef[]): string | null {
  const shapes = refs.map((r) => ctx.state.shapeOf(r.nodeId));
  const text = (s: readonly number[] | null) => (s ? `[${s.join(', ')}]` : 'unknown');
  return shapes.every((s) => s !== null && text(s) === text(shapes[0])) ? null : `its inputs have different shapes (${shapes.map(text).join(' and ')}): broadcasting is not supported`;
}

/** Layers with a bias an Add of a constant folds into. */
const BIAS_KINDS = ['Conv2D', 'DepthwiseConv2D', 'Conv2DTranspose', 'Dense'];

/**
 * Adds a constant into the bias of the layer `target` is: per output channel ([1, C, 1, 1],
 * [C, 1, 1]) for a convolution, per unit ([units], [1, units]) for a Dense, or one value.
 */
function foldBias(ctx: MapContext, target: BuildingNode, constIndex: number): MapResult {
  const c = readConstFloats(ctx, constIndex, 'addend');
  if (!c.ok) return c;
  const shape = ctx.state.shapeOf(target.id);
  if (!shape) return refuse(`the shape of ${target.kind} '${target.name}' is unknown`);
  const channels = shape[shape.length - 1];
  const isDense = target.kind === 'Dense';
  const perChannel = !isDense
    ? c.data.length === channels && (c.dims.length === 4 ? c.dims[0] === 1 && c.dims[2] === 1 && c.dims[3] === 1 : c.dims.length === 3 && c.dims[1] === 1 && c.dims[2] === 1)
    : c.data.length === channels && c.dims[c.dims.length - 1] === channels;
  const scalar = c.data.length === 1;
  if (!perChannel && !scalar) return refuse(`the constant [${c.dims.join(', ')}] added after ${target.kind} '${target.name}' is not one value per ${isDense ? 'unit' : 'channel'}`);
  // A copy: the bias read from the file may be a view of the caller's bytes.
  const bias = target.weights.bias ? Float32Array.from(target.weights.bias.data) : new Float32Array(channels);
  for (let i = 0; i < channels; i++) bias[i] += scalar ? c.data[0] : c.data[i];
  target.weights.bias = { shape: [channels], data: bias };
  target.params.useBias = true;
  target.output = ctx.node.output[0];
  ctx.state.fold(ctx.node, `Add of a constant folded into the bias of the ${target.kind} before it`);
  setOutput(ctx, inputRef(ctx, 1 - constIndex)!);
  return OK;
}

/** Add: of two layer outputs an Add layer; of a layer output and a constant, a bias fold. */
export function mapAdd(ctx: MapContext): MapResult {
  if (ctx.node.input.length !== 2) return refuse(`it has ${ctx.node.input.length} inputs, Add takes 2`);
  const constIndex = constInput(ctx, 1) ? 1 : constInput(ctx, 0) ? 0 : -1;
  if (constIndex >= 0) {
    const target = foldTarget(ctx, inputRef(ctx, 1 - constIndex), BIAS_KINDS);
    // Right after a layer with a bias the constant joins it (not once an activation has folded in:
    // relu(z) + c is not relu(z + c)); anywhere else one value is a Rescaling.
    const biasFirst = target && (target.params.activation ?? 'linear') === 'linear';
    return biasFirst ? foldBias(ctx, target, constIndex) : mapScalarArithmetic(ctx, 'Add');
  }
  const merged = readMergeInputs(ctx);
  if (!merged.ok) return merged;
  const mismatch = sameShapes(ctx, merged.refs);
  if (mismatch) return refuse(mismatch);
  setOutput(ctx, ctx.state.addNode('Add', {}, merged.refs, ctx.node, merged.refs[0].layout));
  return OK;
}

/**
 * Whether `gate` is one value per channel of the map `full` ([h, w, c]): a global pool's [N, C, 1, 1]
 * (our [c]) or a map [1, 1, c], the excitation of a squeeze-and-excitation block.
 */
function isChannelGate(ctx: MapContext, full: NodeRef, gate: NodeRef): boolean {
  const f = ctx.state.shapeOf(full.nodeId);
  const g = ctx.state.shapeOf(gate.nodeId);
  if (full.layout.type !== 'map' || !f || f.length !== 3 || !g) return false;
  if (gate.layout.type === 'pooled') return g.length === 1 && g[0] === f[2];
  return gate.layout.type === 'map' && g.length === 3 && g[0] === 1 && g[1] === 1 && g[2] === f[2];
}

/**
 * Mul of two layer outputs -> Multiply: of the same shape, or a map times a per-channel gate
 * (squeeze-and-excitation), which Multiply broadcasts over every position.
 */
export function mapMul(ctx: MapContext): MapResult {
  if (!kindAvailable('Multiply')) return refuse('Multiply is not a layer kind yet');
  if (hasConstOperand(ctx)) return mapScalarArithmetic(ctx, 'Mul');
  if (ctx.node.input.length !== 2) return refuse(`it has ${ctx.node.input.length} inputs, Mul takes 2`);
  const a = requireLayerInput(ctx, 0);
  if (!a.ok) return a;
  const b = requireLayerInput(ctx, 1);
  if (!b.ok) return b;
  const gated = isChannelGate(ctx, a.ref, b.ref) || isChannelGate(ctx, b.ref, a.ref);
  if (!gated) {
    const merged = readMergeInputs(ctx);
    if (!merged.ok) return merged;
    const mismatch = sameShapes(ctx, merged.refs);
    if (mismatch) return refuse(`${mismatch} (beyond a per-channel gate [N, C, 1, 1] of a map)`);
  }
  const layout = gated ? { type: 'map' as const } : a.ref.layout;
  setOutput(ctx, ctx.state.addNode('Multiply', {}, [a.ref, b.ref], ctx.node, layout));
  return OK;
}

/** Concat along channels (axis 1 of a map) or features (axis 1 of a matrix) -> Concatenate. */
export function mapConcat(ctx: MapContext): MapResult {
  const merged = readMergeInputs(ctx);
  if (!merged.ok) return merged;
  const layout = merged.refs[0].layout;
  if (layout.type === 'flattened' && layout.h * layout.w > 1) return refuse('it joins flattened feature maps, whose element order differs from ONNX\'s');
  const rank = layout.type === 'map' || layout.type === 'pooled' ? 4 : 2;
  const raw = readInt(ctx.attrs, 'axis', 1);
  const axis = raw < 0 ? raw + rank : raw;
  if (axis !== 1) return refuse(`Concat along axis ${raw} of a rank-${rank} tensor: only channels (axis 1) are a Concatenate`);
  if (merged.refs.length === 1) {
    ctx.state.fold(ctx.node, 'Concat of one input removed');
    setOutput(ctx, merged.refs[0]);
    return OK;
  }
  setOutput(ctx, ctx.state.addNode('Concatenate', {}, merged.refs, ctx.node, layout));
  return OK;
}
