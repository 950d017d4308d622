/** A plain decimal: optional sign, digits with an optional point, optional exponent (`12`, `-1`, `1.5`, `.5`, `1e9`). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function parseDecimal(text: string): number | null {
  if (!DECIMAL.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/**
 * The number typed in a field, or null when the text is not one (empty, `1e`, `abc`). Keeps 0, negatives and fractions: the registry judges those.
 * Only decimals count: `Number()` alone would read `0x10` as 16 and `0b11` as 3, a silent surprise in a kernel-size box.
 * A quotient of two decimals is read too (`1/255`, `-1/127.5`), since that is how a Rescaling scale is written.
 */
export function parseNumberText(text: string): number | null {
  const parts = text.trim().split('/');
  if (parts.length === 1) return parseDecimal(parts[0]);
  if (parts.length !== 2) return null;
  const [a, b] = parts.map((p) => parseDecimal(p.trim()));
  if (a === null || b === null || b === 0) return null;
  const q = a / b;
  return Number.isFinite(q) ? q : null;
}
