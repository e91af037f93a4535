/**
 * The part of the fingerprint the bundled command carries as a constant (scripts/bundle-cli.mjs):
 * the hash of the generator's code that reaches the outputs only through the build. The engine's
 * sources (generator/runtime/), read when generating, are not part of it: they are hashed on every run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildCodeHash } from '../../generator/fingerprint.js';
import { tempDir } from '../support/tmp.js';

describe('buildCodeHash', () => {
  test('changes with the code the build compiles, not with the engine sources or other files', () => {
    const root = tempDir();
    const write = (rel: string, text: string) => {
      mkdirSync(join(root, rel, '..'), { recursive: true });
      writeFileSync(join(root, rel), text);
    };
    write('generator/cli.ts', 'export const a = 1;\n');
    write('generator/emit/x.ts', 'export const b = 2;\n');
    write('generator/runtime/decoder.ts', 'export const c = 3;\n');
    const first = buildCodeHash(root);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    write('generator/runtime/decoder.ts', 'export const c = 4;\n');
    write('generator/notes.md', 'not code\n');
    expect(buildCodeHash(root)).toBe(first);
    write('generator/emit/x.ts', 'export const b = 5;\n');
    const second = buildCodeHash(root);
    expect(second).not.toBe(first);
    // A Windows checkout (CRLF) hashes as the same text with LF.
    write('generator/emit/x.ts', 'export const b = 5;\r\n');
    expect(buildCodeHash(root)).toBe(second);
  });
});
