import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findContrastProblems } from './contrast';
import { launchBrowser, openApp, screenshot } from './harness';
import { clickAsPerson } from './personClick';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

const saved = (page: Page) => expect.poll(() => page.getByTestId('save-status').textContent(), { timeout: 10_000 }).toBe('Saved');

async function dropFromPalette(page: Page, kind: string, fx: number, fy: number): Promise<void> {
  const canvas = page.getByTestId('canvas');
  const box = (await canvas.boundingBox())!;
  await page.getByTestId(`palette-${kind}`).dragTo(canvas, { targetPosition: { x: box.width * fx, y: box.height * fy } });
}

/** C3's filters typed into the inspector, as a person edits a param. */
async function setC3Filters(page: Page, value: string): Promise<void> {
  await clickAsPerson(page, page.getByTestId('node-C3').locator('.layer-node-name'), 'C3 card');
  const filters = page.getByTestId('inspector').getByLabel('Filters');
  await filters.fill(value);
  await filters.press('Enter');
  await expect.poll(() => page.getByTestId('node-C3').getByTestId('node-shape').textContent()).toBe(`10x10x${value}`);
}

const classOf = (page: Page, testId: string) => page.getByTestId(testId).getAttribute('class');

/** How many layer cards overlap the canvas on screen. */
const layersInView = (page: Page) => page.evaluate(() => {
  const canvas = document.querySelector('[data-testid=canvas]')!.getBoundingClientRect();
  return [...document.querySelectorAll('.react-flow__node')].filter((n) => {
    const r = n.getBoundingClientRect();
    return r.right > canvas.left && r.left < canvas.right && r.bottom > canvas.top && r.top < canvas.bottom;
  }).length;
});

describe('compare versions', () => {
  it('a revision compared with the open graph: marked cards, a ghost, the change list, totals, and leaving', async () => {
    const { context, page, consoleProblems } = await openApp(browser);
    await expect.poll(() => page.getByTestId('total-params').textContent()).toBe('61,706');
    await saved(page);
    // The revision: LeNet-5 plus a Dropout hanging off nothing.
    await dropFromPalette(page, 'Dropout', 0.85, 0.25);
    await page.getByTestId('node-dropout_1').waitFor();
    await page.getByTestId('canvas').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+s');
    await saved(page);
    // Since then: the Dropout deleted, C3 widened to 32 filters, a Conv2D added.
    await clickAsPerson(page, page.getByTestId('node-dropout_1').locator('.layer-node-name'), 'Dropout card');
    await page.keyboard.press('Delete');
    await expect.poll(() => page.getByTestId('node-dropout_1').count()).toBe(0);
    await setC3Filters(page, '32');
    await dropFromPalette(page, 'Conv2D', 0.85, 0.6);
    await page.getByTestId('node-conv2d_1').waitFor();

    await clickAsPerson(page, page.getByTestId('revisions-button'), 'Revisions button');
    await expect.poll(() => page.getByTestId('revision-row').count()).toBe(1);
    await clickAsPerson(page, page.getByTestId('revision-row').getByTestId('compare-revision'), 'Compare with current');
    const panel = page.getByTestId('compare-panel');
    await panel.waitFor();
    expect(await page.getByTestId('compare-counts').textContent()).toBe('1 added · 1 removed · 1 changed · 8 unchanged');
    expect(await classOf(page, 'node-C3')).toContain('diff-changed');
    expect(await page.getByTestId('node-C3').locator('..').getByTestId('compare-tag').textContent()).toBe('~ changed');
    expect(await classOf(page, 'node-conv2d_1')).toContain('diff-added');
    expect(await classOf(page, 'node-C1')).not.toContain('diff-');
    await expect.poll(() => page.getByTestId('ghost-dropout_1').isVisible()).toBe(true);
    const changes = await page.getByTestId('compare-change').allTextContents();
    expect(changes).toEqual([expect.stringContaining('C3.filters 16 -> 32'), expect.stringContaining('conv2d_1'), expect.stringContaining('dropout_1')]);
    // C3 gains 5*5*6*16 + 16 = 2,416 params and C5 5*5*16*120 = 48,000; the unwired Conv2D has no input, so none.
    const totals = await page.getByTestId('compare-totals').textContent();
    expect(totals).toContain('Params61,706 -> 112,122 (+50,416)');
    expect(await page.getByTestId('total-params').textContent()).toBe('112,122');

    // A click on a change selects its layer.
    await clickAsPerson(page, page.getByTestId('node-C1').locator('.layer-node-name'), 'C1 card');
    await clickAsPerson(page, page.getByTestId('compare-change').filter({ hasText: 'C3' }).locator('button'), 'C3 change');
    await expect.poll(() => classOf(page, 'node-C3')).toContain('is-selected');
    expect(await page.getByTestId('field-name').inputValue()).toBe('C3');

    // The comparison follows edits: C3 back at 16 is no longer a change.
    await setC3Filters(page, '16');
    await expect.poll(() => page.getByTestId('compare-counts').textContent()).toBe('1 added · 1 removed · 0 changed · 9 unchanged');
    await setC3Filters(page, '32');

    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
      expect(await findContrastProblems(page, '[data-testid=compare-panel]')).toEqual([]);
      // The marked cards and the ghost (the added Conv2D's own error badge is the editor's, not compare's).
      for (const scope of ['.react-flow__node:has(> .diff-changed)', '.layer-node.diff-added > .diff-tag', '[data-testid=ghost-dropout_1]']) {
        expect(await findContrastProblems(page, scope)).toEqual([]);
      }
      for (const [w, h] of [[1440, 900], [1280, 720], [390, 844]]) {
        await page.setViewportSize({ width: w, height: h });
        await panel.waitFor();
        await screenshot(page, `diff-revision-${w}x${h}-${theme}`);
      }
      await page.setViewportSize({ width: 1440, height: 900 });
    }
    await page.emulateMedia({ colorScheme: 'light' });

    await clickAsPerson(page, page.getByTestId('leave-compare'), 'Leave compare');
    await expect.poll(() => panel.count()).toBe(0);
    expect(await classOf(page, 'node-C3')).not.toContain('diff-');
    expect(await page.getByTestId('ghost-dropout_1').count()).toBe(0);
    expect(await page.getByTestId('compare-tag').count()).toBe(0);
    expect(consoleProblems).toEqual([]);
    await context.close();
  });

  it('the open graph compared with a file; Escape leaves compare', async () => {
    const { context, page, consoleProblems } = await openApp(browser);
    await expect.poll(() => page.getByTestId('total-params').textContent()).toBe('61,706');
    await saved(page);
    await setC3Filters(page, '32');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'diff-e2e-')), 'lenet5.cnn.json');
    writeFileSync(file, readFileSync('src/core/presets/lenet5.json'));
    await clickAsPerson(page, page.getByTestId('revisions-button'), 'Revisions button');
    const chooser = page.waitForEvent('filechooser');
    await clickAsPerson(page, page.getByTestId('compare-file-button'), 'Compare with a file');
    await (await chooser).setFiles(file);
    await page.getByTestId('compare-panel').waitFor();
    expect(await page.getByTestId('compare-panel').textContent()).toContain('Before: "lenet5.cnn.json"');
    expect(await page.getByTestId('compare-counts').textContent()).toBe('0 added · 0 removed · 1 changed · 8 unchanged');
    expect(await page.getByTestId('compare-change').allTextContents()).toEqual([expect.stringContaining('C3.filters 16 -> 32')]);
    await page.getByTestId('canvas').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('compare-panel').count()).toBe(0);
    expect(consoleProblems).toEqual([]);
    await context.close();
  });

  it('wires that changed: added ones coloured, a removed one dashed between the layers it joined', async () => {
    const { context, page, consoleProblems } = await openApp(browser);
    await expect.poll(() => page.getByTestId('total-params').textContent()).toBe('61,706');
    // The file is LeNet-5 before S2 existed: C1 fed C3 directly.
    const before = JSON.parse(readFileSync('src/core/presets/lenet5.json', 'utf8'));
    before.nodes = before.nodes.filter((n: { id: string }) => n.id !== 's2');
    before.edges = [...before.edges.filter((e: { source: string; target: string }) => e.source !== 's2' && e.target !== 's2'), { id: 'bypass', source: 'c1', target: 'c3' }];
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'diff-e2e-')), 'lenet5-no-pool.cnn.json');
    writeFileSync(file, JSON.stringify(before));
    await clickAsPerson(page, page.getByTestId('revisions-button'), 'Revisions button');
    const chooser = page.waitForEvent('filechooser');
    await clickAsPerson(page, page.getByTestId('compare-file-button'), 'Compare with a file');
    await (await chooser).setFiles(file);
    await page.getByTestId('compare-panel').waitFor();
    expect(await classOf(page, 'node-S2')).toContain('diff-added');
    const edge = (id: string) => page.getByTestId(`rf__edge-${id}`);
    // C1 -> S2 and S2 -> C3 are new; Input -> C1 is not.
    for (const id of ['e2', 'e3']) expect(await edge(id).getAttribute('class')).toContain('diff-edge-added');
    expect(await edge('e1').getAttribute('class')).not.toContain('diff-edge-added');
    expect(await edge('e2').getAttribute('aria-label')).toBe('Added wire, 28x28x6');
    const ghost = edge('ghost-edge:bypass');
    await expect.poll(() => ghost.count()).toBe(1);
    expect(await ghost.getAttribute('aria-label')).toBe('Removed wire');
    // Drawn, in the diff colours of the theme, the removed one dashed.
    const stroke = (id: string) => edge(id).locator('path.react-flow__edge-path').evaluate((p) => {
      const s = getComputedStyle(p);
      return { colour: s.stroke, dash: s.strokeDasharray, length: (p as SVGPathElement).getTotalLength() };
    });
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
      const vars = await page.evaluate(() => {
        const probe = document.createElement('div');
        document.body.append(probe);
        const read = (v: string) => { probe.style.color = `var(${v})`; return getComputedStyle(probe).color; };
        const out = { added: read('--diff-added'), removed: read('--diff-removed') };
        probe.remove();
        return out;
      });
      expect((await stroke('e2')).colour).toBe(vars.added);
      const removed = await stroke('ghost-edge:bypass');
      expect(removed.colour).toBe(vars.removed);
      expect(removed.dash).not.toBe('none');
      expect(removed.length).toBeGreaterThan(50);
      for (const [w, h] of [[1440, 900], [1280, 720], [390, 844]]) {
        await page.setViewportSize({ width: w, height: h });
        // Narrowed to a phone, the canvas is framed again rather than left showing none of the graph.
        await expect.poll(() => layersInView(page), { timeout: 5_000 }).toBeGreaterThan(0);
        await screenshot(page, `diff-wires-${w}x${h}-${theme}`);
      }
      await page.setViewportSize({ width: 1440, height: 900 });
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await clickAsPerson(page, page.getByTestId('leave-compare'), 'Leave compare');
    await expect.poll(() => ghost.count()).toBe(0);
    expect(await edge('e2').getAttribute('class')).not.toContain('diff-edge-added');
    expect(consoleProblems).toEqual([]);
    await context.close();
  });
});
