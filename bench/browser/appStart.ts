/**
 * `npm run bench:start [-- --rounds=N] [-- --no-build]`: how soon the app shows its first graph in
 * headless Chromium, from navigation start to the frame after the first layer card is in the
 * page. Builds the app (dist/) with its own Vite config, serves it with `vite preview`, and
 * measures, each round in a fresh browser context:
 * - first visit: an empty library (the app adds LeNet-5 and opens it);
 * - return visit: the same context reloaded, the library answering with that graph (the scripts
 *   in the HTTP cache, as for a person coming back);
 * - DOMContentLoaded of the return visit (the script's own loading, for comparison);
 * - a library that never answers (another tab holds an upgrade of it open): the editor starts
 *   without it, with a banner.
 * Medians, minimum and maximum over the rounds. A measurement, never a test.
 */
import { launchBrowser } from '../../tests/e2e/harness';
import { serveApp } from './appServer';
import { median } from '../benchUtils';

const rounds = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice('--rounds='.length) ?? 7);

/**
 * Runs before the app's scripts: resolves `window.__firstCard` with the time of the frame after a
 * layer card first appears. A string, so the bundler that runs this file cannot wrap it in helpers
 * the page does not have.
 */
const WATCH_FIRST_CARD = `(() => {
  window.__firstCard = new Promise((resolve) => {
    const look = () => {
      if (document.querySelector('.react-flow__node')) requestAnimationFrame(() => resolve(performance.now()));
      else requestAnimationFrame(look);
    };
    look();
  });
})();`;

/**
 * Run in another tab: opens the library at a version above the app's and never ends the upgrade,
 * so the app's own open neither succeeds nor fails (as behind a tab holding an old version).
 */
const HOLD_LIBRARY = `(() => {
  const r = indexedDB.open('cnn-graph-studio', 1000000);
  r.onupgradeneeded = () => {
    const store = r.result.createObjectStore('held');
    const spin = () => { store.get(1).onsuccess = spin; };
    spin();
  };
})()`;

interface Sample { firstVisitMs: number; returnVisitMs: number; returnDomContentLoadedMs: number; stuckMs: number }

const summarize = (values: number[]) => ({ medianMs: Math.round(median(values)), minMs: Math.round(Math.min(...values)), maxMs: Math.round(Math.max(...values)) });

const { base, server } = await serveApp();
const browser = await launchBrowser();
const samples: Sample[] = [];
try {
  for (let round = 0; round < rounds; round++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addInitScript({ content: WATCH_FIRST_CARD });
    const page = await context.newPage();
    await page.goto(base);
    const firstVisitMs = await page.evaluate('window.__firstCard') as number;
    // Let the first visit's save land, so the return visit opens it from the library.
    await page.getByTestId('save-status').filter({ hasText: 'Saved' }).waitFor({ timeout: 30_000 });
    await page.reload();
    const returnVisitMs = await page.evaluate('window.__firstCard') as number;
    const returnDomContentLoadedMs = await page.evaluate('performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd') as number;
    await context.close();

    const held = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const holder = await held.newPage();
    await holder.goto(`${base.replace(/\/$/, '')}/favicon.svg`);
    await holder.evaluate(HOLD_LIBRARY);
    await held.addInitScript({ content: WATCH_FIRST_CARD });
    const stuck = await held.newPage();
    await stuck.goto(base);
    const stuckMs = await stuck.evaluate('window.__firstCard') as number;
    await stuck.getByTestId('banner-stuck').waitFor({ timeout: 30_000 });
    await held.close();
    samples.push({ firstVisitMs, returnVisitMs, returnDomContentLoadedMs, stuckMs });
  }
} finally {
  await browser.close();
  await server.close();
}

const rows = [
  { case: 'first visit (empty library): first layer card painted', ...summarize(samples.map((s) => s.firstVisitMs)), rounds },
  { case: 'return visit (library answering, scripts cached): first layer card painted', ...summarize(samples.map((s) => s.returnVisitMs)), rounds },
  { case: 'return visit: DOMContentLoaded', ...summarize(samples.map((s) => s.returnDomContentLoadedMs)), rounds },
  { case: 'library that never answers: first layer card painted (with the banner)', ...summarize(samples.map((s) => s.stuckMs)), rounds },
];
for (const r of rows) console.log(JSON.stringify(r));
