import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { shapeInput } from '../../src/core/imaging/shapeInput';
import type { RunSnapshot } from '../../src/ui/run/runDebugHook';
import { buildBytes, node, weight, type ModelSpec } from '../import/buildOnnx';
import { nchwToNhwc, relativeMaxDiff, runOrt } from '../import/importHelpers';
import { DB_NAME } from '../../src/store/db';
import { launchBrowser, openApp, screenshot } from './harness';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** A small MobileNet-like model: Conv+Relu, MaxPool, depthwise Conv + Clip(0, 6), GlobalAveragePool, Flatten, Gemm. */
/** Small, but its classifier's 300x64 kernel (76.8 kB) is large enough to be stored as a Blob row. */
function tinyCnn(): ModelSpec {
  return {
    inputs: [['image', [1, 3, 16, 16]]],
    outputs: [['logits', [1, 300]]],
    initializers: [
      weight('c1.w', [64, 3, 3, 3]), weight('c1.b', [64], 0.1), weight('dw.w', [64, 1, 3, 3]), weight('dw.b', [64], 0.1),
      weight('fc.w', [300, 64], 0.2), weight('fc.b', [300], 0.1),
    ],
    nodes: [
      node('Conv', ['image', 'c1.w', 'c1.b'], ['c1'], { pads: [1, 1, 1, 1] }, 'conv1'), node('Relu', ['c1'], ['r1'], {}, 'relu1'),
      node('MaxPool', ['r1'], ['p1'], { kernel_shape: [2, 2], strides: [2, 2] }, 'pool1'),
      node('Conv', ['p1', 'dw.w', 'dw.b'], ['dw'], { group: 64, pads: [1, 1, 1, 1] }, 'dwconv'),
      node('Clip', ['dw'], ['r2'], { min: { f: 0 }, max: { f: 6 } }, 'relu6'),
      node('GlobalAveragePool', ['r2'], ['g'], {}, 'gap'), node('Flatten', ['g'], ['f'], {}, 'flatten'),
      node('Gemm', ['f', 'fc.w', 'fc.b'], ['logits'], { transB: 1 }, 'fc'),
    ],
    opset: 9,
  };
}

/** Byte sizes of the library's tensor rows stored as Blobs. */
function storedBlobSizes(page: Page): Promise<number[]> {
  return page.evaluate((name) => new Promise<number[]>((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const all = request.result.transaction('tensors').objectStore('tensors').getAll();
      all.onsuccess = () => { resolve((all.result as Array<{ data: unknown }>).filter((r) => r.data instanceof Blob).map((r) => (r.data as Blob).size)); request.result.close(); };
      all.onerror = () => reject(all.error);
    };
  }), DB_NAME);
}

/** The parameter count straight from the file: every initializer's element count. */
function initializerElements(spec: ModelSpec): number {
  return spec.initializers!.reduce((n, t) => n + t.dims.reduce((a, d) => a * Number(d), 1), 0);
}

async function libraryNames(page: Page): Promise<string[]> {
  await page.getByTestId('library-button').click();
  await page.getByTestId('library-panel').waitFor();
  await expect.poll(() => page.getByTestId('library-panel').getByText('Loading…').count()).toBe(0);
  const names = await page.locator('[data-testid=library-row] .library-name').allTextContents();
  await page.keyboard.press('Escape');
  return names.sort();
}

/** PNG bytes of a picture drawn by the browser itself (a red disc on blue). */
async function makePng(page: Page, width: number, height: number): Promise<Buffer> {
  const dataUrl = await page.evaluate(([w, h]) => {
    const c = document.createElement('canvas');
    c.width = w; c.height = h;
    const ctx = c.getContext('2d')!;
    ctx.fillStyle = '#2040c0'; ctx.fillRect(0, 0, w, h);
    ctx.fillStyle = '#ff3010'; ctx.beginPath(); ctx.arc(w / 2, h / 2, Math.min(w, h) / 3, 0, Math.PI * 2); ctx.fill();
    return c.toDataURL('image/png');
  }, [width, height]);
  return Buffer.from(dataUrl.split(',')[1], 'base64');
}

/** NHWC [h, w, c] -> NCHW [c, h, w]. */
function nhwcToNchw(data: Float32Array, h: number, w: number, c: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let k = 0; k < c; k++) out[(k * h + y) * w + x] = data[(y * w + x) * c + k];
  return out;
}

const openFile = (page: Page, name: string, bytes: Uint8Array) =>
  page.getByTestId('open-file-input').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });

describe('importing an ONNX model in the browser', () => {
  it('opens as a new library entry with its report, summary and weights, runs like onnxruntime; bad files change nothing', async () => {
    const { context, page, consoleProblems } = await openApp(browser);
    await expect.poll(() => page.getByTestId('total-params').textContent()).toBe('61,706');
    const before = await libraryNames(page);

    const spec = tinyCnn();
    await openFile(page, 'tiny-cnn.onnx', buildBytes(spec));
    await page.getByTestId('onnx-report').waitFor();
    expect(await page.getByTestId('onnx-report-counts').textContent()).toBe('mapped 6, folded 2, unsupported 0');
    await page.getByTestId('onnx-report').getByText('Details').click();
    expect(await page.getByTestId('onnx-report-mapped').textContent()).toContain('Conv ×2 → Conv2D, DepthwiseConv2D');
    expect(await page.getByTestId('onnx-report-folded').textContent()).toContain('Clip ×1');
    await expect.poll(() => page.getByTestId('total-params').textContent()).toBe(initializerElements(spec).toLocaleString('en-US'));
    await page.getByTestId('node-dwconv').waitFor();
    expect(await libraryNames(page)).toEqual([...before, 'tiny-cnn'].sort());
    await screenshot(page, 'onnx-import-report');

    // The entry is a library record like any other: it is there, with its weights, after a reload.
    await expect.poll(() => page.getByTestId('save-status').textContent()).toBe('Saved');
    // The classifier's kernel went in as a Blob of its floats, the small tensors as base64 text.
    expect(await storedBlobSizes(page)).toEqual([300 * 64 * 4]);
    await page.reload();
    await page.getByTestId('node-dwconv').waitFor();
    await expect.poll(() => page.getByTestId('total-params').textContent()).toBe(initializerElements(spec).toLocaleString('en-US'));
    const withImport = await libraryNames(page);

    // It runs in the worker with its imported weights, to onnxruntime-node's output on the same picture.
    await page.getByRole('tab', { name: 'Run' }).click();
    await page.getByRole('tab', { name: 'Upload' }).click();
    await page.getByTestId('upload-input').setInputFiles({ name: 'disc.png', mimeType: 'image/png', buffer: await makePng(page, 40, 30) });
    await expect.poll(() => page.getByTestId('upload-message').textContent()).toContain('disc.png: 40x30');
    await page.getByTestId('run-button').click();
    await expect.poll(() => page.getByTestId('run-status').getAttribute('data-status'), { timeout: 30_000 }).toBe('done');
    const snap = await page.evaluate(() => window.__cnnRun!.snapshot()) as RunSnapshot;
    expect(snap.weightsFrom).toBe('document');
    const shaped = shapeInput({ ...snap.picture!, channels: snap.picture!.channels as 1 | 3, data: Float32Array.from(snap.picture!.data) }, [16, 16, 3], 'image');
    if (!shaped.ok) throw new Error(shaped.error.message);
    const theirs = await runOrt(buildBytes(spec), nhwcToNchw(shaped.data, 16, 16, 3), [1, 3, 16, 16]);
    const diff = relativeMaxDiff(Float32Array.from(snap.outputs[0].data), theirs.logits.data);
    console.info(`tiny-cnn in the browser vs onnxruntime-node: ${diff.toExponential(2)} relative`);
    expect(diff).toBeLessThan(1e-4);
    expect(nchwToNhwc(nhwcToNchw(shaped.data, 16, 16, 3), 3, 16, 16)).toEqual(shaped.data);

    // A truncated file and a model with an op that has no mapping: a banner, and the library as it was.
    const bytes = buildBytes(spec);
    await openFile(page, 'cut.onnx', bytes.subarray(0, Math.floor(bytes.length / 2)));
    await page.getByTestId('banner-load-error').waitFor();
    expect(await page.getByTestId('banner-load-error').textContent()).toMatch(/"cut.onnx" was not imported: .*(truncated|not an ONNX model)/);
    const odd = tinyCnn();
    odd.nodes[1] = node('Erf', ['c1'], ['r1'], {}, 'strange');
    await openFile(page, 'odd.onnx', buildBytes(odd));
    await expect.poll(() => page.getByTestId('banner-load-error').textContent()).toMatch(/"odd.onnx" was not imported: 1 ONNX node\(s\) could not be mapped: Erf x1.*no mapping for Erf \[strange\]/);
    expect(await libraryNames(page)).toEqual(withImport);
    expect(consoleProblems).toEqual([]);
    await context.close();
  });
});
