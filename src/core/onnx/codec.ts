/**
 * ONNX model (de)serialisation: the one place that turns `.onnx` bytes into typed messages and back.
 *
 * The messages come from the official `onnx.proto` (ONNX 1.12, IR version 8, in `proto/`), compiled
 * by protoc-gen-es into `onnx_pb.ts` (`npm run gen:onnx` regenerates it). Both the importer
 * (`src/core/import`) and the ONNX exporter build on this module. Int64 fields (dims, ints,
 * ir_version, opset versions) are `bigint`.
 */
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import type { MessageInitShape } from '@bufbuild/protobuf';
import { ModelProtoSchema } from './onnx_pb';
import type { ModelProto } from './onnx_pb';

export * from './onnx_pb';
export { create };

/** Why bytes are not a readable ONNX model. */
export type OnnxDecodeErrorCode = 'empty' | 'malformed' | 'notOnnx';

/** Result of {@link decodeModel}: a problem the user can fix is a value, not an exception. */
export type OnnxDecodeResult =
  | { ok: true; model: ModelProto }
  | { ok: false; code: OnnxDecodeErrorCode; message: string };

/** The largest protobuf message there is: protobuf length prefixes are 32-bit signed (2 GiB - 1). */
export const MAX_ONNX_BYTES = 2 ** 31 - 1;

/**
 * Decodes `.onnx` bytes into a ModelProto. Tensor `raw_data` stays a view into `bytes` (no copy), so
 * keep `bytes` alive and unmodified while the model is in use.
 *
 * A protobuf parser accepts many byte strings that are not models (every field is optional), so a
 * decoded message also has to look like one: an IR version and a graph.
 */
export function decodeModel(bytes: Uint8Array): OnnxDecodeResult {
  if (bytes.length === 0) return { ok: false, code: 'empty', message: 'not an ONNX model: the file is empty (0 bytes)' };
  if (bytes.length > MAX_ONNX_BYTES) {
    return { ok: false, code: 'malformed', message: `not an ONNX model: ${bytes.length} bytes is more than protobuf's limit of ${MAX_ONNX_BYTES}` };
  }
  let model: ModelProto;
  try {
    // A plain Uint8Array view: Node's Buffer (what readFileSync gives) makes every later
    // TypedArray.set from its subarrays take a slow element-by-element path (about 20x slower).
    const plain = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    model = fromBinary(ModelProtoSchema, plain, { readUnknownFields: false });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, code: 'malformed', message: `not an ONNX model (${bytes.length} bytes): the protobuf encoding is broken or truncated (${detail})` };
  }
  if (model.irVersion <= 0n || model.graph === undefined) {
    const missing = model.graph === undefined ? 'no graph' : `ir_version ${model.irVersion}`;
    return { ok: false, code: 'notOnnx', message: `not an ONNX model (${bytes.length} bytes): the file decodes but has ${missing}` };
  }
  return { ok: true, model };
}

/** Encodes a ModelProto (or the plain object shape `create` accepts) into `.onnx` bytes. */
export function encodeModel(model: ModelProto | MessageInitShape<typeof ModelProtoSchema>): Uint8Array {
  // `create` returns a ModelProto unchanged and builds one from a plain object.
  return toBinary(ModelProtoSchema, create(ModelProtoSchema, model));
}
