import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // CLI tests spawn node processes; the default of half the cores is fine on 2-core machines.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
