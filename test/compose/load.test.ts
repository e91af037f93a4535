/**
 * loadSpec and the assignment file: a missing default file is one error naming it (not one per
 * placeholder), a misnamed `.yml` is named, a spec without placeholders needs no file, and a file
 * named explicitly must exist. In process, on copies of the mini spec.
 */
import { cpSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { UsageError } from '../../generator/errors.js';
import { loadSpec } from '../../generator/load.js';
import { ROOT } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

function miniSpec(): string {
  const spec = join(tempDir('imps-tokengen-load-'), 'spec');
  cpSync(join(ROOT, 'test/fixtures/mini-spec'), spec, { recursive: true });
  return spec;
}

const rules = (r: ReturnType<typeof loadSpec>) => r.diagnostics.map((d) => d.ruleId);

describe('the assignment file', () => {
  test('the mini spec loads without diagnostics', () => {
    const r = loadSpec({ specDir: miniSpec() });
    expect(r.diagnostics).toEqual([]);
    expect(r.model.assignmentFile).toEqual({ specPath: 'assignments.yaml' });
  });

  test('missing: one error naming the file and counting the placeholders', () => {
    const spec = miniSpec();
    rmSync(join(spec, 'assignments.yaml'));
    const r = loadSpec({ specDir: spec });
    // The other error is real: the change request's `F 05` needs the erratum the file held.
    expect(rules(r)).toEqual(['missing-assignment-file', 'cr-disagrees-with-base']);
    const [missing] = r.diagnostics;
    expect(missing!.message).toMatch(
      /^The assignment file `.*spec\/assignments\.yaml` does not exist, so the 3 placeholders \(`XX`\) of `cr-widgets` have no tokens\./,
    );
    expect(missing!.related!.map((n) => [n.at.line, n.message])).toEqual([[25, 'the first placeholder of `cr-widgets`']]);
    // The review still lists every placeholder, as unassigned.
    expect(r.reports[0]!.rows.filter((row) => row.status === 'unassigned').map((row) => row.name)).toEqual([
      'Widget',
      'Widget-List',
      'BLUE',
    ]);
  });

  test('named .yml: the error names that file', () => {
    const spec = miniSpec();
    renameSync(join(spec, 'assignments.yaml'), join(spec, 'assignments.yml'));
    const r = loadSpec({ specDir: spec });
    expect(rules(r)).toEqual(['missing-assignment-file', 'cr-disagrees-with-base']);
    expect(r.diagnostics[0]!.at!.file).toMatch(/spec\/assignments\.yml$/);
  });

  test('missing, with no placeholder that needs it: nothing to say', () => {
    const spec = miniSpec();
    rmSync(join(spec, 'assignments.yaml'));
    writeFileSync(
      join(spec, 'versions.md'),
      readFileSync(join(spec, 'versions.md'), 'utf8').replace('    change-requests: [cr-widgets]\n', ''),
    );
    rmSync(join(spec, 'cr-widgets.md'));
    expect(loadSpec({ specDir: spec }).diagnostics).toEqual([]);
  });

  test('a file named explicitly must exist', () => {
    expect(() => loadSpec({ specDir: miniSpec(), assignmentsPath: '/nonexistent/assignments.yaml' })).toThrow(UsageError);
  });
});
