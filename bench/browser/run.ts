/**
 * `npm run bench:browser [-- --quick] [--only=TEXT] [--json]`: the speed cases of `npm run bench` in
 * headless Chromium, where people run the app. Builds ./page.ts with Vite, serves it cross-origin
 * isolated (COOP/COEP, so the peers' threaded builds get SharedArrayBuffer), and runs every case
 * twice: with the peers on 1 thread, then onnxruntime-web on 2 (tfjs-wasm's threaded build does not
 * start from a bundled page: see ./page). Ours runs in a Web Worker on one thread both times.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'vite';
import { launchBrowser } from '../../tests/e2e/harness';
import type { BrowserRow } from './page';

const quick = process.argv.includes('--quick');
const json = process.argv.includes('--json');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const OUT = path.resolve('dist-bench');
const require = createRequire(import.meta.url);
/** The directory of a package's entry file (their wasm files sit beside it). */
const besideEntry = (pkg: string) => path.dirname(require.resolve(pkg)) + path.sep;
const ROOTS: Record<string, string> = { '/ort/': besideEntry('onnxruntime-web'), '/tfjs/': besideEntry('@tensorflow/tfjs-backend-wasm') };
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };

/** Serves the built page and the peers' wasm files, cross-origin isolated. */
function serve(): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const prefix = Object.keys(ROOTS).find((p) => url.pathname.startsWith(p));
    const file = prefix ? path.join(ROOTS[prefix], url.pathname.slice(prefix.length)) : path.join(OUT, url.pathname === '/' ? 'index.html' : url.pathname);
    if (!existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

await build({ configFile: false, root: path.resolve('bench/browser'), logLevel: 'warn', build: { outDir: OUT, emptyOutDir: true, target: 'es2022' }, worker: { format: 'es' } });
const server = await serve();
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const browser = await launchBrowser();
const rows: Array<BrowserRow & { threads: number }> = [];
try {
  for (const threads of [1, 2]) {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    await page.goto(`${base}/?threads=${threads}`);
    await page.waitForFunction(() => document.getElementById('status')?.textContent !== 'loading', null, { timeout: 120_000 });
    const status = await page.locator('#status').textContent();
    if (status !== 'ready') throw new Error(`bench page: ${status}`);
    const info = await page.evaluate(() => ({ cases: window.bench!.cases, isolated: window.bench!.crossOriginIsolated, relaxed: window.bench!.relaxedSimd }));
    if (!json) console.log(`\nPeers on ${threads} thread(s); cross-origin isolated: ${info.isolated}; relaxed SIMD for ours: ${info.relaxed}`);
    for (const name of info.cases) {
      if (only && !name.includes(only)) continue;
      const caseRows = await page.evaluate(([n, q]) => window.bench!.run(n as string, q as boolean), [name, quick] as const);
      const ours = caseRows[0];
      for (const r of caseRows) {
        rows.push({ ...r, threads });
        if (!json) {
          const speedup = r.medianMs / ours.medianMs;
          const ratio = r === ours ? '' : speedup >= 1 ? `  ours ${speedup.toFixed(2)}x faster` : `  ours ${(1 / speedup).toFixed(2)}x slower`;
          console.log(`  ${name.padEnd(38)} ${r.impl.padEnd(34)} ${r.medianMs.toFixed(2).padStart(9)} ms ${r.gflops.toFixed(1).padStart(6)} GFLOPS${ratio}`);
        }
      }
    }
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
if (json) console.log(JSON.stringify(rows, null, 2));
