import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { generateGraph } from '../../src/ui/debug/generateGraph';
import { launchBrowser, openApp, screenshot } from './harness';

/**
 * A 301-node file whose nodes all sit at one spot (a generator that wrote no layout) opens laid
 * out, and dragging its nodes is measured: frame times and long tasks from a PerformanceObserver,
 * printed for the closing note, not asserted (a busy machine would fail a time limit).
 */

let browser: Browser;
let page: Page;
let consoleProblems: string[];

beforeAll(async () => {
  browser = await launchBrowser();
  ({ page, consoleProblems } = await openApp(browser));
  await page.getByTestId('canvas').waitFor();
});

afterAll(async () => {
  await browser?.close();
});

function stackedFile(): Buffer {
  const doc = generateGraph(301);
  return Buffer.from(JSON.stringify({ ...doc, name: 'Stacked', nodes: doc.nodes.map((n) => ({ ...n, position: { x: 40, y: 40 } })) }));
}

/** The rendered cards' boxes on screen. */
async function cardBoxes(p: Page): Promise<{ x: number; y: number; width: number; height: number }[]> {
  return p.locator('.react-flow__node').evaluateAll((els) => els.map((el) => {
    const r = el.getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height };
  }));
}

/** Starts recording frame intervals (rAF) and long tasks in the page. */
async function startRecording(p: Page): Promise<void> {
  await p.evaluate(() => {
    const w = window as unknown as { __rec: { frames: number[]; longTasks: number[]; stop: boolean } };
    w.__rec = { frames: [], longTasks: [], stop: false };
    new PerformanceObserver((list) => { for (const e of list.getEntries()) w.__rec.longTasks.push(e.duration); }).observe({ type: 'longtask' });
    let last = performance.now();
    const tick = (t: number) => {
      w.__rec.frames.push(t - last);
      last = t;
      if (!w.__rec.stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

async function stopRecording(p: Page): Promise<{ frames: number[]; longTasks: number[] }> {
  return p.evaluate(() => {
    const w = window as unknown as { __rec: { frames: number[]; longTasks: number[]; stop: boolean } };
    w.__rec.stop = true;
    return { frames: w.__rec.frames.slice(1), longTasks: w.__rec.longTasks };
  });
}

const percentile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;

describe('a 301-node file with every node at one spot', () => {
  it('opens laid out: the cards in view do not sit on each other', async () => {
    await page.getByTestId('open-file-input').setInputFiles({ name: 'stacked.cnn.json', mimeType: 'application/json', buffer: stackedFile() });
    await expect.poll(() => page.getByTestId('doc-name').textContent(), { timeout: 30_000 }).toBe('Stacked');
    await expect.poll(async () => (await cardBoxes(page)).length, { timeout: 30_000 }).toBeGreaterThan(3);
    const boxes = await cardBoxes(page);
    let overlapping = 0;
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i];
        const b = boxes[j];
        const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
        const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
        if (w > 0 && h > 0) overlapping++;
      }
    }
    expect({ cards: boxes.length, overlapping }).toEqual({ cards: boxes.length, overlapping: 0 });
    await screenshot(page, 'stacked-file-laid-out');
  });

  it('30 drags of a card: frame times and long tasks measured', async () => {
    const card = page.locator('.react-flow__node').nth(1);
    const start = (await card.boundingBox())!;
    await startRecording(page);
    const t0 = Date.now();
    let x = start.x + start.width / 2;
    const y = start.y + 14;
    for (let i = 0; i < 30; i++) {
      await page.mouse.move(x, y);
      await page.mouse.down();
      const dx = i % 2 === 0 ? 60 : -50;
      await page.mouse.move(x + dx, y + 10, { steps: 10 });
      await page.mouse.move(x + dx, y, { steps: 2 });
      await page.mouse.up();
      x += dx;
    }
    const wall = Date.now() - t0;
    const { frames, longTasks } = await stopRecording(page);
    const end = (await card.boundingBox())!;
    expect(Math.round(end.x - start.x)).toBeGreaterThan(100);
    console.log(
      `301 nodes, 30 drags (12 moves each): ${wall} ms wall; frames ${frames.length}, median ${percentile(frames, 0.5).toFixed(1)} ms, `
      + `p95 ${percentile(frames, 0.95).toFixed(1)} ms, max ${Math.max(...frames).toFixed(1)} ms; `
      + `long tasks ${longTasks.length}, longest ${longTasks.length ? Math.max(...longTasks).toFixed(0) : 0} ms, total ${longTasks.reduce((a, b) => a + b, 0).toFixed(0)} ms`,
    );
  }, 180_000);

  it('logged no console errors or warnings', () => {
    expect(consoleProblems).toEqual([]);
  });
});
