/**
 * `review` and `suggest` through the API. On the shipped spec: the multiple-sessions CR reviews
 * clean with all 23 assignments at their published tokens, every assignment is needed, and
 * `suggest` without an assignment file proposes assignments that validate when pasted in. On the
 * mini spec, table-driven: each way of breaking the assignment file gives the right rule at the
 * right place, in the review's rows and diagnostics. (What the CLI prints is the same report:
 * test/cli/api-cli.test.ts.)
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { parseDocument, type YAMLMap } from 'yaml';
import { review, suggest, validate, type ReviewReport } from '../../generator/index.js';
import { renderReviewMarkdown } from '../../generator/review/render-markdown.js';
import { ROOT, SHARED } from '../support/paths.js';
import { tempProject } from '../support/tmp.js';

/** The published values of the seed's placeholders: name → token. */
function seedValues(): Map<string, number> {
  const lines = readFileSync(join(SHARED, 'reference/seed-xx.tsv'), 'utf8').trim().split('\n');
  const header = lines[0]!.split('\t');
  const name = header.indexOf('name');
  const token = header.indexOf('token');
  const seedToken = header.indexOf('seed_token');
  return new Map(
    lines
      .slice(1)
      .map((l) => l.split('\t'))
      .filter((c) => c[seedToken] === 'XX')
      .map((c) => [c[name]!, parseInt(c[token]!, 16)]),
  );
}

const ASSIGNMENTS = 'spec/assignments.yaml';
const edit = (dir: string, f: (s: string) => string) =>
  writeFileSync(join(dir, ASSIGNMENTS), f(readFileSync(join(dir, ASSIGNMENTS), 'utf8')));
const lineOf = (file: string, needle: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(needle)) + 1;
const hex = (n: number) => `0x${n.toString(16).toUpperCase().padStart(2, '0')}`;

describe('review on the shipped spec', () => {
  let report: ReviewReport;
  let md: string;
  beforeAll(async () => {
    report = await review({ cwd: ROOT });
    md = renderReviewMarkdown(report);
  });

  test('every placeholder of the CR is assigned its published token', () => {
    expect(report.errors).toBe(0);
    const cr = report.changeRequests.find((c) => c.id === 'cr-multiple-sessions')!;
    const seed = seedValues();
    expect(seed.size).toBe(23);
    expect(new Map(cr.placeholders.map((p) => [p.name, p.token]))).toEqual(seed);
    expect(cr.placeholders.every((p) => p.status === 'assigned')).toBe(true);
    expect(cr.placeholders.find((p) => p.name === 'SessionPriority')).toMatchObject({ token: 0x1c, tokenHex: '0x1C' });
    for (const [name, token] of seed) {
      expect(md).toMatch(
        new RegExp(`\\n\\| ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\| [^|]+ \\| ${hex(token)} \\| ✔ assigned \\|`),
      );
    }
    expect(md).toContain('### Placeholders (23 of 23 assigned)');
  });

  test('shows the Tiny erratum and checks the explicit rows against the base', () => {
    expect(md).toMatch(/- \*\*Tiny\*\* \(value tokens\): the CR states 0x78, corrected to 0x39/);
    expect(md).toContain('91 restate the base unchanged, 1 corrected by an erratum.');
  });

  test('occupancy grids mark the new tokens', () => {
    const page3 = md.slice(md.indexOf('#### Code page 0x03'));
    // row 0x18: 0x18 ■ 0x19 ■ 0x1A ★ 0x1B ■ 0x1C ★ 0x1D ■ 0x1E · 0x1F ■
    expect(page3).toContain('| **0x18** | ■ | ■ | ★ | ■ | ★ | ■ | · | ■ |');
    expect(page3).toContain('| **0x00** | — | — | — | — | — | · | · | ■ |');
    expect(md).toContain('★ 0x9A PRIORITYREJECT');
  });
});

describe('the shipped assignment file', () => {
  test('every one of the 23 assignments is needed: without them, exactly 23 unassigned placeholders, one per name', async () => {
    const dir = tempProject();
    const doc = parseDocument(readFileSync(join(dir, ASSIGNMENTS), 'utf8'));
    const cr = doc.get('cr-multiple-sessions') as YAMLMap;
    cr.delete('values');
    cr.delete('tags');
    cr.delete('attribute-starts');
    writeFileSync(join(dir, ASSIGNMENTS), doc.toString());
    const r = await validate({ cwd: dir });
    expect(r.diagnostics.map((d) => d.ruleId)).toEqual(Array(23).fill('unassigned-placeholder'));
    const named = r.diagnostics.map((d) => /for `([^`]+)`/.exec(d.message)?.[1]).sort();
    expect(named).toEqual([...seedValues().keys()].sort());
  });

  test('without the Tiny erratum: an error at the CR row naming the colliding www.openmobilealliance.org row', async () => {
    const dir = tempProject();
    edit(dir, (s) => s.slice(0, s.indexOf('  errata:')));
    const r = await review({ cwd: dir });
    expect(r.errors).toBe(1);
    const [d] = r.diagnostics;
    expect(d).toMatchObject({ ruleId: 'cr-disagrees-with-base', at: { file: 'spec/cr-multiple-sessions.md' } });
    expect(d!.at!.line).toBe(lineOf(join(dir, 'spec/cr-multiple-sessions.md'), '| Tiny'));
    expect(d!.message).toMatch(
      /^`cr-multiple-sessions` states `Tiny` = 0x78, but version 1\.3 has it as 0x39\. 0x78 is already `www\.openmobilealliance\.org`/,
    );
    expect(d!.related).toContainEqual(
      expect.objectContaining({
        message: '0x78 is `www.openmobilealliance.org` here',
        at: expect.objectContaining({
          file: 'spec/csp-1.3-base.md',
          line: lineOf(join(dir, 'spec/csp-1.3-base.md'), '| www.openmobilealliance.org '),
        }),
      }),
    );
  });

  test('suggest without an assignment file proposes the published tags, an erratum for Tiny, and an assignment that validates', async () => {
    const dir = tempProject();
    rmSync(join(dir, ASSIGNMENTS));
    const s = await suggest({ cwd: dir });
    expect(s.yaml).toContain('cr-multiple-sessions:');
    expect(s.yaml).toMatch(/errata:\n {4}values:\n {6}Tiny:\n {8}stated: 0x78\n {8}corrected: 0x39\n/);
    const page3 = s.suggestions.filter((x) => x.scope.kind === 'tag' && x.scope.page === 3).map((x) => [x.name, x.token]);
    expect(page3).toEqual(expect.arrayContaining([['SessionPriority', 0x1c]]));
    writeFileSync(join(dir, ASSIGNMENTS), s.yaml);
    const after = await validate({ cwd: dir });
    expect(after.diagnostics).toEqual([]);
  });

  test('suggest fills only what is missing, around existing assignments', async () => {
    const dir = tempProject();
    edit(dir, (s) => s.replace('      SessionPriority: 0x1C\n', ''));
    const s = await suggest({ cwd: dir });
    // 0x05 and 0x06 are free in 1.3 but were AcceptedCharset/AcceptedContentLength in 1.2, 0x1A is
    // OfflineETEMHandling: the lowest slot no version uses is 0x1C — the published value.
    expect(s.yaml).toContain('    0x03: # 4.2.4 Client capability code page (0x03)\n      SessionPriority: 0x1C\n');
    expect(s.suggestions.map((x) => x.name)).toEqual(['SessionPriority']);
    expect(s.yaml).not.toContain('errata');
  });
});

/** Each way of breaking the mini spec's assignment file, and what the review must say. */
const BROKEN: {
  name: string;
  edit: (s: string) => string;
  rule: string;
  /** The file and the line (by its text) the diagnostic points at. */
  at: [file: string, needle: string];
  /** A placeholder row whose status changes, if any. */
  row?: [name: string, status: string];
  message: RegExp;
}[] = [
  {
    name: 'a tag placeholder without assignment',
    edit: (s) => s.replace('      Widget: 0x0A\n', ''),
    rule: 'unassigned-placeholder',
    at: ['spec/cr-widgets.md', '| Widget |'],
    row: ['Widget', 'unassigned'],
    message: /^Placeholder `XX` for `Widget` .* has no assignment/,
  },
  {
    name: 'a value placeholder without assignment',
    edit: (s) => s.replace('  values:\n    BLUE: 0x84\n', ''),
    rule: 'unassigned-placeholder',
    at: ['spec/cr-widgets.md', '| BLUE |'],
    row: ['BLUE', 'unassigned'],
    message: /^Placeholder `XX` for `BLUE` .* has no assignment/,
  },
  {
    name: 'a stale assignment (a name that is no placeholder)',
    edit: (s) => s.replace('    BLUE: 0x84\n', '    BLUE: 0x84\n    NotAPlaceholder: 0x90\n'),
    rule: 'stale-assignment',
    at: ['spec/assignments.yaml', 'NotAPlaceholder'],
    message: /^Assignment for `NotAPlaceholder` /,
  },
  {
    name: 'an assignment to a taken token',
    edit: (s) => s.replace('Widget: 0x0A', 'Widget: 0x08'),
    rule: 'duplicate-token',
    at: ['spec/cr-widgets.md', '| Widget |'],
    message: /`Widget`.*`Count`|`Count`.*`Widget`/,
  },
  {
    name: 'an erratum removed: the stated token disagrees with the base',
    edit: (s) => s.slice(0, s.indexOf('  errata:')),
    rule: 'cr-disagrees-with-base',
    at: ['spec/cr-widgets.md', '| F |'],
    message: /^`cr-widgets` states `F` = 0x05, but version 1\.1 has it as 0x02/,
  },
];

describe('review finds a broken assignment file (mini spec)', () => {
  test.each(BROKEN)('$name: $rule', async (c) => {
    const dir = tempProject('test/fixtures/mini-spec');
    edit(dir, c.edit);
    const r = await review({ cwd: dir });
    const d = r.diagnostics.find((x) => x.ruleId === c.rule);
    expect(d, JSON.stringify(r.diagnostics, null, 2)).toBeDefined();
    expect(d!.message).toMatch(c.message);
    expect(d!.at).toMatchObject({ file: c.at[0], line: lineOf(join(dir, c.at[0]), c.at[1]) });
    expect(r.errors).toBeGreaterThan(0);
    if (c.row) {
      const row = r.changeRequests[0]!.placeholders.find((p) => p.name === c.row![0]);
      expect(row?.status).toBe(c.row[1]);
      expect(renderReviewMarkdown(r)).toMatch(new RegExp(`\\| ${c.row[0]} \\| [^|]+ \\| — \\| ✖ ${c.row[1]} \\|`));
    }
  });

  test('the assignment note and both places of each placeholder', async () => {
    const r = await review({ cwd: ROOT, spec: 'test/fixtures/mini-spec' });
    const list = r.changeRequests[0]!.placeholders.find((p) => p.name === 'Widget-List')!;
    expect(list.assignment?.note).toBe('next free slot');
    expect(list.at).toMatchObject({ file: 'test/fixtures/mini-spec/cr-widgets.md', line: 26 });
    expect(list.assignment?.at).toMatchObject({ file: 'test/fixtures/mini-spec/assignments.yaml', line: 5 });
  });
});
