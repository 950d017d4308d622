import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launchBrowser, openApp, screenshot } from './harness';
import { createShareLink } from '../../src/share/shareLink';
import type { GraphDocument } from '../../src/core/graph/types';
import { centreOnTop, clickAsPerson } from './personClick';

/**
 * A residual block whose branches disagree on channels (26x26x16 + 26x26x8) and a classifier
 * ending in Dense's default relu: the fixes a practitioner expects, clicked in the diagnostics list.
 */
const brokenResidual: GraphDocument = {
  format: 'cnn-graph', version: 1, name: 'Broken residual',
  nodes: [
    { id: 'in', kind: 'Input', name: 'Input', params: { shape: [28, 28, 3] }, position: { x: 150, y: 0 } },
    { id: 'wide', kind: 'Conv2D', name: 'wide', params: { filters: 16, kernelSize: 3 }, position: { x: 0, y: 140 } },
    { id: 'narrow', kind: 'Conv2D', name: 'narrow', params: { filters: 8, kernelSize: 3 }, position: { x: 300, y: 140 } },
    { id: 'add', kind: 'Add', name: 'add', params: {}, position: { x: 150, y: 280 } },
    { id: 'gap', kind: 'GlobalAvgPool2D', name: 'gap', params: {}, position: { x: 150, y: 420 } },
    { id: 'out', kind: 'Dense', name: 'logits', params: { units: 10 }, position: { x: 150, y: 560 } },
  ],
  edges: [
    { id: 'e1', source: 'in', target: 'wide' }, { id: 'e2', source: 'in', target: 'narrow' },
    { id: 'e3', source: 'wide', target: 'add' }, { id: 'e4', source: 'narrow', target: 'add' },
    { id: 'e5', source: 'add', target: 'gap' }, { id: 'e6', source: 'gap', target: 'out' },
  ],
};

const CASES = [
  { width: 1440, height: 900, theme: 'light' }, { width: 1440, height: 900, theme: 'dark' },
  { width: 1280, height: 720, theme: 'light' }, { width: 1280, height: 720, theme: 'dark' },
  { width: 390, height: 844, theme: 'light' }, { width: 390, height: 844, theme: 'dark' },
] as const;

let browser: Browser;
beforeAll(async () => { browser = await launchBrowser(); });
afterAll(async () => { await browser?.close(); });


async function clickFix(page: Page, code: string, label: string): Promise<void> {
  const button = page.getByTestId('diagnostics').locator(`[data-code="${code}"]`).getByTestId('fix-button').filter({ hasText: label });
  await button.scrollIntoViewIfNeeded();
  await clickAsPerson(page, button, `fix "${label}"`);
}

describe.each(CASES)('fixes at $width x $height, $theme', ({ width, height, theme }) => {
  it('a 1x1 projection mends the Add, softmax mends the relu logits; each clicked as a person would', async () => {
    const link = createShareLink(brokenResidual, baseUrl());
    if (!link.ok) throw new Error(link.error.message);
    const { context, page, consoleProblems } = await openApp(browser, new URL(link.url).hash);
    await page.setViewportSize({ width, height });
    await page.getByTestId('node-add').waitFor();
    await clickAsPerson(page, page.getByTestId('theme-button'), 'theme button');
    await clickAsPerson(page, page.getByTestId(`theme-${theme}`), `theme menu item ${theme}`);
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
    // Below the canvas at every size; on a phone that panel starts collapsed (the canvas first).
    const toggle = page.getByTestId('bottom-toggle');
    if (await toggle.getAttribute('aria-expanded') === 'false') {
      await expect.poll(() => toggle.textContent()).toBe('▸ Summary & diagnostics (1 error)');
      await clickAsPerson(page, toggle, 'Summary & diagnostics');
    }
    await page.getByTestId('diagnostics').waitFor();
    const list = page.getByTestId('diagnostics');
    expect(await list.locator('[data-code="merge-shape-mismatch"]').getByTestId('fix-button').allTextContents()).toEqual([
      'Fix: insert a 1x1 Conv2D projection with 16 filters after narrow ([26, 26, 8] → [26, 26, 16])',
      'Fix: set filters 16 on narrow (→ [26, 26, 16])',
    ]);
    await screenshot(page, `fixes-offered-${width}x${height}-${theme}`);

    await clickFix(page, 'merge-shape-mismatch', 'projection');
    await expect.poll(() => list.locator('[data-code="merge-shape-mismatch"]').count()).toBe(0);
    // With every shape known, the logits' default relu is now flagged.
    await expect.poll(() => list.locator('[data-code="relu-output"]').count()).toBe(1);
    await screenshot(page, `fixes-relu-${width}x${height}-${theme}`);
    await clickFix(page, 'relu-output', 'use softmax');
    await expect.poll(() => page.getByTestId('no-diagnostics').count()).toBe(1);
    await screenshot(page, `fixes-applied-${width}x${height}-${theme}`);
    // The projection is on the canvas between narrow and add, and add now gives 26x26x16.
    await page.getByTestId('node-conv2d_1').waitFor();
    await expect.poll(() => page.getByTestId('node-add').getByTestId('node-shape').textContent()).toBe('26x26x16');
    await page.getByTestId('node-add').scrollIntoViewIfNeeded();
    await centreOnTop(page, page.getByTestId('toolbar-run-button'), 'Run');
    expect(consoleProblems).toEqual([]);
    await context.close();
  });
});
