import type { MessageInitShape } from '@bufbuild/protobuf';
import { AttributeProtoSchema, AttributeProto_AttributeType, ModelProtoSchema, TensorProto_DataType, create, encodeModel } from '../../src/core/onnx/codec';
import type { ModelProto, NodeProto, TensorProto } from '../../src/core/onnx/codec';
import { createFloatTensor, createInt64Tensor } from '../../src/core/onnx/tensors';

/** Small ONNX models built in TypeScript with the protobuf code, for one op (or fold) at a time. */

export type Dim = number | string;

type Attr = number | number[] | string | { floats: number[] } | { f: number } | { t: TensorProto };

/** A NodeProto; numbers become INT, number arrays INTS, strings STRING, `{ f }` FLOAT. */
export function node(opType: string, inputs: string[], outputs: string[], attrs: Record<string, Attr> = {}, name = ''): NodeProto {
  const attribute = Object.entries(attrs).map(([key, v]): MessageInitShape<typeof AttributeProtoSchema> => {
    if (typeof v === 'number') return { name: key, type: AttributeProto_AttributeType.INT, i: BigInt(v) };
    if (typeof v === 'string') return { name: key, type: AttributeProto_AttributeType.STRING, s: new TextEncoder().encode(v) };
    if (Array.isArray(v)) return { name: key, type: AttributeProto_AttributeType.INTS, ints: v.map(BigInt) };
    if ('f' in v) return { name: key, type: AttributeProto_AttributeType.FLOAT, f: v.f };
    if ('t' in v) return { name: key, type: AttributeProto_AttributeType.TENSOR, t: v.t };
    return { name: key, type: AttributeProto_AttributeType.FLOATS, floats: v.floats };
  });
  return create(ModelProtoSchema, { graph: { node: [{ opType, input: inputs, output: outputs, name, attribute }] } }).graph!.node[0];
}

/** A value's type: float tensor with fixed and symbolic dims. */
function valueInfo(name: string, dims: readonly Dim[]) {
  return {
    name,
    type: {
      value: {
        case: 'tensorType' as const,
        value: {
          elemType: TensorProto_DataType.FLOAT,
          shape: { dim: dims.map((d) => ({ value: typeof d === 'number' ? { case: 'dimValue' as const, value: BigInt(d) } : { case: 'dimParam' as const, value: d } })) },
        },
      },
    },
  };
}

/** Deterministic weights: a sine of the index, scaled. */
export function weight(name: string, dims: number[], scale = 0.3, phase = 0.7): TensorProto {
  const n = dims.reduce((a, b) => a * b, 1);
  return createFloatTensor(name, dims, new Float32Array(n).map((_, i) => Math.sin(i * phase + dims.length) * scale));
}

export { createInt64Tensor };

export interface ModelSpec {
  inputs: Array<[string, Dim[]]>;
  outputs: Array<[string, Dim[]]>;
  nodes: NodeProto[];
  initializers?: TensorProto[];
  opset?: number;
}

/** The ModelProto of a spec (IR 8, default domain at `opset`, 13 unless given). */
export function buildModel(spec: ModelSpec): ModelProto {
  return create(ModelProtoSchema, {
    irVersion: 8n,
    producerName: 'test',
    opsetImport: [{ domain: '', version: BigInt(spec.opset ?? 13) }],
    graph: {
      name: 'test',
      node: spec.nodes,
      initializer: spec.initializers ?? [],
      input: spec.inputs.map(([n, d]) => valueInfo(n, d)),
      output: spec.outputs.map(([n, d]) => valueInfo(n, d)),
    },
  });
}

/** The encoded bytes of a spec. */
export function buildBytes(spec: ModelSpec): Uint8Array {
  return encodeModel(buildModel(spec));
}
