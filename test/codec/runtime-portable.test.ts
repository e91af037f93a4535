/**
 * The engine (generator/runtime, copied into every generated/ folder) is erasable TypeScript that
 * compiles alone under the strictest settings a downstream project may use, without Node's types
 * and with or without the DOM library: no parameter properties, enums, namespaces or `import =`,
 * nothing unused, no Node API (it runs in browsers: TextEncoder/TextDecoder only).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { ROOT } from '../support/cli.js';

const RUNTIME = join(ROOT, 'generator/runtime');
const files = readdirSync(RUNTIME)
  .filter((f) => f.endsWith('.ts'))
  .sort()
  .map((f) => join(RUNTIME, f));

const STRICT = [
  '--ignoreConfig',
  '--noEmit',
  '--strict',
  '--noUnusedLocals',
  '--noUnusedParameters',
  '--exactOptionalPropertyTypes',
  '--noPropertyAccessFromIndexSignature',
  '--verbatimModuleSyntax',
  '--isolatedModules',
  '--erasableSyntaxOnly',
  '--noUncheckedIndexedAccess',
  '--noImplicitOverride',
  '--target',
  'ES2022',
  '--module',
  'NodeNext',
  '--moduleResolution',
  'NodeNext',
  '--types',
  '',
];

test.each(['ES2022', 'ES2022,DOM'])('tsc compiles generator/runtime alone, strict and erasable, with --lib %s and no Node types', (lib) => {
  const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', ...STRICT, '--lib', lib, ...files], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(r.stdout + r.stderr).toBe('');
  expect(r.status).toBe(0);
});

// (Node globals such as Buffer or process would fail the compilation above: no Node types.)
test('no import but of the engine itself', () => {
  for (const f of files) {
    for (const m of readFileSync(f, 'utf8').matchAll(/^(?:import|export)\b[^;]*?from ['"]([^'"]+)['"]/gm))
      expect(m[1], f).toMatch(/^\.\/[a-z-]+\.js$/);
  }
});
