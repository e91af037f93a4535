/**
 * Broken markdown, one case per parser rule (test/fixtures/broken-markdown/<rule>/): through the
 * CLI (in process) the exact diagnostics and exit code 1; through the API the rule at the expected place.
 */
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DiagnosticBag } from '../../generator/diagnostics.js';
import { parseSpecDocument } from '../../generator/parse/document.js';
import { ROOT, runMain } from '../support/cli.js';
import { expectFile } from '../support/expect-file.js';
import { tempDir } from '../support/tmp.js';

const DIR = join(ROOT, 'test/fixtures/broken-markdown');
const cases = readdirSync(DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

describe('broken markdown', () => {
  test('one case for each of at least 12 rules', () => expect(cases.length).toBeGreaterThanOrEqual(12));

  test.each(cases)('%s', async (rule) => {
    const text = readFileSync(join(DIR, rule, 'mini-1.0.md'), 'utf8');
    const project = tempDir('imps-tokengen-md-');
    cpSync(join(ROOT, 'test/fixtures/mini-spec'), join(project, 'spec'), { recursive: true });
    writeFileSync(join(project, 'spec/mini-1.0.md'), text);
    const r = await runMain(['validate'], { cwd: project });
    const actual = `${r.stderr}exit ${r.status}\n`;
    expectFile(actual, join(DIR, rule, 'expected.txt'));
    expect(r.status).toBe(1);

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
