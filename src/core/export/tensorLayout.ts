/**
 * Row-major tensor moves for exporters: `permute(data, shape, perm)` gives the array whose axis k
 * is axis perm[k] of the input (numpy's `transpose(perm)`), e.g. HWIO -> OIHW is perm [3, 2, 0, 1].
 */
export function permute(data: Float32Array, shape: readonly number[], perm: readonly number[]): Float32Array {
  if (shape.length > 4) throw new Error(`permute: rank ${shape.length} above 4`);
  // Pad to rank 4 with leading axes of 1, so four plain loops do every case (VGG's 100M-value
  // Dense kernel moves in well under a second).
  const lead = 4 - shape.length;
  const dims = [...new Array<number>(lead).fill(1), ...shape];
  const axes = [...Array.from({ length: lead }, (_, i) => i), ...perm.map((p) => p + lead)];
  const strides = [dims[1] * dims[2] * dims[3], dims[2] * dims[3], dims[3], 1];
  const [n0, n1, n2, n3] = axes.map((a) => dims[a]);
  const [s0, s1, s2, s3] = axes.map((a) => strides[a]);
  const out = new Float32Array(data.length);
  let o = 0;
  for (let i0 = 0; i0 < n0; i0++) {
    for (let i1 = 0; i1 < n1; i1++) {
      for (let i2 = 0; i2 < n2; i2++) {
        let from = i0 * s0 + i1 * s1 + i2 * s2;
        for (let i3 = 0; i3 < n3; i3++, from += s3) out[o++] = data[from];
      }
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
