/**
 * The input budget (generator/parse/limits.ts) and the text checks before it: what each limit
 * counts, that the shipped spec is far inside them, that ordinary markdown is not refused, and
 * that each pathological input from issue 11 is refused at its place.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DiagnosticBag } from '../../generator/diagnostics.js';
import { decodeText } from '../../generator/parse/files.js';
import { checkFileSize, checkInputLimits, containerPrefix, INPUT_LIMITS } from '../../generator/parse/limits.js';
import { ROOT } from '../support/cli.js';

function limits(text: string): string[] {
  const bag = new DiagnosticBag();
  const ok = checkInputLimits(text, 'x.md', bag);
  const found = bag.list().map((d) => `${d.ruleId} ${d.at!.line}:${d.at!.column}`);
  expect(ok).toBe(found.length === 0);
  return found;
}

const repeat = (unit: string, n: number) => unit.repeat(n);
const nestedList = (levels: number) => Array.from({ length: levels }, (_, i) => `${'  '.repeat(i)}- x\n`).join('');

describe('container prefix', () => {
  test.each([
    ['plain text', 0],
    ['| a | b |', 0],
    ['    indented code', 0],
    ['> quoted', 1],
    ['> > > x', 3],
    ['>>> x', 3],
    ['- item', 1],
    ['1. item', 1],
    ['- - - x', 3],
    ['      - nested by indentation', 4],
    ['> - > x', 3],
  ])('%j is %i deep', (line, depth) => {
    expect(containerPrefix(line).depth).toBe(depth);
  });
});

describe('input limits', () => {
  test('the shipped spec is within them', () => {
    const dir = join(ROOT, 'spec');
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.md'))) {
      expect(limits(readFileSync(join(dir, f), 'utf8')), f).toEqual([]);
      expect(readFileSync(join(dir, f)).length).toBeLessThan(INPUT_LIMITS.fileBytes / 8);
    }
  });

  test.each([
    ['a tight list of 1,000 items', repeat('- x\n', 1000)],
    ['a block quote 32 deep on 1,000 lines', repeat(`${'>'.repeat(32)} x\n`, 1000)],
    ['200 lists nested 32 levels', repeat(`${nestedList(32)}\n`, 200)],
    ['emphasis 32 deep', `${repeat('*a ', 32)}x${repeat(' a*', 32)}\n`],
    ['1,000 emphasized words in one paragraph', repeat('*a* _b_ ', 1000)],
    ['names with underscores that open nothing', repeat('GROUP_ID and _x ', 500)],
    ['a table whose cells each open emphasis', `| Tag name | Token |\n| --- | --- |\n${repeat('| *a | 05 |\n', 1000)}`],
    ['emphasis markers in code spans and escaped', repeat('`*a` \\*a ', 1000)],
  ])('%s is within them', (_, text) => {
    expect(limits(text)).toEqual([]);
  });

  test.each([
    ['10,000 `>` on one line (issue 11)', `intro\n\n${'>'.repeat(10000)} x\n`, 'nesting-too-deep 3:1'],
    ['3,000 list markers on one line (issue 11)', `${repeat('- ', 3000)}x\n`, 'nesting-too-deep 1:1'],
    ['block quotes 33 deep', `${'>'.repeat(33)} x\n`, 'nesting-too-deep 1:1'],
    ['a list nested 33 levels by indentation', nestedList(40), 'nesting-too-deep 33:1'],
    ['emphasis 33 deep', `${repeat('*a ', 33)}x${repeat(' a*', 33)}\n`, 'nesting-too-deep 1:199'],
    ['emphasis 33 deep over lines', `${repeat('*a\n', 33)}x\n${repeat('a*\n', 33)}`, 'nesting-too-deep 67:2'],
    ['201 block quotes', repeat('> note\n\n', 201), 'too-many-blocks 401:1'],
    ['201 items of a two-level list', repeat('- x\n  - y\n', 201), 'too-many-blocks 401:1'],
    ['201 lines of nested list markers', repeat('- - x\n', 201), 'too-many-blocks 201:1'],
  ])('%s is refused', (_, text, expected) => {
    expect(limits(text)).toEqual([expected]);
  });

  test('the file size limit', () => {
    const bag = new DiagnosticBag();
    expect(checkFileSize(INPUT_LIMITS.fileBytes, 'x.md', bag, 'Split it.')).toBe(true);
    expect(checkFileSize(5 * 1024 * 1024, 'x.md', bag, 'Split it.')).toBe(false);
    expect(bag.list().map((d) => d.message)).toEqual([
      'The file is 5 MiB; spec files may be at most 256 KiB (about 10,000 table rows). Split it.',
    ]);
  });
});

describe('text before markdown', () => {
  const decode = (bytes: Uint8Array | string) => {
    const bag = new DiagnosticBag();
    const text = decodeText(typeof bytes === 'string' ? Buffer.from(bytes) : bytes, 'x.md', bag);
    return { text, found: bag.list().map((d) => `${d.ruleId} ${d.at!.line}:${d.at!.column}`), diagnostics: bag.list() };
  };
  test('LF and CRLF are line endings; a leading byte-order mark is dropped', () => {
    expect(decode('a\nb\r\nc')).toMatchObject({ text: 'a\nb\r\nc', found: [] });
    expect(decode('\uFEFFa\n')).toMatchObject({ text: 'a\n', found: [] });
  });
  test('CR-only line endings are named', () => {
    const r = decode('---\rid: x\r---\r');
    expect(r.text).toBeUndefined();
    expect(r.found).toEqual(['line-endings 1:4']);
    expect(r.diagnostics[0]!.message).toContain('carriage-return-only line endings');
  });
  test('a stray carriage return is placed', () => {
    expect(decode('a\nb\rc\n').found).toEqual(['line-endings 2:2']);
  });
  test('invalid UTF-8 is placed at its line', () => {
    expect(decode(Buffer.from([0x61, 0x0a, 0x62, 0xff, 0x0a])).found).toEqual(['invalid-utf8 2:1']);
  });
});
