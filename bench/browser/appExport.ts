/**
 * `npm run bench:browser-export [-- --no-build]`: VGG-16 (138,357,544 weights, about 550 MB per
 * format) exported from the app's Export menu in headless Chromium, every format that takes the
 * document's layout: the time from the click to the finished download, the export worker's own
 * time, and the file size, checked to hold every weight. Minutes on a loaded machine, so it is a
 * measurement here and not in the browser tests (which compare LeNet-5's bytes with the CLI's).
 */
import { readFileSync } from 'node:fs';
import { findPreset } from '../../src/core/presets';
import { createShareLink } from '../../src/share/shareLink';
import { listExportChoices } from '../../src/ui/export/exportChoices';
import { launchBrowser } from '../../tests/e2e/harness';
import { clickAsPerson } from '../../tests/e2e/personClick';
import { serveApp } from './appServer';

const VGG16_WEIGHTS = 138_357_544;

const vgg = findPreset('vgg16');
if (!vgg) throw new Error('no vgg16 preset');
const link = createShareLink(vgg.doc, 'http://x/');
if (!link.ok) throw new Error(link.error.message);
const { base, server } = await serveApp();
const browser = await launchBrowser();
try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(base + link.url.slice(link.url.indexOf('#')));
  await page.waitForFunction((name) => document.querySelector('[data-testid="doc-name"]')?.textContent === name, vgg.doc.name, { timeout: 60_000 });
  for (const choice of listExportChoices().filter((c) => c.layout !== 'nhwc')) {
    await clickAsPerson(page, page.getByTestId('export-button'), 'the Export button');
    const started = Date.now();
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 600_000 }),
      clickAsPerson(page, page.getByTestId(`export-${choice.key}`), `Export ${choice.key}`),
    ]);
    const bytes = readFileSync(await download.path()).length;
    const clickToDownloadMs = Date.now() - started;
    const workerMs = Number(await page.getByTestId('export-button').getAttribute('data-last-ms'));
    if (bytes <= VGG16_WEIGHTS * 4) throw new Error(`${choice.key}: ${bytes} bytes cannot hold VGG-16's ${VGG16_WEIGHTS} float32 weights`);
    console.log(JSON.stringify({ case: `VGG-16 export: ${choice.key}`, clickToDownloadMs, workerMs, megabytes: Math.round(bytes / 1e6) }));
  }
  await context.close();
} finally {
  await browser.close();
  await server.close();
}
