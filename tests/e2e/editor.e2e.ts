import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { baseUrl, launchBrowser, openApp, screenshot } from './harness';
import { clickAsPerson } from './personClick';
import { createShareLink } from '../../src/share/shareLink';
import { branchingGraph } from '../ui/fixtures/branchingGraph';
import { LAYER_KINDS } from '../../src/core/graph/types';
import { LAYERS } from '../../src/core/layers/registry';

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

const node = (name: string): Locator => page.getByTestId(`node-${name}`);
const shapeOn = (name: string) => node(name).getByTestId('node-shape').textContent();

/** The centre of an element in page coordinates. */
async function centreOf(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('element is not visible');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drags a palette item onto the canvas at page point (x, y) with HTML5 drag and drop, as a mouse would. */
async function dropFromPalette(kind: string, x: number, y: number): Promise<void> {
  const canvas = page.getByTestId('canvas');
  const box = (await canvas.boundingBox())!;
  await page.getByTestId(`palette-${kind}`).dragTo(canvas, { targetPosition: { x: x - box.x, y: y - box.y } });
}

/** Drags from `from`'s output handle to `to`'s input handle with the real mouse. */
async function wire(from: string, to: string): Promise<void> {
  const source = await centreOf(node(from).locator('.react-flow__handle.source'));
  const target = await centreOf(node(to).locator('.react-flow__handle.target'));
  await page.mouse.move(source.x, source.y);
  await page.mouse.down();
  await page.mouse.move((source.x + target.x) / 2, (source.y + target.y) / 2, { steps: 5 });
  await page.mouse.move(target.x, target.y, { steps: 5 });
  await page.mouse.up();
}

/** The canvas zoom, read from React Flow's viewport transform. */
async function canvasZoom(): Promise<number> {
  const transform = await page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);
  return Number(/scale\(([\d.]+)\)/.exec(transform)![1]);
}

/** Clicks the fit-view control (the whole graph, however small) and waits out its 200 ms animation. */
async function showWholeGraph(): Promise<void> {
  await page.locator('.react-flow__controls-fitview').click();
  await page.waitForTimeout(350);
}

describe('editor, used like a person would', () => {
  it('opens LeNet-5 on first load and shows 61,706 total params', async () => {
    await expect.poll(() => page.getByTestId('total-params').textContent()).toBe('61,706');
    expect(await shapeOn('C1')).toBe('28x28x6');
    expect(await shapeOn('C5')).toBe('1x1x120');
    // Readable at 100 % browser zoom: names and shapes are 13 px at a canvas zoom of at least 0.85,
    // so at least 11 px on screen, and the graph is shown from its Input at the top of the canvas.
    await expect.poll(canvasZoom).toBeGreaterThanOrEqual(0.85);
    const nameSize = await node('C1').locator('.layer-node-name').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    const shapeSize = await node('C1').getByTestId('node-shape').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(Math.min(nameSize, shapeSize) * (await canvasZoom())).toBeGreaterThanOrEqual(11);
    const canvas = (await page.getByTestId('canvas').boundingBox())!;
    const input = (await node('Input').boundingBox())!;
    expect(input.y).toBeGreaterThanOrEqual(canvas.y);
    expect(input.y).toBeLessThan(canvas.y + 60);
    expect(Math.abs(input.x + input.width / 2 - (canvas.x + canvas.width / 2))).toBeLessThan(4);
    await screenshot(page, 'editor-lenet5');
  });

  it('drops Conv2D and Dense from the palette under the pointer', async () => {
    const canvas = (await page.getByTestId('canvas').boundingBox())!;
    const dropAt = { x: canvas.x + canvas.width * 0.78, y: canvas.y + canvas.height * 0.3 };
    await dropFromPalette('Conv2D', dropAt.x, dropAt.y);
    await node('conv2d_1').waitFor();
    const box = (await node('conv2d_1').boundingBox())!;
    expect(dropAt.x).toBeGreaterThan(box.x);
    expect(dropAt.x).toBeLessThan(box.x + box.width);
    expect(dropAt.y).toBeGreaterThan(box.y - 10);
    expect(dropAt.y).toBeLessThan(box.y + box.height);
    await dropFromPalette('Dense', canvas.x + canvas.width * 0.78, canvas.y + canvas.height * 0.62);
    await node('dense_1').waitFor();
    // Not wired yet: nothing to infer from.
    expect(await shapeOn('conv2d_1')).toBe('?');
    await screenshot(page, 'editor-dropped');
  });

  it('wires handle to handle and shows the inferred shapes', async () => {
    // LeNet is taller than the canvas at a readable zoom: zoom out to reach Flatten, as a person would.
    await showWholeGraph();
    await node('Flatten').waitFor();
    await wire('S2', 'conv2d_1');
    // Conv2D defaults 16 @ 3x3 valid on S2's 14x14x6: (14 - 3)/1 + 1 = 12.
    await expect.poll(() => shapeOn('conv2d_1')).toBe('12x12x16');
    await wire('Flatten', 'dense_1');
    await expect.poll(() => shapeOn('dense_1')).toBe('64');
    // The wire into conv2d_1 is labelled with the tensor it carries.
    await expect.poll(() => page.locator('.edge-label', { hasText: '14x14x6' }).count()).toBe(2);
    // Both new layers add params: 61,706 + 16*(3*3*6 + 1) + 64*(120 + 1) = 61,706 + 880 + 7,744.
    await expect.poll(() => page.getByTestId('total-params').textContent()).toBe('70,330');
    await screenshot(page, 'editor-wired');
  });

  it('shows a too-large kernel as an error with its arithmetic, and its fix removes it', async () => {
    await node('conv2d_1').click();
    await expect.poll(() => page.getByTestId('inspector').locator('h2').textContent()).toContain('conv2d_1');
    const rows = page.getByTestId('field-kernelSize').first();
    expect(await page.getByTestId('arithmetic-rows').textContent()).toBe('(14 + 2*0 - 3)/1 + 1 = 12');
    const kernel = page.getByLabel('Kernel size rows');
    await kernel.fill('15');
    await expect.poll(() => node('conv2d_1').getAttribute('class')).toContain('is-error');
    expect(await node('conv2d_1').getAttribute('title')).toMatch(/kernel/i);
    expect(await shapeOn('conv2d_1')).toBe('?');
    expect(await page.getByTestId('arithmetic-rows').textContent()).toBe('(14 + 2*0 - 15)/1 + 1 = 0');
    const diag = page.getByTestId('diagnostics').locator('[data-code="window-too-large"]');
    await diag.waitFor();
    await screenshot(page, 'editor-kernel-error');
    void rows;
    await diag.getByTestId('fix-button').first().click();
    await expect.poll(() => diag.count()).toBe(0);
    await expect.poll(() => node('conv2d_1').getAttribute('class')).not.toContain('is-error');
    expect(await shapeOn('conv2d_1')).not.toBe('?');
    await screenshot(page, 'editor-kernel-fixed');
  });

  it('refuses a bad typed value inline without touching the graph', async () => {
    const filters = page.getByTestId('inspector').getByLabel('Filters');
    const before = await shapeOn('conv2d_1');
    await filters.fill('0');
    await page.getByTestId('field-message').first().waitFor();
    expect(await page.getByTestId('field-message').first().textContent()).toMatch(/filters must be a whole number from 1/);
    expect(await filters.inputValue()).toBe('0');
    expect(await shapeOn('conv2d_1')).toBe(before);
    await filters.fill('abc');
    expect(await page.getByTestId('field-message').first().textContent()).toContain('is not a number');
    await filters.fill('16');
    await expect.poll(() => page.getByTestId('field-message').count()).toBe(0);
  });

  it('undoes the fix (error back) and redoes it (error gone)', async () => {
    await page.getByTestId('canvas').click({ position: { x: 30, y: 30 } });
    await page.keyboard.press('Control+z');
    await expect.poll(() => node('conv2d_1').getAttribute('class')).toContain('is-error');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => node('conv2d_1').getAttribute('class')).not.toContain('is-error');
    await page.getByTestId('undo-button').click();
    await expect.poll(() => node('conv2d_1').getAttribute('class')).toContain('is-error');
    await page.getByTestId('redo-button').click();
    await expect.poll(() => node('conv2d_1').getAttribute('class')).not.toContain('is-error');
  });

  it('refuses a second input and a cycle, saying why', async () => {
    await wire('C1', 'conv2d_1');
    await expect.poll(() => page.getByTestId('notice').textContent()).toMatch(/takes one input and already has one from S2/);
    const canvas = (await page.getByTestId('canvas').boundingBox())!;
    await dropFromPalette('Add', canvas.x + canvas.width * 0.3, canvas.y + canvas.height * 0.2);
    await node('add_1').waitFor();
    // Duplicate it with the keyboard (the new Add is selected after the drop).
    await page.keyboard.press('Control+d');
    await node('add_2').waitFor();
    // The copy lands slightly offset, over the original: drag it aside with the mouse.
    const header = await centreOf(node('add_2').locator('.layer-node-header'));
    await page.mouse.move(header.x, header.y);
    await page.mouse.down();
    await page.mouse.move(header.x + 120, header.y + 60, { steps: 8 });
    await page.mouse.move(header.x + 240, header.y + 120, { steps: 8 });
    await page.mouse.up();
    await wire('add_1', 'add_2');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(11);
    await wire('add_2', 'add_1');
    await expect.poll(() => page.getByTestId('notice').textContent()).toMatch(/add_2 → add_1 would make a cycle/);
    expect(await page.locator('.react-flow__edge').count()).toBe(11);
    await screenshot(page, 'editor-cycle-refused');
  });

  it('deletes with the Delete key and undoes it', async () => {
    await node('add_2').click();
    await page.keyboard.press('Delete');
    await expect.poll(() => node('add_2').count()).toBe(0);
    await page.keyboard.press('Control+z');
    await node('add_2').waitFor();
  });

  it('copies and pastes with the keyboard, and undoes the paste', async () => {
    await node('add_2').click();
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await node('add_3').waitFor();
    await page.keyboard.press('Control+z');
    await expect.poll(() => node('add_3').count()).toBe(0);
  });

  it('adds a layer below the selected one from the keyboard', async () => {
    await node('conv2d_1').click();
    await page.getByTestId('palette-Activation').focus();
    await page.keyboard.press('Enter');
    await node('activation_1').waitFor();
    // Wired below conv2d_1, so it carries conv2d_1's shape.
    await expect.poll(() => shapeOn('activation_1')).toBe(await shapeOn('conv2d_1'));
    const above = (await node('conv2d_1').boundingBox())!;
    const below = (await node('activation_1').boundingBox())!;
    expect(below.y).toBeGreaterThan(above.y + above.height);
  });

  it('moves a node with the mouse as one undo step', async () => {
    const header = await centreOf(node('dense_1').locator('.layer-node-header'));
    const before = (await node('dense_1').boundingBox())!;
    await page.mouse.move(header.x, header.y);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(header.x + i * 8, header.y + i * 5);
    await page.mouse.up();
    const after = (await node('dense_1').boundingBox())!;
    expect(after.x - before.x).toBeGreaterThan(60);
    await page.keyboard.press('Control+z');
    await expect.poll(async () => Math.round((await node('dense_1').boundingBox())!.x)).toBe(Math.round(before.x));
  });

  it('auto-layout arranges everything top to bottom', async () => {
    await page.getByTestId('layout-button').click();
    // The layout is framed from the top at a readable zoom (down to 70 % for a graph whose branches
    // would not fit the width at 85 %); zoom out to see Output too.
    await expect.poll(canvasZoom).toBeGreaterThanOrEqual(0.7);
    await showWholeGraph();
    await expect.poll(async () => {
      const input = (await node('Input').boundingBox())!;
      const output = (await node('Output').boundingBox())!;
      return output.y > input.y + input.height;
    }).toBe(true);
    await screenshot(page, 'editor-auto-layout');
  });

  it('loads a preset from the menu, laid out, with its published size', async () => {
    await page.getByTestId('presets-button').click();
    await page.getByTestId('preset-tinyvgg').click();
    // CNN Explainer's TinyVGG: four 3x3 convs of 10 filters on 3, 10, 10, 10 channels and a 1690 -> 10 dense:
    // (27+1)*10 + 3*(90+1)*10 + (1690+1)*10 = 280 + 2,730 + 16,910 = 19,920.
    await expect.poll(() => page.getByTestId('total-params').textContent()).toBe('19,920');
    await expect.poll(() => page.getByTestId('no-diagnostics').count()).toBe(1);
    // Framed: the column of layers is centred in the canvas.
    const canvasMid = await centreOf(page.getByTestId('canvas'));
    await expect.poll(async () => Math.abs((await centreOf(node('conv_1_1'))).x - canvasMid.x), { timeout: 3000 }).toBeLessThan(20);
    await screenshot(page, 'editor-tinyvgg');
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('total-params').textContent()).not.toBe('19,920');
  });

  it('filters the palette', async () => {
    // Every kind is in the palette; 'pool' keeps the pooling kinds (their names or hints say pool).
    const pooling = LAYER_KINDS.filter((k) => k.toLowerCase().includes('pool') || LAYERS[k].hint.toLowerCase().includes('pool')).length;
    await page.getByTestId('palette-filter').fill('pool');
    expect(await page.locator('[data-testid^="palette-"][draggable="true"]').count()).toBe(pooling);
    await page.getByTestId('palette-filter').fill('');
    expect(await page.locator('[data-testid^="palette-"][draggable="true"]').count()).toBe(LAYER_KINDS.length);
  });

  it('measures a param change on a 300-node graph', async () => {
    const count = await page.evaluate(() => window.__cnnBench!.loadGenerated(300));
    expect(count).toBeGreaterThanOrEqual(300);
    await page.waitForTimeout(500);
    const times: number[] = [];
    for (let i = 0; i < 7; i++) times.push(await page.evaluate(() => window.__cnnBench!.setParamAndMeasure()));
    times.sort((a, b) => a - b);
    console.log(`300-node param change to painted frame: median ${times[3].toFixed(1)} ms, all ${times.map((t) => t.toFixed(1)).join(', ')}`);
    await screenshot(page, 'editor-300-nodes');
  });

  it('logged no console errors or warnings', () => {
    expect(consoleProblems).toEqual([]);
  });

  it('follows a dark colour scheme', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'dark' });
    const dark = await context.newPage();
    const problems: string[] = [];
    dark.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text()); });
    await dark.goto(page.url());
    await expect.poll(() => dark.getByTestId('total-params').textContent()).toBe('61,706');
    await dark.getByTestId('node-C3').click();
    const bg = await dark.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe('rgb(21, 24, 29)');
    await screenshot(dark, 'editor-dark');
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('finding, selecting and theming, in a fresh LeNet-5', () => {
  let p: Page;
  let problems: string[];
  let close: () => Promise<void>;
  const at = (name: string): Locator => p.getByTestId(`node-${name}`);
  const isSelected = async (name: string) => (await at(name).getAttribute('class'))!.includes('is-selected');
  const edgeCount = () => p.locator('.react-flow__edge').count();

  beforeAll(async () => {
    const opened = await openApp(browser);
    p = opened.page;
    problems = opened.consoleProblems;
    close = () => opened.context.close();
  });

  afterAll(async () => {
    await close?.();
  });

  it('clicking a diagnostic selects its node and brings it to the middle of the canvas', async () => {
    await expect.poll(() => p.getByTestId('total-params').textContent()).toBe('61,706');
    await at('C3').click();
    await p.getByLabel('Kernel size rows').fill('15');
    const diag = p.getByTestId('diagnostics').locator('[data-code="window-too-large"]');
    await diag.waitFor();
    // Deselect, then pan C3 out of sight by dragging empty canvas up and aside.
    const canvas = (await p.getByTestId('canvas').boundingBox())!;
    // Empty canvas: left of the centred column, clear of the zoom controls at the bottom left.
    await p.mouse.click(canvas.x + 150, canvas.y + 120);
    await expect.poll(() => isSelected('C3')).toBe(false);
    await p.mouse.move(canvas.x + 150, canvas.y + canvas.height - 100);
    await p.mouse.down();
    await p.mouse.move(canvas.x + 300, canvas.y + 200, { steps: 6 });
    await p.mouse.move(canvas.x + 450, canvas.y + 5, { steps: 6 });
    await p.mouse.up();
    const away = (await at('C3').boundingBox())!;
    expect(away.y + away.height < canvas.y || away.y > canvas.y + canvas.height || away.x > canvas.x + canvas.width).toBe(true);

    await diag.locator('.diagnostic-message').click();
    await expect.poll(() => isSelected('C3')).toBe(true);
    expect(await p.getByTestId('inspector').locator('h2').textContent()).toContain('C3');
    // After the 300 ms animation, C3 is inside the canvas, its centre at the canvas centre.
    await expect.poll(async () => {
      const box = (await at('C3').boundingBox())!;
      const inside = box.x >= canvas.x && box.y >= canvas.y && box.x + box.width <= canvas.x + canvas.width && box.y + box.height <= canvas.y + canvas.height;
      const offCentre = Math.hypot(box.x + box.width / 2 - (canvas.x + canvas.width / 2), box.y + box.height / 2 - (canvas.y + canvas.height / 2));
      return inside && offCentre < 4;
    }).toBe(true);
    await screenshot(p, 'editor-diagnostic-centred');
    // Put C3 back with undo (the kernel edit was one step), then frame the graph again from the top.
    await p.mouse.click(canvas.x + 150, canvas.y + 120);
    await p.keyboard.press('Control+z');
    await expect.poll(() => p.getByTestId('no-diagnostics').count()).toBe(1);
    expect(await at('C3').getByTestId('node-shape').textContent()).toBe('10x10x16');
    await p.getByTestId('layout-button').click();
    await expect.poll(async () => (await at('Input').boundingBox())!.y).toBeLessThan(canvas.y + 60);
  });

  it('shift-drag selects several nodes, Delete removes them, undo brings them and their wires back', async () => {
    // The Auto-layout before this one fetches ELK on first use and then animates the view: wait
    // until the cards stop moving before drawing a box around two of them.
    const boxes = async () => JSON.stringify([await at('C1').boundingBox(), await at('S2').boundingBox()]);
    let last = '';
    await expect.poll(async () => {
      const now = await boxes();
      const still = now === last;
      last = now;
      if (!still) await p.waitForTimeout(150);
      return still;
    }, { timeout: 20_000 }).toBe(true);
    const c1 = (await at('C1').boundingBox())!;
    const s2 = (await at('S2').boundingBox())!;
    const edgesBefore = await edgeCount();
    // A box around C1 and S2 only (the selection takes nodes wholly inside it).
    await p.keyboard.down('Shift');
    await p.mouse.move(c1.x - 30, c1.y - 12);
    await p.mouse.down();
    await p.mouse.move(s2.x + s2.width / 2, s2.y, { steps: 5 });
    await p.mouse.move(s2.x + s2.width + 30, s2.y + s2.height + 6, { steps: 5 });
    await p.mouse.up();
    await p.keyboard.up('Shift');
    await expect.poll(async () => [await isSelected('C1'), await isSelected('S2'), await isSelected('Input'), await isSelected('C3')]).toEqual([true, true, false, false]);
    // Only nodes: the Shift press did not also select the page's text.
    expect(await p.evaluate(() => window.getSelection()?.toString() ?? '')).toBe('');
    await screenshot(p, 'editor-box-selected');
    await p.keyboard.press('Delete');
    await expect.poll(async () => (await at('C1').count()) + (await at('S2').count())).toBe(0);
    // Input -> C1 -> S2 -> C3: three wires gone; C3 has no input, so nothing below it has a shape.
    expect(await edgeCount()).toBe(edgesBefore - 3);
    expect(await at('C3').getByTestId('node-shape').textContent()).toBe('?');
    await p.keyboard.press('Control+z');
    await at('C1').waitFor();
    await at('S2').waitFor();
    await expect.poll(edgeCount).toBe(edgesBefore);
    expect(await at('C3').getByTestId('node-shape').textContent()).toBe('10x10x16');
    expect(await p.getByTestId('total-params').textContent()).toBe('61,706');
  });

  it('Tab reaches a palette item and Enter adds it below the selected node, wired to it; Ctrl+Shift+Z redoes', async () => {
    await at('S4').click();
    const edgesBefore = await edgeCount();
    await p.getByTestId('palette-filter').focus();
    // Tab through the palette as a keyboard user would, until Dropout has focus.
    let focused = '';
    for (let i = 0; i < 20 && focused !== 'palette-Dropout'; i++) {
      await p.keyboard.press('Tab');
      focused = await p.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '');
    }
    expect(focused).toBe('palette-Dropout');
    await p.keyboard.press('Enter');
    await at('dropout_1').waitFor();
    // One new wire, S4 -> dropout_1, so dropout_1 carries S4's 5x5x16.
    await expect.poll(edgeCount).toBe(edgesBefore + 1);
    expect(await at('dropout_1').getByTestId('node-shape').textContent()).toBe('5x5x16');
    expect(await p.locator('.edge-label', { hasText: /^5x5x16$/ }).count()).toBe(2);
    const s4 = (await at('S4').boundingBox())!;
    const added = (await at('dropout_1').boundingBox())!;
    expect(added.y).toBeGreaterThan(s4.y + s4.height);
    expect(await isSelected('dropout_1')).toBe(true);
    await screenshot(p, 'editor-keyboard-added');

    await p.keyboard.press('Control+z');
    await expect.poll(() => at('dropout_1').count()).toBe(0);
    expect(await edgeCount()).toBe(edgesBefore);
    await p.keyboard.press('Control+Shift+Z');
    await at('dropout_1').waitFor();
    await expect.poll(edgeCount).toBe(edgesBefore + 1);
    expect(await at('dropout_1').getByTestId('node-shape').textContent()).toBe('5x5x16');
  });

  it('the summary shows every Layer, Kind, Output, Params, MACs and Memory cell uncut, without sideways scrolling', async () => {
    for (const [id, params] of [['vgg16', '138,357,544'], ['inception-block', '163,696'], ['tinyvgg', '19,920']]) {
      await p.getByTestId('presets-button').click();
      await p.getByTestId(`preset-${id}`).click();
      await expect.poll(() => p.getByTestId('total-params').textContent()).toBe(params);
      const cut = await p.getByTestId('summary').evaluate((section) => {
        const cells = [...section.querySelectorAll('tbody tr')].flatMap((row) => [...row.querySelectorAll('td')].slice(0, 6));
        // A cell's content wider than its box is cut off by the ellipsis.
        return cells.filter((td) => td.scrollWidth > td.clientWidth + 0.5).map((td) => td.textContent);
      });
      expect(cut).toEqual([]);
      const overflow = await p.getByTestId('summary').evaluate((el) => el.scrollWidth - el.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await screenshot(p, `editor-summary-${id}`);
    }
  });

  it('the theme menu switches to dark, is remembered in the library settings over a reload, and System follows the OS live', async () => {
    const background = () => p.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await p.emulateMedia({ colorScheme: 'light' });
    const pick = async (choice: string) => {
      await p.getByTestId('theme-button').click();
      await p.getByTestId(`theme-${choice}`).click();
    };
    const choice = () => p.getByTestId('theme-button').getAttribute('data-choice');
    expect(await choice()).toBe('system');
    expect(await background()).toBe('rgb(246, 247, 249)');
    await pick('dark');
    await expect.poll(background).toBe('rgb(21, 24, 29)');
    await screenshot(p, 'editor-theme-dark');
    // The library database holds it: drop the localStorage copy and reload.
    await expect.poll(() => p.evaluate(() => new Promise((resolve) => {
      const open = indexedDB.open('cnn-graph-studio');
      open.onsuccess = () => {
        const get = open.result.transaction('settings').objectStore('settings').get('theme');
        get.onsuccess = () => { resolve(get.result?.value); open.result.close(); };
      };
    }))).toBe('dark');
    await p.evaluate(() => localStorage.removeItem('cnn-graph-studio.theme'));
    await p.reload();
    await expect.poll(choice).toBe('dark');
    await expect.poll(background).toBe('rgb(21, 24, 29)');
    // System follows the operating system as it changes, without a reload.
    await pick('system');
    await expect.poll(background).toBe('rgb(246, 247, 249)');
    await p.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(background).toBe('rgb(21, 24, 29)');
    await p.emulateMedia({ colorScheme: 'light' });
    await expect.poll(background).toBe('rgb(246, 247, 249)');
  });

  it('at 1280x720, with a long name, unsaved changes and a run time, every toolbar button fits and Run stays whole', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const p = await context.newPage();
    await p.goto(baseUrl());
    await p.getByTestId('presets-button').click();
    await p.getByRole('menuitem', { name: /LeNet-5 for MNIST \(trained\)/ }).click();
    await expect.poll(() => p.getByTestId('doc-name').textContent()).toBe('LeNet-5 for MNIST (trained)');
    await p.getByTestId('toolbar-run-button').click();
    await p.getByTestId('node-C1').click();
    // The status reads "Unsaved changes" (its longest) for the moment after an edit.
    await p.getByLabel('Filters').fill('7');
    const bar = await p.locator('header.toolbar').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(bar.scroll).toBeLessThanOrEqual(bar.client);
    const run = (await p.getByTestId('toolbar-run-button').boundingBox())!;
    expect(run.x + run.width).toBeLessThanOrEqual(1280);
    // And the name keeps more than a couple of letters.
    expect((await p.getByTestId('doc-name').boundingBox())!.width).toBeGreaterThan(60);
    await context.close();
  });

  it('logged no console errors or warnings', () => {
    expect(problems).toEqual([]);
  });
});

describe('wire labels on branching graphs, measured in the page', () => {
  let p: Page;
  let problems: string[];
  let close: () => Promise<void>;

  beforeAll(async () => {
    const opened = await openApp(browser);
    p = opened.page;
    problems = opened.consoleProblems;
    close = () => opened.context.close();
  });

  afterAll(async () => {
    await close?.();
  });

  /**
   * Every overlap between two edge labels or a label and a node card, from getBoundingClientRect,
   * and every label whose centre is further than half its width (plus a little) from its own wire.
   */
  const measureLabels = () => p.evaluate(() => {
    const rects = (selector: string) => [...document.querySelectorAll<HTMLElement>(selector)].map((el) => ({ el, r: el.getBoundingClientRect() }));
    const labels = rects('.edge-label');
    const cards = rects('.layer-node');
    const hit = (a: DOMRect, b: DOMRect) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
    const overlaps: string[] = [];
    labels.forEach((a, i) => {
      for (const b of labels.slice(i + 1)) if (hit(a.r, b.r)) overlaps.push(`${a.el.dataset.testid} x ${b.el.dataset.testid}`);
      for (const c of cards) if (hit(a.r, c.r)) overlaps.push(`${a.el.dataset.testid} x ${c.el.dataset.testid}`);
    });
    const astray: string[] = [];
    for (const { el, r } of labels) {
      const path = document.getElementById(el.dataset.testid!.replace('edge-label-', '')) as SVGPathElement | null;
      if (!path) { astray.push(`${el.dataset.testid}: no wire`); continue; }
      const ctm = path.getScreenCTM()!;
      const length = path.getTotalLength();
      const cx = r.left + r.width / 2;
      const cy = r.top + r.height / 2;
      let nearest = Infinity;
      for (let i = 0; i <= 200; i++) {
        const q = new DOMPoint(path.getPointAtLength((length * i) / 200).x, path.getPointAtLength((length * i) / 200).y).matrixTransform(ctm);
        nearest = Math.min(nearest, Math.hypot(q.x - cx, q.y - cy));
      }
      if (nearest > r.width / 2 + 10) astray.push(`${el.dataset.testid}: ${Math.round(nearest)} px from its wire`);
    }
    return { labels: labels.length, cards: cards.length, overlaps, astray };
  });

  it.each([
    ['inception-block', '163,696', 11, 9],
    ['resnet-block', '74,240', 8, 8],
  ] as const)('%s: no label overlaps another label or a card, and each sits by its own wire', async (id, params, edges, nodes) => {
    await p.getByTestId('presets-button').click();
    await p.getByTestId(`preset-${id}`).click();
    await expect.poll(() => p.getByTestId('total-params').textContent()).toBe(params);
    // The preset is laid out once its cards are measured; wait for the labels to settle there.
    await expect.poll(async () => (await measureLabels()).labels).toBe(edges);
    await p.waitForTimeout(600);
    const measured = await measureLabels();
    expect(measured.cards).toBe(nodes);
    expect(measured.overlaps).toEqual([]);
    expect(measured.astray).toEqual([]);
    await screenshot(p, `editor-labels-${id}`);
  });

  /** The framed view: zoom, and every card that is cut by the canvas edge or lies under the MiniMap or Controls. */
  const measureFraming = () => p.evaluate(() => {
    const canvas = document.querySelector('[data-testid="canvas"] .react-flow')!.getBoundingClientRect();
    const overlays = ['.react-flow__minimap', '.react-flow__controls'].map((s) => document.querySelector(s)!.getBoundingClientRect());
    const zoom = new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')!).transform).a;
    const cut: string[] = [];
    const covered: string[] = [];
    const cards = [...document.querySelectorAll<HTMLElement>('.react-flow__node')];
    for (const card of cards) {
      const r = card.getBoundingClientRect();
      const name = card.querySelector('[data-testid^="node-"]')?.getAttribute('data-testid') ?? card.dataset.id ?? '?';
      const visible = r.bottom > canvas.top && r.top < canvas.bottom && r.right > canvas.left && r.left < canvas.right;
      if (visible && (r.left < canvas.left || r.right > canvas.right || r.top < canvas.top || r.bottom > canvas.bottom)) cut.push(name);
      if (overlays.some((o) => r.left < o.right && o.left < r.right && r.top < o.bottom && o.top < r.bottom)) covered.push(name);
    }
    return { zoom, cards: cards.length, cut, covered };
  });

  it.each([
    // [preset, params, whole]: whole = the graph fits on screen at 70 % or more, so every card shows;
    // the others (ResNet's 8-card chain too) are taller than the 1440x900 canvas and shown from the top.
    ['inception-block', '163,696', true],
    ['resnet-block', '74,240', false],
    ['lenet5', '61,706', false],
    ['vgg16', '138,357,544', false],
  ] as const)('%s is framed readably: zoom >= 70 %, no card under the MiniMap or Controls', async (id, params, whole) => {
    await p.getByTestId('presets-button').click();
    await p.getByTestId(`preset-${id}`).click();
    await expect.poll(() => p.getByTestId('total-params').textContent()).toBe(params);
    // Framing runs once the laid-out cards are measured.
    await p.waitForTimeout(800);
    const framed = await measureFraming();
    await screenshot(p, `editor-framed-${id}`);
    expect(framed.zoom).toBeGreaterThanOrEqual(0.7);
    expect(framed.zoom).toBeLessThanOrEqual(1);
    expect(framed.covered).toEqual([]);
    if (whole) expect(framed.cut).toEqual([]);
  });

  /** Every Inputs cell that hides part of its text: cut sideways, or a name not wholly inside the cell. */
  const cutInputs = (page: Page) => page.getByTestId('summary').evaluate((section) => {
    const cells = [...section.querySelectorAll<HTMLElement>('tbody td.inputs')];
    return {
      cells: cells.length,
      cut: cells.filter((td) => {
        const box = td.getBoundingClientRect();
        const inside = [...td.querySelectorAll('span')].every((span) => [...span.getClientRects()].every((r) =>
          r.left >= box.left - 0.5 && r.right <= box.right + 0.5 && r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5));
        return td.scrollWidth > td.clientWidth + 0.5 || !inside || td.textContent !== td.title;
      }).map((td) => td.title),
      // The longest row: Concatenate's four inputs wrap onto more lines.
      tallest: Math.max(...cells.map((td) => td.getBoundingClientRect().height)),
      columnWidth: [...section.querySelectorAll('th')].at(-1)!.getBoundingClientRect().width,
    };
  });

  it.each([[1280, 720], [1440, 900]])('at %i px the summary Inputs column shows every name whole, long names wrapped onto more lines', async (width, height) => {
    const long = structuredClone(branchingGraph);
    const names: Record<string, string> = { in: 'camera_frame_input', c1: 'feature_extractor_conv_a', c2: 'feature_extractor_conv_b', add: 'residual_sum', cat: 'merged feature maps' };
    for (const n of long.nodes) n.name = names[n.id];
    const link = createShareLink(long, baseUrl());
    if (!link.ok) throw new Error(link.error.message);
    const context = await browser.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    await page.goto(link.url);
    await page.getByTestId('summary-row-merged feature maps').waitFor();
    const long1 = await cutInputs(page);
    expect(long1.cells).toBe(5);
    expect(long1.cut).toEqual([]);
    // 'feature_extractor_conv_a, feature_extractor_conv_b' does not fit one line at either width.
    expect(long1.tallest).toBeGreaterThan(23);
    // Long layer names never squeeze Inputs below its floor: the table scrolls sideways instead.
    expect(long1.columnWidth).toBeGreaterThanOrEqual(43.5);
    await screenshot(page, `editor-summary-inputs-long-${width}`);
    await page.getByTestId('presets-button').click();
    await page.getByTestId('preset-inception-block').click();
    // Opening a preset lays it out with ELK, loaded on first use: give it time on a busy machine.
    await expect.poll(() => page.getByTestId('total-params').textContent(), { timeout: 15_000 }).toBe('163,696');
    const inception = await cutInputs(page);
    expect(inception.cells).toBe(9);
    expect(inception.cut).toEqual([]);
    expect(inception.columnWidth).toBeGreaterThanOrEqual(43.5);
    await screenshot(page, `editor-summary-inputs-inception-${width}`);
    await context.close();
  });

  it('logged no console errors or warnings', () => {
    expect(problems).toEqual([]);
  });
});

describe('a Rescaling scale typed as a fraction', () => {
  it('1/127.5 with offset -1 is taken as typed and reads back on the card', async () => {
    const app = await openApp(browser);
    const p = app.page;
    await p.getByTestId('total-params').waitFor();
    const canvas = p.getByTestId('canvas');
    const box = (await canvas.boundingBox())!;
    await p.getByTestId('palette-Rescaling').dragTo(canvas, { targetPosition: { x: box.width * 0.8, y: box.height * 0.3 } });
    const card = p.getByTestId('node-rescaling_1');
    await card.waitFor();
    await clickAsPerson(p, card.locator('.layer-node-name'), 'Rescaling card');
    const scale = p.getByTestId('inspector').getByLabel('Scale');
    await scale.fill('1/127.5');
    await scale.press('Enter');
    const offset = p.getByTestId('inspector').getByLabel('Offset');
    await offset.fill('-1');
    await offset.press('Enter');
    await expect.poll(() => card.textContent()).toContain('× 1/127.5 − 1');
    // The field keeps the text as typed; the document holds the quotient (the card reads it back as a fraction).
    expect(await scale.inputValue()).toBe('1/127.5');
    expect(app.consoleProblems).toEqual([]);
    await app.context.close();
  });
});
