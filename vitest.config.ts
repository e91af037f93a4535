import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Tests that pollute Object.prototype and Array.prototype on purpose (hostile callers, hostile-tree
 * fuzz cases). They restore what they change, but V8 does not: a value ever set at an index of
 * Array.prototype or Object.prototype, or a replaced Array.prototype[Symbol.iterator], turns off
 * for good the fast paths it guards (its "protectors") in that process. Run in the suite's shared
 * worker, they made every file after them slower (the whole suite about 20 % more CPU); they run
 * in processes of their own instead. The same goes for a Uint8Array subclass with its own
 * Symbol.species (into.test.ts's hostile `into` arrays): that turns off the typed-array species
 * protector, and every later `subarray`/`slice` in the process takes the slow, spec-walking path.
 */
const POLLUTING = ['test/codec/hostile-trees.test.ts', 'test/codec/audit.test.ts', 'test/fuzz/fuzz.test.ts', 'test/codec/into.test.ts'];

export default defineConfig({
  test: {
    setupFiles: ['test/support/setup.ts'],
    // A few tests spawn processes (the smoke tests, the peers, the downstream build) on a busy machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'suite',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...POLLUTING],
          // Test files share their worker's modules: the generator, the markdown parser and the codec
          // built from the shipped spec (test/support/codec.ts) load once per worker rather than once
          // per file, which halves the suite's CPU time. The tests keep no state in shared modules, mock
          // no module, and clean up their temporary folders per file (setup.ts).
          isolate: false,
        },
      },
      { extends: true, test: { name: 'prototype-pollution', include: POLLUTING, isolate: true } },
    ],
    coverage: {
      provider: 'v8',
      // The code that ships: the generator and the engine source (generated/ is a copy of it plus tables).
      include: ['generator/**/*.ts'],
      reporter: ['text-summary', 'text'],
      reportsDirectory: '.tmp/coverage',
    },
  },
});
