/**
 * Nothing that looks like a table is lost without a word: one small document per case, parsed in
 * process, with the rules it must report (at line:column of the body, after the front matter) —
 * and the cases that must stay silent, so that the rules do not fire on ordinary markdown.
 */
import { describe, expect, test } from 'vitest';
import { DiagnosticBag } from '../../generator/diagnostics.js';
import { parseSpecDocument } from '../../generator/parse/document.js';

const FRONT = '---\nid: x\nkind: base\nversion: "1.0"\ntitle: t\nstatus: s\nsource: s\n---\n';
const BODY_START = FRONT.split('\n').length - 1;

function parse(body: string) {
  const bag = new DiagnosticBag();
  const doc = parseSpecDocument(FRONT + body, { path: 'x.md', specPath: 'x.md' }, bag);
  const found = bag.list().map((d) => `${d.ruleId} ${d.at!.line - BODY_START}:${d.at!.column}`);
  return { doc, found, diagnostics: bag.list() };
}

const PAGE = '### 4.2.1 Common code page (0x00)\n\n';
const TABLE = '| Tag name | Token |\n| --- | --- |\n| Session | 05 |\n| Login | 06 |\n';
const indent = (text: string, by: string) =>
  text
    .split('\n')
    .map((l) => (l ? by + l : l))
    .join('\n');

describe('a table markdown does not read as one is reported', () => {
  test.each([
    ['header and delimiter rows only', `${PAGE}| Tag name | Token |\n| --- | --- |\n`, ['empty-table 3:1']],
    ['indented by a tab (a code block)', PAGE + indent(TABLE, '\t'), ['table-in-code-block 3:1']],
    ['indented by four spaces', PAGE + indent(TABLE, '    '), ['table-in-code-block 3:1']],
    ['in a fenced code block', `${PAGE}\`\`\`\n${TABLE}\`\`\`\n`, ['table-in-code-block 3:1']],
    ['no delimiter row', `${PAGE}| Tag name | Token |\n| Session | 05 |\n`, ['malformed-table 3:1']],
    ['a header line alone', `${PAGE}| Tag name | Token |\n`, ['malformed-table 3:1']],
    [
      'a delimiter row with another number of cells',
      `${PAGE}| Tag name | Token |\n| --- | --- | --- |\n| A | 05 |\n`,
      ['malformed-table 3:1'],
    ],
    ['in a block quote', PAGE + indent(TABLE, '> '), ['table-in-container 3:3']],
    ['in a list item', `${PAGE}- the tags:\n\n${indent(TABLE, '  ')}`, ['table-in-container 5:3']],
    [
      'a section with no table',
      `${PAGE}The tags are listed elsewhere.\n\n## 4.3 Attribute start tokens\n`,
      ['empty-section 1:1', 'empty-section 5:1'],
    ],
    ['a section with no table at the end of the document', PAGE, ['empty-section 1:1']],
    // Prose is not read: a token table marked prose by mistake would take its code page out of the output.
    ['a section whose only table is marked prose', `${PAGE}<!-- imps-tokengen: prose -->\n${TABLE}`, ['empty-section 1:1']],
  ])('%s', (_, body, expected) => {
    expect(parse(body).found).toEqual(expected);
  });
});

describe('ordinary markdown is not reported', () => {
  test.each([
    ['a table under its heading', PAGE + TABLE],
    [
      'a value section whose tables are in its subsections',
      `## 4.4 Value tokens\n\n### 4.4.1 Common value tokens\n\n| Element value | Number |\n| --- | --- |\n| T | 01 |\n`,
    ],
    ['prose with a pipe, under a prose heading', '## Notes\n\nWrite `a | b` for either.\n\n    some | code\n'],
    ['a fenced example marked as prose', `## Notes\n\n<!-- imps-tokengen: prose -->\n\`\`\`\n${TABLE}\`\`\`\n`],
    ['a code page section with an example marked prose next to its table', `${PAGE}<!-- imps-tokengen: prose -->\n${TABLE}\n${TABLE}`],
    ['a list and a block quote of prose', '## Notes\n\n- one\n- two\n\n> quoted\n'],
    ['a table glued under a paragraph (a table interrupts it)', `${PAGE}The tags:\n${TABLE}`],
  ])('%s', (_, body) => {
    expect(parse(body).found).toEqual([]);
  });

  test('the prose marker applies to the next block only, and says so when nothing follows it', () => {
    const { doc, found } = parse(`${PAGE}<!-- imps-tokengen: prose -->\n\n### 4.2.2 Extra code page (0x01)\n\n${TABLE}`);
    expect(found).toEqual(['empty-section 1:1', 'unused-prose-marker 3:1']);
    expect(doc!.tokenTables.map((t) => t.kind === 'tag' && t.page)).toEqual([1]);
  });
});

describe('cells hold plain text', () => {
  const row = (cell: string) => parse(`${PAGE}| Tag name | Token | Note |\n| --- | --- | --- |\n${cell}\n`);
  test.each([
    [
      'a link',
      '| [Session](http://example.org/s) | 05 | |',
      'unsupported-cell-content 5:3',
      'Unexpected link `[Session](http://example.org/s)`',
    ],
    ['an autolink', '| <http://example.org/s> | 05 |  |', 'unsupported-cell-content 5:3', 'Unexpected link `<http://example.org/s>`'],
    ['an image', '| Session ![i](i.png) | 05 | |', 'unsupported-cell-content 5:11', 'Unexpected image'],
    ['raw HTML', '| Session<br> | 05 | |', 'html-in-cell 5:10', 'Unexpected raw HTML `<br>`'],
  ])('%s is reported', (_, cell, expected, message) => {
    const r = row(cell);
    // The link's text stays the cell's text, so a URL is also not an XML name.
    expect(r.found.filter((f) => !f.startsWith('invalid-name'))).toEqual([expected]);
    expect(r.diagnostics.find((d) => d.ruleId !== 'invalid-name')!.message).toContain(message);
  });

  test('a URL or www. name is plain text (no autolink literals)', () => {
    const { doc, found } = parse(
      '## 4.3 Attribute start tokens\n\n| Attribute name | Attribute value prefix | Token |\n| --- | --- | --- |\n| xmlns | http://www.example.org/CSP | 05 |\n\n' +
        '### 4.4.1 Common value tokens\n\n| Element value | Number |\n| --- | --- |\n| www.example.org | 01 |\n',
    );
    expect(found).toEqual([]);
    const [starts, values] = doc!.tokenTables;
    expect(starts!.kind === 'attrstart' && starts!.rows[0]!.valuePrefix.value).toBe('http://www.example.org/CSP');
    expect(values!.rows[0]!.name.value).toBe('www.example.org');
  });

  test.each([
    ['\u200B', 'U+200B ZERO WIDTH SPACE'],
    ['\u200D', 'U+200D ZERO WIDTH JOINER'],
    ['\u00AD', 'U+00AD SOFT HYPHEN'],
    ['\uFEFF', 'U+FEFF ZERO WIDTH NO-BREAK SPACE (byte order mark)'],
    ['\u00A0', 'U+00A0 NO-BREAK SPACE'],
    ['\u202E', 'U+202E RIGHT-TO-LEFT OVERRIDE'],
    ['\u0007', 'U+0007 BELL'],
    ['\u{E0020}', 'U+E0020 (an invisible format character)'],
  ])('an invisible character %j in a name is named and shown escaped', (char, name) => {
    const r = row(`| Add${char}List | 05 | |`);
    const code = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    expect(r.found).toEqual(['invisible-character 5:6']);
    expect(r.diagnostics[0]!.message).toBe(
      `\`Add<${code}>List\` contains ${name}, an invisible character: delete it (retype the name or token).`,
    );
    // The rest of the pipeline sees the name as it looks, so the slip is reported once.
    expect(r.doc!.tokenTables[0]!.rows[0]!.name.value).toBe('AddList');
  });

  test('invisible characters in a token cell are reported too; in a note they are prose', () => {
    expect(row('| Session | 0\u200B5 | |').found).toEqual(['invisible-character 5:14']);
    expect(row('| Session | 05 | soft\u00ADhyphen |').found).toEqual([]);
  });
});

describe('code-page headings without their number', () => {
  test.each([
    [
      'the page between its neighbours',
      '### 4.2.1 A code page (0x00)\n\n| Tag name | Token |\n| --- | --- |\n| A | 05 |\n\n### 4.2.2 B code page\n\n### 4.2.3 C code page (0x02)\n\n| Tag name | Token |\n| --- | --- |\n| C | 05 |\n',
      'end it with `(0x01)`, the page between the code pages before and after it.',
    ],
    [
      'no number when it cannot be known',
      '### 4.2.1 A code page (0x00)\n\n| Tag name | Token |\n| --- | --- |\n| A | 05 |\n\n### 4.2.5 B code page\n',
      'end it with the number of its code page in hex, `(0xNN)`.',
    ],
  ])('the hint: %s', (_, body, hint) => {
    const d = parse(body).diagnostics.find((x) => x.ruleId === 'heading-without-page');
    expect(d?.message).toMatch(new RegExp(`: ${hint.replace(/[()`.]/g, '\\$&')}$`));
  });
});
