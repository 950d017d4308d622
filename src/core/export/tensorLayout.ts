/**
 * Row-major tensor moves for exporters: `permute(data, shape, perm)` gives the array whose axis k
 * is axis perm[k] of the input (numpy's `transpose(perm)`), e.g. HWIO -> OIHW is perm [3, 2, 0, 1].
 */
export function permute(data: Float32Array, shape: readonly number[], perm: readonly number[]): Float32Array {
  const rank = shape.length;
  const outShape = perm.map((p) => shape[p]);
  const inStrides = new Array<number>(rank);
  for (let k = rank - 1, s = 1; k >= 0; k--) {
    inStrides[k] = s;
    s *= shape[k];
  }
  const stepOf = perm.map((p) => inStrides[p]);
  const out = new Float32Array(data.length);
  const index = new Array<number>(rank).fill(0);
  let from = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] = data[from];
    // Odometer over the output's axes, moving `from` by the input stride of each.
    for (let k = rank - 1; k >= 0; k--) {
      index[k]++;
      from += stepOf[k];
      if (index[k] < outShape[k]) break;
      from -= stepOf[k] * outShape[k];
      index[k] = 0;
    }
  }
  return out;
}

/** An NHWC batch [n, ...shape] as NCHW ([h, w, c] samples; vectors are returned as they are). */
export function nhwcToNchw(data: Float32Array, batch: number, shape: readonly number[]): Float32Array {
  if (shape.length !== 3) return data;
  return permute(data, [batch, ...shape], [0, 3, 1, 2]);
}

/** The PyTorch (NCHW) shape of a batch of our per-sample shape: [h, w, c] -> [n, c, h, w]. */
export function nchwShape(batch: number, shape: readonly number[]): number[] {
  return shape.length === 3 ? [batch, shape[2], shape[0], shape[1]] : [batch, ...shape];
}
