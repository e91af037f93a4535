/**
 * `review` and `suggest` through the CLI (and the API): the shipped spec reviews clean with all 23
 * assignments; removing the Tiny erratum, deleting an assignment, adding a stale one or assigning
 * a taken token each give the right error at the right places; `suggest` without an assignment
 * file proposes assignments that, pasted in, validate.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { isMap, parseDocument, type YAMLMap } from 'yaml';
import { review, suggest } from '../../generator/index.js';
import { runCli, SHARED } from '../support/cli.js';
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
/** Deletes the assignment of `name` (and its code page when it was the only one there). */
function deleteAssignment(dir: string, name: string): void {
  const doc = parseDocument(readFileSync(join(dir, ASSIGNMENTS), 'utf8'));
  const cr = doc.get('cr-multiple-sessions') as YAMLMap;
  const values = cr.get('values') as YAMLMap;
  if (values.has(name)) values.delete(name);
  else {
    const tags = cr.get('tags') as YAMLMap;
    for (const pair of [...tags.items]) {
      const page = pair.value as YAMLMap;
      if (isMap(page) && page.has(name)) {
        page.delete(name);
        if (page.items.length === 0) tags.delete(pair.key);
      }
    }
  }
  writeFileSync(join(dir, ASSIGNMENTS), doc.toString());
}

const lineOf = (file: string, needle: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(needle)) + 1;

describe('review on the shipped spec', () => {
  const r = runCli(['review']);

  test('exits 0 and shows every placeholder with its published token', () => {
    expect(r.status, r.stderr).toBe(0);
    const seed = seedValues();
    expect(seed.size).toBe(23);
    for (const [name, token] of seed) {
      const hex = `0x${token.toString(16).toUpperCase().padStart(2, '0')}`;
      expect(r.stdout).toMatch(new RegExp(`\\n\\| ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\| [^|]+ \\| ${hex} \\| ✔ assigned \\|`));
    }
    expect(r.stdout).toContain('### Placeholders (23 of 23 assigned)');
  });

  test('shows the Tiny erratum and checks the explicit rows against the base', () => {
    expect(r.stdout).toMatch(/- \*\*Tiny\*\* \(value tokens\): the CR states 0x78, corrected to 0x39/);
    expect(r.stdout).toContain('91 restate the base unchanged, 1 corrected by an erratum.');
  });

  test('occupancy grids mark the new tokens', () => {
    const page3 = r.stdout.slice(r.stdout.indexOf('#### Code page 0x03'));
    // row 0x18: 0x18 ■ 0x19 ■ 0x1A ★ 0x1B ■ 0x1C ★ 0x1D ■ 0x1E · 0x1F ■
    expect(page3).toContain('| **0x18** | ■ | ■ | ★ | ■ | ★ | ■ | · | ■ |');
    expect(page3).toContain('| **0x00** | — | — | — | — | — | · | · | ■ |');
    expect(r.stdout).toContain('★ 0x9A PRIORITYREJECT');
  });

  test('--format json has the 23 placeholders with tokens as numbers and hex', () => {
    const j = JSON.parse(runCli(['review', '--format', 'json']).stdout) as {
      changeRequests: { id: string; placeholders: { name: string; token: number; tokenHex: string }[] }[];
      errors: number;
    };
    expect(j.errors).toBe(0);
    const cr = j.changeRequests.find((c) => c.id === 'cr-multiple-sessions')!;
    expect(cr.placeholders).toHaveLength(23);
    expect(cr.placeholders.find((p) => p.name === 'SessionPriority')).toMatchObject({ token: 0x1c, tokenHex: '0x1C' });
  });

  test('an unknown --cr is a usage error that suggests the id', () => {
    const u = runCli(['review', '--cr', 'cr-multiple-session']);
    expect(u.status).toBe(2);
    expect(u.stderr).toContain('(did you mean `cr-multiple-sessions`?)');
  });

  test('the API returns the same review', async () => {
    const report = await review({ changeRequest: 'cr-multiple-sessions' });
    expect(report.errors).toBe(0);
    expect(report.changeRequests[0]!.placeholders.every((p) => p.status === 'assigned')).toBe(true);
  });
});

describe('review and generate fail on a broken assignment file', () => {
  test('without the Tiny erratum: an error at the CR row naming the colliding www.openmobilealliance.org row', () => {
    const dir = tempProject();
    edit(dir, (s) => s.slice(0, s.indexOf('  errata:')));
    const cr = join(dir, 'spec/cr-multiple-sessions.md');
    const base = join(dir, 'spec/csp-1.3-base.md');
    const tinyLine = lineOf(cr, '| Tiny');
    const wwwLine = lineOf(base, '| www.openmobilealliance.org ');
    for (const args of [['review'], ['generate', '--out', join(dir, 'out')]]) {
      const r = runCli(args, { cwd: dir });
      expect(r.status, args[0]).toBe(1);
      const text = args[0] === 'review' ? r.stdout : r.stderr;
      expect(text).toMatch(
        new RegExp(
          `spec/cr-multiple-sessions\\.md:${tinyLine}:\\d+: error: \`cr-multiple-sessions\` states \`Tiny\` = 0x78, but version 1\\.3 has it as 0x39\\. 0x78 is already \`www\\.openmobilealliance\\.org\``,
        ),
      );
      expect(text).toMatch(new RegExp(`spec/csp-1\\.3-base\\.md:${wwwLine}:\\d+: note: 0x78 is \`www\\.openmobilealliance\\.org\` here`));
    }
  });

  test.each([
    ['SessionPriority', 'code page 0x03'],
    ['ClientIMPriority', 'code page 0x05'],
    ['SPA', 'value tokens'],
    ['SENDSTORE', 'value tokens'],
  ])('deleting the assignment of %s: unassigned-placeholder at the CR row', (name) => {
    const dir = tempProject();
    edit(dir, (s) => s.replace(new RegExp(`\\n\\s+${name}: 0x[0-9A-F]+`), ''));
    const r = runCli(['validate'], { cwd: dir });
    expect(r.status).toBe(1);
    const line = lineOf(join(dir, 'spec/cr-multiple-sessions.md'), `| ${name} `);
    expect(r.stderr).toMatch(
      new RegExp(
        `spec/cr-multiple-sessions\\.md:${line}:\\d+: error: Placeholder \`XX\` for \`${name}\` .* has no assignment.*\\[unassigned-placeholder\\]`,
      ),
    );
    expect(runCli(['review'], { cwd: dir }).stdout).toMatch(new RegExp(`\\| ${name} \\| [^|]+ \\| — \\| ✖ unassigned \\|`));
  });

  test('every one of the 23 assignments, deleted alone, is reported', () => {
    for (const name of seedValues().keys()) {
      const dir = tempProject();
      deleteAssignment(dir, name);
      const r = runCli(['validate', '--format', 'json'], { cwd: dir });
      const j = JSON.parse(r.stdout) as { diagnostics: { ruleId: string; message: string }[] };
      expect(
        j.diagnostics.map((d) => d.ruleId),
        name,
      ).toEqual(['unassigned-placeholder']);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  test('a stale assignment (a name that is no placeholder): stale-assignment at the assignment file line', () => {
    const dir = tempProject();
    edit(dir, (s) => s.replace('    SPA: 0x3B\n', '    SPA: 0x3B\n    NotAPlaceholder: 0xB0\n'));
    const r = runCli(['validate'], { cwd: dir });
    expect(r.status).toBe(1);
    const line = lineOf(join(dir, ASSIGNMENTS), 'NotAPlaceholder');
    expect(r.stderr).toMatch(
      new RegExp(`spec/assignments\\.yaml:${line}:5: error: Assignment for \`NotAPlaceholder\` .*\\[stale-assignment\\]`),
    );
  });

  test.each([
    ['SessionPriority', '0x1C', '0x1A', 'OfflineETEMHandling'],
    ['SPA', '0x3B', '0x39', 'Tiny'],
    ['ApplicationID', '0x1E', '0x05', 'CIR'],
  ])('assigning %s a taken token (%s → %s, taken by %s): a collision naming both', (name, from, to, other) => {
    const dir = tempProject();
    edit(dir, (s) => s.replace(`${name}: ${from}`, `${name}: ${to}`));
    const r = runCli(['validate'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/\[duplicate-token\]/);
    const diag = r.stderr.split('\n').find((l) => l.includes('[duplicate-token]'))!;
    expect(diag).toContain(`\`${name}\``);
    expect(diag + r.stderr).toContain(`\`${other}\``);
  });
});

describe('suggest', () => {
  test('on the CR without an assignment file: a conflict-free proposal that validates when pasted in', () => {
    const dir = tempProject();
    rmSync(join(dir, ASSIGNMENTS));
    const before = runCli(['validate'], { cwd: dir });
    expect(before.status).toBe(1);
    const r = runCli(['suggest'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('cr-multiple-sessions:');
    expect(r.stdout).toMatch(/errata:\n {4}values:\n {6}Tiny:\n {8}stated: 0x78\n {8}corrected: 0x39\n/);
    writeFileSync(join(dir, ASSIGNMENTS), r.stdout);
    const after = runCli(['validate'], { cwd: dir });
    expect(after.status, after.stderr).toBe(0);
    expect(runCli(['review'], { cwd: dir }).stdout).toContain('### Placeholders (23 of 23 assigned)');
  });

  test('fills only what is missing, around existing assignments', () => {
    const dir = tempProject();
    edit(dir, (s) => s.replace('      SessionPriority: 0x1C\n', ''));
    const r = runCli(['suggest'], { cwd: dir });
    // 0x05 and 0x06 are free in 1.3 but were AcceptedCharset/AcceptedContentLength in 1.2, 0x1A is
    // OfflineETEMHandling: the lowest slot no version uses is 0x1C — the published value.
    expect(r.stdout).toContain('    0x03: # 4.2.4 Client capability code page (0x03)\n      SessionPriority: 0x1C\n');
    expect(r.stdout).not.toContain('errata');
  });

  test('nothing to suggest on the shipped spec', async () => {
    const r = runCli(['suggest']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('# Nothing to suggest');
    expect((await suggest()).suggestions).toHaveLength(0);
  });
});
