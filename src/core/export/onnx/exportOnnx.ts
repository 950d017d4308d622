/**
 * A graph document -> an ONNX model (opset 17, IR version 8) that onnxruntime runs like our runtime.
 *
 * ONNX users feed NCHW with the batch first, so the model takes `input` [N, C, H, W] with a symbolic
 * N, and every map inside is NCHW: kernels go HWIO -> OIHW, 'same' becomes TensorFlow's explicit
 * (asymmetric) pads, and a Flatten of a map transposes to NHWC first so a Dense keeps our kernel
 * rows. `layout: 'nhwc'` takes [N, H, W, C] instead (and gives maps back as NHWC). Weights are
 * initializers in raw_data. Encoded with the generated code of the official onnx.proto.
 */
import { compileGraph } from '../../compile/compileGraph';
import type { ExecutionPlan, PlanStep, PlanWeights } from '../../compile/types';
import type { GraphDocument, LayerKind, Shape } from '../../graph/types';
import { NodeNamer } from '../../import/nameNodes';
import { create, encodeModel, ModelProtoSchema, TensorProto_DataType, ValueInfoProtoSchema } from '../../onnx/codec';
import type { ModelProto, ValueInfoProto } from '../../onnx/codec';
import { EMITTERS } from './emitLayers';
import type { EmitContext, EmitResult, Emitter, OnnxValue } from './emitTypes';
import { OnnxWriter } from './onnxWriter';
import { noExporterYet } from '../unmappedKind';

/** The opset the exporter writes, and the IR version that goes with it (ONNX 1.12). */
export const ONNX_OPSET = 17;
export const ONNX_IR_VERSION = 8;
/** The symbolic batch dimension of inputs and outputs. */
export const BATCH_DIM = 'N';

export interface OnnxExportOptions {
  /** The input (and map output) layout: 'nchw' (default, what ONNX users expect) or 'nhwc'. */
  layout?: 'nchw' | 'nhwc';
  /** The initialiser seed for weights the document does not carry (as compileGraph's). */
  seed?: number;
}

/** A graph input or output of the model and the node it stands for. */
export interface OnnxPort {
  name: string;
  nodeId: string;
  /** ONNX dims with the batch as -1, e.g. [-1, 3, 32, 32]. */
  dims: number[];
  /** Whether the per-sample tensor is a map ([h, w, c] here) or a vector. */
  layout: 'map' | 'vector';
}

export type OnnxExportErrorCode = 'graph-errors' | 'not-expressible' | 'internal';

export type OnnxExportResult =
  | { ok: true; bytes: Uint8Array; model: ModelProto; inputs: OnnxPort[]; outputs: OnnxPort[] }
  | { ok: false; code: OnnxExportErrorCode; message: string; nodes?: Array<{ nodeId: string; kind: string; reason: string }> };

/** Compiles the document (seeded weights where it has none) and exports it. Never throws. */
export function exportOnnx(doc: GraphDocument, options: OnnxExportOptions = {}): OnnxExportResult {
  const compiled = compileGraph(doc, { seed: options.seed });
  if (!compiled.ok) return { ok: false, code: 'graph-errors', message: `cannot export to ONNX: ${compiled.message}` };
  return exportPlanToOnnx(doc, compiled.plan, compiled.weights, options);
}

/** Exports the compiled plan of `doc` with its weights (e.g. those a run used). Never throws. */
export function exportPlanToOnnx(doc: GraphDocument, plan: ExecutionPlan, weights: PlanWeights, options: OnnxExportOptions = {}): OnnxExportResult {
  try {
    return writeModel(doc, plan, weights, options.layout ?? 'nchw');
  } catch (e) {
    return { ok: false, code: 'internal', message: `ONNX export failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** [N, C, H, W] / [N, H, W, C] / [N, F] of a per-sample shape, the batch as -1. */
function onnxDims(shape: Shape, layout: 'nchw' | 'nhwc'): number[] {
  if (shape.length !== 3) return [-1, ...shape];
  const [h, w, c] = shape;
  return layout === 'nchw' ? [-1, c, h, w] : [-1, h, w, c];
}

function valueInfo(name: string, dims: readonly number[]): ValueInfoProto {
  return create(ValueInfoProtoSchema, {
    name,
    type: {
      value: {
        case: 'tensorType',
        value: {
          elemType: TensorProto_DataType.FLOAT,
          shape: { dim: dims.map((d) => ({ value: d < 0 ? { case: 'dimParam' as const, value: BATCH_DIM } : { case: 'dimValue' as const, value: BigInt(d) } })) },
        },
      },
    },
  });
}

function emitStep(step: PlanStep, ctx: Omit<EmitContext<LayerKind>, 'step'>): EmitResult {
  // The table is keyed by kind, so the step and its emitter agree; TypeScript cannot see that through the union.
  const emit = EMITTERS[step.kind as Exclude<LayerKind, 'Input'>] as Emitter<LayerKind> | undefined;
  if (!emit) return { ok: false, reason: noExporterYet(step.kind, 'ONNX') };
  return emit({ ...ctx, step } as EmitContext<LayerKind>);
}

function writeModel(doc: GraphDocument, plan: ExecutionPlan, weights: PlanWeights, layout: 'nchw' | 'nhwc'): OnnxExportResult {
  const w = new OnnxWriter();
  // A node's inputs are its incoming edges in document order (the plan's buffers alias through
  // Flatten and Dropout, so they cannot tell a map from its flattening).
  const inputIds = new Map<string, string[]>();
  for (const e of doc.edges) inputIds.set(e.target, [...(inputIds.get(e.target) ?? []), e.source]);
  const namer = new NodeNamer();
  const layerName = new Map(plan.steps.map((s) => [s.nodeId, namer.name(s.name, s.nodeId)]));
  const values = new Map<string, OnnxValue>();
  const inputs: OnnxPort[] = [];
  const failures: Array<{ nodeId: string; kind: string; reason: string }> = [];
  const single = plan.inputs.length === 1;
  for (const input of plan.inputs) {
    const name = single ? 'input' : layerName.get(input.nodeId)!;
    w.reserve(name);
    const map = input.shape.length === 3;
    inputs.push({ name, nodeId: input.nodeId, dims: onnxDims(input.shape, layout), layout: map ? 'map' : 'vector' });
    let value = name;
    if (map && layout === 'nhwc') {
      value = w.op('Transpose', [name], layerName.get(input.nodeId)!, { perm: { ints: [0, 3, 1, 2] } });
    }
    values.set(input.nodeId, { name: value, layout: map ? 'map' : 'vector' });
  }

  for (const step of plan.steps) {
    if (step.kind === 'Input') continue;
    const layer = layerName.get(step.nodeId)!;
    const xs = (inputIds.get(step.nodeId) ?? []).map((id) => values.get(id));
    if (xs.some((x) => x === undefined)) continue; // after a node that could not be exported
    const before = w.nodes.length;
    const result = emitStep(step, { w, inputs: xs as OnnxValue[], weights: weights[step.nodeId] ?? {}, layer });
    if (!result.ok) {
      failures.push({ nodeId: step.nodeId, kind: step.kind, reason: result.reason });
      continue;
    }
    // The layer's result takes the layer's name (Netron shows it on the edge); a pass-through keeps its input's.
    const made = w.nodes.length > before && w.nodes[w.nodes.length - 1].output[0] === result.value.name;
    values.set(step.nodeId, { ...result.value, name: made ? w.renameLastOutput(layer) : result.value.name });
  }
  if (failures.length > 0) {
    const list = failures.map((f) => `${f.kind} '${layerName.get(f.nodeId)}': ${f.reason}`).join('; ');
    return { ok: false, code: 'not-expressible', message: `ONNX cannot express ${failures.length} node(s): ${list}`, nodes: failures };
  }

  const outputs: OnnxPort[] = [];
  const taken = new Set<string>();
  for (const output of plan.outputs) {
    const layer = layerName.get(output.nodeId)!;
    const desired = plan.outputs.length === 1 ? 'output' : layer;
    let { name: value } = values.get(output.nodeId)!;
    const map = output.shape.length === 3;
    if (map && layout === 'nhwc') value = w.op('Transpose', [value], layer, { perm: { ints: [0, 2, 3, 1] } });
    // A graph input or a value that is already an output needs a node of its own to write it.
    if (!w.isOpOutput(value) || taken.has(value)) value = w.op('Identity', [value], layer);
    const final = value === desired ? value : w.renameValue(value, desired);
    // Another output may pass the same value through (two Dropouts of one layer): it follows the rename.
    for (const [id, v] of values) if (v.name === value) values.set(id, { ...v, name: final });
    taken.add(final);
    outputs.push({ name: final, nodeId: output.nodeId, dims: onnxDims(output.shape, layout), layout: map ? 'map' : 'vector' });
  }

  const model = create(ModelProtoSchema, {
    irVersion: BigInt(ONNX_IR_VERSION),
    opsetImport: [{ domain: '', version: BigInt(ONNX_OPSET) }],
    producerName: 'cnn-graph-studio',
    graph: {
      name: doc.name,
      node: w.nodes,
      initializer: w.initializers,
      input: inputs.map((i) => valueInfo(i.name, i.dims)),
      output: outputs.map((o) => valueInfo(o.name, o.dims)),
    },
  });
  return { ok: true, bytes: encodeModel(model), model, inputs, outputs };
}
