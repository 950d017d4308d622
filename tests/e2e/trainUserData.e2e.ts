import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { decodeFloat32 } from '../../src/core/graph/tensorCodec';
import type { GraphDocument } from '../../src/core/graph/types';
import { encodeNpy } from '../../src/core/npy';
import { launchBrowser, openApp, screenshot } from './harness';
import { clickAsPerson } from './personClick';

/** A person's own data in the Train panel: a folder of class subfolders and an .npz, stored, trained on, deleted. */
let browser: Browser;
let page: Page;
let consoleProblems: string[];
const dir = mkdtempSync(path.join(tmpdir(), 'train-data-'));

beforeAll(async () => {
  browser = await launchBrowser();
  ({ page, consoleProblems } = await openApp(browser));
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

const status = () => page.getByTestId('train-status').getAttribute('data-status');

/** PNGs of the digit `d` drawn in the browser's canvas at a few places and sizes, as base64. */
function drawDigits(d: number, count: number): Promise<string[]> {
  return page.evaluate(({ d, count }) => Array.from({ length: count }, (_, i) => {
    const canvas = document.createElement('canvas');
    canvas.width = 40;
    canvas.height = 40;
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = 'black';
    ctx.fillRect(0, 0, 40, 40);
    ctx.fillStyle = 'white';
    ctx.font = `bold ${24 + (i % 3) * 4}px sans-serif`;
    ctx.fillText(String(d), 10 + (i % 4) * 2, 30 + (i % 2) * 3);
    return canvas.toDataURL('image/png').split(',')[1];
  }), { d, count });
}

async function openTrainPanelWithMnistLenet(): Promise<void> {
  await clickAsPerson(page, page.getByTestId('presets-button'), 'Presets button');
  await clickAsPerson(page, page.getByTestId('preset-lenet5-mnist'), 'LeNet-5 (MNIST) preset');
  await clickAsPerson(page, page.getByRole('tab', { name: 'Train' }), 'Train tab');
}

describe('the Train panel with the user\'s own data', () => {
  it('adds a folder of class subfolders (a damaged file skipped), trains on it, and keeps it over a reload', async () => {
    await openTrainPanelWithMnistLenet();
    const root = path.join(dir, 'digits');
    for (let d = 0; d < 10; d++) {
      mkdirSync(path.join(root, String(d)), { recursive: true });
      (await drawDigits(d, 6)).forEach((b64, i) => writeFileSync(path.join(root, String(d), `${i}.png`), Buffer.from(b64, 'base64')));
    }
    writeFileSync(path.join(root, '3', 'broken.png'), Buffer.from('not a png at all'));
    writeFileSync(path.join(root, 'README.txt'), 'ten classes of drawn digits');
    await page.getByTestId('train-folder-input').setInputFiles(root);
    await page.getByTestId('train-dataset-info').waitFor({ timeout: 30_000 });
    const info = await page.getByTestId('train-dataset-info').textContent();
    // 6 drawn digits per class, a fifth (1) of each held out; the broken PNG and the README skipped.
    expect(info).toMatch(/^28x28x1, 10 classes, 50 for training \(0: 5, 1: 5, 2: 5, 3: 5, 4: 5, 5: 5, 6: 5, 7: 5, 8: 5, 9: 5\), 10 for validation; 2 files skipped/);
    expect(await page.getByTestId('train-data-message').textContent()).toBe('Added "digits" and chose it for training.');
    expect(await page.getByTestId('train-dataset').inputValue()).toMatch(/^user:/);
    await screenshot(page, 'train-user-folder');

    // A picture run once first, so the canvas has feature maps to follow the training.
    await clickAsPerson(page, page.getByTestId('toolbar-run-button'), 'Run');
    await expect.poll(async () => (await page.evaluate(() => window.__cnnRun!.snapshot())).status).toBe('done');
    await clickAsPerson(page, page.getByRole('tab', { name: 'Train' }), 'Train tab');
    await page.getByTestId('train-epochs').fill('12');
    await clickAsPerson(page, page.getByTestId('train-augment-shift'), 'shift augmentation');
    await clickAsPerson(page, page.getByTestId('train-start'), 'Start');
    // While it trains, the feature maps are redrawn from an epoch's weights, marked as such, not as stale.
    await expect.poll(async () => (await page.evaluate(() => window.__cnnRun!.snapshot())).fromTraining, { timeout: 30_000, interval: 50 }).toBe(true);
    const preview = await page.evaluate(() => window.__cnnRun!.snapshot());
    expect(preview.resultWeights).not.toEqual((preview.doc as GraphDocument).weights);
    if (await status() !== 'done') expect(await page.getByTestId('thumb-C1').getAttribute('data-stale')).toBe('false');
    await expect.poll(status, { timeout: 60_000 }).toBe('done');
    // At the end the feature maps are the landed weights'.
    await expect.poll(() => page.getByTestId('thumb-C1').getAttribute('data-stale'), { timeout: 10_000 }).toBe('false');
    expect(await page.getByTestId('confusion-matrix').locator('td').count()).toBe(100);

    // The filters drawn at the end are C1's trained kernel: mid-gray plus w * 127 / max|w| per pixel.
    const filters = page.getByTestId('train-filters');
    expect(Number(await filters.getAttribute('data-step'))).toBeGreaterThan(0);
    expect(await filters.locator('figcaption').textContent()).toMatch(/^Filters of C1 \(5x5\)/);
    const doc = (await page.evaluate(() => window.__cnnRun!.snapshot())).doc as GraphDocument;
    const kernel = decodeFloat32(doc.weights!.c1.kernel.data)!;
    const max = kernel.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    const drawn = await filters.locator('canvas').evaluate((c: HTMLCanvasElement) => {
      // One read of the whole canvas (several small reads make Chromium warn).
      const { data, width } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
      // Filter o's kernel pixel (y, x) is a 6-pixel square at column o, offset 2: read its centre.
      return [0, 3, 5].flatMap((o) => [[0, 0], [2, 3], [4, 4]].map(([y, x]) => data[((2 + y * 6 + 3) * width + o * 34 + 2 + x * 6 + 3) * 4]));
    });
    const expected = [0, 3, 5].flatMap((o) => [[0, 0], [2, 3], [4, 4]].map(([y, x]) => Math.round(128 + kernel[(y * 5 + x) * 6 + o] * 127 / max)));
    expect(drawn).toEqual(expected);
    await filters.scrollIntoViewIfNeeded();
    await screenshot(page, 'train-user-filters');

    await page.reload();
    await clickAsPerson(page, page.getByRole('tab', { name: 'Train' }), 'Train tab');
    await expect.poll(() => page.getByTestId('train-dataset').locator('option', { hasText: 'digits (28x28x1, 10 classes)' }).count()).toBe(1);
  });

  it('adds an .npz; refuses a one-class folder and a bad .npz with the reason, adding nothing; deletes', async () => {
    await openTrainPanelWithMnistLenet();
    const before = await page.getByTestId('train-dataset').locator('option').count();
    const n = 30;
    const x = Float32Array.from({ length: n * 784 }, (_, i) => ((i * 7919) % 255) / 255);
    const y = Float32Array.from({ length: n }, (_, i) => i % 10);
    writeFileSync(path.join(dir, 'mine.npz'), zipSync({ 'x.npy': encodeNpy([n, 28, 28, 1], x), 'y.npy': encodeNpy([n], y) }));
    await page.getByTestId('train-npz-input').setInputFiles(path.join(dir, 'mine.npz'));
    await expect.poll(() => page.getByTestId('train-dataset-info').textContent(), { timeout: 30_000 }).toBe('28x28x1, 10 classes, 20 for training (0: 2, 1: 2, 2: 2, 3: 2, 4: 2, 5: 2, 6: 2, 7: 2, 8: 2, 9: 2), 10 for validation');
    expect(await page.getByTestId('train-dataset').locator('option').count()).toBe(before + 1);

    const lonely = path.join(dir, 'lonely');
    mkdirSync(path.join(lonely, 'cat'), { recursive: true });
    (await drawDigits(1, 2)).forEach((b64, i) => writeFileSync(path.join(lonely, 'cat', `${i}.png`), Buffer.from(b64, 'base64')));
    await page.getByTestId('train-folder-input').setInputFiles(lonely);
    await expect.poll(() => page.getByTestId('train-data-message').textContent()).toBe('The data was not added: the folder has one class ("cat"): it needs a subfolder per class, at least two.');
    writeFileSync(path.join(dir, 'wrong.npz'), zipSync({ 'images.npy': encodeNpy([2, 28, 28, 1], new Float32Array(2 * 784)) }));
    await page.getByTestId('train-npz-input').setInputFiles(path.join(dir, 'wrong.npz'));
    await expect.poll(() => page.getByTestId('train-data-message').textContent()).toMatch(/^The data was not added: wrong.npz holds 'images'; it needs samples 'x' and labels 'y'/);
    expect(await page.getByTestId('train-dataset').locator('option').count()).toBe(before + 1);

    // Dropped on the panel: an .npz is added like a picked one; a graph file is not opened as one.
    const libraryBefore = await page.getByTestId('doc-name').textContent();
    const dropFile = (name: string, bytes: number[]) => page.getByTestId('train-add-npz').evaluate((el, { name, bytes }) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(bytes)], name));
      el.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }, { name, bytes });
    await dropFile('dropped.npz', [...zipSync({ 'x.npy': encodeNpy([n, 28, 28, 1], x), 'y.npy': encodeNpy([n], y) })]);
    await expect.poll(() => page.getByTestId('train-dataset').locator('option').count()).toBe(before + 2);
    await dropFile('graph.cnn.json', [...Buffer.from('{}')]);
    await expect.poll(() => page.getByTestId('train-data-message').textContent()).toBe('"graph.cnn.json" is not training data: drop a folder with one subfolder per class, or an .npz.');
    expect(await page.getByTestId('doc-name').textContent()).toBe(libraryBefore);
    await clickAsPerson(page, page.getByTestId('train-dataset-delete'), 'Delete dropped dataset');
    await expect.poll(() => page.getByTestId('train-dataset').locator('option').count()).toBe(before + 1);

    await page.getByTestId('train-dataset').selectOption({ label: 'mine (28x28x1, 10 classes)' });
    await clickAsPerson(page, page.getByTestId('train-dataset-delete'), 'Delete dataset');
    await expect.poll(() => page.getByTestId('train-dataset').locator('option').count()).toBe(before);
    expect(await page.getByTestId('train-dataset').inputValue()).toBe('mnist');
    expect(consoleProblems).toEqual([]);
  });
});
