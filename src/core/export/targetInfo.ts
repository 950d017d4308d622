/**
 * What the shell needs to offer an export target: its id, label and what it writes. Kept apart
 * from the exporters so the browser can draw its Export menu without loading them (they, with the
 * ONNX protobuf code, are a third of the app's script, and the exports run in a worker anyway).
 */
export interface ExportTargetInfo {
  /** The `--to` value. */
  id: string;
  label: string;
  /** What `--out` names. */
  writes: 'directory' | 'file';
  /** Which optional ExportOptions fields the target reads (others are refused on the command line). */
  options: readonly 'layout'[];
}

export const PYTORCH_TARGET_INFO: ExportTargetInfo = { id: 'pytorch', label: 'PyTorch', writes: 'directory', options: [] };
export const KERAS_TARGET_INFO: ExportTargetInfo = { id: 'keras', label: 'Keras', writes: 'directory', options: [] };
export const ONNX_TARGET_INFO: ExportTargetInfo = { id: 'onnx', label: 'ONNX', writes: 'file', options: ['layout'] };

/** Every export target, in the order the usage text and the Export menu list them. */
export const EXPORT_TARGET_INFO: readonly ExportTargetInfo[] = [PYTORCH_TARGET_INFO, KERAS_TARGET_INFO, ONNX_TARGET_INFO];
