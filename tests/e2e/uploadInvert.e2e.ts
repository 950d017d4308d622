import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { decodeMnistDigits, readMnistDigit } from '../../src/core/imaging/mnistDigits';
import { launchBrowser, openApp, screenshot } from './harness';
import { clickAsPerson } from './personClick';

/**
 * A held-out MNIST digit printed black on white (as a person photographs one on paper) and
 * uploaded: the light background is detected, the picture inverted, and the trained LeNet-5 names
 * the digit's label. Unticking Invert gives the raw picture back.
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

/** The digit black on white, 3x enlarged (nearest), as a PNG made by the page's canvas. */
async function blackOnWhitePng(p: Page, digit: Float32Array): Promise<Buffer> {
  const url = await p.evaluate((values) => {
    const c = document.createElement('canvas');
    c.width = 84; c.height = 84;
    const ctx = c.getContext('2d')!;
    const image = ctx.createImageData(84, 84);
    for (let y = 0; y < 84; y++) {
      for (let x = 0; x < 84; x++) {
        const v = Math.round((1 - values[Math.floor(y / 3) * 28 + Math.floor(x / 3)]) * 255);
        image.data.set([v, v, v, 255], (y * 84 + x) * 4);
      }
    }
    ctx.putImageData(image, 0, 0);
    return c.toDataURL('image/png');
  }, Array.from(digit));
  return Buffer.from(url.split(',')[1], 'base64');
}

async function topClass(p: Page): Promise<string | null> {
  return p.getByTestId('top-classes').locator('.top-class-label').first().textContent();
}

describe('uploading a dark digit on a light background', () => {
  it('is inverted automatically, and the trained LeNet-5 names held-out digits #0..#9 (a 7 among them)', async () => {
    await clickAsPerson(page, page.getByTestId('presets-button'), 'the Presets button');
    await clickAsPerson(page, page.getByTestId('preset-lenet5-mnist-trained'), 'the trained LeNet preset');
    await expect.poll(() => page.getByTestId('doc-name').textContent(), { timeout: 30_000 }).toBe('LeNet-5 for MNIST (trained)');
    await clickAsPerson(page, page.getByRole('tab', { name: 'Run' }), 'the Run tab');
    await clickAsPerson(page, page.getByRole('tab', { name: 'Upload' }), 'the Upload tab');
    const decoded = decodeMnistDigits(new Uint8Array(readFileSync('dist/data/mnist-digits.bin')));
    if (!decoded.ok) throw new Error(decoded.error.message);
    const shown: string[] = [];
    let correct = 0;
    let sevenRight = false;
    let previous = '';
    // The file interleaves the classes, so #0..#9 are one held-out digit of each class.
    for (let index = 0; index < 10; index++) {
      const label = String(decoded.digits.labels[index]);
      const name = `digit-${index}.png`;
      await page.getByTestId('upload-input').setInputFiles({ name, mimeType: 'image/png', buffer: await blackOnWhitePng(page, readMnistDigit(decoded.digits, index)) });
      await expect.poll(() => page.getByTestId('upload-message').textContent()).toContain(`${name}: 84x84`);
      expect(await page.getByTestId('upload-message').textContent()).toContain('inverted to white on black');
      expect(await page.getByTestId('upload-invert').isChecked()).toBe(true);
      await clickAsPerson(page, page.getByTestId('run-button'), 'the Run button');
      // This digit's result: done, and outputs other than the previous digit's.
      await expect.poll(async () => {
        const snap = await page.evaluate(() => window.__cnnRun!.snapshot());
        return snap.status === 'done' && snap.outputs.length > 0 && JSON.stringify(snap.outputs[0].data) !== previous;
      }, { timeout: 30_000 }).toBe(true);
      previous = JSON.stringify((await page.evaluate(() => window.__cnnRun!.snapshot())).outputs[0].data);
      const top = await topClass(page);
      shown.push(`#${index} (a ${label}) -> ${top}`);
      if (top === label) correct++;
      if (label === '7') sevenRight = top === '7';
    }
    console.log(`black-on-white uploads, auto-inverted: ${shown.join(', ')}`);
    expect(sevenRight, shown.join(', ')).toBe(true);
    // The run.e2e check of the same ten digits from the picker gets at least 9 right; inverted uploads must too.
    expect(correct, shown.join(', ')).toBeGreaterThanOrEqual(9);
  }, 240_000);

  it('unticking Invert runs the raw picture, as a person asks for when their digit really is light on dark', async () => {
    const before = await page.evaluate(() => window.__cnnRun!.snapshot().picture!.data[0]);
    await clickAsPerson(page, page.getByTestId('upload-invert'), 'the Invert box');
    await expect.poll(() => page.evaluate(() => window.__cnnRun!.snapshot().picture!.data[0])).not.toBe(before);
    // The corner is paper: inverted it was ~0, raw it is ~1.
    expect(before).toBeLessThan(0.05);
    expect(await page.evaluate(() => window.__cnnRun!.snapshot().picture!.data[0])).toBeGreaterThan(0.95);
    await clickAsPerson(page, page.getByTestId('upload-invert'), 'the Invert box');
  });

  for (const size of [{ width: 1440, height: 900 }, { width: 1280, height: 720 }, { width: 390, height: 844 }]) {
    for (const theme of ['light', 'dark'] as const) {
      it(`screenshot ${size.width}x${size.height} ${theme}`, async () => {
        await page.setViewportSize(size);
        await page.evaluate((t) => { document.documentElement.dataset.theme = t; }, theme);
        // On a phone the Run panel lives in the Details drawer (still open after the light pass).
        if (size.width < 600 && !(await page.getByTestId('upload-invert').isVisible())) {
          await clickAsPerson(page, page.getByRole('button', { name: /Details/ }), 'the Details drawer button');
          await clickAsPerson(page, page.getByRole('tab', { name: 'Run' }), 'the Run tab');
        }
        await page.getByTestId('upload-invert').scrollIntoViewIfNeeded();
        await screenshot(page, `upload-invert-${size.width}x${size.height}-${theme}`);
      });
    }
  }

  it('logged no console errors or warnings', () => {
    expect(consoleProblems).toEqual([]);
  });
});
