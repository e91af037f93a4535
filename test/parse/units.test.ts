/** Units of the parser: token cells, table headers, code-page headings. */
import type { Heading, Table } from 'mdast';
import { describe, expect, test } from 'vitest';
import { DiagnosticBag } from '../../generator/diagnostics.js';
import { readCell, readToken } from '../../generator/parse/cells.js';
import { classifyHeading } from '../../generator/parse/headings.js';
import { parseMarkdown } from '../../generator/parse/markdown.js';
import { readTable } from '../../generator/parse/tables.js';

const AT = { file: 'x.md', line: 3, column: 7, endLine: 3, endColumn: 9 };

function token(text: string) {
  const bag = new DiagnosticBag();
  return { cell: readToken({ text, at: AT }, bag, '`Name`'), diagnostics: bag.list() };
}

describe('token cells', () => {
  test.each([
    ['1A', 0x1a],
    ['1a', 0x1a],
    ['0x1A', 0x1a],
    ['0X1a', 0x1a],
    ['05', 5],
    ['C3', 0xc3],
    ['FFFFFFFF', 0xffffffff],
  ])('%s is the token %i', (text, value) => {
    const r = token(text);
    expect(r.diagnostics).toEqual([]);
    expect(r.cell).toEqual({ kind: 'explicit', value, text, at: AT });
  });

  test.each(['XX', 'xx'])('%s is a placeholder', (text) => {
    expect(token(text).cell).toEqual({ kind: 'placeholder', text, at: AT });
  });

  test.each([
    ['0G', 'invalid-token'],
    ['1A h', 'invalid-token'],
    ['', 'invalid-token'],
    ['XY', 'invalid-token'],
    ['1FFFFFFFF', 'token-range'],
  ])('%s is an error (%s) at the cell', (text, rule) => {
    const r = token(text);
    expect(r.cell).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.ruleId, d.at])).toEqual([[rule, AT]]);
  });
});

function firstTable(md: string): { table: Table; lines: string[] } {
  const root = parseMarkdown(md);
  return { table: root.children.find((n) => n.type === 'table') as Table, lines: md.split('\n') };
}

describe('cells and headers', () => {
  test('cell text: surrounding spaces trimmed, inline code unwrapped, position of the text (not the pipe)', () => {
    const md = '| Tag name | Token |\n| --- | --- |\n|   `Session`   |  0x2D |\n';
    const { table, lines } = firstTable(md);
    const bag = new DiagnosticBag();
    const cell = readCell(table.children[1]!.children[0]!, 'x.md', bag, lines);
    expect(cell.text).toBe('Session');
    expect([cell.at.line, cell.at.column]).toEqual([3, 5]);
    const tok = readCell(table.children[1]!.children[1]!, 'x.md', bag, lines);
    expect([tok.text, tok.at.column]).toEqual(['0x2D', 20]);
    expect(bag.list()).toEqual([]);
  });

  test.each([
    ['| Tag name | Token |', 'tag', false],
    ['| tag NAME | token | Note |', 'tag', true],
    ['| Attribute name | Attribute value prefix | Token |', 'attrstart', false],
    ['| Element value | Number |', 'value', false],
    ['| Attribute value | Token | Note |', 'value', true],
    ['| Element | Data type |', 'datatype', false],
    ['| Duplicate token | Names | Decode as | Reason |', 'duplicate-token', false],
    ['| Duplicate name | Tokens | Encode as | Reason |', 'duplicate-name', false],
  ])('header %s is a %s table (note column: %s)', (header, kind, hasNote) => {
    const cols = header.split('|').length - 2;
    const { table, lines } = firstTable(`${header}\n|${' --- |'.repeat(cols)}\n`);
    const bag = new DiagnosticBag();
    const t = readTable(table, 'x.md', lines, bag);
    expect(bag.list()).toEqual([]);
    expect([t?.kind, t?.hasNote]).toEqual([kind, hasNote]);
  });

  test('an unknown header is reported at the table', () => {
    const { table, lines } = firstTable('| Tag | Code |\n| --- | --- |\n');
    const bag = new DiagnosticBag();
    expect(readTable(table, 'x.md', lines, bag)).toBeUndefined();
    expect(bag.list().map((d) => [d.ruleId, d.at?.line, d.at?.column])).toEqual([['unknown-table-header', 1, 1]]);
  });
});

describe('code-page headings', () => {
  const heading = (md: string) => {
    const bag = new DiagnosticBag();
    const role = classifyHeading(parseMarkdown(md).children[0] as Heading, 'x.md', bag);
    return { role, diagnostics: bag.list().map((d) => d.ruleId) };
  };
  test.each([
    ['### 4.2.4 Client capability code page (0x03)', 3, 'Client capability code page', '4.2.4'],
    ['### 4.2.11 Common code page – continued (0x0A)', 10, 'Common code page – continued', '4.2.11'],
    ['## Extra code page (1f)', 0x1f, 'Extra code page', ''],
  ])('%s → page %i', (md, page, title, number) => {
    const { role, diagnostics } = heading(md);
    expect(diagnostics).toEqual([]);
    expect(role).toMatchObject({ kind: 'tag-page', page, section: { title, number } });
  });
  test('value and attribute sections', () => {
    expect(heading('### 4.4.2 Access value tokens').role).toMatchObject({ kind: 'value', group: 'Access value tokens' });
    expect(heading('## 4.3 Attribute start tokens').role.kind).toBe('attrstart');
  });
  test('a code page heading without its number is left to the caller (to hint the number); a page over 0xFF is an error', () => {
    expect(heading('### 4.2.2 Extra code page')).toMatchObject({ role: { kind: 'pageless' }, diagnostics: [] });
    expect(heading('### 4.2.2 Extra code page (0x100)').diagnostics).toEqual(['invalid-page']);
  });
});
