import { transfer } from 'comlink';
import { findExportTarget, type ExportFailure, type ExportOptions } from '../core/export/targets';
import type { GraphDocument } from '../core/graph/types';
import { sanitizeFileStem } from '../share/files';
import { zipBundle } from '../share/zipBundle';

/** A finished export for the browser to download: one file, its name and type, and how long it took. */
export type ExportResponse =
  | { ok: true; fileName: string; mime: string; bytes: Uint8Array; notes: string[]; ms: number }
  | ({ ok: false; target: string } & ExportFailure);

/** The export API the export worker exposes through comlink (and tests call directly in Node). */
export interface ExportApi {
  exportGraph(doc: GraphDocument, targetId: string, options: ExportOptions): Promise<ExportResponse>;
}

/**
 * Exports `doc` with the command line's own target (the same files, byte for byte): a directory
 * bundle becomes `NAME-TARGET.zip` holding a folder of that name, a single file keeps its
 * extension (`NAME.onnx`).
 */
export function exportForDownload(doc: GraphDocument, targetId: string, options: ExportOptions): ExportResponse {
  const started = performance.now();
  const target = findExportTarget(targetId);
  if (!target) return { ok: false, target: targetId, code: 'graph-errors', message: `no export target "${targetId}"`, diagnostics: [] };
  const result = target.exportGraph(doc, options);
  if (!result.ok) {
    const { ok: _ok, ...failure } = result;
    return { ok: false, target: target.label, ...failure };
  }
  const stem = sanitizeFileStem(doc.name);
  const { output } = result;
  // A single-file target's id is its extension (onnx); an NHWC model says so in its name.
  const file = output.kind === 'directory'
    ? { fileName: `${stem}-${target.id}.zip`, mime: 'application/zip', bytes: zipBundle(`${stem}-${target.id}`, output.files) }
    : { fileName: `${stem}${options.layout === 'nhwc' ? '-nhwc' : ''}.${target.id}`, mime: 'application/octet-stream', bytes: output.bytes };
  return { ok: true, ...file, notes: result.notes, ms: performance.now() - started };
}

/** The worker's API object. */
export function createExportApi(): ExportApi {
  return {
    async exportGraph(doc, targetId, options) {
      const response = exportForDownload(doc, targetId, options);
      // The bytes (VGG-16: 500 MB) move to the page rather than being copied.
      return response.ok ? transfer(response, [response.bytes.buffer]) : response;
    },
  };
}
