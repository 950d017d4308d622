import { decodeMnistDigits, type MnistDigits } from '../../core/imaging/mnistDigits';
import { readImageHeader } from '../../core/imaging/imageHeader';
import { pictureFromRgba, type Picture } from '../../core/imaging/picture';

/** Longest side an uploaded picture is decoded at; every Input is far smaller. */
const DECODE_SIDE = 1024;

export type LoadResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** Fetches the MNIST sample generated at build time (public/data/mnist-digits.bin). */
export async function loadMnistDigits(): Promise<LoadResult<MnistDigits>> {
  const url = `${import.meta.env.BASE_URL}data/mnist-digits.bin`;
  let bytes: Uint8Array;
  try {
    const res = await fetch(url);
    if (!res.ok) return { ok: false, error: `the MNIST digits could not be loaded (${url}: HTTP ${res.status}); the build step scripts/buildMnist.ts generates them` };
    bytes = new Uint8Array(await res.arrayBuffer());
  } catch (e) {
    return { ok: false, error: `the MNIST digits could not be loaded: ${e instanceof Error ? e.message : String(e)}` };
  }
  const decoded = decodeMnistDigits(bytes);
  return decoded.ok ? { ok: true, value: decoded.digits } : { ok: false, error: decoded.error.message };
}

/**
 * Decodes an uploaded image file. The header is read first, so a file that is not an image or is
 * larger than the pixel cap is refused before the browser decodes it; the picture is decoded at
 * most 1024 pixels on its longer side.
 */
export async function decodeImageFile(file: Blob, name: string): Promise<LoadResult<Picture>> {
  const head = new Uint8Array(await file.slice(0, 256 * 1024).arrayBuffer());
  const header = readImageHeader(head, name);
  if (!header.ok) return { ok: false, error: header.error.message };
  const scale = Math.min(1, DECODE_SIDE / Math.max(header.width, header.height));
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, {
      resizeWidth: Math.max(1, Math.round(header.width * scale)),
      resizeHeight: Math.max(1, Math.round(header.height * scale)),
      resizeQuality: 'high',
    });
  } catch {
    return { ok: false, error: `${name} could not be decoded as a ${header.format.toUpperCase()} image (the file may be damaged)` };
  }
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d');
    if (!ctx) return { ok: false, error: 'this browser gives no 2D canvas to read the picture' };
    ctx.drawImage(bitmap, 0, 0);
    const pixels = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    return { ok: true, value: pictureFromRgba(pixels.data, pixels.width, pixels.height) };
  } finally {
    bitmap.close();
  }
}

/** Reads a canvas as a picture (the drawing pad). */
export function pictureFromCanvas(canvas: HTMLCanvasElement): Picture {
  const ctx = canvas.getContext('2d')!;
  const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height);
  return pictureFromRgba(pixels.data, pixels.width, pixels.height);
}
