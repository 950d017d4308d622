import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openApp, screenshot } from './harness';

let browser: Browser;
beforeAll(async () => { browser = await launchBrowser(); });
afterAll(async () => { await browser?.close(); });

const status = (page: Page) => page.getByTestId('save-status').textContent();
const saved = (page: Page) => expect.poll(() => status(page), { timeout: 10_000 }).toBe('Saved');

async function dropFromPalette(page: Page, kind: string, fx: number, fy: number): Promise<void> {
  const canvas = page.getByTestId('canvas');
  const box = (await canvas.boundingBox())!;
  await page.getByTestId(`palette-${kind}`).dragTo(canvas, { targetPosition: { x: box.width * fx, y: box.height * fy } });
}

async function libraryNames(page: Page): Promise<string[]> {
  await page.getByTestId('library-button').click();
  await page.getByTestId('library-panel').waitFor();
  await expect.poll(() => page.getByTestId('library-panel').getByText('Loading…').count()).toBe(0);
  const names = await page.locator('[data-testid=library-row] .library-name').allTextContents();
  await page.keyboard.press('Escape');
  return names.sort();
}

describe('storage that changes under an open tab', () => {
  it('site data cleared while open: the next edit re-creates the library and saves, with no false deletion', async () => {
    const { context, page, consoleProblems } = await openApp(browser);
    await saved(page);
    // What "Clear site data" does: the open connection is closed under the page, everything deleted.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Storage.clearDataForOrigin', { origin: new URL(page.url()).origin, storageTypes: 'all' });
    await dropFromPalette(page, 'Conv2D', 0.8, 0.3);
    await page.getByTestId('node-conv2d_1').waitFor();
    await saved(page);
    expect(await page.getByTestId('banner-conflict').count()).toBe(0);
    for (let i = 0; i < 2; i++) {
      await page.reload();
      await page.getByTestId('node-conv2d_1').waitFor();
      expect(await page.getByTestId('doc-name').textContent()).toBe('LeNet-5');
      expect(await page.getByTestId('banner-import').count()).toBe(0);
      expect(await libraryNames(page)).toEqual(['LeNet-5']);
    }
    expect(consoleProblems).toEqual([]);
    await context.close();
  });
});
