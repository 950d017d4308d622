/**
 * The few protobuf wire-format pieces the benchmark needs to write an ONNX model for the peers
 * (varints, length-delimited fields, fixed32 floats). Writing only: the benchmark never parses
 * ONNX. Field numbers come from onnx.proto; see ./onnxModel.
 */

/** Bytes of one message under construction. */
export class ProtoMessage {
  /** Finished chunks; small writes collect in `pending` so weight blobs are never copied byte by byte. */
  private readonly chunks: Uint8Array[] = [];
  private pending: number[] = [];

  /** A varint field (int32, int64 and enum values; non-negative here). */
  varint(field: number, value: number): this {
    this.key(field, 0);
    this.raw(value);
    return this;
  }

  /** A fixed32 float field. */
  float(field: number, value: number): this {
    this.key(field, 5);
    this.pending.push(...new Uint8Array(new Float32Array([value]).buffer));
    return this;
  }

  /** A string field, UTF-8. */
  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  /** A length-delimited field: bytes, or a nested message. */
  bytes(field: number, value: Uint8Array | ProtoMessage): this {
    const data = value instanceof ProtoMessage ? value.finish() : value;
    this.key(field, 2);
    this.raw(data.length);
    this.flush();
    this.chunks.push(data);
    return this;
  }

  /** A repeated int64 field, packed. */
  packedVarints(field: number, values: readonly number[]): this {
    const inner = new ProtoMessage();
    for (const v of values) inner.raw(v);
    return this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    this.flush();
    const out = new Uint8Array(this.chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  private flush(): void {
    if (this.pending.length) this.chunks.push(Uint8Array.from(this.pending));
    this.pending = [];
  }

  private key(field: number, wireType: number): void {
    this.raw(field * 8 + wireType);
  }

  private raw(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`protoWriter: varint ${value} is not a non-negative safe integer`);
    while (value >= 128) {
      this.pending.push((value % 128) | 128);
      value = Math.floor(value / 128);
    }
    this.pending.push(value);
  }
}
