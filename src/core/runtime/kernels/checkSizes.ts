/**
 * Throws unless every size is a positive integer, naming the op and the offending numbers. The
 * shape engine rejects such layers before they reach a kernel; this keeps a bad call from looping
 * over garbage (the SIMD loops run at least once) or silently producing nothing.
 */
export function checkSizes(op: string, sizes: Record<string, number>): void {
  const bad = Object.entries(sizes).filter(([, v]) => !(Number.isInteger(v) && v > 0));
  if (bad.length > 0) {
    throw new Error(`${op}: sizes must be positive integers, got ${bad.map(([k, v]) => `${k}=${v}`).join(', ')}`);
  }
}
