/**
 * Golden files: what is generated from the small fixture spec in test/fixtures/mini-spec
 * (hyphenated names, an identifier collision, a reserved word, a name starting with a digit,
 * declared duplicates, a change request with `XX` rows, an assignment note and an erratum), in
 * both enum styles: every TypeScript module but the verbatim engine copy, and the docs; and the
 * modules with imports when they import `.ts` files. `UPDATE=1` rewrites them; a missing or
 * different one fails.
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { generate, type RunOptions } from '../../generator/api.js';
import { expectFile } from '../support/expect-file.js';
import { ROOT } from '../support/paths.js';

interface Variant {
  readonly options: RunOptions;
  readonly folder: string;
  readonly files: readonly string[];
}

const VARIANTS: Record<string, Variant> = {
  'enum style `enum`': {
    options: { enumStyle: 'enum' },
    folder: 'mini-spec',
    files: [
      'csp-1.0/codec.ts',
      'csp-1.0/index.ts',
      'csp-1.0/tables.ts',
      'csp-1.0/tokens.ts',
      'csp-1.1/codec.ts',
      'csp-1.1/index.ts',
      'csp-1.1/tables.ts',
      'csp-1.1/tokens.ts',
      'docs/changes-1.0-to-1.1.md',
      'docs/csp-1.0.md',
      'docs/csp-1.1.md',
      'index.ts',
    ],
  },
  // The style changes the token modules only.
  'enum style `const`': { options: { enumStyle: 'const' }, folder: 'mini-spec-const', files: ['csp-1.0/tokens.ts', 'csp-1.1/tokens.ts'] },
  // The extension changes the modules that import (the engine copy: test/emit/import-extension.test.ts).
  'enum style `const`, `.ts` imports': {
    options: { enumStyle: 'const', importExtension: 'ts' },
    folder: 'mini-spec-const-ts',
    files: ['csp-1.1/codec.ts', 'csp-1.1/index.ts', 'csp-1.1/tables.ts', 'index.ts'],
  },
};

for (const [name, { options, folder, files }] of Object.entries(VARIANTS)) {
  describe(`mini spec goldens, ${name}`, async () => {
    const result = await generate({ cwd: ROOT, spec: 'test/fixtures/mini-spec', out: 'test/.out-unused', ...options });
    test('the fixture spec is valid', () => {
      expect(result.diagnostics).toEqual([]);
      expect(result.ok).toBe(true);
    });
    const byPath = new Map(result.files.map((f) => [f.path, f.content]));
    for (const path of files) {
      test(path, () => {
        expect(byPath.has(path), path).toBe(true);
        expectFile(byPath.get(path)!, join(ROOT, 'test/golden', folder, path));
      });
    }
  });
}
