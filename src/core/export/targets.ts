import type { Diagnostic } from '../shape/types';
import type { GraphDocument } from '../graph/types';
import { kerasTarget } from './keras';
import { onnxTarget } from './onnx';
import { pytorchTarget } from './pytorch';
import type { ExportTargetInfo } from './targetInfo';

/** One file of an export, its path relative to the output directory ('/'-separated). */
export interface ExportFile { path: string; bytes: Uint8Array }

/**
 * What a target produces: a directory of files (PyTorch, Keras bundles) or one file (ONNX).
 * The shell writes it; the core never touches a file system.
 */
export type ExportOutput = { kind: 'directory'; files: ExportFile[] } | { kind: 'file'; bytes: Uint8Array };

/**
 * How to export. `weights`: 'document' writes the document's weights (a layer without them gets
 * the seeded initialiser's, said in the bundle), 'none' writes no weights at all (`--no-weights`).
 * `layout` is only read by targets that list it in `ExportTarget.options` (ONNX's NCHW/NHWC input).
 */
export interface ExportOptions {
  weights: 'document' | 'none';
  seed: number;
  layout?: 'nchw' | 'nhwc';
}

/** A node the target cannot express: its kind and what to use instead. */
export interface UnsupportedNode { nodeId: string; name: string; kind: string; instead: string }

/**
 * Why an export did not happen. `graph-errors`: the graph does not compile (shape errors, bad
 * weights); `unsupported`: nodes the target cannot express. Both are exit 1 on the command line.
 */
export type ExportFailure =
  | { code: 'graph-errors'; message: string; diagnostics: Diagnostic[] }
  | { code: 'unsupported'; message: string; nodes: UnsupportedNode[] };

export type ExportResult = { ok: true; output: ExportOutput; notes: string[] } | ({ ok: false } & ExportFailure);

/** An export format. Adding one is adding an entry here and to EXPORT_TARGET_INFO (./targetInfo.ts). */
export interface ExportTarget extends ExportTargetInfo {
  exportGraph(doc: GraphDocument, options: ExportOptions): ExportResult;
}

/** Every export target, in EXPORT_TARGET_INFO's order. */
export const EXPORT_TARGETS: readonly ExportTarget[] = [pytorchTarget, kerasTarget, onnxTarget];

/** The target with this `--to` id, if there is one. */
export function findExportTarget(id: string): ExportTarget | undefined {
  return EXPORT_TARGETS.find((t) => t.id === id);
}
