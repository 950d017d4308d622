import { formatMiB as mib } from '../core/format';
import { RESTORE_LIMITS } from '../core/graph/restore/limits';

/**
 * The largest .onnx file the browser reads: a library entry holds at most
 * RESTORE_LIMITS.maxWeightBytes of weights, and a model file is its weights plus a little
 * structure, so a much larger file cannot fit and is refused from its size before a byte is read.
 */
export const MAX_BROWSER_ONNX_BYTES = RESTORE_LIMITS.maxWeightBytes + 16 * 2 ** 20;

/** Why a file of `size` bytes is refused without reading it, or null. */
export function checkOnnxFileSize(size: number): string | null {
  return size > MAX_BROWSER_ONNX_BYTES
    ? `the file is ${mib(size)}, more than the ${mib(MAX_BROWSER_ONNX_BYTES)} an ONNX model in the library can be (at most ${mib(RESTORE_LIMITS.maxWeightBytes)} of weights; the CLI imports larger ones with --no-weights)`
    : null;
}
