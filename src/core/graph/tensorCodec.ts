/**
 * float32 <-> base64 of its little-endian bytes, the weight encoding of the graph document.
 * A small self-contained base64 codec: no Buffer, atob or btoa, so it behaves the same in Node,
 * a tab and a Web Worker and never throws on bad text.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

const ALPHABET_CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/** The two output characters of every 12-bit group, as one little-endian 16-bit store. */
const PAIRS = new Uint16Array(4096);
for (let i = 0; i < 4096; i++) PAIRS[i] = ALPHABET_CODES[i >> 6] | (ALPHABET_CODES[i & 63] << 8);
const LATIN1 = new TextDecoder('latin1');

type Base64Encoder = (bytes: Uint8Array) => string;

/**
 * The platform's own base64 when it has one: Uint8Array.prototype.toBase64 (current browsers) or
 * Node's Buffer. On 100 MB of weights it is ~20x faster than the JavaScript below, most of whose
 * time goes into turning the ASCII bytes into a string (TextDecoder's latin1 is slow in Node).
 */
const NATIVE_BASE64: Base64Encoder | null = (() => {
  if (typeof (Uint8Array.prototype as { toBase64?: unknown }).toBase64 === 'function') {
    return (bytes) => (bytes as Uint8Array & { toBase64(): string }).toBase64();
  }
  const buffer = (globalThis as { Buffer?: { from(b: ArrayBufferLike, offset: number, length: number): { toString(encoding: 'base64'): string } } }).Buffer;
  return buffer ? (bytes) => buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') : null;
})();

/** Standard base64 (with '=' padding) of bytes. */
export function encodeBase64(bytes: Uint8Array): string {
  return NATIVE_BASE64 ? NATIVE_BASE64(bytes) : encodeBase64Portable(bytes);
}

/** encodeBase64 in plain JavaScript, for platforms without a native one (and the tests that compare them). */
export function encodeBase64Portable(bytes: Uint8Array): string {
  // Write ASCII codes into a byte buffer, two characters per store, and decode it to a string in one
  // go: per-character string building is ~100x slower on multi-megabyte weights, and chunked
  // String.fromCharCode ~4x slower than this.
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  let o = 0;
  let i = 0;
  if (LITTLE_ENDIAN) {
    const out16 = new Uint16Array(out.buffer, 0, out.length >> 1);
    let o16 = 0;
    for (; i + 2 < bytes.length; i += 3) {
      const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
      out16[o16++] = PAIRS[n >> 12];
      out16[o16++] = PAIRS[n & 4095];
    }
    o = o16 * 2;
  } else {
    for (; i + 2 < bytes.length; i += 3) {
      const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
      out[o++] = ALPHABET_CODES[n >> 18];
      out[o++] = ALPHABET_CODES[(n >> 12) & 63];
      out[o++] = ALPHABET_CODES[(n >> 6) & 63];
      out[o++] = ALPHABET_CODES[n & 63];
    }
  }
  const rest = bytes.length - i;
  if (rest > 0) {
    const n = (bytes[i] << 16) | (rest === 2 ? bytes[i + 1] << 8 : 0);
    out[o++] = ALPHABET_CODES[n >> 18];
    out[o++] = ALPHABET_CODES[(n >> 12) & 63];
    out[o++] = rest === 2 ? ALPHABET_CODES[(n >> 6) & 63] : 61;
    out[o++] = 61;
  }
  return LATIN1.decode(out);
}

/** Bytes of standard base64 text, or null when it is not valid base64 (whitespace is not allowed). */
export function decodeBase64(text: string): Uint8Array | null {
  if (text.length % 4 !== 0) return null;
  let pad = 0;
  if (text.endsWith('==')) pad = 2;
  else if (text.endsWith('=')) pad = 1;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length;
    let n = 0;
    for (let j = 0; j < 4; j++) {
      const code = text.charCodeAt(i + j);
      let v: number;
      if (code === 61 /* '=' */ && last && j >= 4 - pad) v = 0;
      else {
        v = code < 128 ? DECODE[code] : -1;
        if (v < 0) return null;
      }
      n = (n << 6) | v;
    }
    out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

/** Number of bytes that base64 text of this length decodes to (-1 when the length is impossible). */
export function countBase64Bytes(text: string): number {
  if (text.length % 4 !== 0) return -1;
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return (text.length / 4) * 3 - pad;
}

/** base64 of the little-endian bytes of a Float32Array. */
export function encodeFloat32(arr: Float32Array): string {
  // Little-endian hosts encode the array's own bytes: no copy of a 100 MB tensor in flight.
  if (LITTLE_ENDIAN) return encodeBase64(new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength));
  const bytes = new Uint8Array(arr.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < arr.length; i++) view.setFloat32(i * 4, arr[i], true);
  return encodeBase64(bytes);
}

/** The Float32Array encoded by `encodeFloat32`, or null for invalid base64 or a byte count not a multiple of 4. */
export function decodeFloat32(b64: string): Float32Array | null {
  const bytes = decodeBase64(b64);
  if (bytes === null || bytes.length % 4 !== 0) return null;
  if (LITTLE_ENDIAN) return new Float32Array(bytes.buffer, 0, bytes.length / 4);
  const view = new DataView(bytes.buffer);
  const out = new Float32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}
