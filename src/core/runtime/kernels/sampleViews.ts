/**
 * Per-sample subarrays of an arena buffer, made once per (buffer, sample) and then reused, so a
 * kernel composed of other kernels can hand them one sample at a time without allocating per run.
 */
export function createSampleViews(perSample: number): (buffer: Float32Array, n: number) => Float32Array {
  let last: Float32Array | null = null;
  let views: Float32Array[] = [];
  return (buffer, n) => {
    if (buffer !== last) {
      last = buffer;
      views = [];
    }
    return (views[n] ??= buffer.subarray(n * perSample, (n + 1) * perSample));
  };
}
