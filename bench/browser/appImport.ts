/**
 * `npm run bench:browser-import [-- --rounds=N] [-- --no-build]`: opening torchvision's ResNet-50
 * (.onnx, random weights, 97 MiB; exported once by Debian's PyTorch, skipped without it) in the
 * app in headless Chromium, as a person does with Open: from handing the file to the file input
 * to the imported graph on the canvas with its params counted and "Saved" (the import in the
 * worker, the library write, the open). Peak memory is the tab's renderer process (page and
 * workers) from /proc: its high-water mark minus its resident size before the file was given
 * (Linux only; null elsewhere); the longest task the page's thread ran meanwhile is how long a click
 * could have waited. Each round in a fresh browser context; the median of 5 by default.
 * A measurement, never a test.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { launchBrowser } from '../../tests/e2e/harness';
import { serveApp } from './appServer';
import { median } from '../benchUtils';
import { exportResnet50 } from '../importBench';

const rounds = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice('--rounds='.length) ?? 5);
/** torchvision's count for ResNet-50: 25,557,032 trainable plus 53,120 BatchNorm statistics. */
const RESNET50_PARAMS = (25_557_032 + 53_120).toLocaleString('en-US');

/** Resident and peak resident KiB of every Chromium renderer process, by pid. */
function rendererMemory(): Map<number, { rssKiB: number; hwmKiB: number }> {
  const out = new Map<number, { rssKiB: number; hwmKiB: number }>();
  if (!existsSync('/proc')) return out;
  const ps = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  for (const line of ps.split('\n')) {
    const match = /^\s*(\d+)\s+(.*)$/.exec(line);
    if (!match || !match[2].includes('--type=renderer')) continue;
    try {
      const status = readFileSync(`/proc/${match[1]}/status`, 'utf8');
      const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
      out.set(Number(match[1]), { rssKiB: kib('VmRSS'), hwmKiB: kib('VmHWM') });
    } catch {
      // The process ended between ps and the read.
    }
  }
  return out;
}

const file = exportResnet50();
if (!file) {
  console.log('ResNet-50 could not be exported (no /usr/bin/python3 with torch and torchvision): nothing measured');
  process.exit(0);
}
const bytes = readFileSync(file);
const { base, server } = await serveApp();
const browser = await launchBrowser();
const times: number[] = [];
const peaks: number[] = [];
const longest: number[] = [];
try {
  for (let round = 0; round < rounds; round++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(base);
    await page.getByTestId('save-status').filter({ hasText: 'Saved' }).waitFor({ timeout: 30_000 });
    // The page's long tasks while the import runs: how long a click could wait.
    await page.evaluate('window.__longTasks = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push(e.duration); }).observe({ type: "longtask" });');
    const before = rendererMemory();
    const start = Date.now();
    // A path, not the bytes: Playwright passes buffers only up to 50 MB.
    await page.getByTestId('open-file-input').setInputFiles(file);
    await page.getByTestId('onnx-report').waitFor({ timeout: 120_000 });
    await page.waitForFunction((params) => document.querySelector('[data-testid="total-params"]')?.textContent === params, RESNET50_PARAMS, { timeout: 120_000 })
      .catch(async () => { throw new Error(`ResNet-50's params shown as ${await page.getByTestId('total-params').textContent()}, expected ${RESNET50_PARAMS}`); });
    await page.getByTestId('save-status').filter({ hasText: 'Saved' }).waitFor({ timeout: 120_000 });
    times.push(Date.now() - start);
    const after = rendererMemory();
    longest.push(Math.max(0, ...(await page.evaluate('window.__longTasks') as number[])));
    const grown = [...after].map(([pid, m]) => m.hwmKiB - (before.get(pid)?.rssKiB ?? m.hwmKiB));
    if (grown.length) peaks.push(Math.max(...grown) / 1024);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
const fileMiB = bytes.length / 2 ** 20;
const peakMiB = peaks.length ? median(peaks) : null;
console.log(JSON.stringify({
  case: 'ResNet-50 .onnx opened in the app (worker import, library write, open): file to canvas and Saved',
  medianMs: Math.round(median(times)), minMs: Math.min(...times), maxMs: Math.max(...times),
  peakRendererMiB: peakMiB === null ? null : Math.round(peakMiB), fileMiB: Math.round(fileMiB),
  peakOverFile: peakMiB === null ? null : Number((peakMiB / fileMiB).toFixed(2)),
  medianLongestTaskMs: Math.round(median(longest)), rounds,
}));
