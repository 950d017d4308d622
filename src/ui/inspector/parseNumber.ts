/** The number typed in a field, or null when the text is not one (empty, `1e`, `abc`). Keeps 0, negatives and fractions: the registry judges those. */
export function parseNumberText(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : null;
}
