/**
 * ONNX model bytes -> a graph document with weights and an import report.
 *
 * ONNX is NCHW with the batch first; the document is NHWC per sample. Each ONNX value is tracked as a
 * layer output plus its layout (./layout.ts), so the mappers can move weights between the two
 * orders: OIHW -> HWIO kernels, Gemm's [out, in] -> [in, out], and the rows of a Gemm after a
 * Flatten of a map reordered from C, H, W to H, W, C.
 */
import { formatMiB } from '../format';
import type { GraphDocument } from '../graph/types';
import { encodeFloat32 } from '../graph/tensorCodec';
import { TensorProto_DataType, decodeModel } from '../onnx/codec';
import type { NodeProto, ValueInfoProto } from '../onnx/codec';
import { dataTypeName } from '../onnx/tensors';
import { indexAttributes } from './attributes';
import type { ImportReport } from './importReport';
import { ImportState, type NodeRef } from './importState';
import type { Layout } from './layout';
import { OP_MAPPERS } from './mappers';
import { fuseActivationPatterns } from './activationPatterns';
import { buildGraphView, type GraphViewErrorCode } from './onnxGraphView';

export interface ImportOptions {
  /** [h, w, c] (or [n]) for an input whose size the file leaves open (symbolic or missing). */
  inputShape?: readonly number[];
  /** Keep going past ops that cannot be mapped: they become unknown-kind placeholder nodes. */
  partial?: boolean;
  /** The document's name (default: the graph's name, or 'ONNX model'). */
  name?: string;
  /**
   * Where the weights go: 'document' (default) base64 in `doc.weights`; 'arrays' float32 in
   * `weightArrays` (by node id and weight name, what compileGraph's weights are), for models whose
   * weights do not fit a JSON document or that cross to another thread without a copy; 'none' drops them (structure, shapes and counts only).
   */
  weights?: 'document' | 'arrays' | 'none';
}

/**
 * The most weight bytes a document takes: base64 makes 4 characters of 3 bytes, and a JavaScript
 * string holds at most 2^29 - 24 characters, so the whole document has to stay below that.
 */
export const MAX_DOCUMENT_WEIGHT_BYTES = 360 * 2 ** 20;

export type ImportErrorCode = 'not-onnx' | GraphViewErrorCode | 'input-shape' | 'input-type' | 'bad-output' | 'unmapped' | 'weights-too-large';

/** Float32 weights by node id and weight name, each with its shape (the document's tensors before base64). */
export type WeightArrays = Record<string, Record<string, { shape: number[]; data: Float32Array }>>;

/** Where a layer came from: the ONNX value its output is, and how it is laid out. */
export interface LayerSource { value: string; layout: Layout }

export type ImportResult =
  | {
    ok: true;
    doc: GraphDocument;
    report: ImportReport;
    /** False when some ops were left as placeholders (`partial`). */
    complete: boolean;
    sources: Record<string, LayerSource>;
    outputs: Array<{ nodeId: string; value: string; layout: Layout }>;
    /** With `weights: 'arrays'`: every weight by node id and name, with its shape. */
    weightArrays?: WeightArrays;
  }
  | { ok: false; code: ImportErrorCode; message: string; report?: ImportReport };

/** Imports an ONNX model. Never throws for bad bytes: every problem is an error value naming the thing. */
export function importOnnx(bytes: Uint8Array, options: ImportOptions = {}): ImportResult {
  const decoded = decodeModel(bytes);
  if (!decoded.ok) return { ok: false, code: 'not-onnx', message: decoded.message };
  // GELU and SiLU written out as Erf/Tanh/Sigmoid arithmetic become one node each, before the view counts readers.
  const original = decoded.model.graph!;
  const patterns = fuseActivationPatterns(original);
  const model = patterns.fused.length === 0 ? decoded.model : { ...decoded.model, graph: { ...original, node: patterns.nodes } };
  const built = buildGraphView(model);
  if (!built.ok) return built;
  const { view } = built;
  const mode = options.weights ?? 'document';
  if (mode === 'document') {
    // Checked before any work: the initializers are (nearly all of) the weights.
    const bytes = view.graph.initializer.reduce((n, t) => n + t.rawData.length + 4 * t.floatData.length, 0);
    if (bytes > MAX_DOCUMENT_WEIGHT_BYTES) {
      return { ok: false, code: 'weights-too-large', message: `the model has ${formatMiB(bytes, 0)} of weights, more than a graph document holds (${formatMiB(MAX_DOCUMENT_WEIGHT_BYTES, 0)}, base64 in one JSON text): import it without weights (CLI: --no-weights) for its structure, shapes and counts` };
    }
  }
  const state = new ImportState(view, mode === 'document' ? encodeFloat32 : undefined);

  for (const t of view.graph.initializer) state.values.set(t.name, { type: 'const', tensor: t });
  if (options.inputShape && view.inputs.length > 1) {
    return { ok: false, code: 'input-shape', message: `an input shape was given, but the model has ${view.inputs.length} inputs (${view.inputs.map((i) => `'${i.name}'`).join(', ')})` };
  }
  for (const input of view.inputs) {
    const shaped = resolveInputShape(input, options.inputShape);
    if (!shaped.ok) return shaped;
    state.values.set(input.name, state.addInput(input.name, shaped.shape, shaped.layout));
  }

  for (const { fn, nodes } of patterns.fused) {
    const ops = nodes.map((n) => n.opType).join(', ');
    for (const n of nodes.slice(0, -1)) state.fold(n, `part of ${fn} written out (${ops}), imported as one ${fn}`);
  }
  for (const node of view.nodes) mapNode(state, node, options.partial === true);

  const outputs: Array<{ nodeId: string; value: string; layout: Layout }> = [];
  for (const name of view.outputs) {
    const ref = state.values.get(name);
    if (ref === undefined) continue; // made by a refused node; the report says which
    if (ref.type !== 'node') return { ok: false, code: 'bad-output', message: `graph output '${name}' is ${ref.type === 'const' ? 'a constant' : 'a Pad output'}, not the output of a layer` };
    outputs.push({ nodeId: ref.nodeId, value: name, layout: ref.layout });
  }
  const notes = describeOutputs(state, outputs);
  const pruned = state.prune(reachableFrom(state, outputs.map((o) => o.nodeId)));
  if (pruned > 0) notes.push(`${pruned} layer(s) that no graph output depends on were left out`);
  state.notes.push(...notes);

  const report = makeReport(state, original.node.length);
  const complete = !state.hasUnmapped();
  if (!complete && !options.partial) {
    const count = report.unmapped.reduce((n, u) => n + u.count, 0);
    const kinds = report.unmapped.map((u) => `${u.opType} x${u.count}`).join(', ');
    return { ok: false, code: 'unmapped', message: `${count} ONNX node(s) could not be mapped: ${kinds}`, report };
  }
  const name = options.name ?? (view.graph.name || 'ONNX model');
  const sources: Record<string, LayerSource> = {};
  for (const n of state.nodes) sources[n.id] = { value: n.output, layout: n.layout };
  let weightArrays: WeightArrays | undefined;
  if (mode === 'arrays') {
    weightArrays = {};
    for (const n of state.nodes) {
      if (Object.keys(n.weights).length === 0) continue;
      weightArrays[n.id] = Object.fromEntries(Object.entries(n.weights).map(([k, w]) => [k, { shape: [...w.shape], data: w.data }]));
    }
  }
  const doc = state.toDocument(name, mode === 'document', encodeFloat32);
  placeNodes(doc);
  return { ok: true, doc, report, complete, sources, outputs, ...(weightArrays ? { weightArrays } : {}) };
}

/** Maps one ONNX node, or records why not (and with `partial` leaves a placeholder). */
function mapNode(state: ImportState, node: NodeProto, partial: boolean): void {
  const domain = node.domain === 'ai.onnx' ? '' : node.domain;
  const mapper = domain === '' ? OP_MAPPERS[node.opType] : undefined;
  const ctx = { state, node, attrs: indexAttributes(node), opset: state.view.opset, label: state.label(node) };
  const afterUnmapped = node.input.some((name) => {
    const ref = name ? state.values.get(name) : undefined;
    return ref?.type === 'node' && ref.layout.type === 'unknown';
  });
  const result = afterUnmapped ? { ok: false as const, reason: 'an input comes from a node that was not mapped' }
    : mapper ? mapper(ctx)
      : { ok: false as const, reason: domain === '' ? `no mapping for ${node.opType}` : `ops of domain '${domain}' are not ONNX standard ops` };
  if (result.ok) return;
  if (afterUnmapped) state.skip(node);
  else state.refuse(node, result.reason);
  // Inputs that are layers keep their edges; the outputs are unknown from here on.
  const inputs: NodeRef[] = [];
  for (const name of node.input) {
    const ref = name ? state.values.get(name) : undefined;
    if (ref?.type === 'node') inputs.push(ref);
    if (ref?.type === 'padded') inputs.push(ref.source);
  }
  const out: NodeRef = partial ? state.addPlaceholder(node, inputs, result.reason) : { type: 'node', nodeId: '', layout: { type: 'unknown' } };
  for (const o of node.output) if (o) state.values.set(o, out);
}

type ShapeResult = { ok: true; shape: number[]; layout: Layout } | { ok: false; code: 'input-shape' | 'input-type'; message: string };

/**
 * A graph input as an Input layer: [N, C, H, W] is a map [H, W, C], [N, F] a vector [F]. The batch
 * axis may be symbolic; any other open size must come from `given`.
 */
function resolveInputShape(input: ValueInfoProto, given: readonly number[] | undefined): ShapeResult {
  const type = input.type?.value;
  if (type?.case !== 'tensorType') return { ok: false, code: 'input-type', message: `input '${input.name}' is not a tensor` };
  if (type.value.elemType !== TensorProto_DataType.FLOAT) {
    return { ok: false, code: 'input-type', message: `input '${input.name}' is ${dataTypeName(type.value.elemType)}, only FLOAT inputs are supported` };
  }
  const dims = type.value.shape?.dim.map((d) => (d.value.case === 'dimValue' && d.value.value > 0n ? Number(d.value.value) : d.value.case === 'dimParam' ? d.value.value || '?' : '?'));
  const text = dims ? `[${dims.join(', ')}]` : 'no shape';
  const hint = (example: string) => `give its size as H,W,C (CLI: --input-shape ${example})`;
  if (!dims || (dims.length !== 4 && dims.length !== 2)) {
    if (dims && dims.length !== 4 && dims.length !== 2) return { ok: false, code: 'input-shape', message: `input '${input.name}' has rank ${dims.length} ${text}: only [N, C, H, W] images and [N, F] vectors are supported` };
    if (!given) return { ok: false, code: 'input-shape', message: `input '${input.name}' has ${text}: ${hint('224,224,3')}` };
  }
  const rank = dims ? dims.length : given!.length === 1 ? 2 : 4;
  const perSample = rank === 4 ? [dims?.[2], dims?.[3], dims?.[1]] : [dims?.[1]];
  if (given) {
    if (given.length !== perSample.length || given.some((v) => !Number.isInteger(v) || v < 1 || v > 65536)) {
      return { ok: false, code: 'input-shape', message: `input shape [${given.join(', ')}] does not fit input '${input.name}' ${text}: expected ${rank === 4 ? 'H,W,C' : 'F'} of whole numbers 1..65536` };
    }
    const clash = perSample.findIndex((v, i) => typeof v === 'number' && v !== given[i]);
    if (clash >= 0) return { ok: false, code: 'input-shape', message: `input shape [${given.join(', ')}] contradicts input '${input.name}' ${text} (${rank === 4 ? ['H', 'W', 'C'][clash] : 'F'} is ${perSample[clash]})` };
    return { ok: true, shape: [...given], layout: { type: rank === 4 ? 'map' : 'vector' } };
  }
  const open = perSample.findIndex((v) => typeof v !== 'number');
  if (open >= 0) return { ok: false, code: 'input-shape', message: `input '${input.name}' has ${text}: its ${rank === 4 ? ['height', 'width', 'channels'][open] : 'feature count'} is not fixed; ${hint(rank === 4 ? `224,224,${typeof dims![1] === 'number' ? dims![1] : 3}` : '10')}` };
  return { ok: true, shape: perSample as number[], layout: { type: rank === 4 ? 'map' : 'vector' } };
}

/** Notes about outputs whose layout differs from ONNX's. */
function describeOutputs(state: ImportState, outputs: Array<{ nodeId: string; value: string; layout: Layout }>): string[] {
  const notes: string[] = [];
  const readers = new Set(state.nodes.flatMap((n) => n.inputs));
  for (const o of outputs) {
    if (o.layout.type === 'map') notes.push(`output '${o.value}' is [H, W, C] here (NHWC); ONNX gives it as [N, C, H, W]`);
    if (o.layout.type === 'flattened' && o.layout.h * o.layout.w > 1) notes.push(`output '${o.value}' is a flattened map in H, W, C order here; ONNX flattens it in C, H, W order`);
    if (readers.has(o.nodeId)) notes.push(`output '${o.value}' is also read by other layers, so it is not an output of the document (only layers nothing reads are)`);
  }
  if (outputs.length > 1) notes.push(`${outputs.length} graph outputs: ${outputs.map((o) => `'${o.value}'`).join(', ')}`);
  return notes;
}

/** Ids of the layers the outputs depend on. */
function reachableFrom(state: ImportState, outputIds: readonly string[]): Set<string> {
  const keep = new Set<string>();
  const stack = [...outputIds];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (keep.has(id)) continue;
    keep.add(id);
    stack.push(...(state.byId.get(id)?.inputs ?? []));
  }
  // Inputs stay even when unused: they are what the user feeds.
  for (const n of state.nodes) if (n.kind === 'Input') keep.add(n.id);
  return keep;
}

function makeReport(state: ImportState, onnxNodes: number): ImportReport {
  const { model, opset } = state.view;
  return {
    producer: [model.producerName, model.producerVersion].filter(Boolean).join(' '),
    irVersion: Number(model.irVersion),
    opset,
    onnxNodes,
    layers: state.nodes.length,
    ...state.tables(),
    notes: state.notes,
  };
}

/** A first placement, row by depth from the inputs (the canvas and the CLI run ELK over it). */
function placeNodes(doc: GraphDocument): void {
  const depth = new Map<string, number>();
  const inputsOf = new Map<string, string[]>();
  for (const e of doc.edges) inputsOf.set(e.target, [...(inputsOf.get(e.target) ?? []), e.source]);
  const perRow = new Map<number, number>();
  for (const node of doc.nodes) {
    // Nodes are in dependency order, so every input's depth is known here.
    const d = Math.max(-1, ...(inputsOf.get(node.id) ?? []).map((s) => depth.get(s) ?? 0)) + 1;
    depth.set(node.id, d);
    const column = perRow.get(d) ?? 0;
    perRow.set(d, column + 1);
    node.position = { x: column * 260, y: d * 120 };
  }
}
