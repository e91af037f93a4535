import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each file starts its own server on its own port, and nothing is shared between files but the
    // imported modules: one worker that imports the codec once is cheaper than five that each do.
    pool: 'threads',
    isolate: false,
    fileParallelism: false,
    testTimeout: 20_000,
  },
});
