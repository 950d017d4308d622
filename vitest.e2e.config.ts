import { defineConfig } from 'vitest/config';

// Browser tests: a built app served by `vite preview`, driven by playwright-core in the system Chromium.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    globalSetup: ['tests/e2e/globalSetup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // A page waits on layout, a worker or IndexedDB; on a loaded machine that can take seconds.
    expect: { poll: { timeout: 10_000 } },
    pool: 'forks',
  },
});
