import { transfer, wrap } from 'comlink';
import type { GraphDocument } from '../../core/graph/types';
import type { ImportApi, OnnxImportResponse } from '../../worker/importApi';
import { withEncodedWeights } from './importedWeights';
import { checkOnnxFileSize } from '../../worker/onnxFileLimit';
import { startLayoutWorker } from '../layout/layoutWorkerClient';

/** Whether a picked or dropped file is an ONNX model (by its name, as Netron and onnxruntime tell). */
export function isOnnxFile(file: { name: string }): boolean {
  return /\.onnx$/i.test(file.name);
}

/**
 * An imported model: `doc` has its weights and nodes in rows by depth; `laidOut` is the same
 * document at ELK's positions once the layout worker has them (`doc` when ELK fails), so the
 * caller can store `doc` while ELK runs.
 */
export type OnnxImport = (OnnxImportResponse & { ok: true }) & { laidOut: Promise<GraphDocument> };

/**
 * Imports an .onnx file in a worker started for it (and ended once it has answered, before the
 * weights are encoded here, so the file's bytes and the decoded model are gone by then), with
 * ELK started beside it in a layout worker. The size is checked before anything is read; the
 * bytes are moved to the worker and the weights back. `forLibrary`: the model will be stored (see
 * withEncodedWeights); a comparison only looks at it.
 */
export async function importOnnxInWorker(file: File, forLibrary = true): Promise<OnnxImport | (OnnxImportResponse & { ok: false })> {
  const tooLarge = checkOnnxFileSize(file.size);
  if (tooLarge) return { ok: false, message: tooLarge };
  // Started first: both workers load their code (ELK is 1.4 MB) while the file is read.
  const worker = new Worker(new URL('../../worker/importWorker.ts', import.meta.url), { type: 'module' });
  const layout = startLayoutWorker();
  const failed = new Promise<OnnxImportResponse>((resolve) => {
    worker.addEventListener('error', (e) => resolve({ ok: false, message: `the import stopped: ${e.message || 'the worker failed (out of memory?)'}` }));
  });
  let layingOut = false;
  try {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await file.arrayBuffer());
    } catch (err) {
      return { ok: false, message: `the file could not be read: ${err instanceof Error ? err.message : String(err)}` };
    }
    const api = wrap<ImportApi>(worker);
    const name = file.name.replace(/\.onnx$/i, '') || 'ONNX model';
    const r = await Promise.race([api.importOnnx(transfer(bytes, [bytes.buffer]), name), failed]);
    worker.terminate();
    if (!r.ok) return r;
    if (!('weights' in r)) return { ok: false, message: 'the import worker answered without weights' };
    // ELK lays the structure out on another core while the weights are encoded here.
    const laidOut = layout.layOut(r.doc);
    layingOut = true;
    const doc = await withEncodedWeights(r.doc, r.weights, forLibrary);
    return { ok: true, doc, report: r.report, laidOut: laidOut.then((placed) => ({ ...doc, nodes: placed.nodes })) };
  } catch (err) {
    return { ok: false, message: `the import failed: ${err instanceof Error ? err.message : String(err)}` };
  } finally {
    worker.terminate();
    if (!layingOut) layout.end();
  }
}
