import { preview, type PreviewServer } from 'vite';
import { existsSync } from 'node:fs';

/** Serves the built app (dist/) once for every browser test; tests read its URL from E2E_BASE_URL. */
let server: PreviewServer | undefined;

export async function setup(): Promise<void> {
  if (!existsSync('dist/index.html')) throw new Error('dist/ is missing: run `vite build` before the browser tests');
  server = await preview({ preview: { port: 0, host: '127.0.0.1', strictPort: false }, logLevel: 'warn' });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  process.env.E2E_BASE_URL = url;
}

export async function teardown(): Promise<void> {
  await server?.close();
}
