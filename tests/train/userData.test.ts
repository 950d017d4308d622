import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { createRandom } from '../../src/core/compile/random';
import { augmentBatch, augmentationFor, batchRandom } from '../../src/core/train/data/augment';
import type { Dataset } from '../../src/core/train/data/dataset';
import { classOfPath, datasetFromImages } from '../../src/core/train/data/imageFolder';
import { npzDataset } from '../../src/core/train/data/npzDataset';
import { splitValidation } from '../../src/core/train/data/split';
import { runPythonJson } from '../oracles/python';

/**
 * Users' own datasets: .npz files as NumPy writes them (made here by Debian's numpy, plain and
 * compressed, in the forms people save), augmentation checked by brute force, and the split.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'user-data-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** numpy writes each .npz and, beside it, the float32 NHWC samples we must read from it (raw bytes). */
const made = runPythonJson<Record<string, string>>(`
import json, sys, numpy as np
d = json.load(sys.stdin)
rng = np.random.default_rng(7)
out = {}
def save(name, compressed, expected, **arrays):
    f = d + '/' + name
    (np.savez_compressed if compressed else np.savez)(f, **arrays)
    expected.astype(np.float32).tofile(f + '.expected')
    out[name] = f
img = rng.integers(0, 256, size=(20, 8, 6, 3), dtype=np.uint8)
save('uint8-nhwc.npz', False, img / 255.0, x=img, y=np.arange(20) % 4)
chw = rng.standard_normal((12, 3, 8, 6)).astype(np.float32)
save('float-nchw.npz', True, chw.transpose(0, 2, 3, 1), x=chw, y=(np.arange(12) % 4).astype(np.int32))
gray = rng.integers(0, 256, size=(10, 8, 6), dtype=np.uint8)
test = rng.integers(0, 256, size=(4, 8, 6), dtype=np.uint8)
save('keras-form.npz', True, gray / 255.0, x_train=gray, y_train=np.arange(10) % 4, x_test=test, y_test=np.array([0, 1, 2, 3], dtype=np.uint8))
save('bad-label.npz', False, img / 255.0, x=img, y=np.arange(20))
save('other-names.npz', False, img / 255.0, images=img, labels=np.arange(20) % 4)
print(json.dumps(out))
`, dir);

const expected = (name: string) => {
  const bytes = readFileSync(`${made[name]}.expected`);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
};
const read = (name: string, shape: number[]) => npzDataset(readFileSync(made[name]), shape, [4], 'cross-entropy', name);

describe('.npz datasets written by numpy', () => {
  it('uint8 [N, H, W, C] pixels are scaled to 0..1, labels read from int64', () => {
    const r = read('uint8-nhwc.npz', [8, 6, 3]);
    if (!r.ok) throw new Error(r.message);
    expect(r.train.count).toBe(20);
    expect(r.train.x).toEqual(expected('uint8-nhwc.npz'));
    expect(r.train.targets).toEqual({ kind: 'classes', classes: Int32Array.from({ length: 20 }, (_, i) => i % 4) });
    expect(r.validation).toBeNull();
    expect(r.notes).toEqual(["uint8-nhwc.npz 'x': uint8 pixels scaled to 0..1"]);
  });

  it('float32 [N, C, H, W] (PyTorch order, compressed) is moved to our [N, H, W, C]', () => {
    const r = read('float-nchw.npz', [8, 6, 3]);
    if (!r.ok) throw new Error(r.message);
    expect(r.train.x).toEqual(expected('float-nchw.npz'));
  });

  it("Keras' x_train/y_train form: [N, H, W] as one channel, x_test/y_test as the validation set", () => {
    const r = read('keras-form.npz', [8, 6, 1]);
    if (!r.ok) throw new Error(r.message);
    expect(r.train.x).toEqual(expected('keras-form.npz'));
    expect(r.validation?.count).toBe(4);
    expect(r.validation?.targets).toEqual({ kind: 'classes', classes: Int32Array.of(0, 1, 2, 3) });
  });

  it('refuses what does not fit, naming the array and the number', () => {
    const labels = read('bad-label.npz', [8, 6, 3]);
    expect(!labels.ok && labels.message).toBe("bad-label.npz 'y': label 4 of sample 4 is not a class index 0..3 (the output has 4 classes)");
    const shape = read('uint8-nhwc.npz', [28, 28, 1]);
    expect(!shape.ok && shape.message).toBe("uint8-nhwc.npz 'x': shape [20, 8, 6, 3] does not fit the Input [28, 28, 1]: expected [N, 28, 28, 1] (or [N, 1, 28, 28], [N, 28, 28])");
    const names = read('other-names.npz', [8, 6, 3]);
    expect(!names.ok && names.message).toMatch(/holds 'images', 'labels'; it needs samples 'x' and labels 'y'/);
    const notZip = npzDataset(new Uint8Array([1, 2, 3, 4]), [8, 6, 3], [4], 'cross-entropy', 'junk.npz');
    expect(!notZip.ok && notZip.message).toMatch(/^junk.npz is not an .npz \(a zip of .npy arrays\)/);
    const notNpy = npzDataset(zipSync({ 'x.npy': new Uint8Array([9, 9, 9]) }), [8, 6, 3], [4], 'cross-entropy', 'odd.npz');
    expect(!notNpy.ok && notNpy.message).toMatch(/^odd.npz 'x.npy': not an .npy file/);
  });
});

describe('augmentation', () => {
  const shape = [7, 9, 2] as const;
  const size = 7 * 9 * 2;
  const images = (n: number) => { const r = createRandom(3); return Float32Array.from({ length: n * size }, () => r() + 0.5); };
  /** The image shifted by (dy, dx) after mirroring when asked, written out pixel by pixel. */
  const reference = (src: Float32Array, dy: number, dx: number, flip: boolean) => {
    const out = new Float32Array(size);
    for (let y = 0; y < 7; y++) for (let x = 0; x < 9; x++) for (let k = 0; k < 2; k++) {
      const sy = y - dy;
      const sxShifted = x - dx;
      if (sy < 0 || sy >= 7 || sxShifted < 0 || sxShifted >= 9) continue;
      const sx = flip ? 8 - sxShifted : sxShifted;
      out[(y * 9 + x) * 2 + k] = src[(sy * 9 + sx) * 2 + k];
    }
    return out;
  };

  it('every image is one of the allowed shifts and mirrors of itself; shifts reach both ways, flips half the time', () => {
    const n = 400;
    const original = images(n);
    const x = original.slice();
    augmentBatch(x, n, shape, { maxShift: 1, flip: true }, createRandom(11));
    const seen = new Set<string>();
    let flips = 0;
    for (let s = 0; s < n; s++) {
      const src = original.subarray(s * size, (s + 1) * size);
      const got = x.subarray(s * size, (s + 1) * size);
      const matches: string[] = [];
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) for (const flip of [false, true]) {
        if (reference(src, dy, dx, flip).every((v, i) => v === got[i])) matches.push(`${dy},${dx},${flip}`);
      }
      expect(matches).toHaveLength(1);
      seen.add(matches[0]);
      if (matches[0].endsWith('true')) flips++;
    }
    expect(seen.size).toBe(18);
    expect(flips / n).toBeGreaterThan(0.4);
    expect(flips / n).toBeLessThan(0.6);
  });

  it('a batch augments the same for the same seed and step (what a resumed run relies on), differently for the next step', () => {
    const a = images(8);
    const b = a.slice();
    const c = a.slice();
    augmentBatch(a, 8, shape, { maxShift: 2, flip: true }, batchRandom(5, 40));
    augmentBatch(b, 8, shape, { maxShift: 2, flip: true }, batchRandom(5, 40));
    augmentBatch(c, 8, shape, { maxShift: 2, flip: true }, batchRandom(5, 41));
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it("the app's shift is a tenth of the smaller side, at least a pixel; vectors are not augmented", () => {
    expect(augmentationFor([28, 28, 1], { shift: true, flip: false })).toEqual({ maxShift: 3, flip: false });
    expect(augmentationFor([8, 6, 3], { shift: true, flip: true })).toEqual({ maxShift: 1, flip: true });
    expect(augmentationFor([784], { shift: true, flip: true })).toBeNull();
    expect(augmentationFor([28, 28, 1], { shift: false, flip: false })).toBeNull();
  });
});

describe('validation split', () => {
  it('holds out a fifth of each class, at least one of any class with two or more; train and validation partition the set', () => {
    const counts = [10, 3, 1, 2];
    const classes = counts.flatMap((c, k) => Array(c).fill(k) as number[]);
    const data: Dataset = { x: Float32Array.from(classes.map((_, i) => i)), targets: { kind: 'classes', classes: Int32Array.from(classes) }, count: classes.length, perSample: 1 };
    const { train, validation } = splitValidation(data, 0.2, 1);
    const heldOf = (k: number) => [...(validation.targets as { classes: Int32Array }).classes].filter((c) => c === k).length;
    expect(counts.map((_, k) => heldOf(k))).toEqual([2, 1, 0, 1]);
    expect([...train.x, ...validation.x].sort((a, b) => a - b)).toEqual(classes.map((_, i) => i));
    // Each sample keeps its own label.
    for (const part of [train, validation]) part.x.forEach((i, k) => expect((part.targets as { classes: Int32Array }).classes[k]).toBe(classes[i]));
    expect(splitValidation(data, 0.2, 1)).toEqual({ train, validation });
  });
});

describe('a folder of class subfolders', () => {
  const picture = (v: number) => ({ width: 4, height: 4, channels: 1 as const, data: new Float32Array(16).fill(v) });
  it('takes the class from the folder a file sits in, numbered in name order; undecodable files are counted', () => {
    expect([classOfPath('pets/dog/a.png'), classOfPath('pets/cat/sub/b.png'), classOfPath('pets/c.png'), classOfPath('c.png')]).toEqual(['dog', 'sub', null, null]);
    const r = datasetFromImages([
      { className: 'dog', picture: picture(0.25) }, { className: 'cat', picture: picture(0.75) }, { className: 'dog', picture: null },
    ], [2, 2, 1], 2);
    if (!r.ok) throw new Error(r.message);
    expect(r.data.classNames).toEqual(['cat', 'dog']);
    expect(r.data.targets).toEqual({ kind: 'classes', classes: Int32Array.of(1, 0) });
    expect(r.data.x).toEqual(Float32Array.of(0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75));
    expect([r.perClass, r.skipped]).toEqual([[1, 1], 1]);
  });

  it('refuses a vector Input, more classes than outputs, and a folder with nothing readable', () => {
    const two = [{ className: 'a', picture: picture(0) }, { className: 'b', picture: picture(1) }];
    expect(datasetFromImages(two, [784], 2)).toEqual({ ok: false, message: 'a folder of images needs an image Input [H, W, 1] or [H, W, 3]; this Input is [784]' });
    expect(datasetFromImages(two, [4, 4, 1], 1)).toEqual({ ok: false, message: 'the folder has 2 classes (a, b); the output gives 1 values: it needs one per class' });
    expect(datasetFromImages([{ className: 'a', picture: null }], [4, 4, 1], 2)).toMatchObject({ ok: false, message: expect.stringMatching(/^no image in the folder could be read \(1 file skipped\)/) });
  });
});
