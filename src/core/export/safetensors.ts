/** A tensor for a safetensors file: its dtype, shape and little-endian bytes. */
export interface SafetensorsEntry { name: string; dtype: 'F32' | 'I32' | 'I64'; shape: readonly number[]; bytes: Uint8Array }

const DTYPE_BYTES = { F32: 4, I32: 4, I64: 8 } as const;

/**
 * Encodes tensors in the safetensors format: an 8-byte little-endian header length, a JSON header
 * `{name: {dtype, shape, data_offsets: [begin, end]}}` padded with spaces to a multiple of 8, then
 * the raw bytes, offsets contiguous from 0 in the order given (what `safetensors.torch.load_file`
 * and the reader in the exported model.py read).
 */
export function encodeSafetensors(entries: readonly SafetensorsEntry[]): Uint8Array {
  const header: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }> = {};
  let offset = 0;
  for (const e of entries) {
    const expected = e.shape.reduce((a, b) => a * b, 1) * DTYPE_BYTES[e.dtype];
    if (e.bytes.length !== expected) throw new Error(`safetensors ${e.name}: ${expected} bytes expected for ${e.dtype} [${e.shape.join(', ')}], got ${e.bytes.length}`);
    if (Object.prototype.hasOwnProperty.call(header, e.name)) throw new Error(`safetensors: tensor name ${e.name} given twice`);
    header[e.name] = { dtype: e.dtype, shape: [...e.shape], data_offsets: [offset, offset + e.bytes.length] };
    offset += e.bytes.length;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) json = new TextEncoder().encode(JSON.stringify(header) + ' '.repeat(padded - json.length));
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const e of entries) {
    out.set(e.bytes, at);
    at += e.bytes.length;
  }
  return out;
}

const LITTLE_ENDIAN = new Uint8Array(Float32Array.of(1).buffer)[3] === 0x3f;

/** The little-endian bytes of float32 values: a view on little-endian hosts, a converted copy elsewhere. */
export function float32Bytes(values: Float32Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return out;
}
