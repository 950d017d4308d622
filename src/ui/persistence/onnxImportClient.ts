import { transfer, wrap } from 'comlink';
import type { ImportApi, OnnxImportResponse } from '../../worker/importApi';
import { checkOnnxFileSize } from '../../worker/onnxFileLimit';

/** Whether a picked or dropped file is an ONNX model (by its name, as Netron and onnxruntime tell). */
export function isOnnxFile(file: { name: string }): boolean {
  return /\.onnx$/i.test(file.name);
}

/**
 * Imports an .onnx file in a worker started for it (and ended after it, so the file's bytes and
 * the decoded model never stay in memory). The size is checked before anything is read; the
 * bytes are moved to the worker, not copied.
 */
export async function importOnnxInWorker(file: File): Promise<OnnxImportResponse> {
  const tooLarge = checkOnnxFileSize(file.size);
  if (tooLarge) return { ok: false, message: tooLarge };
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch (err) {
    return { ok: false, message: `the file could not be read: ${err instanceof Error ? err.message : String(err)}` };
  }
  const worker = new Worker(new URL('../../worker/importWorker.ts', import.meta.url), { type: 'module' });
  const failed = new Promise<OnnxImportResponse>((resolve) => {
    worker.addEventListener('error', (e) => resolve({ ok: false, message: `the import stopped: ${e.message || 'the worker failed (out of memory?)'}` }));
  });
  try {
    const api = wrap<ImportApi>(worker);
    const name = file.name.replace(/\.onnx$/i, '') || 'ONNX model';
    return await Promise.race([api.importOnnx(transfer(bytes, [bytes.buffer]), name), failed]);
  } catch (err) {
    return { ok: false, message: `the import failed: ${err instanceof Error ? err.message : String(err)}` };
  } finally {
    worker.terminate();
  }
}
