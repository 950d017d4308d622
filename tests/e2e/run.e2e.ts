import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { compileGraph } from '../../src/core/compile/compileGraph';
import type { GraphDocument } from '../../src/core/graph/types';
import { CLASSIC_KERNELS } from '../../src/core/imaging/classicKernels';
import { decodeMnistDigits, readMnistDigit } from '../../src/core/imaging/mnistDigits';
import { shapeInput } from '../../src/core/imaging/shapeInput';
import { findPreset } from '../../src/core/presets';
import { createExecutor } from '../../src/core/runtime/executor';
import type { RunSnapshot } from '../../src/ui/run/runDebugHook';
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

/** Picks a preset and waits until the editor holds it (it is laid out first), as a person waits to see it. */
async function openPreset(id: string): Promise<void> {
  const loads = () => page.evaluate(() => window.__cnnRun!.snapshot().editorLoads);
  await page.getByTestId('presets-button').waitFor();
  const before = await loads();
  await page.getByTestId('presets-button').click();
  await page.getByTestId(`preset-${id}`).click();
  await expect.poll(loads, { timeout: 30_000 }).toBeGreaterThan(before);
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
    expect(await page.getByTestId('summary-row-C1').getByTestId('summary-time').textContent()).toMatch(/^(< 0\.1|\d+(\.\d+)?) ms$/);
    // ...uncut: the widest reading, "< 0.1 ms", fits its column.
    const clipped = await page.getByTestId('summary-time').evaluateAll((cells) => cells.filter((c) => c.scrollWidth > c.clientWidth).map((c) => c.textContent));
    expect(clipped).toEqual([]);
    // Every node's thumbnail sits clear of every other one.
    const boxes = await page.locator('.node-run').evaluateAll((els) => els.map((el) => {
      const r = el.getBoundingClientRect();
      return { name: el.getAttribute('data-testid'), left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    }));
    // (The canvas renders only the nodes in view.)
    expect(boxes.length).toBeGreaterThanOrEqual(6);
    const overlaps = boxes.flatMap((a, i) => boxes.slice(i + 1)
      .filter((b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
      .map((b) => `${a.name} / ${b.name}`));
    expect(overlaps).toEqual([]);
    await screenshot(page, 'run-lenet-mnist');
  });

  it('gives in the Web Worker the output the runtime computes in Node for the same document, seed and digit', async () => {
    const snap = await page.evaluate(() => window.__cnnRun!.snapshot()) as RunSnapshot;
    expect(snap.status).toBe('done');
    // The input is MNIST test digit #3 of the file the app serves, untouched.
    const decoded = decodeMnistDigits(new Uint8Array(readFileSync('dist/data/mnist-digits.bin')));
    if (!decoded.ok) throw new Error(decoded.error.message);
    expect(snap.picture).toMatchObject({ width: 28, height: 28, channels: 1 });
    expect(snap.picture!.data).toEqual(Array.from(readMnistDigit(decoded.digits, 3)));
    // The document is the LeNet-5 preset (only positions may differ), with the default weights mode.
    const doc = snap.doc as GraphDocument;
    const preset = findPreset('lenet5-mnist')!.doc;
    const strip = (d: GraphDocument) => d.nodes.map(({ position: _p, ...n }) => n);
    expect(strip(doc)).toEqual(strip(preset));
    expect(snap.weightsFrom).toBe('document');

    const compiled = compileGraph(doc, { seed: snap.seed });
    if (!compiled.ok) throw new Error(compiled.message);
    const input = compiled.plan.inputs[0];
    const shaped = shapeInput({ ...snap.picture!, channels: 1, data: Float32Array.from(snap.picture!.data) }, input.shape, input.name);
    if (!shaped.ok) throw new Error(shaped.error.message);
    const executor = createExecutor(compiled.plan, compiled.weights);
    const direct = executor.run(shaped.data, 1);
    if (!direct.ok) throw new Error(direct.error.message);

    expect(snap.outputs.map((o) => o.nodeId)).toEqual(compiled.plan.outputs.map((o) => o.nodeId));
    const browser = snap.outputs[0].data;
    const node = Array.from(direct.outputs[snap.outputs[0].nodeId]);
    expect(browser).toHaveLength(10);
    const maxDiff = Math.max(...browser.map((v, i) => Math.abs(v - node[i])));
    console.log(`LeNet-5 on MNIST #3, seed ${snap.seed}: max |worker - Node| = ${maxDiff.toExponential(2)}; kernels in the browser: ${snap.kernelNames.join(', ')}; in Node: ${executor.kernelNames.join(', ')}`);
    expect(maxDiff).toBeLessThanOrEqual(1e-6);
    expect(browser.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    // The top-5 list shows the same ranking, rounded.
    const ranked = node.map((p, digit) => ({ p, digit })).sort((a, b) => b.p - a.p).slice(0, 5);
    const shown = await page.getByTestId('top-classes').locator('.top-class-label').allTextContents();
    expect(shown).toEqual(ranked.map((r) => String(r.digit)));
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

  it('lists the shape errors in the Run panel when the graph does not compile, and runs once fixed', async () => {
    const before = await nodeCount();
    await page.getByRole('tab', { name: 'Run' }).click();
    // A manual run proves the Run button itself reports the problem.
    const autoRun = page.getByLabel('auto re-run');
    await autoRun.uncheck();
    // C3 sees a 14x14 map with 'valid' padding: a 20x20 kernel does not fit.
    await page.getByTestId('node-C3').click();
    await page.getByRole('tab', { name: 'Inspector' }).click();
    const kernel = page.getByLabel('Kernel size rows');
    await kernel.fill('20');
    await kernel.press('Enter');
    await expect.poll(() => page.getByTestId('node-C3').getAttribute('class')).toContain('is-error');
    await page.getByRole('tab', { name: 'Run' }).click();
    await page.getByTestId('run-button').click();
    await expect.poll(status).toBe('error');
    const error = page.getByTestId('run-error');
    expect(await error.textContent()).toContain('the graph does not compile: 1 shape error');
    const lines = await page.getByTestId('run-diagnostics').locator('li').allTextContents();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^C3: \(14 \+ 2\*0 - 20\)\/1 \+ 1 = -5/);
    // The thumbnails from the last good run stay; C3 and what follows it fade (they no longer
    // match the graph), while C1 and S2 above the edit still show what they would compute.
    expect(await page.getByTestId('thumb-C3').getAttribute('data-stale')).toBe('true');
    expect(await page.getByTestId('thumb-F6').getAttribute('data-stale')).toBe('true');
    expect(await page.getByTestId('thumb-C1').getAttribute('data-stale')).toBe('false');
    expect(await page.getByTestId('thumb-S2').getAttribute('data-stale')).toBe('false');
    expect(await page.getByTestId('top-classes').count()).toBe(0);
    expect(await nodeCount()).toBe(before);
    await screenshot(page, 'run-compile-error');

    await page.getByTestId('undo-button').click();
    await expect.poll(() => page.getByTestId('node-C3').getAttribute('class')).not.toContain('is-error');
    await page.getByTestId('run-button').click();
    await expect.poll(status, { timeout: 30_000 }).toBe('done');
    expect(await page.getByTestId('run-error').count()).toBe(0);
    expect(await page.getByTestId('top-classes').locator('li').count()).toBe(5);
    expect(await page.getByTestId('thumb-C3').getAttribute('data-stale')).toBe('false');
    await autoRun.check();
  });

  it('refuses to fill an Input [7] with a picture, naming the Input, and runs the next graph', async () => {
    const vector = {
      format: 'cnn-graph', version: 1, name: 'Vector of seven',
      nodes: [
        { id: 'v', kind: 'Input', name: 'features', params: { shape: [7] }, position: { x: 0, y: 0 } },
        { id: 'd', kind: 'Dense', name: 'scores', params: { units: 3, activation: 'softmax', useBias: true }, position: { x: 0, y: 160 } },
      ],
      edges: [{ id: 'e', source: 'v', target: 'd' }],
    };
    await page.getByTestId('open-file-input').setInputFiles({ name: 'vector.cnn.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(vector)) });
    await expect.poll(() => page.getByTestId('doc-name').textContent()).toBe('Vector of seven');
    await page.getByRole('tab', { name: 'Run' }).click();
    await page.getByTestId('run-button').click();
    await expect.poll(status).toBe('error');
    expect(await page.getByTestId('run-error').textContent()).toMatch(/^features: Input features expects a vector of 7; .*7 is not/);
    expect(await nodeCount()).toBe(2);
    expect(await page.getByTestId('doc-name').textContent()).toBe('Vector of seven');
    await screenshot(page, 'run-input-vector-7');
    // Nothing is stuck: the next graph runs.
    await openPreset('lenet5-mnist');
    await expect.poll(() => page.getByTestId('doc-name').textContent()).toBe('LeNet-5 for MNIST');
    await page.getByTestId('run-button').click();
    await expect.poll(status, { timeout: 30_000 }).toBe('done');
  });

  it('runs the kernel playground preset on a test picture: six channels, each the classic kernel by brute force', async () => {
    await openPreset('kernel-playground');
    await expect.poll(() => page.getByTestId('doc-name').textContent()).toBe('Kernel playground');
    await page.getByRole('tab', { name: 'Run' }).click();
    await page.getByRole('tab', { name: 'Test pictures' }).click();
    await page.getByTestId('test-scene').click();
    await page.getByTestId('run-button').click();
    await expect.poll(status, { timeout: 30_000 }).toBe('done');
    const thumb = page.getByTestId('thumb-Classic kernels');
    await thumb.waitFor();
    const [w, h] = await thumb.locator('canvas').evaluate((c: HTMLCanvasElement) => [c.width, c.height]);
    // Six channels: a 3x2 grid of equal tiles with 1-pixel gaps.
    const tile = (w - 2) / 3;
    expect(tile).toBe((h - 1) / 2);
    // Each tile uses the full grey range: a weak channel (the blur) is as readable as a strong one (the Laplacian).
    const spreads = await thumb.locator('canvas').evaluate((c: HTMLCanvasElement, side: number) => {
      const pixels = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      return Array.from({ length: 6 }, (_, ch) => {
        let lo = 255;
        let hi = 0;
        for (let y = 0; y < side; y++) {
          for (let x = 0; x < side; x++) {
            const g = pixels[(((Math.floor(ch / 3) * (side + 1)) + y) * c.width + (ch % 3) * (side + 1) + x) * 4];
            lo = Math.min(lo, g);
            hi = Math.max(hi, g);
          }
        }
        return hi - lo;
      });
    }, tile);
    console.log(`kernel playground thumbnail: grey spread per tile ${spreads.join(', ')}`);
    expect(spreads.map((d) => d >= 200)).toEqual([true, true, true, true, true, true]);

    const snap = await page.evaluate(() => window.__cnnRun!.snapshot()) as RunSnapshot;
    const out = snap.outputs[0];
    expect(out.shape).toEqual([128, 128, 6]);
    const shaped = shapeInput({ ...snap.picture!, channels: snap.picture!.channels as 1 | 3, data: Float32Array.from(snap.picture!.data) }, [128, 128, 1], 'Picture');
    if (!shaped.ok) throw new Error(shaped.error.message);
    const x = shaped.data;
    const ids = ['identity', 'edge-diagonal', 'edge-laplacian', 'box-blur', 'sharpen', 'gaussian-blur'];
    let maxDiff = 0;
    ids.forEach((id, f) => {
      const k = CLASSIC_KERNELS.find((c) => c.id === id)!.kernel;
      for (let r = 0; r < 128; r++) {
        for (let c = 0; c < 128; c++) {
          let sum = 0;
          for (let i = 0; i < 3; i++) {
            for (let j = 0; j < 3; j++) {
              const rr = r + i - 1;
              const cc = c + j - 1;
              if (rr >= 0 && rr < 128 && cc >= 0 && cc < 128) sum += x[rr * 128 + cc] * k[i][j];
            }
          }
          maxDiff = Math.max(maxDiff, Math.abs(out.data[(r * 128 + c) * 6 + f] - sum));
        }
      }
    });
    console.log(`kernel playground preset: max |worker - brute force| over 6 channels = ${maxDiff.toExponential(2)}`);
    expect(maxDiff).toBeLessThan(1e-5);
    await screenshot(page, 'run-kernel-playground-preset');
  });

  it('the trained LeNet-5 names held-out MNIST digits right (at least 9 of #0..#9), with the output Node computes', async () => {
    await openPreset('lenet5-mnist-trained');
    await expect.poll(() => page.getByTestId('doc-name').textContent()).toBe('LeNet-5 for MNIST (trained)');
    await page.getByRole('tab', { name: 'Run' }).click();
    await page.getByRole('tab', { name: 'MNIST' }).click();
    const decoded = decodeMnistDigits(new Uint8Array(readFileSync('dist/data/mnist-digits.bin')));
    if (!decoded.ok) throw new Error(decoded.error.message);
    const compiled = compileGraph(findPreset('lenet5-mnist-trained')!.doc);
    if (!compiled.ok) throw new Error(compiled.message);
    const executor = createExecutor(compiled.plan, compiled.weights);
    const shown: string[] = [];
    let correct = 0;
    // The file interleaves the classes, so #0..#9 are one held-out digit of each class, 0 to 9.
    for (let index = 0; index < 10; index++) {
      const label = decoded.digits.labels[index];
      const direct = executor.run(readMnistDigit(decoded.digits, index), 1);
      if (!direct.ok) throw new Error(direct.error.message);
      const expected = Array.from(direct.outputs.output);
      await page.getByTestId(`mnist-${index}`).click();
      await page.getByTestId('run-button').click();
      // Wait for this digit's result (a finished run of the previous digit would also say 'done').
      await expect.poll(async () => {
        const snap = await page.evaluate(() => window.__cnnRun!.snapshot()) as RunSnapshot;
        const out = snap.outputs[0]?.data ?? [];
        return snap.status === 'done' && out.length === 10 && out.every((v, i) => Math.abs(v - expected[i]) <= 1e-6);
      }, { timeout: 30_000 }).toBe(true);
      const top = await page.getByTestId('top-classes').locator('.top-class-label').first().textContent();
      shown.push(`#${index} (a ${label}) -> ${top}`);
      expect(top, shown.join(', ')).toBe(String(expected.indexOf(Math.max(...expected))));
      if (top === String(label)) correct++;
    }
    console.log(`trained LeNet-5 in the browser: ${shown.join(', ')}`);
    // Fixed weights and fixed digits, so this count is fixed too; at ~97% a miss in ten is possible.
    expect(correct, shown.join(', ')).toBeGreaterThanOrEqual(9);
    await screenshot(page, 'run-trained-lenet');
  });

  it('the trained LeNet-5 reads a 1, a 7 and a 0 drawn with the mouse', async () => {
    await page.getByRole('tab', { name: 'Draw' }).click();
    const pad = page.getByTestId('drawing-pad');
    const box = (await pad.boundingBox())!;
    const at = (fx: number, fy: number) => [box.x + box.width * fx, box.y + box.height * fy] as const;
    const ring = Array.from({ length: 33 }, (_, i) => [0.5 + 0.2 * Math.sin((i / 32) * 2 * Math.PI), 0.5 - 0.33 * Math.cos((i / 32) * 2 * Math.PI)] as const);
    const digits: [string, (readonly [number, number])[]][] = [
      ['1', [[0.52, 0.15], [0.48, 0.85]]],
      ['7', [[0.25, 0.2], [0.75, 0.2], [0.4, 0.85]]],
      ['0', ring],
    ];
    for (const [digit, stroke] of digits) {
      await page.getByRole('button', { name: 'Clear' }).click();
      await page.mouse.move(...at(...stroke[0]));
      await page.mouse.down();
      for (const point of stroke.slice(1)) await page.mouse.move(...at(...point), { steps: 10 });
      await page.mouse.up();
      await page.getByTestId('run-button').click();
      // A drawing run's picture differs from the last one: wait until a run has finished AND shows
      // this digit (the label alone can match while a newer run is still going).
      const topLabel = () => page.getByTestId('top-classes').locator('.top-class-label').first().textContent();
      await expect.poll(async () => `${await status()} ${await topLabel()}`, { timeout: 30_000 }).toBe(`done ${digit}`);
    }
    await screenshot(page, 'run-drawn-zero');
  });

  it('says that each of two Inputs gets the picture', async () => {
    const two = {
      format: 'cnn-graph', version: 1, name: 'Two inputs',
      nodes: [
        { id: 'a', kind: 'Input', name: 'left', params: { shape: [28, 28, 1] }, position: { x: 0, y: 0 } },
        { id: 'b', kind: 'Input', name: 'right', params: { shape: [28, 28, 1] }, position: { x: 320, y: 0 } },
        { id: 'c', kind: 'Add', name: 'sum', params: {}, position: { x: 160, y: 160 } },
      ],
      edges: [{ id: 'e1', source: 'a', target: 'c' }, { id: 'e2', source: 'b', target: 'c' }],
    };
    await page.getByTestId('open-file-input').setInputFiles({ name: 'two.cnn.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(two)) });
    await expect.poll(() => page.getByTestId('doc-name').textContent()).toBe('Two inputs');
    await page.getByRole('tab', { name: 'Run' }).click();
    expect(await page.getByTestId('run-inputs-note').textContent()).toBe('This graph has 2 Inputs (left, right): each one gets the picture above.');
    await page.getByRole('tab', { name: 'MNIST' }).click();
    await page.getByTestId('mnist-3').click();
    await page.getByTestId('run-button').click();
    await expect.poll(status, { timeout: 30_000 }).toBe('done');
    // The sum is the digit twice: its maximum is 2 where the digit is 1.
    const sum = await page.evaluate(() => window.__cnnRun!.snapshot()) as RunSnapshot;
    expect(Math.max(...sum.outputs[0].data)).toBeCloseTo(2 * Math.max(...sum.picture!.data), 5);
    await screenshot(page, 'run-two-inputs');
    await openPreset('lenet5-mnist');
    await expect.poll(() => page.getByTestId('run-inputs-note').count()).toBe(0);
  });

  it('kernel playground: a bad custom entry is named, and the picture keeps the last good kernel', async () => {
    await page.getByTestId('playground-button').click();
    const pg = page.getByTestId('kernel-playground');
    await pg.waitFor();
    const custom = pg.getByTestId('playground-Custom');
    const cell = pg.getByLabel('custom kernel row 2 column 2');
    const error = pg.getByTestId('custom-kernel-error');
    await cell.fill('abc');
    await expect.poll(() => error.textContent()).toBe("row 2 column 2: 'abc' is not a number. The picture uses the last numbers that worked.");
    await cell.fill('');
    await expect.poll(() => error.textContent()).toContain('row 2 column 2 is empty');
    await cell.fill('1e39');
    await expect.poll(() => error.textContent()).toContain('row 2 column 2: 1e39 is beyond what a float32 weight holds');
    expect(await custom.textContent()).toContain('[[0, 0, 0], [0, 1, 0], [0, 0, 0]]');
    await screenshot(page, 'kernel-playground-bad-entry');
    await cell.fill('2');
    await expect.poll(() => error.count()).toBe(0);
    expect(await custom.textContent()).toContain('[[0, 0, 0], [0, 2, 0], [0, 0, 0]]');
    // The identity times 2 on the scene: raw range is twice the identity's.
    const identity = (await pg.getByTestId('playground-Identity').textContent())!.match(/raw range (-?[\d.]+) … (-?[\d.]+)/)!;
    const doubled = (await custom.textContent())!.match(/raw range (-?[\d.]+) … (-?[\d.]+)/)!;
    expect(Number(doubled[2])).toBeCloseTo(2 * Number(identity[2]), 1);
    await page.keyboard.press('Escape');
    await pg.waitFor({ state: 'detached' });
  });

  it('the seed box names a bad seed and keeps running with the last good one', async () => {
    await page.getByRole('tab', { name: 'Run' }).click();
    const seed = page.getByTestId('seed-input');
    await seed.fill('7');
    await expect.poll(async () => ((await page.evaluate(() => window.__cnnRun!.snapshot())) as RunSnapshot).seed).toBe(7);
    for (const bad of ['1e20', '-5', '']) {
      await seed.fill(bad);
      await expect.poll(() => page.getByTestId('seed-error').textContent()).toContain('Seed must be a whole number from 0 to 4,294,967,295');
      expect(await page.getByTestId('seed-error').textContent()).toContain('still using 7');
      expect(await seed.inputValue()).toBe(bad);
    }
    await seed.fill('8');
    await expect.poll(() => page.getByTestId('seed-error').count()).toBe(0);
  });

  it('logged no console errors', () => {
    expect(consoleProblems).toEqual([]);
  });
});
