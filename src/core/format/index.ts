/**
 * The one home of how numbers reach people: shapes, counts, bytes and times, for the canvas, the
 * summary, the PNG, the CLI and messages alike. Bytes are decimal (1 MB = 10^6 bytes), as torchinfo
 * and Keras print model sizes, so a layer's memory and the model's total use the same unit.
 */

/** A shape as a card or wire prints it: `28x28x6`, `120`, `?` when unknown, `scalar` for []. */
export function formatShape(shape: readonly number[] | null | undefined): string {
  if (!shape) return '?';
  if (shape.length === 0) return 'scalar';
  return shape.join('x');
}

/** A shape as a list, for tables and messages: `[28, 28, 6]`, `?` when unknown. */
export function formatShapeList(shape: readonly number[] | null | undefined): string {
  return shape ? `[${shape.join(', ')}]` : '?';
}

/** An integer with thousands separators, independent of the machine's locale: 61706 -> `61,706`. */
export function formatCount(n: number): string {
  const rounded = Math.round(n);
  const digits = Math.abs(rounded).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return rounded < 0 ? `-${digits}` : digits;
}

/** A large count in short form for tight spaces: 1,234 -> `1.2K`, 15,470,000,000 -> `15.5G`. */
export function formatCompact(n: number): string {
  const abs = Math.abs(n);
  if (abs < 1000) return String(n);
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'K']];
  for (const [scale, suffix] of units) {
    if (abs >= scale) {
      const v = n / scale;
      return `${Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1)}${suffix}`;
    }
  }
  return String(n);
}

/** 15470264320 -> `15.47 G`, 2.3e6 -> `2.30 M`; below a million the plain count. */
export function formatMacs(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  return formatCount(n);
}

/** Bytes in decimal units: `512 B`, `23.0 kB`, `12.8 MB`, `1.23 GB`. */
export function formatBytes(bytes: number): string {
  const abs = Math.abs(bytes);
  if (abs < 1e3) return `${bytes} B`;
  if (abs < 1e6) return `${(bytes / 1e3).toFixed(1)} kB`;
  if (abs < 1e9) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${(bytes / 1e9).toFixed(2)} GB`;
}

/**
 * Bytes in mebibytes, for the app's limits (set in powers of two: a 10 MiB link, 256 MiB of
 * weights) and the sizes checked against them: `351.3 MiB`. Sizes of models and runs use
 * formatBytes' decimal units, as torchinfo does.
 */
export function formatMiB(bytes: number, digits = 1): string {
  return `${(bytes / 2 ** 20).toFixed(digits)} MiB`;
}

/** Megabytes (10^6 bytes) with two decimals, three below 0.1 MB so LeNet's sizes do not all read 0.00. */
export function formatMB(mb: number): string {
  return `${mb < 0.1 ? mb.toFixed(3) : mb.toFixed(2)} MB`;
}

/** A duration for per-layer times: `< 0.1 ms`, `0.42 ms`, `3.1 ms`, `120 ms`, `2.5 s`. */
export function formatMs(ms: number): string {
  if (ms < 0.1) return '< 0.1 ms';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** A receptive field for tables: `196` when square, `7x5` otherwise, `-` for vectors. */
export function formatReceptiveField(field: readonly [number, number] | null): string {
  if (!field) return '-';
  const [r, c] = field.map((v) => (Number.isInteger(v) ? String(v) : v.toFixed(1)));
  return r === c ? r : `${r}x${c}`;
}
