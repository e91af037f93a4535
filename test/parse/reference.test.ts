/**
 * The parsed spec against the decided reference tables (../shared/reference/tokens-*.tsv), through
 * the CLI as a user runs it (in process: `tables --version x.y --format json`): every token of 1.1, 1.2, the
 * 1.3 base (the reference 1.3 without the CR's rows) and the composed 1.3, row for row, with the
 * code page titles; and every token's position points at its name and token in the markdown.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT, runMain, SHARED } from '../support/cli.js';

interface Place {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}
interface JsonToken {
  readonly token: number;
  readonly name: string;
  readonly valuePrefix?: string;
  readonly origin: { readonly at: Place; readonly tokenAt: Place };
}
interface JsonVersion {
  readonly codePages: readonly { readonly page: number; readonly title: string; readonly tokens: readonly JsonToken[] }[];
  readonly attributeStarts: readonly JsonToken[];
  readonly values: readonly JsonToken[];
}

const hex = (n: number) => `0x${n.toString(16).toUpperCase().padStart(2, '0')}`;

/** The reference rows as `kind page token name prefix`, plus the page titles. */
function reference(version: string, withoutCr: boolean): { rows: string[]; titles: Map<string, string> } {
  const [head, ...lines] = readFileSync(join(SHARED, `reference/tokens-${version}.tsv`), 'utf8')
    .trimEnd()
    .split('\n');
  const col = Object.fromEntries(head!.split('\t').map((h, i) => [h, i]));
  const rows: string[] = [];
  const titles = new Map<string, string>();
  for (const line of lines) {
    const c = line.split('\t');
    if (withoutCr && c[col['introduced_by']!] === 'multiple-sessions-cr') continue;
    const kind = c[col['kind']!]!;
    const page = kind === 'tag' ? c[col['codepage']!]!.toUpperCase().replace('0X', '0x') : '-';
    rows.push(
      `${kind} ${page} ${c[col['token']!]!.toUpperCase().replace('0X', '0x')} ${c[col['name']!]} ${kind === 'attrstart' ? c[col['value_prefix']!] : ''}`,
    );
    if (kind === 'tag') titles.set(page, c[col['codepage_title']!]!);
  }
  return { rows: rows.sort(), titles };
}

function ours(v: JsonVersion): { rows: string[]; titles: Map<string, string>; tokens: JsonToken[] } {
  const rows: string[] = [];
  const titles = new Map<string, string>();
  const tokens: JsonToken[] = [];
  for (const p of v.codePages) {
    titles.set(hex(p.page), p.title);
    for (const t of p.tokens) {
      rows.push(`tag ${hex(p.page)} ${hex(t.token)} ${t.name} `);
      tokens.push(t);
    }
  }
  for (const a of v.attributeStarts) {
    rows.push(`attrstart - ${hex(a.token)} ${a.name} ${a.valuePrefix}`);
    tokens.push(a);
  }
  for (const x of v.values) {
    rows.push(`value - ${hex(x.token)} ${x.name} `);
    tokens.push(x);
  }
  return { rows: rows.sort(), titles, tokens };
}

const lines = new Map<string, string[]>();
const lineAt = (p: Place) => {
  if (!lines.has(p.file)) lines.set(p.file, readFileSync(join(ROOT, p.file), 'utf8').split('\n'));
  return lines.get(p.file)![p.line - 1] ?? '';
};

const CASES = [
  ['1.1', '1.1', false, []],
  ['1.2', '1.2', false, []],
  ['1.3 base', '1.3', true, ['--base-only']],
  ['1.3', '1.3', false, []],
] as const;
// The CLI in process, once per case, before the tests are collected.
const outputs = new Map(
  await Promise.all(
    CASES.map(
      async ([label, version, , extra]) => [label, await runMain(['tables', '--version', version, '--format', 'json', ...extra])] as const,
    ),
  ),
);

describe.each(CASES)('CSP %s', (label, version, withoutCr) => {
  const r = outputs.get(label)!;
  const parsed = JSON.parse(r.stdout) as JsonVersion;
  const mine = ours(parsed);
  const ref = reference(version, withoutCr);

  test('loads without diagnostics', () => expect([r.status, r.stderr]).toEqual([0, '']));

  test('every token equals the reference table, row for row', () => {
    expect(mine.rows).toEqual(ref.rows);
  });

  test('code page titles equal the reference', () => {
    expect(Object.fromEntries(mine.titles)).toEqual(Object.fromEntries(ref.titles));
  });

  test('every token has a position at its name cell and its token cell', () => {
    for (const t of mine.tokens) {
      const { at, tokenAt } = t.origin;
      expect(at.line).toBeGreaterThan(0);
      expect(
        lineAt(at)
          .slice(at.column - 1)
          .startsWith(t.name.replace(/\|/g, '\\|')),
        `${t.name} at ${at.file}:${at.line}:${at.column}`,
      ).toBe(true);
      const cell = lineAt(tokenAt).slice(tokenAt.column - 1);
      // the token cell holds the hex as the spec writes it (`1C`, `0x1C`) or, for an assigned placeholder, `XX`
      expect(
        /^(?:`?(?:0x)?[0-9A-Fa-f]+`?|XX)(?:\s|\|)/.test(cell),
        `token of ${t.name} at ${tokenAt.file}:${tokenAt.line}:${tokenAt.column}: ${cell}`,
      ).toBe(true);
      if (!cell.startsWith('XX')) expect(parseInt(cell.replace(/^`?(0x)?/, ''), 16)).toBe(t.token);
    }
  });
});
