/**
 * Shared constants of the NumPy `.npy` format (version 1.0 / 2.0):
 * magic "\x93NUMPY", major, minor, header length (uint16 LE in 1.0, uint32 LE in 2.0), then an
 * ASCII Python dict literal padded with spaces and a final "\n" so the data starts on a
 * multiple of 64 bytes, then the raw array bytes.
 */
export const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59] as const;

/** The data offset is padded to this many bytes (numpy >= 1.14 writes 64). */
export const NPY_ALIGN = 64;

/** True on little-endian hosts (every platform the app targets); the byte copy paths rely on it. */
export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
