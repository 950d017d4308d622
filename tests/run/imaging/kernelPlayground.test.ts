import { describe, expect, it } from 'vitest';
import {
  applyKernel, CLASSIC_KERNELS, flipKernel, makeTestPicture, resizePicture, toGrayscale, type Kernel3,
} from '../../../src/core/imaging';

/** Brute force, written independently of the runtime: zero padding of 1 on every side. */
function reference(img: Float32Array, h: number, w: number, k: Kernel3, mode: 'correlate' | 'convolve'): Float64Array {
  const out = new Float64Array(h * w);
  const at = (y: number, x: number) => (y < 0 || y >= h || x < 0 || x >= w ? 0 : img[y * w + x]);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let sum = 0;
      for (let i = -1; i <= 1; i++) {
        for (let j = -1; j <= 1; j++) {
          sum += k[i + 1][j + 1] * (mode === 'correlate' ? at(y + i, x + j) : at(y - i, x - j));
        }
      }
      out[y * w + x] = sum;
    }
  }
  return out;
}

const H = 40, W = 48;
const picture = toGrayscale(resizePicture(makeTestPicture('scene', 96), W, H)).data;

describe('applyKernel runs the one-Conv2D graph on the runtime', () => {
  it.each(CLASSIC_KERNELS.map((k) => [k.label, k.kernel] as const))('%s equals the brute-force cross-correlation', (_label, kernel) => {
    const r = applyKernel(picture, H, W, kernel);
    if (!r.ok) throw new Error(r.error.message);
    const ref = reference(picture, H, W, kernel, 'correlate');
    expect(r.data.length).toBe(H * W);
    let worst = 0;
    for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(r.data[i] - ref[i]));
    expect(worst).toBeLessThan(1e-5);
  });

  it('the flipped Sobel x gives the true convolution, which differs from the correlation', () => {
    const sobel = CLASSIC_KERNELS.find((k) => k.id === 'sobel-x')!.kernel;
    const conv = applyKernel(picture, H, W, flipKernel(sobel));
    const corr = applyKernel(picture, H, W, sobel);
    if (!conv.ok || !corr.ok) throw new Error('run failed');
    const ref = reference(picture, H, W, sobel, 'convolve');
    for (let i = 0; i < ref.length; i++) expect(conv.data[i]).toBeCloseTo(ref[i], 5);
    // For Sobel x the flip is a sign change: convolution = -correlation everywhere.
    for (let i = 0; i < ref.length; i++) expect(conv.data[i]).toBeCloseTo(-corr.data[i], 5);
    expect(Math.max(...corr.data)).toBeGreaterThan(0.5);
  });

  it('a custom asymmetric kernel (emboss) also matches', () => {
    const emboss: Kernel3 = [[-2, -1, 0], [-1, 1, 1], [0, 1, 2]];
    const r = applyKernel(picture, H, W, emboss);
    if (!r.ok) throw new Error(r.error.message);
    const ref = reference(picture, H, W, emboss, 'correlate');
    for (let i = 0; i < ref.length; i++) expect(r.data[i]).toBeCloseTo(ref[i], 5);
  });
});
