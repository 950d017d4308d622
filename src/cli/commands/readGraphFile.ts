import { RESTORE_LIMITS, restoreGraph } from '../../core/graph/restore';
import type { GraphDocument } from '../../core/graph/types';
import { PRESETS } from '../../core/presets';
import { readCappedFile } from '../io/readCappedFile';
import { isOnnxPath, readOnnxFile } from './readOnnxFile';

/** A document ready for the core, with what the import gate repaired (one sentence each). */
export type LoadedGraph = { ok: true; doc: GraphDocument; report: string[] } | { ok: false; message: string };

/**
 * Reads a graph document file through the same gate as the browser (`restoreGraph`): a regular
 * file of at most `RESTORE_LIMITS.maxFileBytes` (weights included), UTF-8 (a byte-order mark is
 * allowed, invalid bytes are refused), then the size, count, depth and reserved-id checks and repairs.
 */
export function readGraphFile(file: string): LoadedGraph {
  const read = readCappedFile(file, RESTORE_LIMITS.maxFileBytes, 'graph file');
  if (!read.ok) return read;
  const restored = restoreGraph(read.bytes, 'file');
  if (!restored.ok) return { ok: false, message: `${file}: ${restored.error.message} [${restored.error.code}]` };
  return { ok: true, doc: restored.doc, report: restored.defaults ? [...restored.report, restored.defaults] : restored.report };
}

/**
 * FILE as the commands take it: a graph document, or when no such file exists, the id of a
 * built-in preset (`lenet5`, `vgg16`, ...). A preset goes through the gate too. An `.onnx` model is
 * imported (src/core/import checks it as hostile input itself), with its weights unless
 * `onnxWeights` is 'none' (summary needs none).
 */
export function loadGraphArg(arg: string, onnxWeights: 'document' | 'none' = 'document'): LoadedGraph {
  if (isOnnxPath(arg)) {
    const imported = readOnnxFile(arg, { weights: onnxWeights });
    if (imported.ok) return { ok: true, doc: imported.doc, report: imported.report.notes };
    const more = imported.code === 'unmapped' ? ` (the report: import ${arg})` : imported.code === 'input-shape' ? ` (import ${arg} --input-shape H,W,C writes a document with it)` : '';
    return { ok: false, message: `${imported.message}${more}` };
  }
  const read = readGraphFile(arg);
  if (read.ok || !read.message.endsWith('no such file')) return read;
  const preset = PRESETS.find((p) => p.id === arg);
  if (!preset) return { ok: false, message: `${read.message} (or a preset: ${PRESETS.map((p) => p.id).join(', ')})` };
  const restored = restoreGraph(structuredClone(preset.doc), 'file');
  if (!restored.ok) return { ok: false, message: `preset ${arg}: ${restored.error.message}` };
  return { ok: true, doc: restored.doc, report: restored.report };
}

/** The gate's repairs, for stderr: the output itself stays what the command promises. */
export function formatRepairs(file: string, report: readonly string[]): string[] {
  return report.map((line) => `note: ${file}: ${line}`);
}
