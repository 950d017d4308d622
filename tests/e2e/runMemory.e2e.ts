import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { launchBrowser, openApp } from './harness';

let browser: Browser;
beforeAll(async () => { browser = await launchBrowser(); });
afterAll(async () => { await browser?.close(); });

/** Resident memory of every process of this browser (as its SystemInfo domain lists them), in MB. */
async function browserRssMb(): Promise<number> {
  const session = await browser.newBrowserCDPSession();
  const { processInfo } = await session.send('SystemInfo.getProcessInfo') as { processInfo: { id: number; type: string }[] };
  await session.detach();
  let kb = 0;
  for (const { id } of processInfo) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${id}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // The process ended while being read.
    }
  }
  return kb / 1024;
}

async function mainHeapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics') as { metrics: { name: string; value: number }[] };
  await cdp.detach();
  return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 1e6;
}

const status = (page: Page) => page.getByTestId('run-status').getAttribute('data-status');

describe('runs give their memory back', () => {
  it('50 ResNet-18 runs each cancelled after 0.5 s: one worker left, memory back near where it started', async () => {
    const { context, page } = await openApp(browser);
    await page.getByTestId('presets-button').click();
    await page.getByTestId('preset-resnet18').click();
    await expect.poll(() => page.getByTestId('doc-name').textContent(), { timeout: 20_000 }).toBe('ResNet-18');
    await page.getByRole('tab', { name: 'Run' }).click();
    await page.getByRole('tab', { name: 'Test pictures' }).click();
    await page.getByTestId('test-scene').click();
    // One finished run first: the baseline holds a compiled model and its results.
    await page.getByTestId('run-button').click();
    await expect.poll(() => status(page), { timeout: 120_000 }).toBe('done');
    const before = { rss: await browserRssMb(), heap: await mainHeapMb(page), workers: page.workers().length };
    let peakRss = before.rss;
    let peakWorkers = before.workers;
    for (let i = 0; i < 50; i++) {
      await page.getByTestId('run-button').click();
      await page.waitForTimeout(500);
      peakWorkers = Math.max(peakWorkers, page.workers().length);
      if (i % 10 === 0) peakRss = Math.max(peakRss, await browserRssMb());
      if ((await status(page)) === 'running') {
        // On an idle machine the run may finish between the status read and the click: then the
        // Cancel button is gone and there is nothing to cancel.
        await page.getByTestId('toolbar-cancel').click({ timeout: 2_000 }).catch(() => undefined);
        await expect.poll(() => status(page), { timeout: 10_000 }).not.toBe('running');
      }
    }
    // A last full run: the worker after all those cancels still works.
    await page.getByTestId('run-button').click();
    await expect.poll(() => status(page), { timeout: 120_000 }).toBe('done');
    await expect.poll(() => page.workers().length, { timeout: 10_000 }).toBe(1);
    await page.waitForTimeout(2000);
    const after = { rss: await browserRssMb(), heap: await mainHeapMb(page), workers: page.workers().length };
    console.log(`50 run/cancel cycles of ResNet-18: browser RSS ${before.rss.toFixed(0)} -> ${after.rss.toFixed(0)} MB (peak sampled ${peakRss.toFixed(0)} MB), main JS heap ${before.heap.toFixed(1)} -> ${after.heap.toFixed(1)} MB, workers ${before.workers} -> ${after.workers} (at most ${peakWorkers})`);
    expect(after.workers).toBe(1);
    // One model is about 100 MB of weights plus 100 MB packed: 50 kept copies would be 10 GB.
    expect(after.rss - before.rss).toBeLessThan(400);
    expect(after.heap - before.heap).toBeLessThan(50);
    await context.close();
  }, 600_000);
});
