import { describe, expect, it } from 'vitest';
import { compileGraph } from '../../../src/core/compile/compileGraph';
import { findPreset } from '../../../src/core/presets';
import { createExecutor } from '../../../src/core/runtime/executor';

/** The six kernels as the tutorial writes them, typed here independently of the app's table. */
const TUTORIAL_KERNELS: number[][][] = [
  [[0, 0, 0], [0, 1, 0], [0, 0, 0]],
  [[1, 0, -1], [0, 0, 0], [-1, 0, 1]],
  [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]],
  [[1, 1, 1], [1, 1, 1], [1, 1, 1]].map((r) => r.map((v) => v / 9)),
  [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
  [[1, 2, 1], [2, 4, 2], [1, 2, 1]].map((r) => r.map((v) => v / 16)),
];

/** Brute-force cross-correlation with one pixel of zero padding ('same' for 3x3, stride 1). */
function correlate(img: Float32Array, h: number, w: number, k: number[][]): Float32Array {
  const out = new Float32Array(h * w);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let i = 0; i < 3; i++)
        for (let j = 0; j < 3; j++) {
          const yy = y + i - 1;
          const xx = x + j - 1;
          if (yy >= 0 && yy < h && xx >= 0 && xx < w) s += img[yy * w + xx] * k[i][j];
        }
      out[y * w + x] = s;
    }
  return out;
}

describe('kernel playground preset', () => {
  it('runs each classic kernel as one output channel, equal to a brute-force correlation', () => {
    const preset = findPreset('kernel-playground');
    expect(preset).toBeDefined();
    const compiled = compileGraph(preset!.doc, { seed: 0 });
    if (!compiled.ok) throw new Error(compiled.message);
    const h = 128;
    const w = 128;
    const img = new Float32Array(h * w);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) img[y * w + x] = ((x * 7 + y * 13) % 17) / 16 + ((x - 64) ** 2 + (y - 64) ** 2 < 900 ? 0.5 : 0);
    const run = createExecutor(compiled.plan, compiled.weights).run({ picture: img }, 1);
    if (!run.ok) throw new Error(run.error.message);
    const out = run.outputs.kernels;
    expect(out.length).toBe(h * w * 6);
    TUTORIAL_KERNELS.forEach((k, f) => {
      const expected = correlate(img, h, w, k);
      let maxErr = 0;
      for (let p = 0; p < h * w; p++) maxErr = Math.max(maxErr, Math.abs(out[p * 6 + f] - expected[p]));
      expect(maxErr, `kernel ${f}`).toBeLessThan(1e-5);
    });
  });
});
