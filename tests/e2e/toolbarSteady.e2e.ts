import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launchBrowser } from './harness';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** The left edge of every toolbar button, by test id (or label), in page pixels. */
async function buttonEdges(page: Page): Promise<Record<string, number>> {
  return page.locator('header.toolbar').evaluate((bar) => {
    const edges: Record<string, number> = {};
    bar.querySelectorAll('button').forEach((b, i) => {
      edges[b.dataset.testid ?? b.getAttribute('aria-label') ?? `button ${i}`] = Math.round(b.getBoundingClientRect().left * 10) / 10;
    });
    return edges;
  });
}

const saveStatus = (page: Page) => page.getByTestId('save-status').textContent();

// A person aims at Undo or Revisions while an edit is being saved or a run ends: the buttons must
// not slide under the pointer when the save status or the run time changes its text.
describe.each([
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
])('the toolbar at $width x $height', (viewport) => {
  it('keeps every button where it was while the save status and the run time change', async () => {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(baseUrl());
    await expect.poll(() => saveStatus(page)).toBe('Saved');
    const atRest = await buttonEdges(page);

    await page.getByTestId('node-C1').click();
    await page.getByLabel('Filters').fill('7');
    await expect.poll(() => saveStatus(page), { interval: 5 }).toBe('Unsaved changes');
    expect(await buttonEdges(page)).toEqual(atRest);
    await expect.poll(() => saveStatus(page)).toBe('Saved');
    expect(await buttonEdges(page)).toEqual(atRest);

    await page.getByTestId('toolbar-run-button').click();
    await expect.poll(() => page.evaluate(() => window.__cnnRun!.snapshot().status), { timeout: 30_000 }).toBe('done');
    await expect.poll(() => page.locator('.toolbar-run-note').textContent()).toMatch(/ms|s$/);
    const afterRun = await buttonEdges(page);
    // The Run button is the same button with the same box; nothing before it moved either.
    expect(afterRun).toEqual(atRest);
    await context.close();
  });
});
