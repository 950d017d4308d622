import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openApp, screenshot } from './harness';
import { clickAsPerson } from './personClick';

/**
 * The kernel playground: a bad custom cell is outlined and its message is readable inside the
 * dialog; with "normalise" on the original is scaled like the outputs, so Identity shows it
 * pixel for pixel. At 1440x900, 1280x720 and 390x844, light and dark.
 */

let browser: Browser;
let page: Page;
let consoleProblems: string[];

beforeAll(async () => {
  browser = await launchBrowser();
  ({ page, consoleProblems } = await openApp(browser));
  await page.getByTestId('node-C1').waitFor({ timeout: 30_000 });
});

afterAll(async () => {
  await browser?.close();
});

async function chooseTheme(p: Page, theme: 'light' | 'dark'): Promise<void> {
  await clickAsPerson(p, p.getByTestId('theme-button'), 'theme button');
  await clickAsPerson(p, p.getByTestId(`theme-${theme}`), `theme menu item ${theme}`);
  await expect.poll(() => p.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
}

/** How many RGBA bytes differ between the playground's canvases labelled `a` and `b` (-1: sizes differ). */
function differingBytes(p: Page, a: string, b: string): Promise<number> {
  return p.getByTestId('kernel-playground').evaluate((root, labels) => {
    const read = (label: string) => {
      const c = root.querySelector<HTMLCanvasElement>(`canvas[aria-label="${label}"]`)!;
      return c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    };
    const x = read(labels[0]);
    const y = read(labels[1]);
    if (x.length !== y.length) return -1;
    let n = 0;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) n++;
    return n;
  }, [a, b]);
}

describe('kernel playground', () => {
  it('Identity with "normalise" on shows exactly the original; with it off, both raw', async () => {
    await clickAsPerson(page, page.getByTestId('playground-button'), 'the Kernels button');
    await page.getByTestId('kernel-playground').waitFor();
    expect(await differingBytes(page, 'original', 'Identity')).toBe(0);
    await page.getByTestId('kernel-playground').getByLabel(/normalise/).uncheck();
    await expect.poll(() => page.getByText(/raw like every output/).count()).toBe(1);
    expect(await differingBytes(page, 'original', 'Identity')).toBe(0);
    await page.getByTestId('kernel-playground').getByLabel(/normalise/).check();
    await expect.poll(() => page.getByText(/min-max normalised like every output/).count()).toBe(1);
  });

  it('a bad custom cell gets an error outline and its whole message shows inside the dialog', async () => {
    const cell = page.getByLabel('custom kernel row 2 column 2');
    // A person scrolls until the kernel's cells just come into sight at the bottom of the dialog.
    await cell.evaluate((el) => el.scrollIntoView({ block: 'end' }));
    await cell.fill('1,5x');
    const error = page.getByTestId('custom-kernel-error');
    await error.waitFor();
    await page.waitForTimeout(300);
    const colours = await cell.evaluate((el) => {
      const probe = document.createElement('span');
      probe.style.color = 'var(--error)';
      document.body.append(probe);
      const error = getComputedStyle(probe).color;
      probe.remove();
      return { border: getComputedStyle(el).borderTopColor, error };
    });
    expect(colours.border).toBe(colours.error);
    const dialog = (await page.getByRole('dialog', { name: 'Kernel playground' }).boundingBox())!;
    const box = (await error.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(dialog.y);
    expect(box.y + box.height).toBeLessThanOrEqual(dialog.y + dialog.height);
    expect(box.x + box.width).toBeLessThanOrEqual(dialog.x + dialog.width);
    // Not clipped by a parent: the text's full height is laid out.
    expect(await error.evaluate((el) => el.scrollHeight <= el.clientHeight + 1)).toBe(true);
  });

  for (const size of [{ width: 1440, height: 900 }, { width: 1280, height: 720 }, { width: 390, height: 844 }]) {
    for (const theme of ['light', 'dark'] as const) {
      it(`screenshot ${size.width}x${size.height} ${theme}`, async () => {
        await page.keyboard.press('Escape');
        await page.setViewportSize(size);
        await chooseTheme(page, theme);
        await clickAsPerson(page, page.getByTestId('playground-button'), 'the Kernels button');
        const cell = page.getByLabel('custom kernel row 2 column 2');
        await cell.scrollIntoViewIfNeeded();
        await cell.fill('1,5x');
        await page.getByTestId('custom-kernel-error').scrollIntoViewIfNeeded();
        await screenshot(page, `playground-${size.width}x${size.height}-${theme}`);
      });
    }
  }

  it('logged no console errors or warnings', () => {
    // This test's own pixel reads (getImageData twice on a canvas) make Chromium suggest willReadFrequently.
    expect(consoleProblems.filter((m) => !m.includes('willReadFrequently'))).toEqual([]);
  });
});
