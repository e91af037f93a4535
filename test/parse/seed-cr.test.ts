/**
 * The seed change request as markdown (spec/cr-multiple-sessions.md) parses into a change request
 * with its 23 `XX` placeholders, its explicit rows with the values the Word text states (errors
 * included: `Tiny 78`), and its requirements table GEN-11..16.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DiagnosticBag } from '../../generator/diagnostics.js';
import { parseSpecDocument } from '../../generator/parse/document.js';
import { ROOT, SHARED } from '../support/cli.js';

const bag = new DiagnosticBag();
const doc = parseSpecDocument(
  readFileSync(join(ROOT, 'spec/cr-multiple-sessions.md'), 'utf8'),
  { path: 'spec/cr-multiple-sessions.md', specPath: 'cr-multiple-sessions.md' },
  bag,
)!;
const rows = doc.tokenTables.flatMap((t) => t.rows.map((r) => ({ table: t, row: r })));
const placeholders = rows.filter((r) => r.row.token.kind === 'placeholder');
const explicit = rows.filter((r) => r.row.token.kind === 'explicit');

/** The seed's name/token pairs as the Word text lists them: a tab-indented name line, then its token line. */
function seedPairs(): Map<string, string[]> {
  const lines = readFileSync(join(SHARED, 'seed/cr-multiple-sessions.txt'), 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.startsWith('\t'))
    .map((l) => l.trim());
  const pairs = new Map<string, string[]>();
  for (let i = 0; i + 1 < lines.length; i++) {
    if (/^(?:[0-9A-Fa-f]{2}|XX)$/.test(lines[i + 1]!)) pairs.set(lines[i]!, [...(pairs.get(lines[i]!) ?? []), lines[i + 1]!.toUpperCase()]);
  }
  return pairs;
}

describe('the seed change request', () => {
  test('parses without diagnostics as a change request for 1.3', () => {
    expect(bag.list()).toEqual([]);
    expect(doc.meta.kind).toBe('change-request');
    expect(doc.meta.kind === 'change-request' && doc.meta.version.value).toBe('1.3');
  });

  test('has exactly the 23 placeholders the reference resolves', () => {
    const tsv = readFileSync(join(SHARED, 'reference/seed-xx.tsv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split('\t'));
    const expected = tsv
      .filter((c) => c[5] === 'XX')
      .map((c) => c[3]!)
      .sort();
    expect(placeholders).toHaveLength(23);
    expect(placeholders.map((p) => p.row.name.value).sort()).toEqual(expected);
    for (const p of placeholders) expect(p.row.token.text).toBe('XX');
  });

  test('every explicit row keeps the token the Word text states (Tiny 78 included)', () => {
    const seed = seedPairs();
    expect(explicit.length).toBe(92);
    for (const { row } of explicit) {
      const stated = row.token.kind === 'explicit' ? row.token.value : -1;
      const hex = stated.toString(16).toUpperCase().padStart(2, '0');
      expect(seed.get(row.name.value), row.name.value).toContain(hex);
    }
    const tiny = explicit.find((e) => e.row.name.value === 'Tiny')!;
    expect(tiny.row.token.kind === 'explicit' && tiny.row.token.value).toBe(0x78);
    expect(explicit.find((e) => e.row.name.value === 'www.openmobilealliance.org')!.row.token).toMatchObject({ value: 0x78 });
  });

  test('tag rows are on their code pages (0x03, 0x05, 0x09); value rows share one token space', () => {
    const pages = [...new Set(placeholders.filter((p) => p.table.kind === 'tag').map((p) => (p.table as { page: number }).page))].sort();
    expect(pages).toEqual([3, 5, 9]);
    expect(new Set(doc.tokenTables.filter((t) => t.kind === 'value').map((t) => (t as { group: string }).group))).toEqual(
      new Set(['Common value tokens', 'Access value tokens']),
    );
  });

  test('the requirements table has GEN-11..GEN-16', () => {
    expect(doc.requirements.map((r) => r.ref)).toEqual(['GEN-11', 'GEN-12', 'GEN-13', 'GEN-14', 'GEN-15', 'GEN-16']);
    for (const r of doc.requirements) expect(r.text.length).toBeGreaterThan(10);
  });
});
