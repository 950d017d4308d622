import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { compileGraph } from '../../src/core/compile/compileGraph';
import type { GraphDocument } from '../../src/core/graph/types';
import { decodeMnistDigits, readMnistDigit, type MnistDigits } from '../../src/core/imaging/mnistDigits';
import { findPreset } from '../../src/core/presets';
import { createExecutor } from '../../src/core/runtime/executor';
import type { RunSnapshot } from '../../src/ui/run/runDebugHook';
import { launchBrowser, openApp, screenshot } from './harness';
import { clickAsPerson } from './personClick';

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

const status = () => page.getByTestId('train-status').getAttribute('data-status');
const snapshot = () => page.evaluate(() => window.__cnnRun!.snapshot()) as Promise<RunSnapshot>;

/** Right answers of `doc` (weights from the document, the rest from `seed`) on the picker's held-out digits, in Node. */
function heldOutCorrect(doc: GraphDocument, seed: number, digits: MnistDigits): number {
  const compiled = compileGraph(doc, { seed });
  if (!compiled.ok) throw new Error(compiled.message);
  const executor = createExecutor(compiled.plan, compiled.weights);
  const out = compiled.plan.outputs[0].nodeId;
  let correct = 0;
  for (let i = 0; i < digits.labels.length; i++) {
    const run = executor.run(readMnistDigit(digits, i), 1);
    if (!run.ok) throw new Error(run.error.message);
    const p = Array.from(run.outputs[out]);
    if (p.indexOf(Math.max(...p)) === digits.labels[i]) correct++;
  }
  return correct;
}

async function fill(testId: string, value: string): Promise<void> {
  const box = page.getByTestId(testId);
  // A person scrolls the panel back up to its fields first.
  await box.evaluate((el) => el.scrollIntoView({ block: 'nearest' }));
  await clickAsPerson(page, box, testId);
  await box.fill(value);
}

describe('the Train panel', () => {
  it('trains LeNet-5 on MNIST in the worker: charts, confusion matrix, pause, stop, and the weights become the graph\'s', async () => {
    await clickAsPerson(page, page.getByTestId('presets-button'), 'Presets button');
    await clickAsPerson(page, page.getByTestId('preset-lenet5-mnist'), 'LeNet-5 (MNIST) preset');
    await expect.poll(() => page.getByTestId('doc-name').textContent()).toBe('LeNet-5 for MNIST');
    const before = await snapshot();
    const untrainedDoc = before.doc as GraphDocument;
    expect(untrainedDoc.weights).toBeUndefined();
    const decoded = decodeMnistDigits(new Uint8Array(readFileSync('dist/data/mnist-digits.bin')));
    if (!decoded.ok) throw new Error(decoded.error.message);
    const untrained = heldOutCorrect(untrainedDoc, before.seed, decoded.digits);

    await clickAsPerson(page, page.getByRole('tab', { name: 'Train' }), 'Train tab');
    await fill('train-epochs', '3');
    await fill('train-stepsPerEpoch', '40');
    await fill('train-batch', '64');
    await clickAsPerson(page, page.getByTestId('train-start'), 'Start');
    await expect.poll(status, { timeout: 30_000 }).toBe('running');
    await expect.poll(async () => Number(await page.getByTestId('train-chart-loss').getAttribute('data-points')), { timeout: 30_000 }).toBeGreaterThan(3);
    // The chart draws what it was given: uPlot's canvas has the line's pixels.
    expect(await page.locator('[data-testid="train-chart-loss"] canvas').count()).toBe(1);

    // A click on the canvas during training: from the pointer going down to the node drawn selected.
    await page.evaluate(() => {
      const w = window as unknown as { __clickAt: number; __selectedAt: number };
      w.__clickAt = 0;
      w.__selectedAt = 0;
      document.addEventListener('pointerdown', () => (w.__clickAt = performance.now()), { capture: true, once: true });
      const node = document.querySelector('[data-testid="node-C3"]')!;
      const seen = new MutationObserver(() => {
        if (node.classList.contains('is-selected')) {
          w.__selectedAt = performance.now();
          seen.disconnect();
        }
      });
      seen.observe(node, { attributes: true, attributeFilter: ['class'] });
    });
    expect(await status()).toBe('running');
    await clickAsPerson(page, page.getByTestId('node-C3'), 'C3 on the canvas');
    await expect.poll(() => page.evaluate(() => (window as unknown as { __selectedAt: number }).__selectedAt)).toBeGreaterThan(0);
    const latency = await page.evaluate(() => {
      const w = window as unknown as { __clickAt: number; __selectedAt: number };
      return w.__selectedAt - w.__clickAt;
    });
    const stillTraining = await status();
    console.log(`click on the canvas during training: selected after ${latency.toFixed(1)} ms (training ${stillTraining})`);
    expect(stillTraining).toBe('running');

    // Pause holds the step count (after the batch in flight lands); Resume goes on.
    await clickAsPerson(page, page.getByTestId('train-pause'), 'Pause');
    await expect.poll(status).toBe('paused');
    await page.waitForTimeout(400);
    const pausedAt = await page.getByTestId('train-status').textContent();
    await page.waitForTimeout(600);
    expect(await page.getByTestId('train-status').textContent()).toBe(pausedAt);
    await clickAsPerson(page, page.getByTestId('train-resume'), 'Resume');
    await expect.poll(status).toBe('running');

    // After the first epoch: the validation confusion matrix counts every held-out digit once.
    const matrix = page.getByTestId('confusion-matrix');
    await matrix.waitFor({ timeout: 60_000 });
    const cells = (await matrix.locator('tbody td').allTextContents()).map((t) => Number(t || 0));
    expect(cells).toHaveLength(100);
    expect(cells.reduce((a, b) => a + b, 0)).toBe(1000);
    // The grid of wrong ones: as many as the matrix's off-diagonal holds (up to 24), each really wrong.
    const diagonal = Array.from({ length: 10 }, (_, d) => cells[d * 11]).reduce((a, b) => a + b, 0);
    const wrong = await page.getByTestId('misclassified-sample').evaluateAll((els) => els.map((el) => el.getAttribute('title') ?? ''));
    expect(wrong).toHaveLength(Math.min(24, 1000 - diagonal));
    for (const title of wrong) {
      const [, predicted, truth] = /predicted (\d), true (\d)$/.exec(title) ?? [];
      expect(predicted, title).not.toBe(truth);
    }
    expect(Number(await page.getByTestId('train-chart-loss').getAttribute('data-epochs'))).toBeGreaterThanOrEqual(1);
    const speed = await page.getByTestId('train-status').textContent();
    console.log(`training LeNet-5 (MNIST) at batch 64 in the browser: ${speed}`);
    await screenshot(page, 'train-running');

    await clickAsPerson(page, page.getByTestId('train-stop'), 'Stop');
    await expect.poll(status, { timeout: 30_000 }).toBe('stopped');
    await page.getByTestId('train-landed').waitFor();
    const after = await snapshot();
    const trainedDoc = after.doc as GraphDocument;
    const weighted = untrainedDoc.nodes.filter((n) => ['Conv2D', 'Dense'].includes(n.kind)).map((n) => n.id).sort();
    expect(Object.keys(trainedDoc.weights ?? {}).sort()).toEqual(weighted);
    expect(trainedDoc.training).toEqual({ optimizer: 'adam', learningRate: 0.001, momentum: 0, weightDecay: 0, batch: 64, epochs: 3 });
    const trained = heldOutCorrect(trainedDoc, after.seed, decoded.digits);
    console.log(`picker's ${decoded.digits.labels.length} held-out digits right: untrained ${untrained}, after training in the browser ${trained}`);
    expect(trained).toBeGreaterThan(untrained + decoded.digits.labels.length / 4);

    // The trained weights are a revision at once, to come back to after later edits.
    await clickAsPerson(page, page.getByTestId('revisions-button'), 'Revisions');
    await expect.poll(() => page.getByTestId('revision-row').filter({ hasText: 'Trained weights' }).count(), { timeout: 10_000 }).toBe(1);
    await page.keyboard.press('Escape');

    // One undo takes the trained weights back off the graph.
    await clickAsPerson(page, page.getByTestId('undo-button'), 'Undo');
    await expect.poll(async () => ((await snapshot()).doc as GraphDocument).weights).toBeUndefined();
    await clickAsPerson(page, page.getByTestId('redo-button'), 'Redo');
    await expect.poll(async () => Object.keys(((await snapshot()).doc as GraphDocument).weights ?? {}).length).toBe(weighted.length);
    expect(consoleProblems).toEqual([]);
  });

  it('names the node when a graph cannot be trained on the dataset', async () => {
    await clickAsPerson(page, page.getByTestId('presets-button'), 'Presets button');
    await clickAsPerson(page, page.getByTestId('preset-lenet5'), 'LeNet-5 preset');
    await expect.poll(() => page.getByTestId('doc-name').textContent()).not.toBe('LeNet-5 for MNIST');
    const doc = (await snapshot()).doc as GraphDocument;
    const input = doc.nodes.find((n) => n.kind === 'Input')!;
    await clickAsPerson(page, page.getByRole('tab', { name: 'Train' }), 'Train tab');
    await clickAsPerson(page, page.getByTestId('train-start'), 'Start');
    await expect.poll(status).toBe('error');
    const text = await page.getByTestId('train-error').textContent();
    expect(text).toContain(`the Input ${input.name} is [${(input.params.shape as number[]).join(', ')}]`);
  });

  it('looks right at three sizes in light and dark', async () => {
    await clickAsPerson(page, page.getByTestId('presets-button'), 'Presets button');
    await clickAsPerson(page, page.getByTestId('preset-lenet5-mnist'), 'LeNet-5 (MNIST) preset');
    await clickAsPerson(page, page.getByRole('tab', { name: 'Train' }), 'Train tab');
    await fill('train-epochs', '1');
    await fill('train-stepsPerEpoch', '20');
    await clickAsPerson(page, page.getByTestId('train-start'), 'Start');
    await expect.poll(status, { timeout: 60_000 }).toBe('done');
    for (const theme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width: 1440, height: 900 });
      await clickAsPerson(page, page.getByTestId('theme-button'), 'theme button');
      await clickAsPerson(page, page.getByTestId(`theme-${theme}`), `theme ${theme}`);
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
      for (const [width, height] of [[1440, 900], [1280, 720], [390, 844]]) {
        await page.setViewportSize({ width, height });
        if (width < 600) {
          await clickAsPerson(page, page.getByTestId('drawer-side-button'), 'Details drawer');
          await clickAsPerson(page, page.getByRole('tab', { name: 'Train' }), 'Train tab');
        }
        await page.getByTestId('confusion-matrix').waitFor();
        await screenshot(page, `train-${width}x${height}-${theme}`);
        await page.getByTestId('misclassified').evaluate((el) => el.scrollIntoView({ block: 'end' }));
        await screenshot(page, `train-${width}x${height}-${theme}-end`);
        if (width < 600) await page.getByTestId('drawer-scrim').click({ position: { x: 10, y: 300 } });
      }
    }
  });

  it('a reload mid-training offers the last epoch\'s checkpoint and resumes from it', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await clickAsPerson(page, page.getByTestId('presets-button'), 'Presets button');
    await clickAsPerson(page, page.getByTestId('preset-lenet5-mnist'), 'LeNet-5 (MNIST) preset');
    await expect.poll(() => page.getByTestId('doc-name').textContent()).toBe('LeNet-5 for MNIST');
    await clickAsPerson(page, page.getByRole('tab', { name: 'Train' }), 'Train tab');
    await fill('train-epochs', '3');
    await fill('train-stepsPerEpoch', '40');
    await clickAsPerson(page, page.getByTestId('train-start'), 'Start');
    await page.getByTestId('confusion-matrix').waitFor({ timeout: 60_000 });
    // The checkpoint is in IndexedDB once the epoch has ended.
    const saved = () => page.evaluate(() => new Promise<number>((resolve) => {
      const req = indexedDB.open('cnn-graph-studio-training');
      req.onsuccess = () => {
        const db = req.result;
        if (!db.objectStoreNames.contains('checkpoints')) return resolve(0);
        const get = db.transaction('checkpoints').objectStore('checkpoints').get('current');
        get.onsuccess = () => resolve((get.result as { epoch?: number } | undefined)?.epoch ?? 0);
        get.onerror = () => resolve(0);
      };
      req.onerror = () => resolve(0);
    }));
    await expect.poll(saved).toBeGreaterThanOrEqual(1);
    await page.reload();
    await page.getByTestId('node-C1').waitFor();
    const epoch = await saved();
    await clickAsPerson(page, page.getByRole('tab', { name: 'Train' }), 'Train tab');
    const offer = page.getByTestId('train-checkpoint');
    await offer.waitFor();
    expect(await offer.textContent()).toContain(`after epoch ${epoch} of 3`);
    await clickAsPerson(page, page.getByTestId('train-resume-checkpoint'), 'Resume from checkpoint');
    // The charts of the epochs before the reload are back, and steps go on from there.
    expect(Number(await page.getByTestId('train-chart-loss').getAttribute('data-epochs'))).toBe(epoch);
    await expect.poll(async () => Number(/step (\d+)\//.exec((await page.getByTestId('train-status').textContent()) ?? '')?.[1] ?? 0), { timeout: 30_000 }).toBeGreaterThan(40 * epoch);
    await expect.poll(status, { timeout: 90_000 }).toBe('done');
    expect(await page.getByTestId('train-landed').textContent()).toContain('after 120 steps');
    const doc = (await snapshot()).doc as GraphDocument;
    expect(Object.keys(doc.weights ?? {})).toHaveLength(5);
    expect(doc.training?.epochs).toBe(3);
    // The run ended: nothing is left to resume.
    await expect.poll(saved).toBe(0);
  });
});
