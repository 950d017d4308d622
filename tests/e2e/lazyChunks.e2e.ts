import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openApp } from './harness';
import { clickAsPerson } from './personClick';

/**
 * The first page fetches neither ELK (about 1.4 MB, only Auto-layout needs it) nor the trained
 * LeNet's weights (about 330 kB) until they are used, nor the training charts, the kernel
 * playground's runtime or the exporters: every script the page fetched is checked.
 */

let browser: Browser;
let page: Page;
let consoleProblems: string[];
const requested: string[] = [];

const isElk = (url: string) => /\/assets\/elk\.bundled-[^/]*\.js$/.test(url);
const isTrainedPreset = (url: string) => /\/assets\/lenet5-mnist-trained-[^/]*\.js$/.test(url);
// Chunks Vite names after the module they start from: the training charts (uPlot), the kernel
// playground (the main-thread runtime) and the Code panel (the exporters and highlight.js).
const isOnDemand = (url: string) => /\/assets\/(TrainChart|KernelPlayground|kernelPlayground|executor|CodePanel)-[^/]*\.js$/.test(url);

beforeAll(async () => {
  browser = await launchBrowser();
  ({ page, consoleProblems } = await openApp(browser));
  // Requests from here on; those of the load itself are read from the page's resource timing.
  page.on('request', (r) => requested.push(r.url()));
});

afterAll(async () => {
  await browser?.close();
});

describe('chunks fetched on first use', () => {
  it('the first page (LeNet-5 in an empty library) loads without ELK or the trained weights', async () => {
    await page.getByTestId('node-C1').waitFor({ timeout: 30_000 });
    // The issue saw ELK fetched 0.3 to 0.5 s after load; wait well past that, with the page idle.
    await page.waitForTimeout(3000);
    const urls = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    expect(urls.filter((u) => isElk(u) || isTrainedPreset(u) || isOnDemand(u))).toEqual([]);
    // The page did fetch scripts, so the list is not empty by accident: LeNet-5's own chunk is among them.
    expect(urls.some((u) => /\/assets\/lenet5-[A-Za-z0-9_-]{6,}\.js$/.test(u))).toBe(true);
  });

  it('Auto-layout fetches ELK, and the graph is arranged', async () => {
    const elk = page.waitForRequest((r) => isElk(r.url()), { timeout: 30_000 });
    await clickAsPerson(page, page.getByTestId('layout-button'), 'the Auto-layout button');
    await elk;
    await page.getByTestId('node-C1').waitFor();
  });

  it('the kernel playground fetches its chunk when opened, and shows', async () => {
    const chunk = page.waitForRequest((r) => isOnDemand(r.url()), { timeout: 30_000 });
    await clickAsPerson(page, page.getByRole('button', { name: 'Kernels' }), 'the Kernels button');
    await chunk;
    await page.getByTestId('kernel-playground').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('kernel-playground').count()).toBe(0);
  });

  it('picking the trained LeNet fetches its weights then, and it opens', async () => {
    expect(requested.filter(isTrainedPreset)).toEqual([]);
    const weights = page.waitForRequest((r) => isTrainedPreset(r.url()), { timeout: 30_000 });
    await clickAsPerson(page, page.getByTestId('presets-button'), 'the Presets button');
    await clickAsPerson(page, page.getByTestId('preset-lenet5-mnist-trained'), 'the trained LeNet preset');
    await weights;
    await expect.poll(() => page.getByTestId('doc-name').textContent(), { timeout: 30_000 }).toBe('LeNet-5 for MNIST (trained)');
  });

  it('logged no console errors or warnings', () => {
    expect(consoleProblems).toEqual([]);
  });
});
