/**
 * Edits that do not change what the spec says must not change what is generated: each edit is
 * applied to every file of a copy of the mini spec, which is generated in process and compared
 * file by file with the unedited spec's output. MANIFEST.json is left out of the comparison: it
 * records the hash of each input file, which such an edit changes by design.
 */
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { generate } from '../../generator/api.js';
import { ROOT } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

/** A table line: rewritten by the edits that concern tables. */
const isTableLine = (line: string) => line.trimStart().startsWith('|');

/** Each edit rewrites one file's text (`yaml` tells the assignment file from markdown). */
const EDITS: Record<string, (text: string, yaml: boolean) => string> = {
  'CRLF line endings': (t) => t.replace(/\n/g, '\r\n'),
  'a byte-order mark': (t) => `\uFEFF${t}`,
  'trailing spaces': (t) => t.replace(/\n/g, '   \n'),
  'tabs around the cells of tables': (t, yaml) =>
    yaml ? t : t.replace(/^.*$/gm, (line) => (isTableLine(line) ? line.replace(/ *\| */g, '\t|\t').trim() : line)),
  'missing outer pipes (where markdown allows: the last cell not empty)': (t, yaml) =>
    yaml
      ? t
      : t.replace(/^.*$/gm, (line) => {
          if (!isTableLine(line)) return line;
          const inner = line.trim().replace(/^\|/, '');
          return /\|\s*\|$/.test(line.trim()) ? inner : inner.replace(/\|$/, '');
        }),
  'setext headings (levels 1 and 2: underlined with = or -)': (t, yaml) =>
    yaml
      ? t
      : t.replace(
          /^(#{1,2}) (.*)$/gm,
          (_, hashes: string, title: string) => `${title}\n${(hashes === '#' ? '=' : '-').repeat(title.length)}`,
        ),
  'aligned delimiter rows and padded cells': (t, yaml) =>
    yaml
      ? t
      : t.replace(/^.*$/gm, (line) =>
          !isTableLine(line) ? line : /^\|[\s|:-]+\|$/.test(line.trim()) ? line.replace(/-{3}/g, ':------:') : line.replace(/\|/g, ' |  '),
        ),
};

async function outputs(edit?: (text: string, yaml: boolean) => string): Promise<Map<string, string>> {
  const project = tempDir('imps-tokengen-edit-');
  const spec = join(project, 'spec');
  cpSync(join(ROOT, 'test/fixtures/mini-spec'), spec, { recursive: true });
  if (edit) {
    for (const f of readdirSync(spec)) {
      const path = join(spec, f);
      writeFileSync(path, edit(readFileSync(path, 'utf8'), f.endsWith('.yaml')));
    }
  }
  const result = await generate({ cwd: project });
  expect(result.diagnostics.map((d) => `${d.ruleId}: ${d.message}`)).toEqual([]);
  return new Map(result.files.filter((f) => f.path !== 'MANIFEST.json').map((f) => [f.path, f.content]));
}

describe('meaning-preserving edits give byte-identical output', async () => {
  const expected = await outputs();

  test('the comparison covers every kind of output', () => {
    expect([...expected.keys()].some((p) => p.endsWith('tokens.ts'))).toBe(true);
    expect([...expected.keys()].some((p) => p.endsWith('.md'))).toBe(true);
  });

  test.each(Object.keys(EDITS))('%s', async (name) => {
    const actual = await outputs(EDITS[name]);
    expect([...actual.keys()]).toEqual([...expected.keys()]);
    for (const [path, content] of expected) expect(actual.get(path), path).toBe(content);
  });
});
