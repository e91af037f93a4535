/**
 * A name with two tokens: the token the spec says to encode comes first and keeps the plain
 * identifier, wherever it sits in token order (README, "Identifiers"). The mini spec prefers the
 * lower of SMS's two tokens; here its duplicate table says `| SMS | 03, 83 | 83 |`, so the
 * preferred token is the later one. Checked on the emitted text and by running the module.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transform } from 'esbuild';
import { describe, expect, test } from 'vitest';
import { generate } from '../../generator/api.js';
import type { EnumStyle } from '../../generator/settings.js';
import { ROOT } from '../support/paths.js';
import { tempDir } from '../support/tmp.js';

function specPreferring83(): string {
  const dir = tempDir('imps-tokengen-order-');
  cpSync(join(ROOT, 'test/fixtures/mini-spec'), dir, { recursive: true });
  const base = join(dir, 'mini-1.0-for-1.1.md');
  const text = readFileSync(base, 'utf8');
  expect(text).toContain('| SMS | 03, 83 | 03 |');
  writeFileSync(base, text.replace('| SMS | 03, 83 | 03 |', '| SMS | 03, 83 | 83 |'));
  return dir;
}

/** The emitted module, run: TypeScript stripped by esbuild, imported from a data URL (it imports nothing). */
async function run(source: string): Promise<Record<string, Record<string, unknown>>> {
  const { code } = await transform(source, { loader: 'ts', format: 'esm' });
  return (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as Record<string, Record<string, unknown>>;
}

describe.each(['enum', 'const'] as EnumStyle[])('enum style %s', (enumStyle) => {
  test('the preferred token of a duplicate name keeps the plain identifier and is what its name maps to', async () => {
    const spec = specPreferring83();
    const result = await generate({ cwd: ROOT, spec, out: join(spec, '..', 'unused'), outputs: ['enums'], enumStyle });
    expect(result.diagnostics).toEqual([]);
    const tokens = result.files.find((f) => f.path === 'csp-1.1/tokens.ts')!.content;
    const sep = enumStyle === 'enum' ? ' = ' : ': ';
    // Listed first, at the place of the name's first token.
    const order = [...tokens.matchAll(/^ {2}((?:SMS\w*|F|Both)(?: = |: )0x\w+)/gm)].map((m) => m[1]);
    expect(order).toEqual(['F' + sep + '0x02', 'SMS' + sep + '0x83', 'SMS_03' + sep + '0x03', 'Both' + sep + '0x04']);

    const m = await run(tokens);
    expect(m['ValueToken']!['SMS']).toBe(0x83);
    expect(m['ValueToken']!['SMS_03']).toBe(0x03);
    expect(m['ValueTokenByName']!['SMS']).toBe(0x83);
    expect(m['ValueTokenNames']![0x83]).toBe('SMS');
    expect(m['ValueTokenNames']![0x03]).toBe('SMS');
  });
});
