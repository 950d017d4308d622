import { NPY_ALIGN, NPY_MAGIC, HOST_LITTLE_ENDIAN } from './npyFormat';

/**
 * Writes a float32 array as a NumPy `.npy` file ('<f4', C order), format 1.0, or 2.0 when the
 * header would not fit a uint16 length. Throws if `data.length` is not the product of `shape`
 * (a caller bug, not user input).
 */
export function encodeNpy(shape: readonly number[], data: Float32Array): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) {
    throw new Error(`encodeNpy: shape [${shape.join(', ')}] holds ${count} values, data has ${data.length}`);
  }
  // Python's tuple syntax: a 1-tuple needs a trailing comma.
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shapeText}, }`;
  let major = 1;
  let prefix = 10;
  let headerLen = padTo(prefix + dict.length + 1, NPY_ALIGN) - prefix;
  if (headerLen > 0xffff) {
    major = 2;
    prefix = 12;
    headerLen = padTo(prefix + dict.length + 1, NPY_ALIGN) - prefix;
  }
  const out = new Uint8Array(prefix + headerLen + data.length * 4);
  out.set(NPY_MAGIC, 0);
  out[6] = major;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (major === 1) view.setUint16(8, headerLen, true);
  else view.setUint32(8, headerLen, true);
  const header = dict.padEnd(headerLen - 1, ' ') + '\n';
  for (let i = 0; i < header.length; i++) out[prefix + i] = header.charCodeAt(i);
  const start = prefix + headerLen;
  if (HOST_LITTLE_ENDIAN) out.set(new Uint8Array(data.buffer, data.byteOffset, data.length * 4), start);
  else for (let i = 0; i < data.length; i++) view.setFloat32(start + i * 4, data[i], true);
  return out;
}

function padTo(n: number, align: number): number {
  return Math.ceil(n / align) * align;
}
