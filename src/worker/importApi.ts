import type { GraphDocument } from '../core/graph/types';
import { transfer } from 'comlink';
import { RESTORE_LIMITS, restoreGraph } from '../core/graph/restore';
import { checkFloatWeights } from '../core/graph/restore/checkWeights';
import { importOnnx, type WeightArrays } from '../core/import/importOnnx';
import type { ImportReport } from '../core/import/importReport';
import { checkOnnxFileSize } from './onnxFileLimit';
import { ownBuffers } from './transferWeights';

/** What an ONNX import for the library gives back: a document the library accepts, or why not. */
export type OnnxImportResponse =
  | { ok: true; doc: GraphDocument; report: ImportReport }
  | { ok: false; message: string; report?: ImportReport };

/**
 * What the worker sends: the document without weights and the weights as float32, whose buffers
 * are moved to the page, not copied. Base64 strings cannot be moved: posting ResNet-50's 136 MB of
 * them cost ~0.4 s and a serialized copy on top of both threads' own.
 */
export type OnnxWorkerResponse =
  | { ok: true; doc: GraphDocument; weights: WeightArrays; report: ImportReport }
  | { ok: false; message: string; report?: ImportReport };

/** The import API the import worker exposes through comlink (and tests call directly in Node). */
export interface ImportApi {
  importOnnx(bytes: Uint8Array, name: string): Promise<OnnxWorkerResponse>;
}

/**
 * Imports ONNX bytes into a document for a NEW library entry: mapped (nodes in rows by depth; the
 * page has ELK lay them out in a worker of its own meanwhile) and passed through the library's own gate (restoreGraph as for a stored record, and the same limits on the
 * weights: at most 256 MiB, 2^24 values per tensor), so what comes back is what the library will
 * read again once the page has encoded the weights (withEncodedWeights). Nothing is written here;
 * a refusal leaves the library as it was.
 */
export function importOnnxForLibrary(bytes: Uint8Array, name: string): OnnxWorkerResponse {
  const tooLarge = checkOnnxFileSize(bytes.byteLength);
  if (tooLarge) return { ok: false, message: tooLarge };
  const imported = importOnnx(bytes, { name, weights: 'arrays' });
  if (!imported.ok) return { ok: false, message: imported.message, ...(imported.report ? { report: imported.report } : {}) };
  const gate = restoreGraph(imported.doc, 'db');
  if (!gate.ok) return { ok: false, message: `the imported model does not fit the library: ${gate.error.message}`, report: imported.report };
  const weights = imported.weightArrays ?? {};
  const badWeights = checkFloatWeights(weights, new Set(gate.doc.nodes.map((n) => n.id)), RESTORE_LIMITS);
  if (badWeights) return { ok: false, message: `the imported model does not fit the library: ${badWeights}`, report: imported.report };
  return { ok: true, doc: gate.doc, weights, report: imported.report };
}

/** The worker's API object: the weights' buffers go to the page in the transfer list. */
export function createImportApi(): ImportApi {
  return {
    async importOnnx(bytes, name) {
      const response = importOnnxForLibrary(bytes, name);
      return response.ok ? transfer(response, ownBuffers(response.weights)) : response;
    },
  };
}
