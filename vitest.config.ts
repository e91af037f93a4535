import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A few tests spawn processes (the smoke tests, the peers, the downstream build) on a busy machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    coverage: {
      provider: 'v8',
      // The code that ships: the generator and the engine source (generated/ is a copy of it plus tables).
      include: ['generator/**/*.ts'],
      reporter: ['text-summary', 'text'],
      reportsDirectory: '.tmp/coverage',
    },
  },
});
