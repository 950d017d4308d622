/** The largest finite float32: a weight beyond it becomes Infinity in the Conv2D's float32 kernel. */
export const FLOAT32_MAX = 3.4028234663852886e38;

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export type KernelEntryResult = { ok: true; value: number } | { ok: false; message: string };

/**
 * Reads one cell of a typed 3x3 kernel (row and column count from 1 and only name the cell in
 * the message). Refuses empty text, non-decimals and magnitudes a float32 cannot hold, so a bad
 * entry is named instead of silently ignored or turned into an Infinity deep in the runtime.
 */
export function readKernelEntry(text: string, row: number, column: number): KernelEntryResult {
  const cell = `row ${row} column ${column}`;
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: `${cell} is empty: type a number` };
  if (!DECIMAL.test(trimmed)) return { ok: false, message: `${cell}: '${trimmed}' is not a number` };
  const value = Number(trimmed);
  if (!Number.isFinite(value) || Math.abs(value) > FLOAT32_MAX) {
    return { ok: false, message: `${cell}: ${trimmed} is beyond what a float32 weight holds (±3.4e38)` };
  }
  return { ok: true, value };
}
