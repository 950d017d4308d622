/**
 * Our compiled plan as an ONNX model (opset 13, NCHW), so onnxruntime runs the very network and
 * weights our runtime runs. Kernels HWIO become OIHW; a Dense after a Flatten of an [h, w, c] map
 * gets its rows reordered from HWC to CHW, because ONNX flattens NCHW. The caller feeds the input
 * transposed to NCHW (`toNchw`) and reads a 4-D output back with `toNhwc`. Conv2D and its
 * activation are separate nodes: onnxruntime fuses them itself when it optimises the graph.
 */
import type { ExecutionPlan, PlanStep, PlanWeights } from '../src/core/compile/types';
import type { GraphDocument } from '../src/core/graph/types';
import { ProtoMessage } from './protoWriter';

const FLOAT = 1;
const ATTR = { FLOAT: 1, INT: 2, INTS: 7 } as const;

/** A tensor of the ONNX graph: its name, and the NHWC map it holds when 4-D. */
interface OnnxValue { name: string; hwc: readonly [number, number, number] | null; flattenedHwc?: readonly [number, number, number] }

/** The model bytes and the names onnxruntime's feeds and fetches use. */
export interface OnnxModel { bytes: Uint8Array; inputName: string; outputName: string; output4d: boolean }

type Attr = [name: string, type: 'int' | 'float' | 'ints', value: number | readonly number[]];

function attribute([name, type, value]: Attr): ProtoMessage {
  const a = new ProtoMessage().string(1, name);
  if (type === 'int') a.varint(20, ATTR.INT).varint(3, value as number);
  else if (type === 'float') a.varint(20, ATTR.FLOAT).float(2, value as number);
  else a.varint(20, ATTR.INTS).packedVarints(8, value as readonly number[]);
  return a;
}

function tensor(name: string, dims: readonly number[], data: Float32Array): ProtoMessage {
  return new ProtoMessage().packedVarints(1, dims).varint(2, FLOAT).string(8, name)
    .bytes(9, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
}

function valueInfo(name: string, dims: readonly number[] | null): ProtoMessage {
  const tensorType = new ProtoMessage().varint(1, FLOAT);
  if (dims) {
    const shape = new ProtoMessage();
    for (const d of dims) shape.bytes(1, new ProtoMessage().varint(1, d));
    tensorType.bytes(2, shape);
  }
  return new ProtoMessage().string(1, name).bytes(2, new ProtoMessage().bytes(1, tensorType));
}

/** HWIO [kh, kw, ci, co] -> OIHW. */
function hwioToOihw(k: Float32Array, [kh, kw, ci, co]: readonly number[]): Float32Array {
  const out = new Float32Array(k.length);
  for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) for (let i = 0; i < ci; i++) for (let o = 0; o < co; o++) {
    out[((o * ci + i) * kh + y) * kw + x] = k[((y * kw + x) * ci + i) * co + o];
  }
  return out;
}

/** Dense rows in HWC order -> CHW order (what ONNX Flatten of NCHW produces). */
function hwcRowsToChw(k: Float32Array, [h, w, c]: readonly [number, number, number], units: number): Float32Array {
  const out = new Float32Array(k.length);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let ch = 0; ch < c; ch++) {
    out.set(k.subarray(((y * w + x) * c + ch) * units, ((y * w + x) * c + ch + 1) * units), ((ch * h + y) * w + x) * units);
  }
  return out;
}

/** NHWC -> NCHW for `batch` samples of [h, w, c]. */
export function toNchw(x: Float32Array, batch: number, [h, w, c]: readonly number[]): Float32Array {
  const out = new Float32Array(x.length);
  const per = h * w * c;
  for (let n = 0; n < batch; n++) for (let y = 0; y < h; y++) for (let xx = 0; xx < w; xx++) for (let ch = 0; ch < c; ch++) {
    out[n * per + (ch * h + y) * w + xx] = x[n * per + (y * w + xx) * c + ch];
  }
  return out;
}

/** NCHW -> NHWC for `batch` samples of [h, w, c]. */
export function toNhwc(x: Float32Array, batch: number, [h, w, c]: readonly number[]): Float32Array {
  const out = new Float32Array(x.length);
  const per = h * w * c;
  for (let n = 0; n < batch; n++) for (let y = 0; y < h; y++) for (let xx = 0; xx < w; xx++) for (let ch = 0; ch < c; ch++) {
    out[n * per + (y * w + xx) * c + ch] = x[n * per + (ch * h + y) * w + xx];
  }
  return out;
}

const ACTIVATION_OPS: Record<string, string | undefined> = { relu: 'Relu', tanh: 'Tanh', sigmoid: 'Sigmoid', softmax: 'Softmax' };

/** Encodes the plan (single Input and output; the kinds the benchmarked models use) for a fixed batch. */
export function encodeOnnxModel(doc: GraphDocument, plan: ExecutionPlan, weights: PlanWeights, batch: number): OnnxModel {
  const graph = new ProtoMessage().string(2, 'bench');
  // The step's own params: a fused plan (../src/core/compile/fuseEpilogues) changes them from the document's.
  const params = (step: PlanStep) => step.params as unknown as Record<string, unknown>;
  const values = new Map<number, OnnxValue>(); // by buffer id
  let counter = 0;
  const fresh = (base: string) => `${base}_${counter++}`;
  const node = (opType: string, inputs: string[], outputs: string[], attrs: Attr[] = []) => {
    const n = new ProtoMessage();
    for (const i of inputs) n.string(1, i);
    for (const o of outputs) n.string(2, o);
    n.string(3, fresh(opType)).string(4, opType);
    for (const a of attrs) n.bytes(5, attribute(a));
    graph.bytes(1, n);
  };
  const init = (name: string, dims: readonly number[], data: Float32Array) => {
    graph.bytes(5, tensor(name, dims, data));
    return name;
  };
  const activation = (fn: unknown, input: OnnxValue): OnnxValue => {
    if (fn === 'linear' || fn === undefined) return input;
    if (fn === 'relu6') {
      const out = { ...input, name: fresh('relu6') };
      node('Clip', [input.name, init(fresh('zero'), [], new Float32Array([0])), init(fresh('six'), [], new Float32Array([6]))], [out.name]);
      return out;
    }
    const opType = ACTIVATION_OPS[String(fn)];
    if (!opType) throw new Error(`onnxModel: activation ${String(fn)} not wired up`);
    const out = { ...input, name: fresh('act') };
    // Softmax over axis 1: the channels in NCHW, the units in [N, units].
    node(opType, [input.name], [out.name], opType === 'Softmax' ? [['axis', 'int', 1]] : []);
    return out;
  };
  if (plan.inputs.length !== 1 || plan.outputs.length !== 1) throw new Error('onnxModel: one Input and one output only');
  const inShape = plan.inputs[0].shape;
  for (const step of plan.steps) {
    const w = (name: string) => weights[step.nodeId][name];
    const spec = (name: string) => step.weights.find((s) => s.name === name)!.shape;
    const x = step.inputBuffers.map((b) => values.get(b)!);
    const outHwc = step.outputShape.length === 3 ? (step.outputShape as unknown as [number, number, number]) : null;
    const p = params(step);
    const g = step.geometry;
    let out: OnnxValue;
    switch (step.kind) {
      case 'Input': {
        const dims = inShape.length === 3 ? [batch, inShape[2], inShape[0], inShape[1]] : [batch, ...inShape];
        graph.bytes(11, valueInfo('input', dims));
        out = { name: 'input', hwc: outHwc };
        break;
      }
      case 'Conv2D': {
        const kernel = init(fresh('kernel'), [spec('kernel')[3], spec('kernel')[2], spec('kernel')[0], spec('kernel')[1]], hwioToOihw(w('kernel'), spec('kernel')));
        const inputs = [x[0].name, kernel];
        if (p.useBias) inputs.push(init(fresh('bias'), spec('bias'), w('bias')));
        const conv = { name: fresh('conv'), hwc: outHwc };
        node('Conv', inputs, [conv.name], [
          ['kernel_shape', 'ints', [g!.kH, g!.kW]], ['strides', 'ints', [g!.strideH, g!.strideW]],
          ['dilations', 'ints', [g!.dilationH, g!.dilationW]], ['pads', 'ints', [g!.padTop, g!.padLeft, g!.padBottom, g!.padRight]],
        ]);
        out = activation(p.activation, conv);
        if (step.epiloguePool) {
          // A max pool the plan folded into this conv (fuseEpilogues): its own node here.
          const pooled = { name: fresh('pool'), hwc: outHwc };
          const q = step.epiloguePool;
          node('MaxPool', [out.name], [pooled.name], [['kernel_shape', 'ints', [q.kH, q.kW]], ['strides', 'ints', [q.strideH, q.strideW]]]);
          out = pooled;
        }
        break;
      }
      case 'DepthwiseConv2D': {
        // Conv with group = cin: OIHW [cin * dm, 1, kh, kw]; output channel ci * dm + m, as in Keras.
        const [kh, kw, cin, dm] = spec('depthwiseKernel');
        const k = w('depthwiseKernel');
        const oihw = new Float32Array(k.length);
        for (let y = 0; y < kh; y++) for (let xx = 0; xx < kw; xx++) for (let o = 0; o < cin * dm; o++) oihw[(o * kh + y) * kw + xx] = k[(y * kw + xx) * cin * dm + o];
        const inputs = [x[0].name, init(fresh('kernel'), [cin * dm, 1, kh, kw], oihw)];
        if (p.useBias) inputs.push(init(fresh('bias'), spec('bias'), w('bias')));
        const conv = { name: fresh('dwconv'), hwc: outHwc };
        node('Conv', inputs, [conv.name], [
          ['group', 'int', cin], ['kernel_shape', 'ints', [kh, kw]], ['strides', 'ints', [g!.strideH, g!.strideW]],
          ['dilations', 'ints', [g!.dilationH, g!.dilationW]], ['pads', 'ints', [g!.padTop, g!.padLeft, g!.padBottom, g!.padRight]],
        ]);
        out = activation(p.activation, conv);
        break;
      }
      case 'MaxPool2D':
      case 'AvgPool2D': {
        out = { name: fresh('pool'), hwc: outHwc };
        node(step.kind === 'MaxPool2D' ? 'MaxPool' : 'AveragePool', [x[0].name], [out.name], [
          ['kernel_shape', 'ints', [g!.kH, g!.kW]], ['strides', 'ints', [g!.strideH, g!.strideW]],
          ['pads', 'ints', [g!.padTop, g!.padLeft, g!.padBottom, g!.padRight]],
        ]);
        break;
      }
      case 'GlobalAvgPool2D': {
        const pooled = fresh('gap');
        out = { name: fresh('flat'), hwc: null };
        node('GlobalAveragePool', [x[0].name], [pooled]);
        node('Flatten', [pooled], [out.name], [['axis', 'int', 1]]);
        break;
      }
      case 'Flatten':
        out = { name: fresh('flat'), hwc: null, flattenedHwc: x[0].hwc ?? undefined };
        node('Flatten', [x[0].name], [out.name], [['axis', 'int', 1]]);
        break;
      case 'Dropout':
        out = x[0];
        break;
      case 'Dense': {
        const units = spec('kernel')[1];
        const k = x[0].flattenedHwc ? hwcRowsToChw(w('kernel'), x[0].flattenedHwc, units) : w('kernel');
        const inputs = [x[0].name, init(fresh('kernel'), spec('kernel'), k)];
        if (p.useBias) inputs.push(init(fresh('bias'), spec('bias'), w('bias')));
        const gemm = { name: fresh('gemm'), hwc: null };
        node('Gemm', inputs, [gemm.name]);
        out = activation(p.activation, gemm);
        break;
      }
      case 'Activation':
        out = activation(p.fn, x[0]);
        break;
      case 'BatchNorm': {
        const c = spec('gamma');
        out = { name: fresh('bn'), hwc: outHwc };
        node('BatchNormalization', [x[0].name, ...['gamma', 'beta', 'movingMean', 'movingVariance'].map((n) => init(fresh(n), c, w(n)))], [out.name], [['epsilon', 'float', Number(p.epsilon)]]);
        break;
      }
      case 'Add':
        out = { name: fresh('add'), hwc: outHwc };
        node('Add', x.map((v) => v.name), [out.name]);
        break;
      case 'Concatenate':
        out = { name: fresh('concat'), hwc: outHwc };
        node('Concat', x.map((v) => v.name), [out.name], [['axis', 'int', 1]]);
        break;
      default:
        // The benchmark maps only what its models use; a `default` so a new layer kind does not
        // have to touch the benchmark, which then names the kind it cannot run.
        throw new Error(`onnxModel: ${(step as { kind: string }).kind} not wired up`);
    }
    values.set(step.outputBuffer, out);
  }
  const result = values.get(plan.outputs[0].buffer)!;
  graph.bytes(12, valueInfo(result.name, null));
  const model = new ProtoMessage()
    .varint(1, 8) // ir_version
    .string(2, 'cnn-graph-studio bench')
    .bytes(8, new ProtoMessage().string(1, '').varint(2, 13))
    .bytes(7, graph);
  return { bytes: model.finish(), inputName: 'input', outputName: result.name, output4d: result.hwc !== null };
}
