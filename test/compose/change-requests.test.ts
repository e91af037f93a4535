/**
 * Composition of a change request onto its base, one rule per case: what each row resolves to
 * (its status and token), what the docs summary and the review report say, and which rule is
 * reported. The documents are small markdown parsed in process.
 */
import { describe, expect, test } from 'vitest';
import { composeSpec } from '../../generator/compose/compose.js';
import type { AssignmentState } from '../../generator/compose/version-builder.js';
import { DiagnosticBag } from '../../generator/diagnostics.js';
import { parseAssignments } from '../../generator/parse/assignments.js';
import { parseSpecDocument } from '../../generator/parse/document.js';
import type { ParsedDocument } from '../../generator/parse/types.js';

const front = (id: string, kind: string, extra: string) =>
  `---\nid: ${id}\nkind: ${kind}\n${extra}title: "${id}"\nstatus: draft\nsource: test\n---\n\n`;

const BASE = `${front('base', 'base', 'version: "1.0"\n')}### 4.2.1 Common code page (0x00)

| Tag name | Token |
| --- | --- |
| Root | 05 |
| A | 06 |
| B | 07 |

## 4.3 Attribute start tokens

| Attribute name | Attribute value prefix | Token |
| --- | --- | --- |
| xmlns | http://x/ | 05 |

### 4.4.1 Common value tokens

| Element value | Number |
| --- | --- |
| T | 01 |
| F | 02 |
`;

const VERSIONS = `${front('versions', 'versions', 'compose:\n  "1.0":\n    base: base\n    change-requests: [cr]\n')}| Version | Public id | Public id text | Other public id texts | Root element | CSP namespace | TRC namespace | PA namespace |
| --- | --- | --- | --- | --- | --- | --- | --- |
| 1.0 | 7A | -//X//EN |  | Root | http://x/CSP | http://x/TRC | http://x/PA |
`;

const tags = (rows: string) => `### 4.2.1 Common code page (0x00)\n\n| Tag name | Token |\n| --- | --- |\n${rows}\n`;
const values = (rows: string) => `### 4.4.1 Common value tokens\n\n| Element value | Number |\n| --- | --- |\n${rows}\n`;

function compose(crBody: string, assignments?: string, assignmentState?: AssignmentState) {
  const bag = new DiagnosticBag();
  const parse = (text: string, path: string) => parseSpecDocument(text, { path, specPath: path }, bag) as ParsedDocument;
  const docs = [
    parse(BASE, 'base.md'),
    parse(VERSIONS, 'versions.md'),
    parse(front('cr', 'change-request', 'version: "1.0"\n') + crBody, 'cr.md'),
  ];
  const file = assignments === undefined ? undefined : parseAssignments(`cr:\n${assignments}`, 'assignments.yaml', bag);
  expect(bag.list(), 'the fixture parses').toEqual([]);
  const composed = composeSpec(docs, file, bag, assignmentState ? { assignmentState } : {});
  const rows = composed.reports[0]!.rows;
  return {
    rows: rows.map((r) => `${r.name} ${r.status}${r.token === undefined ? '' : ` ${r.token.toString(16)}`}`),
    rules: bag.list().map((d) => d.ruleId),
    diagnostics: bag.list(),
    version: composed.model.versions[0]!,
    report: composed.reports[0]!,
  };
}

describe('change-request rows', () => {
  test.each([
    ['an assigned placeholder', tags('| C | XX |'), '  tags:\n    0x00:\n      C: 0x08\n', ['C assigned 8'], []],
    ['an unassigned placeholder', tags('| C | XX |'), '  tags: {}\n', ['C unassigned'], ['unassigned-placeholder']],
    ['a placeholder for a name the base has', tags('| A | XX |'), undefined, ['A placeholder-for-existing'], ['placeholder-for-existing']],
    ['a row restating the base', tags('| A | 06 |'), undefined, ['A restated 6'], []],
    ['a new name with a stated token', tags('| C | 08 |'), undefined, ['C added 8'], []],
    ['a row disagreeing with the base', tags('| A | 07 |'), undefined, ['A disagrees'], ['cr-disagrees-with-base']],
    [
      'an erratum correcting a row to the base',
      tags('| A | 07 |'),
      '  errata:\n    tags:\n      0x00:\n        A: { stated: 0x07, corrected: 0x06, reason: typo }\n',
      ['A corrected 6'],
      [],
    ],
    [
      'an erratum correcting a new name',
      tags('| C | 09 |'),
      '  errata:\n    tags:\n      0x00:\n        C: { stated: 0x09, corrected: 0x0A, reason: taken }\n',
      ['C corrected a'],
      [],
    ],
    [
      'an erratum expecting another stated token',
      tags('| A | 07 |'),
      '  errata:\n    tags:\n      0x00:\n        A: { stated: 0x08, corrected: 0x06, reason: typo }\n',
      ['A disagrees'],
      ['stale-erratum', 'cr-disagrees-with-base'],
    ],
    [
      'an erratum correcting to a token the base does not have',
      tags('| A | 07 |'),
      '  errata:\n    tags:\n      0x00:\n        A: { stated: 0x07, corrected: 0x09, reason: typo }\n',
      ['A disagrees'],
      ['stale-erratum'],
    ],
    [
      'an erratum for a placeholder',
      tags('| C | XX |'),
      '  tags:\n    0x00:\n      C: 0x08\n  errata:\n    tags:\n      0x00:\n        C: { stated: 0x08, corrected: 0x09, reason: x }\n',
      ['C assigned 8'],
      ['stale-erratum'],
    ],
    ['an assignment for a stated row', tags('| C | 08 |'), '  tags:\n    0x00:\n      C: 0x08\n', ['C added 8'], ['stale-assignment']],
    ['an assignment no row uses', tags('| C | 08 |'), '  tags:\n    0x00:\n      D: 0x09\n', ['C added 8'], ['stale-assignment']],
    [
      'an assignment for a page without a table',
      tags('| C | 08 |'),
      '  tags:\n    0x03:\n      D: 0x09\n',
      ['C added 8'],
      ['stale-assignment'],
    ],
    [
      'an erratum no row uses',
      tags('| C | 08 |'),
      '  errata:\n    values:\n      Z: { stated: 0x05, corrected: 0x06, reason: x }\n',
      ['C added 8'],
      ['stale-erratum'],
    ],
    ['a value placeholder', values('| BLUE | XX |'), '  values:\n    BLUE: 0x84\n', ['BLUE assigned 84'], []],
    [
      'a value placeholder for a value the base has',
      values('| T | XX |'),
      undefined,
      ['T placeholder-for-existing'],
      ['placeholder-for-existing'],
    ],
    [
      'an attribute start placeholder (assigned by value prefix)',
      '## 4.3 Attribute start tokens\n\n| Attribute name | Attribute value prefix | Token |\n| --- | --- | --- |\n| xmlns | http://y/ | XX |\n',
      '  attribute-starts:\n    "http://y/": 0x06\n',
      ['xmlns assigned 6'],
      [],
    ],
  ])('%s', (_, body, assignments, rows, rules) => {
    const r = compose(body, assignments);
    expect(r.rows).toEqual(rows);
    expect(r.rules).toEqual(rules);
  });

  test.each([
    ['missing', []],
    ['unreadable', []],
    ['none', ['unassigned-placeholder']],
  ] as const)('an unassigned placeholder when the assignment file is %s', (state, rules) => {
    const r = compose(tags('| C | XX |'), undefined, state);
    expect([r.rows, r.rules]).toEqual([['C unassigned'], rules]);
  });

  test('a disagreement is not reported when the erratum may be in an unreadable assignment file', () => {
    expect(compose(tags('| A | 07 |'), undefined, 'unreadable').rules).toEqual([]);
  });

  test('a disagreement names the base row and what the stated token is', () => {
    const [d] = compose(tags('| A | 07 |')).diagnostics;
    expect(d!.message).toBe(
      '`cr` states `A` = 0x07, but version 1.0 has it as 0x06. 0x07 is already `B`. Fix the row, or, if the change request is wrong as published, record an erratum for it in the assignment file.',
    );
    expect(d!.related!.map((r) => `${r.at.file}:${r.at.line} ${r.message}`)).toEqual([
      'base.md:15 version 1.0 has `A` = 0x06 here',
      'base.md:16 0x07 is `B` here',
    ]);
  });

  test('stale assignments say whether the change request has a table for their scope', () => {
    const messages = (a: string) => compose(tags('| C | 08 |'), a).diagnostics.map((d) => d.message);
    expect(messages('  tags:\n    0x00:\n      D: 0x09\n')).toEqual([
      'Assignment for `D` in code page 0x00, but `cr` has no placeholder `D` there: remove it (or fix the name).',
    ]);
    expect(messages('  values:\n    D: 0x09\n')).toEqual([
      'Assignment for `D` in the value-token space, but `cr` has no table for the value-token space: remove it or fix the scope.',
    ]);
  });

  test('a code page the change request titles differently is a warning', () => {
    const r = compose('### 4.2.1 Other code page (0x00)\n\n| Tag name | Token |\n| --- | --- |\n| C | 08 |\n');
    expect(r.diagnostics.map((d) => [d.severity, d.ruleId])).toEqual([['warning', 'page-title-mismatch']]);
    expect(r.version.codePages[0]!.title).toBe('Common code page');
  });

  test('a change request on a new code page adds the page with its title', () => {
    const r = compose('### 4.2.4 Widget code page (0x03)\n\n| Tag name | Token |\n| --- | --- |\n| Gadget | 05 |\n');
    expect(r.version.codePages.map((p) => `${p.page} ${p.title} ${p.tokens.map((t) => t.name)}`)).toEqual([
      '0 Common code page Root,A,B',
      '3 Widget code page Gadget',
    ]);
  });
});

describe('what a change request did, for the docs and the review', () => {
  const r = compose(
    `${tags('| A | 06 |\n| B | 09 |\n| Z | XX |\n| C | 08 |')}\n${values('| T | 01 |\n| BLUE | XX |')}`,
    '  tags:\n    0x00:\n      Z: 0x0B\n  values:\n    BLUE: 0x84\n  errata:\n    tags:\n      0x00:\n        B: { stated: 0x09, corrected: 0x07, reason: typo }\n',
  );

  test('the summary: tokens added in table order, rows restated, tokens corrected', () => {
    const change = r.version.changes[0]!;
    expect(change.added.map((t) => `${t.kind} ${t.name} ${t.token}`)).toEqual(['tag C 8', 'tag Z 11', 'value BLUE 132']);
    expect(change.restated).toBe(2);
    expect(change.corrected.map((c) => `${c.token.name} ${c.stated}→${c.token.token} ${c.reason}`)).toEqual(['B 9→7 typo']);
    expect(change.requirements).toEqual([]);
  });

  test('the report: every row in order, with its origin in the model', () => {
    expect(r.rows).toEqual(['A restated 6', 'B corrected 7', 'Z assigned b', 'C added 8', 'T restated 1', 'BLUE assigned 84']);
    const z = r.version.codePages[0]!.tokens.find((t) => t.name === 'Z')!;
    expect(z.origin.change).toMatchObject({ kind: 'assigned', changeRequest: 'cr', assignmentAt: { file: 'assignments.yaml', line: 4 } });
    expect(r.report.rows.find((x) => x.name === 'B')!.erratum).toMatchObject({ stated: 9, corrected: 7, reason: 'typo' });
  });
});
