import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/setup.ts'],
    // Test files share their worker's modules: the generator, the markdown parser and the codec
    // built from the shipped spec (test/support/codec.ts) load once per worker rather than once
    // per file, which halves the suite's CPU time. The tests keep no state in shared modules, mock
    // no module, and clean up their temporary folders per file (setup.ts).
    isolate: false,
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
