/** A plain decimal: optional sign, digits with an optional point, optional exponent (`12`, `-1`, `1.5`, `.5`, `1e9`). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * The number typed in a field, or null when the text is not one (empty, `1e`, `abc`). Keeps 0, negatives and fractions: the registry judges those.
 * Only decimals count: `Number()` alone would read `0x10` as 16 and `0b11` as 3, a silent surprise in a kernel-size box.
 */
export function parseNumberText(text: string): number | null {
  const trimmed = text.trim();
  if (!DECIMAL.test(trimmed)) return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : null;
}
