import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { kindTablesPlugin } from './scripts/kindTables.ts';

// One config for the app (vite) and the unit tests (vitest). Browser tests have their own config.
export default defineConfig({
  // The kind tables (LAYERS, KERNELS) are written from the layer and kernel files: see scripts/kindTables.ts.
  plugins: [kindTablesPlugin(fileURLToPath(new URL('.', import.meta.url))), react()],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    testTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one on a 2-core CI machine, where the
    // oracles (Python, onnxruntime, tfjs) leave the second core mostly idle. Never fewer than two.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Node 20 runs relaxed SIMD only behind this flag (Chromium ships it); the relaxed GEMM's tests need it.
    execArgv: ['--experimental-wasm-relaxed-simd'],
  },
});
