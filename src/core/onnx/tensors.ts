/**
 * Reading and writing ONNX TensorProto values: the numeric data of initializers, `Constant` nodes
 * and attributes, whichever of `raw_data` or the typed fields (`float_data`, `int64_data`, ...) holds it.
 */
import { create } from '@bufbuild/protobuf';
import { TensorProto_DataLocation, TensorProto_DataType, TensorProtoSchema } from './onnx_pb';
import type { TensorProto } from './onnx_pb';

/** The most elements one tensor may have (2^28 floats = 1 GiB), far above any layer of a real CNN. */
export const MAX_TENSOR_ELEMENTS = 2 ** 28;

/** A tensor's numbers as float32 (weights) or as plain numbers (shapes, pads, axes). */
export type TensorValue =
  | { ok: true; dims: number[]; data: Float32Array }
  | { ok: false; message: string };

/** An integer tensor (int64/int32), e.g. a Reshape target or Pad amounts. */
export type IntTensorValue =
  | { ok: true; dims: number[]; data: number[] }
  | { ok: false; message: string };

const BYTES_PER_ELEMENT: Partial<Record<TensorProto_DataType, number>> = {
  [TensorProto_DataType.FLOAT]: 4,
  [TensorProto_DataType.DOUBLE]: 8,
  [TensorProto_DataType.FLOAT16]: 2,
  [TensorProto_DataType.INT64]: 8,
  [TensorProto_DataType.INT32]: 4,
  [TensorProto_DataType.INT8]: 1,
  [TensorProto_DataType.UINT8]: 1,
  [TensorProto_DataType.BOOL]: 1,
};

/** `FLOAT`, `INT64`, ... for messages. */
export function dataTypeName(dataType: number): string {
  return TensorProto_DataType[dataType] ?? `data type ${dataType}`;
}

/** Checks dims and the element count against the limit; the count, or a message. */
function checkDims(tensor: TensorProto, label: string): { ok: true; dims: number[]; count: number } | { ok: false; message: string } {
  const dims: number[] = [];
  let count = 1;
  for (const d of tensor.dims) {
    if (d < 0n) return { ok: false, message: `${label}: negative dimension ${d} in [${tensor.dims.join(', ')}]` };
    const n = Number(d);
    dims.push(n);
    count *= n;
  }
  if (count > MAX_TENSOR_ELEMENTS) {
    return { ok: false, message: `${label}: [${dims.join(', ')}] is ${count} elements, more than the limit of ${MAX_TENSOR_ELEMENTS}` };
  }
  if (tensor.dataLocation === TensorProto_DataLocation.EXTERNAL || tensor.externalData.length > 0) {
    const location = tensor.externalData.find((e) => e.key === 'location')?.value ?? '?';
    return { ok: false, message: `${label}: its data is stored outside the model, in '${location}' (external data is not supported: save the model with its weights inside, e.g. onnx.save(model, path, save_as_external_data=False))` };
  }
  return { ok: true, dims, count };
}

/** Decodes IEEE half precision. */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** Reads raw little-endian bytes (ONNX's byte order) as numbers of the tensor's type. */
function readRaw(raw: Uint8Array, dataType: TensorProto_DataType, count: number, out: (i: number, v: number) => void): void {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  for (let i = 0; i < count; i++) {
    switch (dataType) {
      case TensorProto_DataType.DOUBLE: out(i, view.getFloat64(i * 8, true)); break;
      case TensorProto_DataType.FLOAT16: out(i, halfToFloat(view.getUint16(i * 2, true))); break;
      case TensorProto_DataType.INT64: out(i, Number(view.getBigInt64(i * 8, true))); break;
      case TensorProto_DataType.INT32: out(i, view.getInt32(i * 4, true)); break;
      case TensorProto_DataType.INT8: out(i, view.getInt8(i)); break;
      default: out(i, view.getUint8(i)); break; // UINT8, BOOL
    }
  }
}

/** The typed field that holds this data type's values when raw_data is empty. */
function typedField(tensor: TensorProto): ArrayLike<number | bigint> {
  switch (tensor.dataType) {
    case TensorProto_DataType.FLOAT: return tensor.floatData;
    case TensorProto_DataType.DOUBLE: return tensor.doubleData;
    case TensorProto_DataType.INT64: return tensor.int64Data;
    // FLOAT16 keeps its bit patterns in int32_data, like the small integer types.
    default: return tensor.int32Data;
  }
}

/** Reads any supported numeric tensor into a number sink; checks sizes against the bytes present. */
function readNumbers(tensor: TensorProto, label: string, alloc: (count: number) => (i: number, v: number) => void):
  { ok: true; dims: number[] } | { ok: false; message: string } {
  const checked = checkDims(tensor, label);
  if (!checked.ok) return checked;
  const { dims, count } = checked;
  const width = BYTES_PER_ELEMENT[tensor.dataType as TensorProto_DataType];
  if (width === undefined) return { ok: false, message: `${label}: data type ${dataTypeName(tensor.dataType)} is not supported (float, double, float16, int64, int32, int8, uint8, bool are)` };
  const raw = tensor.rawData;
  if (raw.length > 0) {
    if (raw.length !== count * width) {
      return { ok: false, message: `${label}: [${dims.join(', ')}] ${dataTypeName(tensor.dataType)} needs ${count * width} bytes, raw_data has ${raw.length}` };
    }
    const out = alloc(count);
    if (tensor.dataType === TensorProto_DataType.FLOAT) {
      const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      for (let i = 0; i < count; i++) out(i, view.getFloat32(i * 4, true));
    } else {
      readRaw(raw, tensor.dataType, count, out);
    }
    return { ok: true, dims };
  }
  const values = typedField(tensor);
  if (values.length !== count) {
    return { ok: false, message: `${label}: [${dims.join(', ')}] needs ${count} values, the tensor holds ${values.length}` };
  }
  const out = alloc(count);
  const half = tensor.dataType === TensorProto_DataType.FLOAT16;
  for (let i = 0; i < count; i++) {
    const v = Number(values[i]);
    out(i, half ? halfToFloat(v) : v);
  }
  return { ok: true, dims };
}

/** A numeric tensor as float32 (weights, biases, BatchNorm statistics, Constant values). */
export function readFloatTensor(tensor: TensorProto, label = `tensor '${tensor.name}'`, copyInto?: (count: number) => Float32Array<ArrayBuffer>): TensorValue {
  let data = new Float32Array(0);
  // FLOAT raw_data: a view or one bulk copy instead of per-element reads (ONNX data is little-endian, as are the
  // hosts this runs on: x86, ARM, wasm).
  if (tensor.dataType === TensorProto_DataType.FLOAT && tensor.rawData.length > 0) {
    const checked = checkDims(tensor, label);
    if (!checked.ok) return checked;
    if (tensor.rawData.length !== checked.count * 4) {
      return { ok: false, message: `${label}: [${checked.dims.join(', ')}] FLOAT needs ${checked.count * 4} bytes, raw_data has ${tensor.rawData.length}` };
    }
    const raw = tensor.rawData;
    // Where the bytes sit on a 4-byte boundary of the file's buffer, a view: no copy of the weights.
    // Callers treat tensor data as read-only.
    if (raw.byteOffset % 4 === 0) return { ok: true, dims: checked.dims, data: new Float32Array(raw.buffer, raw.byteOffset, checked.count) };
    data = copyInto ? copyInto(checked.count) : new Float32Array(checked.count);
    new Uint8Array(data.buffer, data.byteOffset, data.byteLength).set(raw);
    return { ok: true, dims: checked.dims, data };
  }
  const read = readNumbers(tensor, label, (count) => {
    data = new Float32Array(count);
    return (i, v) => { data[i] = v; };
  });
  return read.ok ? { ok: true, dims: read.dims, data } : read;
}

/** An integer tensor (shape, pads, axes) as plain numbers. */
export function readIntTensor(tensor: TensorProto, label = `tensor '${tensor.name}'`): IntTensorValue {
  let data: number[] = [];
  const read = readNumbers(tensor, label, (count) => {
    data = new Array<number>(count).fill(0);
    return (i, v) => { data[i] = v; };
  });
  return read.ok ? { ok: true, dims: read.dims, data } : read;
}

/** A float32 initializer with its data in raw_data (what PyTorch writes, and the most compact). */
export function createFloatTensor(name: string, dims: readonly number[], data: Float32Array): TensorProto {
  const raw = new Uint8Array(data.byteLength);
  raw.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  return create(TensorProtoSchema, { name, dims: dims.map(BigInt), dataType: TensorProto_DataType.FLOAT, rawData: raw });
}

/** An int64 tensor (Reshape targets, Pad amounts, Resize sizes). */
export function createInt64Tensor(name: string, dims: readonly number[], data: readonly number[]): TensorProto {
  return create(TensorProtoSchema, { name, dims: dims.map(BigInt), dataType: TensorProto_DataType.INT64, int64Data: data.map(BigInt) });
}
