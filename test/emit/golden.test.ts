/**
 * Golden files: the enums and docs generated from the small fixture spec in
 * test/fixtures/mini-spec (hyphenated names, an identifier collision, a reserved word, a name
 * starting with a digit, declared duplicates, a change request with `XX` rows, an assignment
 * note and an erratum). `UPDATE=1` rewrites them; a missing or different one is a failure.
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { generate } from '../../generator/api.js';
import { expectFile } from '../support/expect-file.js';
import { ROOT } from '../support/paths.js';

const result = await generate({ cwd: ROOT, spec: 'test/fixtures/mini-spec', out: 'test/.out-unused', outputs: ['enums', 'docs'] });

describe('mini spec goldens', () => {
  test('the fixture spec is valid', () => {
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
  });
  const golden = result.files.filter((f) => f.path.endsWith('/tokens.ts') || f.path.startsWith('docs/'));
  test('enums and docs are emitted for both versions', () => {
    expect(golden.map((f) => f.path)).toEqual([
      'csp-1.0/tokens.ts',
      'csp-1.1/tokens.ts',
      'docs/changes-1.0-to-1.1.md',
      'docs/csp-1.0.md',
      'docs/csp-1.1.md',
    ]);
  });
  for (const f of golden) {
    test(f.path, () => expectFile(f.content, join(ROOT, 'test/golden/mini-spec', f.path)));
  }
});
