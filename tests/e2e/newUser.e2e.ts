import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launchBrowser, openApp, screenshot } from './harness';
import { PRESETS } from '../../src/core/presets';
import { createShareLink } from '../../src/share/shareLink';
import { branchingGraph } from '../ui/fixtures/branchingGraph';
import { findContrastProblems } from './contrast';
import { centreOnTop, clickAsPerson } from './personClick';

/** What a new user tripped on (issue 14), each at the sizes people use: desktop, laptop, phone. */
const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
  { width: 390, height: 844 },
] as const;

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function openAt(viewport: { width: number; height: number }, hash = ''): Promise<{ page: Page; close: () => Promise<void> }> {
  const { context, page } = await openApp(browser, hash);
  await page.setViewportSize(viewport);
  await page.getByTestId('node-C1').waitFor();
  return { page, close: () => context.close() };
}

async function chooseTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await clickAsPerson(page, page.getByTestId('theme-button'), 'theme button');
  await clickAsPerson(page, page.getByTestId(`theme-${theme}`), `theme menu item ${theme}`);
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
}

describe.each(VIEWPORTS)('menus at $width x $height', (viewport) => {
  it('the Presets menu floats above the page: VGG-16 can be clicked, the toolbar does not scroll', async () => {
    const { page, close } = await openAt(viewport);
    // On a phone the middle of the toolbar scrolls sideways: swipe it to Presets first.
    await page.getByTestId('presets-button').evaluate((el) => el.scrollIntoView({ inline: 'nearest', block: 'nearest' }));
    await clickAsPerson(page, page.getByTestId('presets-button'), 'Presets button');
    const list = page.getByRole('menu', { name: 'Presets' });
    await list.waitFor();
    // Every preset is on top and inside the window (the menu scrolls itself on a short screen).
    const first = page.getByTestId('preset-lenet5');
    await centreOnTop(page, first, 'LeNet-5 item');
    expect(await page.locator('.toolbar').evaluate((el) => el.scrollTop)).toBe(0);
    await screenshot(page, `menu-presets-${viewport.width}x${viewport.height}`);
    const vgg = page.getByTestId('preset-vgg16');
    await vgg.evaluate((el) => el.scrollIntoView({ block: 'nearest' }));
    await clickAsPerson(page, vgg, 'VGG-16 item');
    await expect.poll(() => page.getByTestId('doc-name').textContent()).toBe('VGG-16');
    await expect.poll(() => list.count()).toBe(0);
    await close();
  });

  it('the theme menu works with the mouse and with the arrow keys', async () => {
    const { page, close } = await openAt(viewport);
    await chooseTheme(page, 'dark');
    await chooseTheme(page, 'light');
    // Keyboard: open, ArrowDown to the next choice, Enter.
    await page.getByTestId('theme-button').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menu', { name: 'Theme' }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('theme-light');
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('theme-dark');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('theme-system');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    // Escape closes and gives focus back to the button.
    await page.keyboard.press('Enter');
    await page.getByRole('menu', { name: 'Theme' }).waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('menu', { name: 'Theme' }).count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('theme-button');
    await close();
  });
});

describe.each(['light', 'dark'] as const)('contrast in the %s theme', (theme) => {
  it('every panel, menu and dialog meets WCAG AA (4.5:1 for text)', async () => {
    const { page, close } = await openAt({ width: 1440, height: 900 });
    await chooseTheme(page, theme);
    const report: Record<string, unknown[]> = {};
    const check = async (what: string, scope = 'body') => {
      const problems = await findContrastProblems(page, scope);
      if (problems.length > 0) report[what] = problems;
    };
    await check('editor');
    await page.getByTestId('node-C3').click();
    await check('inspector with C3');
    await clickAsPerson(page, page.getByTestId('presets-button'), 'Presets');
    await check('presets menu', '[role="menu"]');
    await page.keyboard.press('Escape');
    // Run on an MNIST digit: the Run panel with its top 5, then one node's feature maps.
    await clickAsPerson(page, page.getByRole('tab', { name: 'Run' }), 'Run tab');
    await clickAsPerson(page, page.getByTestId('mnist-0'), 'first MNIST digit');
    await clickAsPerson(page, page.getByTestId('run-button'), 'Run');
    await page.getByTestId('top-classes').waitFor();
    await check('run panel', '[data-testid="side-column"]');
    await screenshot(page, `contrast-run-${theme}`);
    await page.getByTestId('thumb-C1').locator('button').first().click();
    await page.locator('.run-modal').waitFor();
    await check('feature-map dialog', '.run-modal');
    await screenshot(page, `contrast-feature-map-${theme}`);
    await page.keyboard.press('Escape');
    await clickAsPerson(page, page.getByTestId('playground-button'), 'Kernels');
    await page.getByTestId('kernel-playground').waitFor();
    await check('kernel playground', '.run-modal');
    await screenshot(page, `contrast-kernels-${theme}`);
    await page.keyboard.press('Escape');
    for (const [button, name] of [['library-button', 'library'], ['share-button', 'share']] as const) {
      await clickAsPerson(page, page.getByTestId(button), name);
      await page.locator('dialog[open]').waitFor();
      await check(`${name} dialog`, 'dialog[open]');
      await page.keyboard.press('Escape');
      await expect.poll(() => page.locator('dialog[open]').count()).toBe(0);
    }
    // A graph with an error, then one with a warning: the cards' badges and the diagnostics list.
    const lenet = () => structuredClone(PRESETS.find((p) => p.id === 'lenet5')!.doc);
    const withError = lenet();
    withError.nodes.find((n) => n.id === 'c5')!.params.kernelSize = 9;
    const withWarning = lenet();
    withWarning.nodes.find((n) => n.id === 'output')!.params.activation = 'relu';
    for (const [doc, severity] of [[withError, 'error'], [withWarning, 'warning']] as const) {
      const link = createShareLink({ ...doc, name: `With an ${severity}` }, baseUrl());
      if (!link.ok) throw new Error(link.error.message);
      await page.evaluate((hash) => { location.hash = hash; }, new URL(link.url).hash);
      await page.locator(`.badge-${severity}`).first().waitFor();
      await page.locator(`.is-${severity} > .diagnostic-icon`).first().waitFor();
      await check(`${severity} badge and diagnostic`);
    }
    await screenshot(page, `contrast-badges-${theme}`);
    expect(report).toEqual({});
    await close();
  });
});

describe('a phone, 390 x 844', () => {
  it('shows the canvas first, keeps Run on screen, and edits through drawers', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
    const page = await context.newPage();
    await page.goto((await import('./harness')).baseUrl());
    await page.getByTestId('node-C1').waitFor();
    const canvas = (await page.getByTestId('canvas').boundingBox())!;
    expect(canvas.width).toBeGreaterThanOrEqual(380);
    expect(canvas.height).toBeGreaterThan(500);
    await centreOnTop(page, page.getByTestId('toolbar-run-button'), 'Run');
    await centreOnTop(page, page.getByTestId('drawer-palette-button'), 'Layers');
    await centreOnTop(page, page.getByTestId('drawer-side-button'), 'Details');
    await screenshot(page, 'phone-canvas');

    // Tap a node, open Details, change C1's filters: the shape follows.
    const c1 = await centreOnTop(page, page.getByTestId('node-C1').locator('.layer-node-header'), 'C1');
    await page.touchscreen.tap(c1.x, c1.y);
    await page.touchscreen.tap(...(Object.values(await centreOnTop(page, page.getByTestId('drawer-side-button'), 'Details')) as [number, number]));
    const filters = page.getByTestId('inspector').getByLabel('Filters');
    await centreOnTop(page, filters, 'Filters field');
    await filters.fill('8');
    await filters.press('Enter');
    await screenshot(page, 'phone-details');
    await page.getByTestId('drawer-scrim').click({ position: { x: 10, y: 300 } });
    await expect.poll(() => page.getByTestId('node-C1').getByTestId('node-shape').textContent()).toBe('28x28x8');

    // The palette drawer: a tap adds a layer below the selected one, wired to it.
    await page.touchscreen.tap(...(Object.values(await centreOnTop(page, page.getByTestId('drawer-palette-button'), 'Layers')) as [number, number]));
    const relu = page.getByTestId('palette-Activation');
    await relu.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await page.touchscreen.tap(...(Object.values(await centreOnTop(page, relu, 'Activation in the palette')) as [number, number]));
    await page.getByTestId('node-activation_1').waitFor();
    await expect.poll(() => page.getByTestId('node-activation_1').getByTestId('node-shape').textContent()).toBe('28x28x8');

    // Run from the toolbar.
    await page.touchscreen.tap(...(Object.values(await centreOnTop(page, page.getByTestId('toolbar-run-button'), 'Run')) as [number, number]));
    await page.getByTestId('thumb-C1').waitFor();

    // Two-finger pinch zooms the canvas; one finger pans it.
    const zoom = () => page.locator('.react-flow__viewport').evaluate((el) => Number(/scale\(([\d.]+)\)/.exec((el as HTMLElement).style.transform)![1]));
    const before = await zoom();
    const cdp = await context.newCDPSession(page);
    // Beside the cards, on the bare canvas, as a thumb and finger would.
    const mid = { x: 36, y: 450 };
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', d: number) => cdp.send('Input.dispatchTouchEvent', {
      type, touchPoints: type === 'touchEnd' ? [] : [{ x: mid.x, y: mid.y - d, id: 1 }, { x: mid.x, y: mid.y + d, id: 2 }],
    });
    await touch('touchStart', 40);
    for (let d = 50; d <= 140; d += 10) await touch('touchMove', d);
    await touch('touchEnd', 0);
    await expect.poll(zoom).toBeGreaterThan(before * 1.5);
    await screenshot(page, 'phone-pinched');
    await context.close();
  });
});

describe('links and the keyboard', () => {
  it('a share link pasted into the open tab opens at once (hashchange), without a reload', async () => {
    const { page, close } = await openAt({ width: 1440, height: 900 });
    const link = createShareLink({ ...branchingGraph, name: 'Pasted branching graph' }, baseUrl());
    if (!link.ok) throw new Error(link.error.message);
    const loads: number[] = [];
    page.on('load', () => loads.push(Date.now()));
    await page.evaluate((hash) => { location.hash = hash; }, new URL(link.url).hash);
    await expect.poll(() => page.getByTestId('doc-name').textContent()).toBe('Pasted branching graph');
    await page.getByTestId('node-concatenate_1').waitFor();
    expect(loads).toEqual([]);
    await screenshot(page, 'share-link-pasted');
    await close();
  });

  it('a focused node shows a ring and moves with the arrow keys; Ctrl+A selects all; ? lists the shortcuts', async () => {
    const { page, close } = await openAt({ width: 1440, height: 900 });
    // Tab from the palette filter into the canvas until a node has the focus.
    await page.getByTestId('palette-filter').focus();
    let focused = '';
    for (let i = 0; i < 40 && !focused.startsWith('node:'); i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return el?.classList.contains('react-flow__node') ? `node:${el.querySelector('.layer-node-name')?.textContent}` : el?.getAttribute('data-testid') ?? el?.tagName ?? '';
      });
    }
    expect(focused).toBe('node:Input');
    const ring = await page.getByTestId('node-Input').evaluate((el) => { const s = getComputedStyle(el); return `${s.outlineStyle} ${s.outlineWidth}`; });
    expect(ring).toBe('solid 3px');
    await expect.poll(() => page.getByTestId('node-Input').getAttribute('class')).toContain('is-selected');
    await screenshot(page, 'keyboard-focus-ring');
    const zoom = await page.locator('.react-flow__viewport').evaluate((el) => Number(/scale\(([\d.]+)\)/.exec((el as HTMLElement).style.transform)![1]));
    const before = (await page.getByTestId('node-Input').boundingBox())!;
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+ArrowDown');
    await expect.poll(async () => Math.round(((await page.getByTestId('node-Input').boundingBox())!.x - before.x) / zoom)).toBe(5);
    expect(Math.round(((await page.getByTestId('node-Input').boundingBox())!.y - before.y) / zoom)).toBe(20);
    // Undo puts it back, one key press at a time.
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    await expect.poll(async () => Math.round((await page.getByTestId('node-Input').boundingBox())!.x - before.x)).toBe(0);

    await page.keyboard.press('Control+a');
    const nodes = await page.locator('.react-flow__node').count();
    await expect.poll(() => page.locator('.react-flow__node.selected').count()).toBe(nodes);
    await expect.poll(() => page.locator('.react-flow__edge.selected').count()).toBe(await page.locator('.react-flow__edge').count());

    await page.keyboard.press('?');
    const help = page.getByTestId('shortcut-help');
    await help.waitFor();
    expect(await help.textContent()).toContain('Select every node and wire');
    await screenshot(page, 'keyboard-shortcut-help');
    await page.keyboard.press('Escape');
    await expect.poll(() => help.count()).toBe(0);
    await close();
  });

  it('keyboard adding with nothing selected never stacks; with a node selected it wires the new layer to it', async () => {
    const { page, close } = await openAt({ width: 1440, height: 900 });
    await clickAsPerson(page, page.getByTestId('new-button'), 'New');
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(0);
    for (const kind of ['Input', 'Dense', 'Dense']) {
      await page.getByTestId(`palette-${kind}`).focus();
      await page.keyboard.press('Enter');
    }
    // input_1, then dense_1 wired below it (input_1 was selected after adding), dense_2 below dense_1.
    await page.getByTestId('node-dense_2').waitFor();
    const boxes = await Promise.all(['input_1', 'dense_1', 'dense_2'].map(async (n) => (await page.getByTestId(`node-${n}`).boundingBox())!));
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      expect(a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y).toBe(true);
    }
    expect(await page.locator('.react-flow__edge').count()).toBe(2);
    // Nothing selected: two more layers go to two free spots.
    await page.mouse.click(300, 200);
    for (const kind of ['Flatten', 'Dropout']) {
      await page.getByTestId(`palette-${kind}`).focus();
      await page.keyboard.press('Enter');
      await page.mouse.click(300, 200);
    }
    const loose = await Promise.all(['flatten_1', 'dropout_1'].map(async (n) => (await page.getByTestId(`node-${n}`).boundingBox())!));
    const all = [...boxes, ...loose];
    for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) {
      const [a, b] = [all[i], all[j]];
      expect(a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y, `cards ${i} and ${j} overlap`).toBe(true);
    }
    expect(await page.locator('.react-flow__edge').count()).toBe(2);
    await screenshot(page, 'keyboard-added-apart');
    await close();
  });
});

describe('smaller things a new user hit', () => {
  it('at 1280x720: no minimap over feature maps until asked for; a click on it pans', async () => {
    const { page, close } = await openAt({ width: 1280, height: 720 });
    expect(await page.locator('.react-flow__minimap').count()).toBe(0);
    await clickAsPerson(page, page.getByTestId('minimap-toggle'), 'minimap toggle');
    const map = page.locator('.react-flow__minimap');
    await map.waitFor();
    const before = await page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);
    const box = (await map.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height - 8);
    await expect.poll(() => page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform)).not.toBe(before);
    await screenshot(page, 'minimap-1280-clicked');
    await close();
  });

  it('paste lands beside the originals with their names; a duplicate name is refused; New clears the old top 5', async () => {
    const { page, close } = await openAt({ width: 1440, height: 900 });
    await clickAsPerson(page, page.getByTestId('toolbar-run-button'), 'Run');
    await page.getByTestId('thumb-C1').waitFor();
    await clickAsPerson(page, page.getByTestId('node-C1').locator('.layer-node-header'), 'C1');
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    const copy = page.getByTestId('node-C1_1');
    await copy.waitFor();
    const [a, b] = [(await page.getByTestId('node-C1').boundingBox())!, (await copy.boundingBox())!];
    expect(b.x).toBeGreaterThanOrEqual(a.x + a.width);
    await screenshot(page, 'paste-beside');

    await page.getByTestId('field-name').fill('C3');
    await page.getByTestId('field-name').press('Enter');
    await expect.poll(() => page.getByTestId('name-error').textContent()).toBe('Another layer (Conv2D) is already called "C3": layer names must be unique.');
    expect(await page.getByTestId('node-C1_1').count()).toBe(1);

    await clickAsPerson(page, page.getByRole('tab', { name: 'Run' }), 'Run tab');
    await page.getByTestId('top-classes').waitFor();
    await clickAsPerson(page, page.getByTestId('new-button'), 'New');
    await expect.poll(() => page.getByTestId('top-classes').count()).toBe(0);
    expect(await page.locator('.node-run').count()).toBe(0);
    await close();
  });
});
