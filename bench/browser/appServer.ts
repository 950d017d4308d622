import { build, preview, type PreviewServer } from 'vite';

/**
 * The app as people get it, for the benchmarks that drive it in Chromium: built with its own Vite
 * config (unless `--no-build` is among the arguments: dist/ is reused) and served by `vite preview`.
 */
export async function serveApp(argv: readonly string[] = process.argv): Promise<{ base: string; server: PreviewServer }> {
  if (!argv.includes('--no-build')) await build({ logLevel: 'warn' });
  const server = await preview({ preview: { port: 0, host: '127.0.0.1', strictPort: false }, logLevel: 'warn' });
  const base = server.resolvedUrls?.local[0];
  if (!base) throw new Error('vite preview did not report a URL');
  return { base, server };
}
