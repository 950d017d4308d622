import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openApp, screenshot } from './harness';

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

async function openPreset(id: string): Promise<void> {
  await page.getByTestId('presets-button').click();
  await page.getByTestId(`preset-${id}`).click();
}

const status = () => page.getByTestId('run-status').getAttribute('data-status');
const nodeCount = () => page.locator('.react-flow__node').count();

/** PNG bytes of a width x height picture drawn by the browser itself (a red disc on blue). */
async function makePng(width: number, height: number): Promise<Buffer> {
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

describe('running graphs in the browser', () => {
  it('runs LeNet-5 (MNIST) on a digit: feature maps on C1 and a top-5 list', async () => {
    await openPreset('lenet5-mnist');
    await page.getByRole('tab', { name: 'Run' }).click();
    await page.getByTestId('mnist-3').click();
    await expect.poll(() => page.getByTestId('input-current').textContent()).toContain('MNIST #3');
    await page.getByTestId('run-button').click();
    await expect.poll(status, { timeout: 30_000 }).toBe('done');
    const thumb = page.getByTestId('thumb-C1');
    await thumb.waitFor();
    expect(await thumb.textContent()).toMatch(/ms/);
    const canvas = (await thumb.locator('canvas').boundingBox())!;
    expect(canvas.width).toBeGreaterThan(50);
    // C1 has 6 channels: a 3x2 grid of 28x28 maps with 1-pixel gaps.
    expect(await thumb.locator('canvas').evaluate((c: HTMLCanvasElement) => [c.width, c.height])).toEqual([3 * 28 + 2, 2 * 28 + 1]);
    const top = page.getByTestId('top-classes');
    await top.waitFor();
    expect(await top.locator('li').count()).toBe(5);
    const percents = (await top.locator('.top-class-prob').allTextContents()).map((t) => parseFloat(t));
    expect(percents.every((p) => p >= 0 && p <= 100)).toBe(true);
    expect([...percents].sort((a, b) => b - a)).toEqual(percents);
    // The summary table's time column shows the worker's per-layer times.
    expect(await page.getByTestId('summary-row-C1').getByTestId('summary-time').textContent()).toMatch(/^\d+(\.\d+)? ms$/);
    await screenshot(page, 'run-lenet-mnist');
  });

  it('opens the per-channel view of C1 with its statistics', async () => {
    await page.getByTestId('thumb-C1').locator('button').click();
    const dialog = page.getByRole('dialog', { name: 'feature maps of C1' });
    await dialog.waitFor();
    await expect.poll(() => dialog.locator('.run-channel').count()).toBe(6);
    expect(await dialog.textContent()).toMatch(/min .* max .* mean .* std .* zeros \d+\.\d%/);
    await screenshot(page, 'run-c1-detail');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('runs on a digit drawn on the pad', async () => {
    await page.getByRole('tab', { name: 'Draw' }).click();
    const pad = page.getByTestId('drawing-pad');
    const box = (await pad.boundingBox())!;
    // A "7": a bar across the top, then a diagonal down to the left.
    await page.mouse.move(box.x + box.width * 0.25, box.y + box.height * 0.2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.75, box.y + box.height * 0.2, { steps: 8 });
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.85, { steps: 12 });
    await page.mouse.up();
    await expect.poll(() => page.getByTestId('input-current').textContent()).toContain('your drawing');
    await page.getByTestId('run-button').click();
    await expect.poll(status, { timeout: 30_000 }).toBe('done');
    expect(await page.getByTestId('top-classes').locator('li').count()).toBe(5);
    await screenshot(page, 'run-drawing');
  });

  it('runs on an uploaded PNG and refuses a text file and a 10,000 x 10,000 image, leaving the graph as it was', async () => {
    const before = await nodeCount();
    await page.getByRole('tab', { name: 'Upload' }).click();
    const input = page.getByTestId('upload-input');
    await input.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a picture at all') });
    await expect.poll(() => page.getByTestId('upload-message').textContent()).toContain('notes.txt is not a PNG, JPEG');
    // A real PNG signature and IHDR claiming 10000 x 10000: refused from the header alone.
    const huge = Buffer.alloc(33);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]).copy(huge);
    huge.writeUInt32BE(10_000, 16);
    huge.writeUInt32BE(10_000, 20);
    await input.setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: huge });
    await expect.poll(() => page.getByTestId('upload-message').textContent()).toContain('huge.png is 10000 x 10000 = 100,000,000 pixels');
    expect(await page.getByTestId('input-current').textContent()).toContain('your drawing');

    await input.setInputFiles({ name: 'disc.png', mimeType: 'image/png', buffer: await makePng(64, 48) });
    await expect.poll(() => page.getByTestId('upload-message').textContent()).toContain('disc.png: 64x48');
    await page.getByTestId('run-button').click();
    await expect.poll(status, { timeout: 30_000 }).toBe('done');
    expect(await nodeCount()).toBe(before);
    await screenshot(page, 'run-upload');
  });

  it('keeps the page responsive during a VGG-16 run, shows progress and cancels', async () => {
    await openPreset('vgg16');
    await expect.poll(() => page.getByTestId('doc-name').textContent(), { timeout: 20_000 }).toBe('VGG-16');
    await page.getByRole('tab', { name: 'Test pictures' }).click();
    await page.getByTestId('test-scene').click();
    await page.getByTestId('run-button').click();
    // Wait until the worker reports progress through the layers (past the Input step).
    await expect.poll(() => page.getByTestId('toolbar-progress').textContent(), { timeout: 90_000, interval: 250 }).toMatch(/^([2-9]|\d\d)\/23 /);
    const toggle = page.getByTestId('bottom-toggle');
    await toggle.evaluate((el) => {
      el.addEventListener('click', (e) => { (window as unknown as { clickLatency: number }).clickLatency = performance.now() - e.timeStamp; }, { once: true });
    });
    const expanded = await toggle.getAttribute('aria-expanded');
    await toggle.click();
    const latency = await page.evaluate(() => (window as unknown as { clickLatency: number }).clickLatency);
    console.log(`click handled ${latency.toFixed(1)} ms after it was made, during the VGG-16 run`);
    expect(latency).toBeLessThan(100);
    await expect.poll(() => toggle.getAttribute('aria-expanded')).not.toBe(expanded);
    expect(await status()).toBe('running');
    await screenshot(page, 'run-vgg16-progress');
    await page.getByTestId('toolbar-cancel').click();
    await expect.poll(status, { timeout: 5_000 }).toBe('cancelled');
  });

  it('runs again after a cancel (a fresh worker)', async () => {
    await openPreset('lenet5-mnist');
    await page.getByRole('tab', { name: 'MNIST' }).click();
    await page.getByTestId('mnist-7').click();
    await page.getByTestId('run-button').click();
    try {
      await expect.poll(status, { timeout: 30_000 }).toBe('done');
    } finally {
      await screenshot(page, 'run-after-cancel');
    }
    await page.getByTestId('thumb-C1').waitFor();
  });

  it('edits a C1 kernel weight in the inspector grid, and undo takes it back', async () => {
    await page.getByTestId('node-C1').click();
    await page.getByRole('tab', { name: 'Inspector' }).click();
    const grid = page.getByTestId('kernel-weights');
    await grid.waitFor();
    expect(await grid.locator('input[type=number]').count()).toBe(25);
    expect(await grid.textContent()).toContain('Not stored');
    const cell = grid.getByLabel('kernel row 3 column 3');
    await cell.fill('1.5');
    await cell.press('Enter');
    await expect.poll(() => grid.textContent()).toContain('Stored in the document');
    expect(await grid.getByLabel('kernel row 3 column 3').inputValue()).toBe('1.5');
    await screenshot(page, 'run-kernel-grid');
    await page.getByTestId('undo-button').click();
    await expect.poll(() => grid.textContent()).toContain('Not stored');
  });

  it('shows the kernel playground next to the original', async () => {
    await page.getByTestId('playground-button').click();
    const pg = page.getByTestId('kernel-playground');
    await pg.waitFor();
    expect(await pg.locator('figure').count()).toBeGreaterThanOrEqual(10);
    expect(await pg.textContent()).toContain('Sobel x, convolution (flipped kernel)');
    await screenshot(page, 'kernel-playground');
    await page.keyboard.press('Escape');
  });

  it('logged no console errors', () => {
    expect(consoleProblems).toEqual([]);
  });
});
