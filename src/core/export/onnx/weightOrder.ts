/**
 * Our weight layouts (Keras': HWIO kernels, [kh, kw, filters, cin] transposed kernels) moved to
 * ONNX's (OIHW for Conv, [cin, filters, kh, kw] for ConvTranspose).
 */

/**
 * A row-major 4-D tensor with its axes permuted: output axis a is input axis `perm[a]`
 * (numpy's `transpose(perm)`). Returns the data and the new dims.
 */
export function permute4(data: Float32Array, dims: readonly number[], perm: readonly [number, number, number, number]): { data: Float32Array; dims: number[] } {
  const outDims = perm.map((p) => dims[p]);
  const inStrides = [dims[1] * dims[2] * dims[3], dims[2] * dims[3], dims[3], 1];
  const s = perm.map((p) => inStrides[p]);
  const out = new Float32Array(data.length);
  let k = 0;
  for (let a = 0; a < outDims[0]; a++) {
    for (let b = 0; b < outDims[1]; b++) {
      for (let c = 0; c < outDims[2]; c++) {
        const base = a * s[0] + b * s[1] + c * s[2];
        for (let d = 0; d < outDims[3]; d++) out[k++] = data[base + d * s[3]];
      }
    }
  }
  return { data: out, dims: outDims };
}

/** Conv kernel HWIO [kh, kw, cin, cout] -> OIHW [cout, cin, kh, kw]. */
export function hwioToOihw(data: Float32Array, dims: readonly number[]): { data: Float32Array; dims: number[] } {
  return permute4(data, dims, [3, 2, 0, 1]);
}

/**
 * Depthwise kernel [kh, kw, cin, dm] -> OIHW [cin*dm, 1, kh, kw]: read as HWIO with one input per
 * group, output channel ci*dm + m is ONNX's group ci, filter m (what `group = cin` computes).
 */
export function depthwiseToOihw(data: Float32Array, dims: readonly number[]): { data: Float32Array; dims: number[] } {
  return hwioToOihw(data, [dims[0], dims[1], 1, dims[2] * dims[3]]);
}

/** Transposed-conv kernel [kh, kw, filters, cin] -> ConvTranspose's [cin, filters, kh, kw]. */
export function transposedToOnnx(data: Float32Array, dims: readonly number[]): { data: Float32Array; dims: number[] } {
  return permute4(data, dims, [3, 2, 0, 1]);
}
