/**
 * The TypeScript compiler's code cache (emit/compiler-cache.ts): written by the first process,
 * taken as it is by the next (not rewritten), and a damaged file is never given to V8: the
 * compiler is compiled afresh and the cache rewritten. The cache is per process by nature, so each
 * step is a fresh process running the built module (support/bin.ts), with a cache folder of its own.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from 'vitest';
import { builtGenerator } from '../support/bin.js';
import { tempDir } from '../support/tmp.js';

const SCRIPT = `
const { loadTsMorph, saveCompilerCache } = await import(process.argv[1]);
const { ts } = loadTsMorph();
const f = ts.factory;
const node = f.createEnumDeclaration(undefined, 'E', [f.createEnumMember('A', f.createNumericLiteral(1))]);
process.stdout.write(ts.createPrinter().printNode(ts.EmitHint.Unspecified, node, ts.createSourceFile('x.ts', '', ts.ScriptTarget.Latest)));
saveCompilerCache();
`;

/** Whole: the file starts with the SHA-256 of the rest. */
const whole = (bytes: Buffer) => createHash('sha256').update(bytes.subarray(32)).digest().equals(bytes.subarray(0, 32));

test('written by the first process, taken by the next; a damaged cache is compiled afresh and rewritten', () => {
  const dir = tempDir('imps-tokengen-compiler-cache-');
  const module = pathToFileURL(join(builtGenerator(), 'emit/compiler-cache.js')).href;
  const run = () => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', SCRIPT, module], {
      encoding: 'utf8',
      env: { ...process.env, IMPS_TOKENGEN_CACHE: dir },
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('enum E {\n    A = 1\n}');
  };
  run();
  const files = readdirSync(dir);
  expect(files).toEqual([expect.stringMatching(/^typescript-[0-9a-f]{32}\.v8cache$/)]);
  const file = join(dir, files[0]!);
  const written = readFileSync(file);
  expect(whole(written)).toBe(true);
  const { mtimeMs } = statSync(file);
  run();
  expect(statSync(file).mtimeMs).toBe(mtimeMs);
  // One byte changed in the middle of the code: the file's hash no longer matches.
  const damaged = Buffer.from(written);
  damaged[damaged.length >> 1]! ^= 0xff;
  writeFileSync(file, damaged);
  run();
  expect(whole(readFileSync(file))).toBe(true);
  expect(readdirSync(dir)).toEqual(files);
});
