import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/bench/**', 'node_modules/**', 'dist/**'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Browser and multi-process tests start servers; keep the machine (2 cores) responsive.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
