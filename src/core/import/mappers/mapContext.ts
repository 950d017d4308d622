/**
 * What an op mapper gets and the small reads every mapper shares: inputs as layers or constants,
 * attribute access, the layers an op may fold into, and the kinds/params the registry offers.
 */
import { ACTIVATIONS } from '../../graph/types';
import { getLayer } from '../../layers/registry';
import type { NodeProto, TensorProto } from '../../onnx/codec';
import { readFloatTensor, readIntTensor } from '../../onnx/tensors';
import type { Attributes } from '../attributes';
import type { BuildingNode, ImportState, NodeRef, ValueRef } from '../importState';

export interface MapContext {
  state: ImportState;
  node: NodeProto;
  attrs: Attributes;
  /** The model's default-domain opset (op semantics change across versions, e.g. Softmax's axis). */
  opset: number;
  /** `Conv 'conv1'`: how messages name the node. */
  label: string;
}

/** `ok` or why the node cannot be mapped; the reason ends up in the report beside the op type. */
export type MapResult = { ok: true } | { ok: false; reason: string };

export type OpMapper = (ctx: MapContext) => MapResult;

export const OK: MapResult = { ok: true };

/** A refusal with its reason. */
export function refuse(reason: string): MapResult {
  return { ok: false, reason };
}

/** What input `i` is; undefined when omitted (empty name or past the end). */
export function inputRef(ctx: MapContext, i: number): ValueRef | undefined {
  const name = ctx.node.input[i];
  return name ? ctx.state.values.get(name) : undefined;
}

/**
 * Input `i` as a layer output (not a constant); a reason otherwise. A map transposed to NHWC is
 * refused too: ops with an axis (BatchNormalization, Concat, Softmax) would read the wrong one, so
 * only the mappers that handle it read it (`requireLayerInputOrNhwc`).
 */
export function requireLayerInput(ctx: MapContext, i: number): { ok: true; ref: NodeRef } | { ok: false; reason: string } {
  const x = requireLayerInputOrNhwc(ctx, i);
  if (x.ok && x.ref.layout.type === 'nhwc') {
    return { ok: false, reason: `input ${i} is a feature map transposed to NHWC, which only a Reshape, a Flatten or the Transpose back to NCHW can read` };
  }
  return x;
}

/** Input `i` as a layer output in any layout, a channels-last map included. */
export function requireLayerInputOrNhwc(ctx: MapContext, i: number): { ok: true; ref: NodeRef } | { ok: false; reason: string } {
  const ref = inputRef(ctx, i);
  if (ref === undefined) return { ok: false, reason: `input ${i} is missing` };
  if (ref.type === 'const') return { ok: false, reason: `input ${i} ('${ctx.node.input[i]}') is a constant, not a layer output` };
  if (ref.type === 'padded') return { ok: false, reason: `input ${i} comes from a Pad that only a Conv can absorb` };
  if (ref.layout.type === 'unknown') return { ok: false, reason: `input ${i} comes from a node that was not mapped` };
  return { ok: true, ref };
}

/** Input `i` as a constant tensor (initializer or folded Constant), or undefined. */
export function constInput(ctx: MapContext, i: number): TensorProto | undefined {
  const ref = inputRef(ctx, i);
  return ref?.type === 'const' ? ref.tensor : undefined;
}

/**
 * A constant input read as float32, with a reason when it is absent or unreadable. `transient`:
 * the caller only reads the values once, now (a kernel it transposes), so an unaligned tensor may
 * be copied into the import's reused buffer (see ImportState.readBuffer).
 */
export function readConstFloats(ctx: MapContext, i: number, what: string, transient = false):
  { ok: true; dims: number[]; data: Float32Array } | { ok: false; reason: string } {
  const tensor = constInput(ctx, i);
  if (!tensor) return { ok: false, reason: `its ${what} (input ${i}) is not a constant: only fixed weights can be imported` };
  const value = readFloatTensor(tensor, `${what} '${tensor.name || ctx.node.input[i]}'`, transient ? (n) => ctx.state.readBuffer(n) : undefined);
  return value.ok ? value : { ok: false, reason: value.message };
}

/** A constant input read as integers (shapes, pads), with a reason when it is absent or unreadable. */
export function readConstInts(ctx: MapContext, i: number, what: string): { ok: true; data: number[] } | { ok: false; reason: string } {
  const tensor = constInput(ctx, i);
  if (!tensor) return { ok: false, reason: `its ${what} (input ${i}) is computed at run time, not a constant` };
  const value = readIntTensor(tensor, `${what} '${tensor.name || ctx.node.input[i]}'`);
  return value.ok ? value : { ok: false, reason: value.message };
}

/** Makes output 0 of the node stand for `ref`. */
export function setOutput(ctx: MapContext, ref: ValueRef): void {
  ctx.state.values.set(ctx.node.output[0], ref);
}

/** Refuses a node whose extra outputs (MaxPool indices, Dropout mask, BatchNorm running stats) are read. */
export function checkOnlyFirstOutputUsed(ctx: MapContext): MapResult {
  const used = ctx.node.output.slice(1).find((o) => o !== '' && ctx.state.countReaders(o) > 0);
  return used === undefined ? OK : refuse(`its extra output '${used}' is used (only the first output of ${ctx.node.opType} can be imported)`);
}

/**
 * The layer `ref` comes from when the current op may fold into it: one of `kinds`, and the op is its
 * only reader (nothing else sees the value before the fold).
 */
export function foldTarget(ctx: MapContext, ref: ValueRef | undefined, kinds: readonly string[]): BuildingNode | null {
  if (ref?.type !== 'node') return null;
  const layer = ctx.state.byId.get(ref.nodeId);
  if (!layer || !kinds.includes(layer.kind)) return null;
  return ctx.state.countReaders(layer.output) === 1 ? layer : null;
}

/** Whether the registry has this layer kind (kinds arrive over time; until then their ops are refused). */
export function kindAvailable(kind: string): boolean {
  return getLayer(kind) !== undefined;
}

/** Whether the Activation layer (and a fused conv/dense activation) offers this function. */
export function activationAvailable(fn: string): boolean {
  return (ACTIVATIONS as readonly string[]).includes(fn);
}
