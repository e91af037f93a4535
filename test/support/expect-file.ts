/**
 * Expected output kept in files (the bad-spec corpus, the golden files): the one way this project
 * updates expectations is `UPDATE=1` (`UPDATE=1 npx vitest run test/bad-spec.test.ts`), which
 * rewrites the files that differ so the change can be reviewed in the diff before committing.
 * Without it — and always in CI — a missing or different file is a failure; nothing is written.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { expect } from 'vitest';
import { ROOT } from './paths.js';

const updating = process.env.UPDATE === '1' && process.env.CI !== 'true';

export function expectFile(actual: string, file: string): void {
  const shown = relative(ROOT, file);
  const expected = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (updating) {
    if (expected !== actual) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, actual);
    }
    return;
  }
  if (expected === undefined) {
    expect.fail(`${shown} does not exist: run the test with UPDATE=1 to write it, then review it before committing`);
  }
  expect(actual, `${shown} (UPDATE=1 rewrites it)`).toBe(expected);
}
