import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Every test talks to a real server on loopback; the suite is small enough for one worker per file.
    testTimeout: 20_000,
  },
});
