/**
 * `importExtension: 'ts'`: every relative import and re-export of the generated modules names a
 * `.ts` file (what Node's type stripping runs), the engine copy included, whose text differs from
 * generator/runtime/ in those specifiers only; the default keeps `.js` and copies the engine
 * verbatim. The generated modules themselves are goldens (test/golden/mini-spec-const-ts); the
 * downstream test compiles and runs them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { generate } from '../../generator/api.js';
import { UsageError } from '../../generator/errors.js';
import { ROOT } from '../support/paths.js';

/** Every module specifier of an import or re-export (`from "…"`, `from '…'`) in a file. */
function specifiers(text: string): string[] {
  return [...text.matchAll(/^(?:import|export)\b[^;]*?\bfrom ["']([^"']+)["'];/gm)].map((m) => m[1]!);
}

const run = (importExtension?: string) =>
  generate({
    cwd: ROOT,
    spec: 'test/fixtures/mini-spec',
    out: 'test/.out-unused',
    outputs: ['enums', 'codec'],
    ...(importExtension ? { importExtension } : {}),
  });

describe.each([
  ['ts', '.ts'],
  [undefined, '.js'],
])('import extension %s', (importExtension, ext) => {
  test(`every relative specifier of every module ends in ${ext}`, async () => {
    const result = await run(importExtension);
    expect(result.ok).toBe(true);
    const all = result.files.filter((f) => f.path.endsWith('.ts')).flatMap((f) => specifiers(f.content).map((s) => `${f.path}: ${s}`));
    // Each generated module and each engine module with an import was seen.
    expect(all.filter((s) => s.startsWith('runtime/')).length).toBeGreaterThan(20);
    expect(new Set(all.map((s) => s.split(':')[0])).size).toBeGreaterThan(10);
    expect(all.filter((s) => !s.endsWith(ext))).toEqual([]);
  });

  test('the engine copy differs from generator/runtime/ in its specifiers only', async () => {
    const result = await run(importExtension);
    const copies = result.files.filter((f) => f.path.startsWith('runtime/'));
    expect(copies.length).toBeGreaterThan(5);
    for (const f of copies) {
      const [banner, ...rest] = f.content.split('\n');
      expect(banner).toContain(importExtension === 'ts' ? 'copied with `.ts` imports' : 'copied verbatim');
      const source = readFileSync(join(ROOT, 'generator', f.path), 'utf8');
      const body = rest.join('\n');
      if (importExtension === 'ts') {
        expect(body.replace(/(from '\.\/[\w-]+)\.ts';/g, "$1.js';")).toBe(source);
        if (specifiers(source).length > 0) expect(body, f.path).not.toBe(source);
      } else {
        expect(body).toBe(source);
      }
    }
  });
});

test('an unknown import extension is a usage error that names the choices', async () => {
  await expect(run('mjs')).rejects.toThrow(UsageError);
  await expect(run('mjs')).rejects.toThrow('Unknown import extension `mjs` (did you mean `js`?); extensions are js, ts.');
});
