import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { baseUrl, launchBrowser, openApp, screenshot } from './harness';
import { clickAsPerson } from './personClick';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

const saved = (page: Page) => expect.poll(() => page.getByTestId('save-status').textContent(), { timeout: 5000 }).toBe('Saved');
const totalParams = (page: Page) => page.getByTestId('total-params').textContent();
const nodeNames = (page: Page) => page.locator('.layer-node-name').allTextContents().then((n) => n.sort());

async function dropFromPalette(page: Page, kind: string, fx: number, fy: number): Promise<void> {
  const canvas = page.getByTestId('canvas');
  const box = (await canvas.boundingBox())!;
  await page.getByTestId(`palette-${kind}`).dragTo(canvas, { targetPosition: { x: box.width * fx, y: box.height * fy } });
}

/** Drops a file on the canvas the way the browser does for a file dragged from the desktop. */
async function dropFile(page: Page, bytes: Buffer, name: string, type: string): Promise<void> {
  const transfer = await page.evaluateHandle(({ data, name, type }) => {
    const dt = new DataTransfer();
    dt.items.add(new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], name, { type }));
    return dt;
  }, { data: bytes.toString('base64'), name, type });
  await page.getByTestId('canvas').dispatchEvent('dragover', { dataTransfer: transfer });
  await page.getByTestId('canvas').dispatchEvent('drop', { dataTransfer: transfer });
}

async function libraryNames(page: Page): Promise<string[]> {
  await page.getByTestId('library-button').click();
  await page.getByTestId('library-panel').waitFor();
  await expect.poll(() => page.getByTestId('library-panel').getByText('Loading…').count()).toBe(0);
  const names = await page.locator('[data-testid=library-row] .library-name').allTextContents();
  await page.keyboard.press('Escape');
  return names;
}

describe('saving and sharing, used like a person would', () => {
  it('an edit survives a reload', async () => {
    const { context, page, consoleProblems } = await openApp(browser);
    await expect.poll(() => totalParams(page)).toBe('61,706');
    await saved(page);
    await dropFromPalette(page, 'Conv2D', 0.8, 0.3);
    await page.getByTestId('node-conv2d_1').waitFor();
    await saved(page);
    const before = { names: await nodeNames(page), params: await totalParams(page) };
    await page.reload();
    await page.getByTestId('node-conv2d_1').waitFor();
    expect(await nodeNames(page)).toEqual(before.names);
    expect(await totalParams(page)).toBe(before.params);
    expect(await libraryNames(page)).toEqual(['LeNet-5']);
    await screenshot(page, 'persistence-after-reload');
    expect(consoleProblems).toEqual([]);
    await context.close();
  });

  it('Ctrl+S keeps a revision; restoring it is one undoable edit; renaming the open graph keeps saving', async () => {
    const { context, page } = await openApp(browser);
    await saved(page);
    await page.getByTestId('canvas').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+s');
    await page.getByTestId('revisions-button').click();
    await expect.poll(() => page.getByTestId('revision-row').count()).toBe(1);
    await page.keyboard.press('Escape');
    await dropFromPalette(page, 'Dropout', 0.8, 0.4);
    await page.getByTestId('node-dropout_1').waitFor();
    await saved(page);

    await page.getByTestId('revisions-button').click();
    await page.getByTestId('revision-row').getByRole('button', { name: 'Restore' }).click();
    await expect.poll(() => page.getByTestId('node-dropout_1').count()).toBe(0);
    await saved(page);
    await page.getByTestId('undo-button').click();
    await page.getByTestId('node-dropout_1').waitFor();
    await saved(page);

    await page.getByTestId('library-button').click();
    await page.getByRole('button', { name: 'Rename' }).click();
    await page.getByLabel('New name').fill('My LeNet');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('doc-name').textContent()).toBe('My LeNet');
    // The name may be cut to a few letters on a narrow toolbar: its tooltip names it whole.
    expect(await page.getByTestId('doc-name').getAttribute('title')).toBe('Graph name: My LeNet');
    await page.keyboard.press('Escape');
    await saved(page);
    await page.reload();
    await page.getByTestId('node-dropout_1').waitFor();
    expect(await page.getByTestId('doc-name').textContent()).toBe('My LeNet');
    expect(await libraryNames(page)).toEqual(['My LeNet']);
    await context.close();
  });

  it('a full disk shows a banner with Download JSON, keeps the graph, and clears once saving works again', async () => {
    const { context, page } = await openApp(browser);
    await saved(page);
    // The browser's own quota error, thrown by every IndexedDB write from now on.
    await page.evaluate(() => {
      const w = window as unknown as { __put: unknown };
      w.__put = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
    });
    await dropFromPalette(page, 'Dense', 0.8, 0.4);
    await page.getByTestId('banner-save-failed').waitFor();
    expect(await page.getByTestId('banner-save-failed').textContent()).toMatch(/no room left for this site/);
    expect(await page.getByTestId('save-status').textContent()).toBe('Not saved');
    await page.getByTestId('node-dense_1').waitFor();
    await screenshot(page, 'persistence-quota');
    await page.evaluate(() => {
      IDBObjectStore.prototype.put = (window as unknown as { __put: typeof IDBObjectStore.prototype.put }).__put;
    });
    await dropFromPalette(page, 'Flatten', 0.8, 0.6);
    await saved(page);
    await expect.poll(() => page.getByTestId('banner-save-failed').count()).toBe(0);
    await page.reload();
    await page.getByTestId('node-flatten_1').waitFor();
    expect(await page.getByTestId('node-dense_1').count()).toBe(1);
    await context.close();
  });

  it('an edit made just before leaving is written on pagehide', async () => {
    const { context, page } = await openApp(browser);
    await saved(page);
    await dropFromPalette(page, 'MaxPool2D', 0.8, 0.4);
    await page.getByTestId('node-maxpool2d_1').waitFor();
    // No waiting for the 300 ms quiet period: the reload's pagehide has to flush it.
    await page.reload();
    await page.getByTestId('node-maxpool2d_1').waitFor({ timeout: 5000 });
    await context.close();
  });

  it('without IndexedDB (private mode) the graph still edits, a banner says so and offers the JSON', async () => {
    const { context, page } = await openApp(browser);
    await page.addInitScript(() => Object.defineProperty(window, 'indexedDB', { value: undefined }));
    await page.reload();
    await page.getByTestId('banner-unavailable').waitFor();
    expect(await page.getByTestId('save-status').textContent()).toBe('Not in your library');
    await expect.poll(() => totalParams(page)).toBe('61,706');
    await dropFromPalette(page, 'Flatten', 0.8, 0.4);
    await page.getByTestId('node-flatten_1').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('banner-download-json').click()]);
    expect(download.suggestedFilename()).toBe('LeNet-5.cnn.json');
    const saved = JSON.parse(readFileSync(await download.path(), 'utf8'));
    expect(saved.nodes.map((n: { id: string }) => n.id)).toContain('flatten_1');
    await screenshot(page, 'persistence-no-indexeddb');
    await context.close();
  });

  it('a share link opens in a fresh browser with the same graph and totals, outside the library', async () => {
    const a = await openApp(browser);
    await expect.poll(() => totalParams(a.page)).toBe('61,706');
    await a.page.getByTestId('share-button').click();
    const url = await a.page.getByTestId('share-url').inputValue();
    expect(await a.page.getByTestId('share-length').textContent()).toBe(`${url.length.toLocaleString('en-US')} characters`);
    await screenshot(a.page, 'persistence-share-dialog');
    const names = await nodeNames(a.page);
    await a.context.close();

    const b = await openApp(browser, url.slice(url.indexOf('#')));
    await b.page.getByTestId('banner-shared').waitFor();
    expect(await nodeNames(b.page)).toEqual(names);
    expect(await totalParams(b.page)).toBe('61,706');
    expect(await b.page.getByTestId('save-status').textContent()).toBe('Not in your library');
    expect(await libraryNames(b.page)).toEqual([]);
    await screenshot(b.page, 'persistence-shared-link');
    await b.page.getByTestId('save-shared').click();
    await saved(b.page);
    expect(await libraryNames(b.page)).toEqual(['LeNet-5']);
    expect(new URL(b.page.url()).hash).toBe('');
    expect(b.consoleProblems).toEqual([]);
    await b.context.close();
  });

  it('a damaged link says so and nothing changes', async () => {
    const { context, page } = await openApp(browser, '#g=eNpLTEpOSU1NBQAHEAIE');
    await page.getByTestId('banner-load-error').waitFor();
    expect(await page.getByTestId('banner-load-error').textContent()).toMatch(/This link is damaged/);
    await expect.poll(() => totalParams(page)).toBe('61,706');
    await context.close();
  });

  it('an exported PNG dropped back opens the graph as a new library entry', async () => {
    const { context, page, consoleProblems } = await openApp(browser);
    await saved(page);
    await dropFromPalette(page, 'Dense', 0.8, 0.5);
    await page.getByTestId('node-dense_1').waitFor();
    await saved(page);
    const names = await nodeNames(page);
    const params = await totalParams(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png-button').click()]);
    expect(download.suggestedFilename()).toBe('LeNet-5.png');
    const path = await download.path();
    const png = readFileSync(path);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    const { mkdirSync, copyFileSync } = await import('node:fs');
    mkdirSync('test-results/screenshots', { recursive: true });
    copyFileSync(path, 'test-results/screenshots/persistence-exported.png');

    // New starts a new entry instead of overwriting LeNet-5; undoing it goes back and drops the empty entry.
    await page.getByTestId('new-button').click();
    await expect.poll(() => page.locator('.layer-node').count()).toBe(0);
    await saved(page);
    expect((await libraryNames(page)).sort()).toEqual(['LeNet-5', 'Untitled']);
    await page.getByTestId('undo-button').click();
    await page.getByTestId('node-dense_1').waitFor();
    await expect.poll(() => libraryNames(page)).toEqual(['LeNet-5']);
    await page.getByTestId('new-button').click();
    await expect.poll(() => page.locator('.layer-node').count()).toBe(0);

    await dropFile(page, png, 'LeNet-5.png', 'image/png');
    await page.getByTestId('node-dense_1').waitFor();
    expect(await nodeNames(page)).toEqual(names);
    expect(await totalParams(page)).toBe(params);
    await saved(page);
    expect((await libraryNames(page)).sort()).toEqual(['LeNet-5', 'LeNet-5', 'Untitled']);
    expect(consoleProblems).toEqual([]);
    await context.close();
  });

  it('a hostile file shows its error and the library is intact', async () => {
    const { context, page } = await openApp(browser);
    await saved(page);
    // Written as text: in a JS object literal `__proto__:` would set a prototype instead of a key.
    const hostile = `{"format":"cnn-graph","version":1,"name":"<img src=x onerror=\\"window.__pwned=1\\">",
      "nodes":[{"id":"__proto__","kind":"Input","name":"<script>window.__pwned=2</script>","params":{"shape":[4],"__proto__":{"polluted":1}},
        "position":{"x":0,"y":0},"domAttributes":{"onclick":"window.__pwned=3"},"className":"x"}],
      "edges":[{"id":"e","source":"__proto__","target":"ghost"}],
      "weights":{"__proto__":{"kernel":{"shape":[65536,65536],"data":"AAAA"}}}}`;
    await page.getByTestId('open-file-input').setInputFiles({ name: 'evil.cnn.json', mimeType: 'application/json', buffer: Buffer.from(hostile) });
    await page.getByTestId('banner-load-error').waitFor();
    expect(await page.getByTestId('banner-load-error').textContent()).toContain('"evil.cnn.json" was not opened: Weight __proto__.kernel declares shape [65536, 65536]');
    await screenshot(page, 'persistence-hostile-file');
    expect(await totalParams(page)).toBe('61,706');
    expect(await libraryNames(page)).toEqual(['LeNet-5']);

    // The same file without the giant tensor opens, repaired and reported, with names as text.
    const repaired = JSON.parse(hostile);
    delete repaired.weights;
    await page.getByTestId('open-file-input').setInputFiles({ name: 'odd.cnn.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(repaired)) });
    await page.getByTestId('banner-import').waitFor();
    expect(await page.getByTestId('banner-import').textContent()).toContain('1 edge to missing nodes removed.');
    await page.getByText('<script>window.__pwned=2</script>').first().waitFor();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned ?? ({} as Record<string, unknown>).polluted ?? null)).toBeNull();
    expect((await libraryNames(page)).sort()).toEqual(['<img src=x onerror="window.__pwned=1">', 'LeNet-5']);
    await screenshot(page, 'persistence-repaired-file');
    await context.close();
  });

  it('a 16 MB .cnn.json with its weights (an imported model saved as a file) opens, saves and downloads with every weight', async () => {
    const { context, page } = await openApp(browser);
    await saved(page);
    // 3,000 x 1,000 float32 weights: 12 MB, 16 MB in base64, over the 10 MiB of a link or a PNG.
    const kernel = Buffer.alloc(3000 * 1000 * 4);
    for (let i = 0; i < 3000 * 1000; i++) kernel.writeFloatLE(Math.sin(i) * 0.01, i * 4);
    const doc = {
      format: 'cnn-graph', version: 1, name: 'Wide dense with weights',
      nodes: [
        { id: 'in', kind: 'Input', name: 'features', params: { shape: [3000] }, position: { x: 0, y: 0 } },
        { id: 'd', kind: 'Dense', name: 'scores', params: { units: 1000, activation: 'linear', useBias: false }, position: { x: 0, y: 160 } },
      ],
      edges: [{ id: 'e', source: 'in', target: 'd' }],
      weights: { d: { kernel: { shape: [3000, 1000], data: kernel.toString('base64') } } },
    };
    const file = Buffer.from(JSON.stringify(doc));
    expect(file.byteLength).toBeGreaterThan(15 * 2 ** 20);
    await page.getByTestId('open-file-input').setInputFiles({ name: 'wide.cnn.json', mimeType: 'application/json', buffer: file });
    await expect.poll(() => page.getByTestId('doc-name').textContent(), { timeout: 30_000 }).toBe('Wide dense with weights');
    expect(await totalParams(page)).toBe('3,000,000');
    await expect.poll(() => page.getByTestId('save-status').textContent(), { timeout: 30_000 }).toBe('Saved');
    expect((await libraryNames(page)).sort()).toEqual(['LeNet-5', 'Wide dense with weights']);
    await page.keyboard.press('Escape');
    const [download] = await Promise.all([page.waitForEvent('download'), clickAsPerson(page, page.getByTestId('download-json-button'), 'Download JSON')]);
    const back = JSON.parse(readFileSync(await download.path(), 'utf8'));
    expect(back.weights.d.kernel.shape).toEqual([3000, 1000]);
    expect(back.weights.d.kernel.data === doc.weights.d.kernel.data).toBe(true);
    await context.close();
  });

  it('a library of the previous version, weights inside its records, upgrades in place: the graph opens with every weight', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    const seeder = await context.newPage();
    await seeder.goto(`${baseUrl().replace(/\/$/, '')}/favicon.svg`);
    // The previous schema, declared as the previous app did, with Dexie itself.
    await seeder.evaluate(`${readFileSync('node_modules/dexie/dist/dexie.js', 'utf8')}\n;undefined`);
    const kernel = Buffer.alloc(64 * 10 * 4);
    for (let i = 0; i < 640; i++) kernel.writeFloatLE(Math.cos(i) * 0.1, i * 4);
    const doc = {
      format: 'cnn-graph', version: 1, name: 'Saved before the upgrade',
      nodes: [
        { id: 'in', kind: 'Input', name: 'features', params: { shape: [64] }, position: { x: 0, y: 0 } },
        { id: 'd', kind: 'Dense', name: 'scores', params: { units: 10, activation: 'softmax', useBias: false }, position: { x: 0, y: 160 } },
      ],
      edges: [{ id: 'e', source: 'in', target: 'd' }],
      weights: { d: { kernel: { shape: [64, 10], data: kernel.toString('base64') } } },
    };
    await seeder.evaluate(async (saved) => {
      const Dexie = (window as unknown as { Dexie: new (name: string) => { version(n: number): { stores(s: Record<string, string>): unknown }; table(name: string): { add(v: unknown): Promise<unknown> }; open(): Promise<unknown>; close(): void } }).Dexie;
      const db = new Dexie('cnn-graph-studio');
      db.version(1).stores({ graphs: 'id, name, updated' });
      db.version(2).stores({ graphs: 'id, name, updated', revisions: '++id, graphId, [graphId+created]', settings: 'key', quarantine: 'id' });
      await db.open();
      await db.table('graphs').add({ id: 'g-old', name: saved.name, created: 1, updated: 1, revision: 3, doc: saved, nodeCount: 2, params: 640 });
      await db.table('revisions').add({ graphId: 'g-old', created: 2, doc: saved, reason: 'save' });
      await db.table('settings').add({ key: 'lastOpenedGraphId', value: 'g-old' });
      db.close();
    }, doc);
    await seeder.close();

    const page = await context.newPage();
    await page.goto(baseUrl());
    await expect.poll(() => page.getByTestId('doc-name').textContent(), { timeout: 30_000 }).toBe('Saved before the upgrade');
    expect(await totalParams(page)).toBe('640');
    const stored = await page.evaluate(() => new Promise<{ version: number; tensors: number; inRecord: boolean }>((resolve) => {
      const r = indexedDB.open('cnn-graph-studio');
      r.onsuccess = () => {
        const db = r.result;
        const tx = db.transaction(['graphs', 'tensors']);
        const count = tx.objectStore('tensors').count();
        const graph = tx.objectStore('graphs').get('g-old');
        tx.oncomplete = () => { resolve({ version: db.version, tensors: count.result, inRecord: graph.result.doc.weights !== undefined }); db.close(); };
      };
    }));
    // One row for the tensor the record and its revision share; none left inside the records.
    expect(stored).toEqual({ version: 30, tensors: 1, inRecord: false });
    const [download] = await Promise.all([page.waitForEvent('download'), clickAsPerson(page, page.getByTestId('download-json-button'), 'Download JSON')]);
    const back = JSON.parse(readFileSync(await download.path(), 'utf8'));
    expect(back.weights.d.kernel).toEqual(doc.weights.d.kernel);
    await context.close();
  });

  it('a tab started while another is still opening a graph opens it too; the same note with no live tab is safe mode', async () => {
    const { context, page: one } = await openApp(browser);
    await saved(one);
    // Tab one as it is between noting an opening and drawing it: the note, and its shared lock held.
    const id = await one.evaluate(async () => {
      const graphId = await new Promise<string>((resolve, reject) => {
        const request = indexedDB.open('cnn-graph-studio');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const db = request.result;
          const get = db.transaction('settings').objectStore('settings').get('lastOpenedGraphId');
          get.onsuccess = () => { resolve(get.result.value); db.close(); };
        };
      });
      localStorage.setItem('cnn-graph-studio:opening', graphId);
      void navigator.locks.request('cnn-graph-studio:opening', { mode: 'shared' }, () => new Promise(() => {}));
      return graphId;
    });
    const two = await context.newPage();
    await two.goto(one.url());
    await expect.poll(() => totalParams(two)).toBe('61,706');
    await saved(two);
    expect(await two.getByTestId('banner-safe-mode').count()).toBe(0);
    // Opened from the library, not LeNet-5 added again as in safe mode.
    expect(await libraryNames(two)).toEqual(['LeNet-5']);
    await two.close();

    // Tab one gone (its lock with it) and the note left (tab two's drawing cleared it: put back):
    // that opening never finished.
    await one.close();
    const three = await context.newPage();
    await three.addInitScript((graphId) => localStorage.setItem('cnn-graph-studio:opening', graphId), id);
    await three.goto(baseUrl());
    await three.getByTestId('banner-safe-mode').waitFor();
    expect(await three.getByTestId('banner-safe-mode').textContent()).toContain('"LeNet-5" did not finish opening last time');
    await context.close();
  });
  it('two tabs on one graph: the library list updates live and the second writer gets the conflict notice', async () => {
    const { context, page: one } = await openApp(browser);
    await saved(one);
    const two = await context.newPage();
    await two.goto(one.url());
    await expect.poll(() => totalParams(two)).toBe('61,706');

    await two.getByTestId('library-button').click();
    await expect.poll(() => two.getByTestId('library-row').count()).toBe(1);
    // A background tab gets no animation frames; bring each to the front before using it.
    await one.bringToFront();
    await one.getByTestId('library-button').click();
    await one.getByTestId('library-new-preset').selectOption('tinyvgg');
    const t = Date.now();
    await expect.poll(() => two.getByTestId('library-row').count(), { timeout: 1000, interval: 50 }).toBe(2);
    expect(Date.now() - t).toBeLessThan(1000);
    await two.bringToFront();
    await two.keyboard.press('Escape');
    await one.bringToFront();

    // Both tabs back on LeNet-5: one saves an edit, then two edits its stale copy.
    await one.getByTestId('library-button').click();
    await one.locator('[data-testid=library-row]', { hasText: 'LeNet-5' }).getByTestId('library-open').click();
    await expect.poll(() => totalParams(one)).toBe('61,706');
    await dropFromPalette(one, 'Dense', 0.8, 0.5);
    await saved(one);
    await two.bringToFront();
    await dropFromPalette(two, 'Flatten', 0.8, 0.6);
    await two.getByTestId('banner-conflict').waitFor();
    expect(await two.getByTestId('save-status').textContent()).toBe('Not saved');
    await screenshot(two, 'persistence-conflict');

    await two.getByTestId('conflict-keep-copy').click();
    await saved(two);
    expect((await libraryNames(two)).sort()).toEqual(['LeNet-5', 'LeNet-5 (my copy)', 'TinyVGG (CNN Explainer)']);
    await context.close();
  });
});
