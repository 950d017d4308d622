import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openApp, screenshot } from './harness';
import { clickAsPerson } from './personClick';

/**
 * The large presets on the canvas, as a person uses them: open from the Presets menu, pan, zoom,
 * select a node and edit a param, with the shapes updating; and the param-change-to-paint time
 * of each (printed for the closing note, not asserted: a busy machine would fail a time limit).
 */

let browser: Browser;
let page: Page;
let consoleProblems: string[];

beforeAll(async () => {
  browser = await launchBrowser();
  ({ page, consoleProblems } = await openApp(browser));
});

afterAll(async () => {
  await browser?.close();
});

// The summary's total counts BatchNorm's moving statistics too: trainable (torchvision's figures,
// 25,557,032 and 5,288,548) plus 2 per BatchNorm channel (53,120 and 42,016).
const CASES = [
  { id: 'mobilenetv2', conv: 'Conv1', total: '3,538,984', follower: 'bn_Conv1' },
  { id: 'resnet50', conv: 'conv1', total: '25,610,152', follower: 'bn1' },
  { id: 'efficientnet_b0', conv: 'features.0.0', total: '5,330,564', follower: 'features.0.1' },
] as const;

describe('large presets stay usable on the canvas', () => {
  for (const c of CASES) {
    it(`${c.id}: open, pan, zoom, select and edit a param; param change to paint measured`, async () => {
      await clickAsPerson(page, page.getByTestId('presets-button'), 'the Presets button');
      // The menu is taller than the window now: a person scrolls it with the wheel to the preset.
      const item = page.getByTestId(`preset-${c.id}`);
      const menu = (await page.getByRole('menu').boundingBox())!;
      for (let i = 0; i < 20; i++) {
        const box = (await item.boundingBox())!;
        if (box.y + box.height <= Math.min(menu.y + menu.height, 900)) break;
        await page.mouse.move(menu.x + menu.width / 2, menu.y + menu.height / 2);
        await page.mouse.wheel(0, 200);
        await page.waitForTimeout(100);
      }
      await clickAsPerson(page, item, `the ${c.id} preset`);
      await expect.poll(() => page.getByTestId('total-params').textContent(), { timeout: 30_000 }).toBe(c.total);
      // The preset opens framed from its top: select the stem convolution and change its filters in
      // the inspector; its BatchNorm follows.
      const conv = page.getByTestId(`node-${c.conv}`);
      await clickAsPerson(page, conv, `node ${c.conv}`);
      const filters = page.getByTestId('field-filters');
      await expect.poll(() => filters.count()).toBe(1);
      await filters.fill('24');
      await expect.poll(() => page.getByTestId(`node-${c.follower}`).getByTestId('node-shape').textContent()).toMatch(/x24$/);
      const canvas = (await page.getByTestId('canvas').boundingBox())!;
      // Pan by dragging empty canvas (its left margin: the presets open centred) and zoom with the wheel.
      const mid = { x: canvas.x + 30, y: canvas.y + canvas.height / 2 };
      expect(await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('.react-flow__node') === null, mid)).toBe(true);
      const before = await page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);
      await page.mouse.move(mid.x, mid.y);
      await page.mouse.down();
      await page.mouse.move(mid.x + 120, mid.y + 80, { steps: 8 });
      await page.mouse.up();
      const panned = await page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);
      expect(panned).not.toBe(before);
      await page.mouse.wheel(0, -300);
      await expect.poll(() => page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform)).not.toBe(panned);
      const times: number[] = [];
      for (let i = 0; i < 7; i++) times.push(await page.evaluate((id) => window.__cnnBench!.setParamAndMeasureOn(id), c.conv));
      times.sort((a, b) => a - b);
      const nodes = await page.evaluate(() => document.querySelectorAll('.react-flow__node').length);
      console.log(`${c.id} (${nodes} nodes in view): param change to painted frame median ${times[3].toFixed(1)} ms, all ${times.map((t) => t.toFixed(1)).join(', ')}`);
      await screenshot(page, `large-${c.id}`);
    }, 120_000);
  }

  it('logged no console errors or warnings', () => {
    expect(consoleProblems).toEqual([]);
  });
});
