/**
 * An ONNX graph under construction: nodes in order, initializers, and unique value names. The
 * layer emitters (./emitLayers.ts) only call `op`, `weight` and the constant helpers.
 */
import { create } from '@bufbuild/protobuf';
import { AttributeProto_AttributeType, AttributeProtoSchema, NodeProtoSchema, TensorProto_DataType, TensorProtoSchema } from '../../onnx/codec';
import type { AttributeProto, NodeProto, TensorProto } from '../../onnx/codec';
import { createFloatTensor } from '../../onnx/tensors';

/** An attribute value: an integer, a float, a list of integers or a string. */
export type AttributeValue = { int: number } | { float: number } | { ints: readonly number[] } | { string: string };

function toAttribute(name: string, value: AttributeValue): AttributeProto {
  if ('int' in value) return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.INT, i: BigInt(value.int) });
  if ('float' in value) return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.FLOAT, f: value.float });
  if ('ints' in value) return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.INTS, ints: value.ints.map(BigInt) });
  return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.STRING, s: new TextEncoder().encode(value.string) });
}

/** Integer initializers (Reshape targets, Pad amounts) as int64 raw_data, like the float ones. */
function createInt64RawTensor(name: string, dims: readonly number[], values: readonly number[]): TensorProto {
  const raw = new Uint8Array(values.length * 8);
  const view = new DataView(raw.buffer);
  values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
  return create(TensorProtoSchema, { name, dims: dims.map(BigInt), dataType: TensorProto_DataType.INT64, rawData: raw });
}

export class OnnxWriter {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private readonly usedValues = new Set<string>();
  private readonly usedNodeNames = new Set<string>();
  private readonly constants = new Map<string, string>();

  /** Reserves a value name (graph inputs), so no op output takes it. */
  reserve(name: string): void {
    this.usedValues.add(name);
  }

  /** A value name not used yet: `base`, else `base_2`, `base_3`, ... */
  uniqueValue(base: string): string {
    let name = base;
    for (let k = 2; this.usedValues.has(name); k++) name = `${base}_${k}`;
    this.usedValues.add(name);
    return name;
  }

  private uniqueNodeName(base: string): string {
    let name = base;
    for (let k = 2; this.usedNodeNames.has(name); k++) name = `${base}_${k}`;
    this.usedNodeNames.add(name);
    return name;
  }

  /**
   * Appends an op; its one output is named `${layer}/${opType}` (unique). The node is named after
   * the layer for its first op and `${layer}/${opType}` for the others, which is how Netron and
   * the importer group them.
   */
  op(opType: string, inputs: readonly string[], layer: string, attributes: Record<string, AttributeValue> = {}): string {
    const output = this.uniqueValue(`${layer}/${opType}`);
    const name = this.uniqueNodeName(this.usedNodeNames.has(layer) ? `${layer}/${opType}` : layer);
    this.nodes.push(create(NodeProtoSchema, {
      name,
      opType,
      input: [...inputs],
      output: [output],
      attribute: Object.entries(attributes).map(([k, v]) => toAttribute(k, v)),
    }));
    return output;
  }

  /** Renames the output of the last op to `base` (or `base_2`, ...): a layer's result takes its name. Returns the name. */
  renameLastOutput(base: string): string {
    const last = this.nodes[this.nodes.length - 1];
    this.usedValues.delete(last.output[0]);
    last.output[0] = this.uniqueValue(base);
    return last.output[0];
  }

  /** Renames a value everywhere it is written or read, to `base` (or `base_2`, ...). Returns the name. */
  renameValue(from: string, base: string): string {
    this.usedValues.delete(from);
    const to = this.uniqueValue(base);
    for (const n of this.nodes) {
      n.output.forEach((o, i) => { if (o === from) n.output[i] = to; });
      n.input.forEach((o, i) => { if (o === from) n.input[i] = to; });
    }
    return to;
  }

  /** Whether an op of this graph writes the value (not a graph input or an initializer). */
  isOpOutput(value: string): boolean {
    return this.nodes.some((n) => n.output.includes(value));
  }

  /**
   * A float32 initializer (raw_data); returns its name. raw_data is a view of `data`, not a copy
   * (VGG-16 has 528 MiB of weights): `data` must stay unchanged until the model is encoded.
   */
  weight(name: string, dims: readonly number[], data: Float32Array): string {
    const unique = this.uniqueValue(name);
    const rawData = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    this.initializers.push(create(TensorProtoSchema, { name: unique, dims: dims.map(BigInt), dataType: TensorProto_DataType.FLOAT, rawData }));
    return unique;
  }

  /** A float scalar initializer, shared by every op that needs the same value. */
  scalar(value: number): string {
    return this.constant(`f:${value}`, () => createFloatTensor(this.uniqueValue(`const_${this.constants.size}`), [], Float32Array.of(value)));
  }

  /** An int64 vector initializer, shared by every op that needs the same values. */
  int64s(values: readonly number[]): string {
    return this.constant(`i:${values.join(',')}`, () => createInt64RawTensor(this.uniqueValue(`const_${this.constants.size}`), [values.length], values));
  }

  private constant(key: string, make: () => TensorProto): string {
    const known = this.constants.get(key);
    if (known !== undefined) return known;
    const tensor = make();
    this.initializers.push(tensor);
    this.constants.set(key, tensor.name);
    return tensor.name;
  }
}
