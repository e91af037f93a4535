/**
 * The checks on composed versions, on hand-built models: one rule per case, with the cases that
 * must stay silent (a declared duplicate is not an error).
 */
import { describe, expect, test } from 'vitest';
import { DiagnosticBag, type SourceSpan } from '../../generator/diagnostics.js';
import type {
  AttributeStartToken,
  DeclaredDuplicate,
  Origin,
  TagToken,
  ValueToken,
  VersionIdentity,
  VersionModel,
} from '../../generator/model/types.js';
import { validateIdentities, validateSpec } from '../../generator/validate/validate-spec.js';
import { validateVersion } from '../../generator/validate/validate-version.js';

let line = 0;
const span = (l: number, file = 'x.md'): SourceSpan => ({ file, line: l, column: 1, endLine: l, endColumn: 1 });
const origin = (): Origin => {
  line++;
  return { document: 'x', specPath: 'x.md', section: 's', at: span(line), tokenAt: span(line) };
};
const tag = (page: number, token: number, name: string): TagToken => ({ kind: 'tag', page, token, name, note: '', origin: origin() });
const start = (token: number, valuePrefix: string): AttributeStartToken => ({
  kind: 'attrstart',
  token,
  name: 'xmlns',
  valuePrefix,
  note: '',
  origin: origin(),
});
const value = (token: number, name: string): ValueToken => ({
  kind: 'value',
  token,
  name,
  group: 'Common value tokens',
  note: '',
  origin: origin(),
});

function identity(publicId: number, text: string, others: string[], csp: string): VersionIdentity {
  const ns = (uri: string) => ({ uri, attributeStart: 5, suffix: '' });
  return {
    publicId,
    publicIdText: text,
    otherPublicIdTexts: others,
    rootElement: 'Root',
    namespaces: { csp: ns(csp), trc: ns(`${csp}/trc`), pa: ns(`${csp}/pa`) },
    at: {
      publicId: span(1, 'versions.md'),
      publicIdText: span(2, 'versions.md'),
      otherPublicIdTexts: span(3, 'versions.md'),
      csp: span(4, 'versions.md'),
    },
  };
}

function version(
  parts: { tags?: TagToken[]; starts?: AttributeStartToken[]; values?: ValueToken[]; duplicates?: DeclaredDuplicate[] },
  v = '1.0',
  id = identity(0x7a, '-//X 1.0//EN', [], 'http://x/1.0'),
): VersionModel {
  const pages = [...new Set((parts.tags ?? []).map((t) => t.page))];
  const ref = { id: 'x', kind: 'base' as const, title: 't', status: 's', source: 's', specPath: 'x.md', path: 'x.md' };
  return {
    version: v,
    identity: id,
    base: ref,
    changes: [],
    dataTypesDocument: undefined,
    codePages: pages.map((page) => ({ page, title: 'p', tokens: (parts.tags ?? []).filter((t) => t.page === page) })),
    attributeStarts: parts.starts ?? [],
    values: parts.values ?? [],
    duplicates: parts.duplicates ?? [],
    dataTypes: [],
  };
}

const declared = (d: { token: number; names: string[] } | { name: string; tokens: number[] }): DeclaredDuplicate =>
  'names' in d
    ? { kind: 'token', token: d.token, names: d.names, decodeAs: d.names[0]!, reason: 'r', at: span(99) }
    : { kind: 'name', name: d.name, tokens: d.tokens, encodeAs: d.tokens[0]!, reason: 'r', at: span(99) };

function rules(v: VersionModel): string[] {
  const bag = new DiagnosticBag();
  validateVersion(v, bag);
  return bag.list().map((d) => d.ruleId);
}

describe('a version', () => {
  test.each([
    [
      'distinct tokens',
      { tags: [tag(0, 5, 'A'), tag(0, 6, 'B'), tag(1, 5, 'C')], starts: [start(5, 'http://x/')], values: [value(1, 'T')] },
      [],
    ],
    ['a tag token below 0x05', { tags: [tag(0, 4, 'A')] }, ['token-range']],
    ['a tag token above 0x3F', { tags: [tag(0, 0x40, 'A')] }, ['token-range']],
    ['an attribute start token above 0x7F', { starts: [start(0x80, 'http://x/')] }, ['token-range']],
    ['two names on a tag token', { tags: [tag(0, 5, 'A'), tag(0, 5, 'B')] }, ['duplicate-token']],
    ['one element name on two pages', { tags: [tag(0, 5, 'A'), tag(1, 6, 'A')] }, ['duplicate-name']],
    ['a tag row twice', { tags: [tag(0, 5, 'A'), tag(0, 5, 'A')] }, ['duplicate-row']],
    ['an attribute start row twice', { starts: [start(5, 'http://x/'), start(5, 'http://x/')] }, ['duplicate-row']],
    ['two attribute starts on a token', { starts: [start(5, 'http://x/'), start(5, 'http://y/')] }, ['duplicate-token']],
    ['a value row twice', { values: [value(1, 'T'), value(1, 'T')] }, ['duplicate-row']],
    ['two values on a token', { values: [value(1, 'T'), value(1, 'U')] }, ['duplicate-token']],
    ['one value on two tokens', { values: [value(1, 'T'), value(2, 'T')] }, ['duplicate-name']],
    ['a declared duplicate token', { values: [value(1, 'T'), value(1, 'U')], duplicates: [declared({ token: 1, names: ['T', 'U'] })] }, []],
    ['a declared duplicate name', { values: [value(1, 'T'), value(2, 'T')], duplicates: [declared({ name: 'T', tokens: [1, 2] })] }, []],
    [
      'a declared duplicate with other names',
      { values: [value(1, 'T'), value(1, 'U')], duplicates: [declared({ token: 1, names: ['T', 'V'] })] },
      ['duplicate-token', 'stale-duplicate'],
    ],
    [
      'a declaration that no longer applies',
      { values: [value(1, 'T')], duplicates: [declared({ name: 'T', tokens: [1, 2] })] },
      ['stale-duplicate'],
    ],
  ])('%s', (_, parts, expected) => {
    expect(rules(version(parts)).sort()).toEqual([...expected].sort());
  });

  test('a row listed twice is one error, at the copy, naming the first', () => {
    const bag = new DiagnosticBag();
    const [a, copy] = [tag(0, 5, 'A'), tag(0, 5, 'A')];
    validateVersion(version({ tags: [a, copy] }), bag);
    expect(bag.list().map((d) => [d.ruleId, d.message, d.at!.line, d.related![0]!.at.line])).toEqual([
      [
        'duplicate-row',
        'Tag `A` = 0x05 on code page 0x00 is listed twice in version 1.0; list it once.',
        copy.origin.at.line,
        a.origin.at.line,
      ],
    ]);
  });
});

describe('versions told apart', () => {
  const v = (name: string, id: VersionIdentity) => version({}, name, id);
  const found = (versions: VersionModel[]) => {
    const bag = new DiagnosticBag();
    validateIdentities(versions, bag);
    return bag.list().map((d) => `${d.ruleId} ${d.message.match(/version (\d\.\d)/)![1]}: ${d.related!.map((r) => r.message).join(', ')}`);
  };

  test('distinct public ids, texts and namespaces are fine', () => {
    expect(found([v('1.0', identity(0x10, 'A', ['B'], 'http://x/1.0')), v('1.1', identity(0x11, 'C', ['D'], 'http://x/1.1'))])).toEqual([]);
  });

  test.each([
    ['the same public id', identity(0x10, 'A', [], 'http://x/1.0'), identity(0x10, 'C', [], 'http://x/1.1'), 'duplicate-public-id'],
    [
      'the same public id text',
      identity(0x10, 'A', [], 'http://x/1.0'),
      identity(0x11, 'A', [], 'http://x/1.1'),
      'duplicate-public-id-text',
    ],
    [
      "one's text as the other's other text",
      identity(0x10, 'A', [], 'http://x/1.0'),
      identity(0x11, 'C', ['A'], 'http://x/1.1'),
      'duplicate-public-id-text',
    ],
    ['the same CSP namespace', identity(0x10, 'A', [], 'http://x/1.0'), identity(0x11, 'C', [], 'http://x/1.0'), 'duplicate-namespace'],
  ])('%s is an error at both places', (_, a, b, rule) => {
    expect(found([v('1.0', a), v('1.1', b)])).toEqual([`${rule} 1.0: version 1.1`, `${rule} 1.1: version 1.0`]);
  });

  test('three versions with one public id: each names the other two', () => {
    const id = (csp: string, text: string) => identity(0x10, text, [], csp);
    expect(found([v('1.0', id('a', 'A')), v('1.1', id('b', 'B')), v('1.2', id('c', 'C'))])).toEqual([
      'duplicate-public-id 1.0: version 1.1, version 1.2',
      'duplicate-public-id 1.1: version 1.0, version 1.2',
      'duplicate-public-id 1.2: version 1.0, version 1.1',
    ]);
  });

  test('validateSpec checks every version and then the identities', () => {
    const bag = new DiagnosticBag();
    const id = identity(0x10, 'A', [], 'http://x/1.0');
    validateSpec(
      {
        versions: [version({ tags: [tag(0, 4, 'A')] }, '1.0', id), version({}, '1.1', id)],
        versionsDocument: undefined,
        assignmentFile: undefined,
      },
      bag,
    );
    expect([...new Set(bag.list().map((d) => d.ruleId))].sort()).toEqual([
      'duplicate-namespace',
      'duplicate-public-id',
      'duplicate-public-id-text',
      'token-range',
    ]);
  });
});
