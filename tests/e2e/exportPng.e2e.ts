import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import type { GraphDocument } from '../../src/core/graph/types';
import { findPreset } from '../../src/core/presets';
import { extractGraphFromPng } from '../../src/share/pngGraph';
import { createShareLink } from '../../src/share/shareLink';
import { launchBrowser, openApp } from './harness';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** LeNet-5 with C3's kernel widened to 20 on a 14x14 input: an error at C3 and unknown shapes below it. */
function lenetWithError(): GraphDocument {
  const doc = structuredClone(findPreset('lenet5')!.doc);
  doc.name = 'LeNet-5 with an error';
  doc.nodes.find((n) => n.name === 'C3')!.params.kernelSize = 20;
  return doc;
}

/** How many pixels of the PNG are exactly each colour, and the tallest vertical run of each. */
async function countColors(page: Page, png: Buffer, colors: string[]): Promise<{ width: number; height: number; counts: Record<string, number>; runs: Record<string, number> }> {
  return page.evaluate(async ({ data, colors }) => {
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    const px = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
    const counts: Record<string, number> = {};
    const runs: Record<string, number> = {};
    for (const hex of colors) {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      let count = 0;
      let best = 0;
      const run = new Int32Array(bitmap.width);
      for (let y = 0; y < bitmap.height; y++) {
        for (let x = 0; x < bitmap.width; x++) {
          const i = 4 * (y * bitmap.width + x);
          if (px[i] === r && px[i + 1] === g && px[i + 2] === b) {
            count++;
            run[x]++;
            if (run[x] > best) best = run[x];
          } else run[x] = 0;
        }
      }
      counts[hex] = count;
      runs[hex] = best;
    }
    return { width: bitmap.width, height: bitmap.height, counts, runs };
  }, { data: png.toString('base64'), colors });
}

const BANDS = { input: '#5b8def', convolution: '#7c5cd6', pooling: '#1f9d8f', core: '#d9822b', merge: '#c2507a', error: '#d23b3b' };

describe('Export PNG', () => {
  const cases: [string, () => GraphDocument, (keyof typeof BANDS)[]][] = [
    ['lenet5', () => structuredClone(findPreset('lenet5')!.doc), ['input', 'convolution', 'pooling', 'core']],
    ['resnet-block', () => structuredClone(findPreset('resnet-block')!.doc), ['input', 'convolution', 'core', 'merge']],
    ['inception-block', () => structuredClone(findPreset('inception-block')!.doc), ['input', 'convolution', 'pooling', 'merge']],
    ['lenet5-error', lenetWithError, ['convolution', 'error']],
  ];

  it.each(cases)('%s: a 2x picture with the category bands, the graph inside', async (id, makeDoc, bands) => {
    const doc = makeDoc();
    const link = createShareLink(doc, 'http://x/');
    if (!link.ok) throw new Error(link.error.message);
    const { context, page, consoleProblems } = await openApp(browser, link.url.slice(link.url.indexOf('#')));
    await expect.poll(() => page.locator('.layer-node').count()).toBe(doc.nodes.length);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png-button').click()]);
    const path = await download.path();
    const png = readFileSync(path);
    mkdirSync('test-results/screenshots', { recursive: true });
    copyFileSync(path, `test-results/screenshots/export-${id}.png`);

    const back = extractGraphFromPng(png);
    if (!back.ok) throw new Error(back.error.message);
    expect(back.doc.nodes.map((n) => n.name)).toEqual(doc.nodes.map((n) => n.name));

    const seen = await countColors(page, png, Object.values(BANDS));
    // Cards are 224 CSS px wide: at 2x the picture is wider than 448 device px.
    expect(seen.width).toBeGreaterThan(448);
    for (const band of bands) {
      // The 3 px category band is 6 device px tall at 2x (the error colour is the badge and outline).
      expect(seen.counts[BANDS[band]], band).toBeGreaterThan(0);
      if (band !== 'error') expect(seen.runs[BANDS[band]], band).toBeGreaterThanOrEqual(6);
    }
    if (!bands.includes('error')) expect(seen.counts[BANDS.error]).toBe(0);
    expect(consoleProblems).toEqual([]);
    await context.close();
  });

  it('the Share dialog says a link leaves trained weights behind and offers the PNG that keeps them', async () => {
    const { context, page, consoleProblems } = await openApp(browser);
    await page.getByTestId('share-button').click();
    await page.getByTestId('share-url').waitFor();
    // LeNet-5 as it opens has no weights: no note.
    expect(await page.getByTestId('share-no-weights').count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.getByTestId('presets-button').click();
    await page.getByTestId('preset-lenet5-mnist-trained').click();
    await page.getByTestId('node-C1').waitFor();
    await page.getByTestId('share-button').click();
    await expect.poll(() => page.getByTestId('share-no-weights').textContent()).toMatch(/does not carry this graph.s weights.*random weights/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('share-export-png').click()]);
    const back = extractGraphFromPng(readFileSync(await download.path()));
    if (!back.ok) throw new Error(back.error.message);
    const trained = findPreset('lenet5-mnist-trained')!.doc;
    expect(Object.keys(back.doc.weights ?? {}).sort()).toEqual(Object.keys(trained.weights!).sort());
    expect(back.doc.weights).toEqual(trained.weights);
    expect(consoleProblems).toEqual([]);
    await context.close();
  });
});
