import { spawnSync } from 'node:child_process';
import { expect, test } from 'vitest';
import { ROOT } from './support/cli.js';

// The whole project, generated code included, type-checks under `strict` (tsconfig.json).
test('tsc --noEmit reports no errors for generator/, generated/, test/ and bench/', () => {
  const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(r.stdout + r.stderr).toBe('');
  expect(r.status).toBe(0);
});
