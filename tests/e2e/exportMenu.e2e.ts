import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Download, Page } from 'playwright-core';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { exportCommand } from '../../src/cli/commands/export';
import type { GraphDocument } from '../../src/core/graph/types';
import { findPreset } from '../../src/core/presets';
import { createShareLink } from '../../src/share/shareLink';
import { listExportChoices } from '../../src/ui/export/exportChoices';
import { findContrastProblems } from './contrast';
import { baseUrl, launchBrowser, screenshot } from './harness';
import { clickAsPerson } from './personClick';

let browser: Browser;
const dir = mkdtempSync(path.join(tmpdir(), 'export-menu-'));

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

type Theme = 'light' | 'dark';

async function openAt(viewport: { width: number; height: number }, hash = '', theme: Theme = 'light'): Promise<{ page: Page; problems: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(baseUrl()).origin });
  await context.addInitScript((t) => localStorage.setItem('cnn-graph-studio.theme', t), theme);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  await page.goto(baseUrl() + hash);
  await page.locator('.react-flow__node .layer-node').first().waitFor();
  return { page, problems, close: () => context.close() };
}

function linkTo(doc: GraphDocument): string {
  const link = createShareLink(doc, 'http://x/');
  if (!link.ok) throw new Error(link.error.message);
  return link.url.slice(link.url.indexOf('#'));
}

/** The document on screen, as a person gets it: the Download JSON button's file. */
async function downloadDocument(page: Page): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), clickAsPerson(page, page.getByTestId('download-json-button'), 'Download JSON')]);
  const file = path.join(dir, `doc-${Date.now()}.cnn.json`);
  writeFileSync(file, readFileSync(await download.path()));
  return file;
}

/** Opens the Export menu and picks `key` with the mouse; resolves with the download and the ms from the click to it. */
async function exportFromMenu(page: Page, key: string, timeout = 60_000): Promise<{ download: Download; ms: number }> {
  await clickAsPerson(page, page.getByTestId('export-button'), 'the Export button');
  const started = Date.now();
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout }),
    clickAsPerson(page, page.getByTestId(`export-${key}`), `Export ${key}`),
  ]);
  await download.path();
  return { download, ms: Date.now() - started };
}

/** What the command line writes for the document file: each file by its path in the bundle ('' for a single file). */
function cliExport(docFile: string, to: string, args: string[]): Map<string, Buffer> {
  const out = path.join(dir, `cli-${to}-${Date.now()}${to === 'onnx' ? '.onnx' : ''}`);
  const err: string[] = [];
  const code = exportCommand([docFile, '--to', to, '--out', out, ...args], { out: () => {}, err: (l) => err.push(l) });
  expect(err.filter((l) => !l.startsWith('note: '))).toEqual([]);
  expect(code).toBe(0);
  if (to === 'onnx') return new Map([['', readFileSync(out)]]);
  return new Map(readdirSync(out).map((f) => [f, readFileSync(path.join(out, f))]));
}

/** A zip's files with its one top folder taken off. */
function unzipBundle(bytes: Buffer): Map<string, Buffer> {
  const entries = Object.entries(unzipSync(new Uint8Array(bytes)));
  const folders = new Set(entries.map(([name]) => name.split('/')[0]));
  expect(folders.size).toBe(1);
  return new Map(entries.map(([name, data]) => [name.slice(name.indexOf('/') + 1), Buffer.from(data)]));
}

/** The seed the menu says layers without weights get (Run's). */
async function menuSeed(page: Page): Promise<string> {
  await clickAsPerson(page, page.getByTestId('export-button'), 'the Export button');
  const note = await page.getByTestId('export-weights-note').textContent();
  await page.keyboard.press('Escape');
  return /seed (\d+)/.exec(note ?? '')![1];
}

/** LeNet-5 with C3's kernel widened to 20 on a 14x14 input: a shape error at C3. */
function lenetWithError(): GraphDocument {
  const doc = structuredClone(findPreset('lenet5')!.doc);
  doc.name = 'LeNet-5 with an error';
  doc.nodes.find((n) => n.name === 'C3')!.params.kernelSize = 20;
  return doc;
}

async function openCodeTab(page: Page): Promise<void> {
  const narrow = page.viewportSize()!.width <= 760;
  if (narrow && (await page.getByTestId('drawer-side-button').getAttribute('aria-expanded')) !== 'true') {
    await clickAsPerson(page, page.getByTestId('drawer-side-button'), 'Details');
  }
  await clickAsPerson(page, page.getByRole('tab', { name: 'Code' }), 'the Code tab');
  await page.getByTestId('code-panel').waitFor();
}

describe('Export menu', () => {
  it('PyTorch, Keras, ONNX NCHW and ONNX NHWC downloads hold the bytes the command line writes for the same document', async () => {
    const { page, problems, close } = await openAt({ width: 1440, height: 900 });
    await clickAsPerson(page, page.getByTestId('presets-button'), 'Presets');
    await clickAsPerson(page, page.getByTestId('preset-lenet5-mnist-trained'), 'the trained LeNet-5');
    await expect.poll(() => page.getByTestId('doc-name').textContent()).toMatch(/trained/);
    const docFile = await downloadDocument(page);
    const seed = await menuSeed(page);

    const torch = await exportFromMenu(page, 'pytorch');
    expect(torch.download.suggestedFilename()).toMatch(/-pytorch\.zip$/);
    const zipped = unzipBundle(readFileSync(await torch.download.path()));
    const cli = cliExport(docFile, 'pytorch', ['--seed', seed]);
    expect([...zipped.keys()].sort()).toEqual([...cli.keys()].sort());
    for (const [name, bytes] of cli) expect(zipped.get(name)!.equals(bytes), name).toBe(true);

    const keras = await exportFromMenu(page, 'keras');
    expect(keras.download.suggestedFilename()).toMatch(/-keras\.zip$/);
    const kerasZipped = unzipBundle(readFileSync(await keras.download.path()));
    const kerasCli = cliExport(docFile, 'keras', ['--seed', seed]);
    expect([...kerasZipped.keys()].sort()).toEqual([...kerasCli.keys()].sort());
    for (const [name, bytes] of kerasCli) expect(kerasZipped.get(name)!.equals(bytes), `keras ${name}`).toBe(true);

    for (const layout of ['nchw', 'nhwc'] as const) {
      const onnx = await exportFromMenu(page, `onnx-${layout}`);
      expect(onnx.download.suggestedFilename()).toMatch(/\.onnx$/);
      const bytes = readFileSync(await onnx.download.path());
      expect(bytes.equals(cliExport(docFile, 'onnx', ['--seed', seed, '--layout', layout]).get('')!), layout).toBe(true);
    }
    expect(problems).toEqual([]);
    await close();
  });

  it('opens and moves with the keyboard: Enter on the second item exports ONNX', async () => {
    const { page, close } = await openAt({ width: 1280, height: 720 });
    await page.getByTestId('export-button').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('export-pytorch');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toMatch(/^export-/);
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    expect(focused).not.toBe('export-pytorch');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toMatch(focused === 'export-keras' ? /-keras\.zip$/ : /\.onnx$/);
    await page.keyboard.press('End');
    await close();
  });

  it('a graph with an error: the dialog names the node and its error, and its name selects it', async () => {
    const { page, problems, close } = await openAt({ width: 1440, height: 900 }, linkTo(lenetWithError()));
    await clickAsPerson(page, page.getByTestId('export-button'), 'the Export button');
    await clickAsPerson(page, page.getByTestId('export-pytorch'), 'Export PyTorch');
    const dialog = page.getByTestId('export-problem-dialog');
    await dialog.waitFor();
    const item = dialog.getByTestId('export-problem').first();
    await expect.poll(() => item.textContent()).toMatch(/^C3.*20/);
    await screenshot(page, 'export-error-dialog');
    await clickAsPerson(page, item.getByRole('button'), 'the node name C3');
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => page.locator('.react-flow__node.selected').getByTestId('node-C3').count()).toBe(1);
    // The Code panel says the same instead of code.
    await openCodeTab(page);
    await expect.poll(() => page.getByTestId('code-panel').getByTestId('export-problem').first().textContent()).toMatch(/^C3/);
    expect(problems).toEqual([]);
    await close();
  });

  it('a kind ONNX cannot express is named with what to use instead', async () => {
    const doc = structuredClone(findPreset('lenet5')!.doc);
    doc.name = 'LeNet-5, padded pool';
    const s2 = doc.nodes.find((n) => n.name === 'S2')!;
    s2.params.padding = 2;
    const { page, close } = await openAt({ width: 1440, height: 900 }, linkTo(doc));
    await clickAsPerson(page, page.getByTestId('export-button'), 'the Export button');
    await clickAsPerson(page, page.getByTestId('export-onnx-nchw'), 'Export ONNX');
    const dialog = page.getByTestId('export-problem-dialog');
    await dialog.waitFor();
    expect(await dialog.getByTestId('export-problems').getAttribute('data-code')).toBe('unsupported');
    await expect.poll(() => dialog.getByTestId('export-problem').first().textContent()).toMatch(/^S2 \(AvgPool2D\).*use /);
    await close();
  });
});

describe('Code panel', () => {
  it('shows the bundle\'s model.py, marks a selected node\'s lines, and Copy copies it', async () => {
    const { page, problems, close } = await openAt({ width: 1440, height: 900 });
    await openCodeTab(page);
    const marked = page.locator('.code-line.is-marked');
    expect(await marked.count()).toBe(0);
    await clickAsPerson(page, page.getByTestId('node-C3').locator('.layer-node-header'), 'C3');
    await expect.poll(() => marked.count()).toBe(2);
    const lines = (await marked.allTextContents()).map((t) => t.replace(/^\d+/, '').trim());
    expect(lines[0]).toMatch(/^self\.c3 = nn\.Conv2d\(6, 16, kernel_size=5/);
    expect(lines[1]).toMatch(/^c3 = .*self\.c3\(s2\).*# \[N, 16, 10, 10\]/);
    // The marked line is scrolled into the code's view.
    const inView = await marked.last().evaluate((el) => {
      const box = el.closest('.code-scroll')!.getBoundingClientRect();
      const r = el.getBoundingClientRect();
      return r.top >= box.top && r.bottom <= box.bottom;
    });
    expect(inView).toBe(true);

    await clickAsPerson(page, page.getByTestId('code-copy'), 'Copy');
    await expect.poll(() => page.getByTestId('code-copy').textContent()).toBe('Copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const torch = await exportFromMenu(page, 'pytorch');
    expect(copied).toBe(unzipBundle(readFileSync(await torch.download.path())).get('model.py')!.toString('utf8'));

    // Keras: the same node's layer line, marked.
    await clickAsPerson(page, page.getByTestId('code-language-keras'), 'the Keras switch');
    await expect.poll(async () => (await marked.allTextContents()).map((t) => t.replace(/^\d+/, '').trim()).join('|')).toMatch(/^c3 = layers\.Conv2D\(.*name="c3"\)\(s2\)/);
    expect(problems).toEqual([]);
    await close();
  });
});

describe('screenshots and contrast', () => {
  const sizes = [{ width: 1440, height: 900 }, { width: 1280, height: 720 }, { width: 390, height: 844 }];
  for (const theme of ['light', 'dark'] as const) {
    for (const size of sizes) {
      it(`${size.width}x${size.height} ${theme}: the Export menu and the Code panel, readable`, async () => {
        const { page, close } = await openAt(size, '', theme);
        const narrow = size.width <= 760;
        if (narrow) {
          // The toolbar scrolls sideways on a phone: a swipe brings Export into view.
          const bar = (await page.getByTestId('toolbar-main').boundingBox())!;
          await page.getByTestId('toolbar-main').evaluate((el) => { el.scrollLeft = el.scrollWidth; });
          expect(bar.width).toBeGreaterThan(0);
        }
        await clickAsPerson(page, page.getByTestId('export-button'), 'the Export button');
        await page.getByRole('menu', { name: 'Export' }).waitFor();
        expect(await findContrastProblems(page, '.menu-list')).toEqual([]);
        await screenshot(page, `export-menu-${size.width}x${size.height}-${theme}`);
        await page.keyboard.press('Escape');
        if (!narrow) await clickAsPerson(page, page.getByTestId('node-C3').locator('.layer-node-header'), 'C3');
        await openCodeTab(page);
        if (narrow) {
          await clickAsPerson(page, page.getByTestId('drawer-side-button'), 'Details (closes the drawer)');
          await clickAsPerson(page, page.getByTestId('node-C3').locator('.layer-node-header'), 'C3');
          await clickAsPerson(page, page.getByTestId('drawer-side-button'), 'Details');
        }
        await expect.poll(() => page.locator('.code-line.is-marked').count()).toBe(2);
        expect(await findContrastProblems(page, '.code-panel')).toEqual([]);
        // Inside the window once the drawer has slid in.
        await expect.poll(async () => {
          const panel = (await page.getByTestId('code-panel').boundingBox())!;
          return panel.x >= 0 && panel.x + panel.width <= size.width + 1;
        }).toBe(true);
        await screenshot(page, `code-panel-${size.width}x${size.height}-${theme}`);
        await close();
      });
    }
  }
});
