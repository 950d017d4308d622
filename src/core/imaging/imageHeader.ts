/** Image formats whose size can be read from the header before decoding. */
export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp';

/** The largest picture the app decodes: 16.7 megapixels (4096 x 4096), 64 MB as RGBA. */
export const MAX_IMAGE_PIXELS = 4096 * 4096;

export type ImageHeaderError =
  | { code: 'not-an-image'; message: string }
  | { code: 'truncated'; message: string }
  | { code: 'too-large'; message: string };

export type ImageHeaderResult =
  | { ok: true; format: ImageFormat; width: number; height: number }
  | { ok: false; error: ImageHeaderError };

/**
 * Reads the width and height from the first bytes of a PNG (IHDR), JPEG (the first SOFn segment),
 * GIF (logical screen), WebP (VP8 / VP8L / VP8X) or BMP file, and refuses more than `maxPixels`
 * before anything is decoded: a 10,000 x 10,000 image would need 400 MB as RGBA.
 * `name` only appears in messages.
 */
export function readImageHeader(bytes: Uint8Array, name: string, maxPixels = MAX_IMAGE_PIXELS): ImageHeaderResult {
  const size = readSize(bytes);
  if (size === 'unknown') {
    return { ok: false, error: { code: 'not-an-image', message: `${name} is not a PNG, JPEG, GIF, WebP or BMP image (its first bytes are ${hex(bytes.subarray(0, 8))})` } };
  }
  if (size === 'truncated' || size.width <= 0 || size.height <= 0) {
    return { ok: false, error: { code: 'truncated', message: `${name} looks like an image but its header is cut short or gives no size` } };
  }
  const pixels = size.width * size.height;
  if (pixels > maxPixels) {
    return {
      ok: false,
      error: { code: 'too-large', message: `${name} is ${size.width} x ${size.height} = ${pixels.toLocaleString('en-US')} pixels; the limit is ${maxPixels.toLocaleString('en-US')} (4096 x 4096). Shrink it first.` },
    };
  }
  return { ok: true, ...size };
}

type Size = { format: ImageFormat; width: number; height: number };

function readSize(b: Uint8Array): Size | 'unknown' | 'truncated' {
  const u16be = (i: number) => (b[i] << 8) | b[i + 1];
  const u16le = (i: number) => b[i] | (b[i + 1] << 8);
  const u32be = (i: number) => ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
  const ascii = (i: number, n: number) => String.fromCharCode(...b.subarray(i, i + n));

  if (b.length >= 8 && b[0] === 0x89 && ascii(1, 3) === 'PNG') {
    if (b.length < 24 || ascii(12, 4) !== 'IHDR') return 'truncated';
    return { format: 'png', width: u32be(16), height: u32be(20) };
  }
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) {
    let i = 2;
    while (i + 4 <= b.length) {
      if (b[i] !== 0xff) return 'truncated';
      const marker = b[i + 1];
      if (marker === 0xff) { i++; continue; } // fill byte
      if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) { i += 2; continue; }
      const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
      if (isSof) {
        if (i + 9 > b.length) return 'truncated';
        return { format: 'jpeg', height: u16be(i + 5), width: u16be(i + 7) };
      }
      if (marker === 0xd9 || marker === 0xda) return 'truncated'; // end or scan data before any frame header
      i += 2 + u16be(i + 2);
    }
    return 'truncated';
  }
  if (b.length >= 6 && (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a')) {
    if (b.length < 10) return 'truncated';
    return { format: 'gif', ...readGifExtent(b) };
  }
  if (b.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WEBP') {
    if (b.length < 30) return 'truncated';
    const chunk = ascii(12, 4);
    if (chunk === 'VP8X') return { format: 'webp', width: 1 + (b[24] | (b[25] << 8) | (b[26] << 16)), height: 1 + (b[27] | (b[28] << 8) | (b[29] << 16)) };
    if (chunk === 'VP8L') {
      const bits = (b[21] | (b[22] << 8) | (b[23] << 16) | (b[24] << 24)) >>> 0;
      return { format: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
    }
    if (chunk === 'VP8 ') return { format: 'webp', width: u16le(26) & 0x3fff, height: u16le(28) & 0x3fff };
    return 'truncated';
  }
  if (b.length >= 2 && b[0] === 0x42 && b[1] === 0x4d) {
    if (b.length < 26) return 'truncated';
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    return { format: 'bmp', width: Math.abs(view.getInt32(18, true)), height: Math.abs(view.getInt32(22, true)) };
  }
  return 'unknown';
}

/**
 * A GIF's size as a decoder allocates it: the logical screen, grown to cover every frame whose
 * image descriptor lies in `b`. A frame may be far larger than the screen its header declares
 * (1 x 1 on the outside, 10,000 x 10,000 inside), and decoders allocate the frame.
 */
function readGifExtent(b: Uint8Array): { width: number; height: number } {
  const u16le = (i: number) => b[i] | (b[i + 1] << 8);
  let width = u16le(6);
  let height = u16le(8);
  let i = 13;
  if (b[10] & 0x80) i += 3 * (1 << ((b[10] & 7) + 1));
  /** Skips a chain of data sub-blocks (length byte, bytes ..., 0); false when cut short. */
  const skipSubBlocks = (): boolean => {
    while (i < b.length) {
      const n = b[i];
      i += 1 + n;
      if (n === 0) return true;
    }
    return false;
  };
  while (i < b.length) {
    const block = b[i];
    if (block === 0x3b) break; // trailer
    if (block === 0x21) {
      i += 2;
      if (!skipSubBlocks()) break;
    } else if (block === 0x2c) {
      if (i + 10 > b.length) break;
      width = Math.max(width, u16le(i + 1) + u16le(i + 5));
      height = Math.max(height, u16le(i + 3) + u16le(i + 7));
      const packed = b[i + 9];
      i += 10;
      if (packed & 0x80) i += 3 * (1 << ((packed & 7) + 1));
      i += 1; // LZW minimum code size
      if (!skipSubBlocks()) break;
    } else break; // not a GIF block: the decoder will say the file is damaged
  }
  return { width, height };
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (x) => x.toString(16).padStart(2, '0')).join(' ') || 'none: the file is empty';
}
