import type { Shape } from '../../core/graph/types';

/** A shape as the canvas prints it: `28x28x6`, `120`, or `?` when inference could not tell. */
export function formatShape(shape: Shape | null | undefined): string {
  if (!shape) return '?';
  if (shape.length === 0) return 'scalar';
  return shape.join('x');
}

const grouped = new Intl.NumberFormat('en-US');

/** An integer with thousands separators: 61706 -> `61,706`. */
export function formatCount(n: number): string {
  return grouped.format(n);
}

/** A large count in short form for tight spaces: 1,234 -> `1.2K`, 15,470,000,000 -> `15.5G`. */
export function formatCompact(n: number): string {
  const abs = Math.abs(n);
  if (abs < 1000) return String(n);
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'K']];
  for (const [scale, suffix] of units) {
    if (abs >= scale) {
      const v = n / scale;
      return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)}${suffix}`;
    }
  }
  return String(n);
}

/** Bytes as KB/MB with one decimal, for the memory column. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
