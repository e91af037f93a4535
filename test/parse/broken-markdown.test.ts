/**
 * Broken markdown, one case per parser rule (test/fixtures/broken-markdown/<rule>/): the document
 * in a copy of the mini spec, loaded in process, must give exactly the diagnostics in
 * expected.txt (as `validate` prints them, then its exit code); and the document parsed alone
 * reports the rule at the same place.
 */
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { displayPath } from '../../generator/common/paths.js';
import { DiagnosticBag, formatDiagnosticsText } from '../../generator/diagnostics.js';
import { loadSpec } from '../../generator/load.js';
import { parseSpecDocument } from '../../generator/parse/document.js';
import { ROOT } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

const DIR = join(ROOT, 'test/fixtures/broken-markdown');
const cases = readdirSync(DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

describe('broken markdown', () => {
  test('one case for each of at least 12 rules', () => expect(cases.length).toBeGreaterThanOrEqual(12));

  test.each(cases)('%s', (rule) => {
    const text = readFileSync(join(DIR, rule, 'mini-1.0.md'), 'utf8');
    const project = tempDir('imps-tokengen-md-');
    cpSync(join(ROOT, 'test/fixtures/mini-spec'), join(project, 'spec'), { recursive: true });
    writeFileSync(join(project, 'spec/mini-1.0.md'), text);
    const result = loadSpec({ specDir: join(project, 'spec') });
    // Paths as `validate` prints them when run in the project folder.
    const actual = `${formatDiagnosticsText(result.diagnostics).replaceAll(`${displayPath(project)}/`, '')}exit ${result.hasErrors ? 1 : 0}\n`;
    const expectedFile = join(DIR, rule, 'expected.txt');
    if (process.env.UPDATE_BROKEN_MARKDOWN === '1') writeFileSync(expectedFile, actual);
    expect(actual).toBe(readFileSync(expectedFile, 'utf8'));
    expect(result.hasErrors).toBe(true);

    // The case reports its rule, at the same place when the document is parsed alone.
    const first = new RegExp(`^spec/mini-1\\.0\\.md:(\\d+):(\\d+): error: .*\\[${rule}\\]$`, 'm').exec(actual);
    expect(first, `${rule} is reported`).not.toBeNull();
    const bag = new DiagnosticBag();
    parseSpecDocument(text, { path: 'spec/mini-1.0.md', specPath: 'mini-1.0.md' }, bag);
    const d = bag.list().find((x) => x.ruleId === rule);
    expect(d, `the document alone reports ${rule}`).toBeDefined();
    expect([d!.at!.line, d!.at!.column]).toEqual([Number(first![1]), Number(first![2])]);
  });
});
