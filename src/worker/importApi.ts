import type { GraphDocument } from '../core/graph/types';
import { restoreGraph } from '../core/graph/restore';
import { importOnnx } from '../core/import/importOnnx';
import type { ImportReport } from '../core/import/importReport';
import { layoutDocument } from '../ui/layout/autoLayout';
import { checkOnnxFileSize } from './onnxFileLimit';

/** What an ONNX import for the library gives back: a document the library accepts, or why not. */
export type OnnxImportResponse =
  | { ok: true; doc: GraphDocument; report: ImportReport }
  | { ok: false; message: string; report?: ImportReport };

/** The import API the import worker exposes through comlink (and tests call directly in Node). */
export interface ImportApi {
  importOnnx(bytes: Uint8Array, name: string): Promise<OnnxImportResponse>;
}

/**
 * Imports ONNX bytes into a document for a NEW library entry: mapped, laid out with ELK, and passed
 * through the library's own gate (restoreGraph as for a stored record: at most 256 MiB of weights
 * and 2^24 values per tensor), so what comes back is exactly what the library will read again.
 * Nothing is written here; a refusal leaves the library as it was.
 */
export async function importOnnxForLibrary(bytes: Uint8Array, name: string): Promise<OnnxImportResponse> {
  const tooLarge = checkOnnxFileSize(bytes.byteLength);
  if (tooLarge) return { ok: false, message: tooLarge };
  const imported = importOnnx(bytes, { name });
  if (!imported.ok) return { ok: false, message: imported.message, ...(imported.report ? { report: imported.report } : {}) };
  const gate = restoreGraph(imported.doc, 'db');
  if (!gate.ok) return { ok: false, message: `the imported model does not fit the library: ${gate.error.message}`, report: imported.report };
  const doc = await layoutDocument(gate.doc).catch(() => gate.doc);
  return { ok: true, doc, report: imported.report };
}

/** The worker's API object. */
export function createImportApi(): ImportApi {
  return { importOnnx: importOnnxForLibrary };
}
