/**
 * The compact MNIST sample the app ships (public/data/mnist-digits.bin, generated at build time):
 *
 *   bytes 0..3   "MNDG"
 *   byte  4      format version (1)
 *   byte  5, 6   rows, cols (28, 28)
 *   byte  7      0
 *   bytes 8..11  count, uint32 little-endian
 *   count bytes  labels 0..9
 *   count * rows * cols bytes  pixels, row-major, 0 = black background, 255 = white stroke
 */
export interface MnistDigits {
  rows: number;
  cols: number;
  labels: Uint8Array;
  /** count * rows * cols bytes. */
  pixels: Uint8Array;
}

const MAGIC = 'MNDG';
const VERSION = 1;
const HEADER = 12;

export type DecodeMnistResult = { ok: true; digits: MnistDigits } | { ok: false; error: { code: 'bad-mnist-file'; message: string } };

/** Packs digits into the binary layout above. */
export function encodeMnistDigits(digits: MnistDigits): Uint8Array {
  const count = digits.labels.length;
  const size = digits.rows * digits.cols;
  const out = new Uint8Array(HEADER + count + count * size);
  for (let i = 0; i < 4; i++) out[i] = MAGIC.charCodeAt(i);
  out[4] = VERSION;
  out[5] = digits.rows;
  out[6] = digits.cols;
  new DataView(out.buffer).setUint32(8, count, true);
  out.set(digits.labels, HEADER);
  out.set(digits.pixels.subarray(0, count * size), HEADER + count);
  return out;
}

/** Unpacks the binary layout above; a wrong magic, version or length is an error value. */
export function decodeMnistDigits(bytes: Uint8Array): DecodeMnistResult {
  const fail = (message: string): DecodeMnistResult => ({ ok: false, error: { code: 'bad-mnist-file', message } });
  if (bytes.length < HEADER || String.fromCharCode(...bytes.subarray(0, 4)) !== MAGIC) return fail('the MNIST sample file does not start with "MNDG"');
  if (bytes[4] !== VERSION) return fail(`the MNIST sample file has version ${bytes[4]}; this app reads version ${VERSION}`);
  const rows = bytes[5];
  const cols = bytes[6];
  const count = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  const expected = HEADER + count + count * rows * cols;
  if (bytes.length !== expected) return fail(`the MNIST sample file has ${bytes.length} bytes; ${count} digits of ${rows}x${cols} need ${expected}`);
  return {
    ok: true,
    digits: { rows, cols, labels: bytes.slice(HEADER, HEADER + count), pixels: bytes.slice(HEADER + count) },
  };
}

/** Digit `index` as 0..1 floats (rows x cols, one channel). */
export function readMnistDigit(digits: MnistDigits, index: number): Float32Array {
  const size = digits.rows * digits.cols;
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = digits.pixels[index * size + i] / 255;
  return out;
}
