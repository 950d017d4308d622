import { parseNpy } from '../../npy';

/** An `.npy` array of any numeric dtype as float32 values, with the dtype it was stored in. */
export type NpyNumbersResult = { ok: true; shape: number[]; values: Float32Array; dtype: string } | { ok: false; message: string };

const INT_TYPES: Record<string, { size: number; read: (v: DataView, at: number) => number }> = {
  '|u1': { size: 1, read: (v, at) => v.getUint8(at) },
  '|i1': { size: 1, read: (v, at) => v.getInt8(at) },
  '<i2': { size: 2, read: (v, at) => v.getInt16(at, true) },
  '<u2': { size: 2, read: (v, at) => v.getUint16(at, true) },
  '<i4': { size: 4, read: (v, at) => v.getInt32(at, true) },
  '<u4': { size: 4, read: (v, at) => v.getUint32(at, true) },
  '<i8': { size: 8, read: (v, at) => Number(v.getBigInt64(at, true)) },
  '<u8': { size: 8, read: (v, at) => Number(v.getBigUint64(at, true)) },
};

/**
 * Reads a numeric `.npy` (samples or labels): float32/float64 through the project's parser (npy/),
 * or a little-endian integer dtype (uint8 pixels, class indices as NumPy saves them by default,
 * e.g. int64). Values become float32: exact for pixels and for class indices below 2^24.
 */
export function parseNpyNumbers(bytes: Uint8Array): NpyNumbersResult {
  const parsed = parseNpy(bytes);
  if (parsed.ok) return { ok: true, shape: parsed.shape, values: parsed.data, dtype: parsed.dtype };
  if (parsed.error.code !== 'unsupported-dtype') return { ok: false, message: parsed.error.message };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = (major === 1 ? 10 : 12) + headerLen;
  let header = '';
  for (let i = major === 1 ? 10 : 12; i < start; i++) header += String.fromCharCode(bytes[i]);
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(header)?.[1] ?? '?';
  const type = INT_TYPES[descr];
  if (!type) return { ok: false, message: `.npy dtype '${descr}' is not supported: use float32, float64 or a little-endian integer type` };
  if (/fortran_order['"]\s*:\s*True/.test(header)) return { ok: false, message: '.npy is in Fortran order; save it in C order' };
  const shapeText = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(header)?.[1] ?? '';
  const shape = shapeText.split(',').map((s) => s.trim()).filter(Boolean).map((s) => Number.parseInt(s, 10));
  const count = shape.reduce((a, b) => a * b, 1);
  if (bytes.length - start !== count * type.size) {
    return { ok: false, message: `.npy has ${bytes.length - start} data bytes; shape [${shape.join(', ')}] of ${descr} needs ${count * type.size}` };
  }
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) values[i] = type.read(view, start + i * type.size);
  return { ok: true, shape, values, dtype: descr };
}
