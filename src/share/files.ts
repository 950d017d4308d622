import { restoreGraph, RESTORE_LIMITS, type RestoreResult } from '../core/graph/restore';
import { serializeGraphDocument } from '../core/graph/serializeGraph';
import type { GraphDocument } from '../core/graph/types';
import { extractGraphFromPng, isPng, PNG_MAX_BYTES } from './pngGraph';

/** Extension of a saved graph file. */
export const GRAPH_FILE_SUFFIX = '.cnn.json';

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

/**
 * A safe file name stem for a graph name: no path separators, no characters Windows or macOS
 * refuse, no control characters, no leading dots, at most 80 characters; "graph" if nothing is left.
 */
export function sanitizeFileStem(name: string): string {
  const cleaned = name
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[. ]+/, '')
    .replace(/[. ]+$/, '')
    .slice(0, 80)
    .trim();
  if (cleaned === '') return 'graph';
  return WINDOWS_RESERVED.test(cleaned) ? `${cleaned}-graph` : cleaned;
}

/** `NAME.cnn.json` for a document. */
export function graphFileName(doc: GraphDocument): string {
  return sanitizeFileStem(doc.name) + GRAPH_FILE_SUFFIX;
}

/** The text of a saved file: the canonical serialization (stable key order), ending in a newline. */
export function serializeGraphFile(doc: GraphDocument): string {
  return serializeGraphDocument(doc) + '\n';
}

/** Hands bytes or text to the browser as a download called `fileName`. */
export function downloadFile(content: Uint8Array | string, fileName: string, mime: string): void {
  const blob = new Blob([typeof content === 'string' ? content : new Uint8Array(content)], { type: mime });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Some browsers start the download asynchronously; revoking at once can cancel it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Downloads the document as `NAME.cnn.json`. */
export function downloadGraphJson(doc: GraphDocument): void {
  downloadFile(serializeGraphFile(doc), graphFileName(doc), 'application/json');
}

/**
 * Opens a picked or dropped file: a PNG exported by this app or a `.cnn.json` file. The size is
 * checked before a single byte is read; everything else is `restoreGraph`'s job.
 */
export async function readGraphFile(file: Blob): Promise<RestoreResult> {
  const limit = Math.max(PNG_MAX_BYTES, RESTORE_LIMITS.maxFileBytes);
  if (file.size > limit) {
    return { ok: false, error: { code: 'too-large', message: `This file is ${(file.size / 1048576).toFixed(1)} MiB; the limit is ${(RESTORE_LIMITS.maxFileBytes / 1048576).toFixed(1)} MiB for graph files (with their weights) and ${(PNG_MAX_BYTES / 1048576).toFixed(0)} MiB for PNGs.` } };
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch (err) {
    return { ok: false, error: { code: 'internal', message: `The file could not be read: ${err instanceof Error ? err.message : String(err)}` } };
  }
  return isPng(bytes) ? extractGraphFromPng(bytes) : restoreGraph(bytes, 'file');
}
