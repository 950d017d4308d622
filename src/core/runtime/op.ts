/**
 * The contract between the compiler and the kernels.
 *
 * A kernel is prepared once per plan step (`createConv2D(...)` etc. in ./kernels): preparation may
 * allocate (packed weights, scratch), running may not. Tensors are float32 NHWC with a leading
 * batch axis; each input and the output are views into the executor's arena, at least
 * `batch * perSampleSize` long. `run` writes the whole output for `batch` samples.
 */
export interface PreparedOp {
  /** Human-readable kernel name for plans and profiles, e.g. "conv2d.im2col-gemm". */
  readonly name: string;
  run(inputs: readonly Float32Array[], batch: number, output: Float32Array): void;
}
