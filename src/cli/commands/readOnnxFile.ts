import { openSync, closeSync, fstatSync, readSync } from 'node:fs';
import type { ImportOptions, ImportResult } from '../../core/import/importOnnx';
import { importOnnx } from '../../core/import/importOnnx';
import { MAX_ONNX_BYTES } from '../../core/onnx/codec';

/** Whether a CLI FILE argument names an ONNX model (by extension). */
export function isOnnxPath(file: string): boolean {
  return /\.onnx$/i.test(file);
}

/**
 * Reads an `.onnx` file and imports it. The size is checked before reading: protobuf cannot hold
 * more than 2 GiB - 1, so a bigger file is refused without loading it.
 */
export function readOnnxFile(file: string, options: ImportOptions = {}): ImportResult | { ok: false; code: 'file'; message: string } {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : String((e as Error).message);
    return { ok: false, code: 'file', message: `${file}: cannot read: ${why}` };
  }
  try {
    const { size } = fstatSync(fd);
    if (fstatSync(fd).isDirectory()) return { ok: false, code: 'file', message: `${file}: cannot read: is a directory` };
    if (size > MAX_ONNX_BYTES) {
      return { ok: false, code: 'file', message: `${file}: not an ONNX model: ${size} bytes is more than protobuf's limit of ${MAX_ONNX_BYTES} (models over 2 GiB keep their weights in external data files, which are not supported)` };
    }
    const bytes = new Uint8Array(size);
    for (let at = 0; at < size;) {
      const n = readSync(fd, bytes, at, size - at, at);
      if (n === 0) break;
      at += n;
    }
    const imported = importOnnx(bytes, options);
    return imported.ok || !imported.message.startsWith('not an ONNX') ? imported : { ...imported, message: `${file}: ${imported.message}` };
  } catch (e) {
    return { ok: false, code: 'file', message: `${file}: cannot read: ${(e as Error).message}` };
  } finally {
    closeSync(fd);
  }
}
