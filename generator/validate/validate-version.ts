/**
 * Checks on a composed version: token ranges, two names on one token, one name on two tokens,
 * and the deliberate duplicates the spec declares (which must match what really occurs).
 */
import type { DiagnosticBag, RelatedPlace } from '../diagnostics.js';
import type { DeclaredDuplicate, TagToken, Token, ValueToken, VersionModel } from '../model/types.js';
import { hex } from '../common/hex.js';
import { TOKEN_RANGES } from '../common/scope.js';

export function validateVersion(version: VersionModel, bag: DiagnosticBag): void {
  const v = version.version;
  const place = (t: Token): RelatedPlace => ({ message: `\`${t.name}\` = ${hex(t.token)} (${t.origin.specPath})`, at: t.origin.tokenAt });
  const assignmentPlaces = (ts: readonly Token[]): RelatedPlace[] =>
    ts.flatMap((t) =>
      t.origin.change?.kind === 'assigned' ? [{ message: `assignment of \`${t.name}\``, at: t.origin.change.assignmentAt }] : [],
    );

  const range = (t: Token, r: { min: number; max: number }, what: string) => {
    if (t.token < r.min || t.token > r.max) {
      bag.error(
        'token-range',
        `${what} \`${t.name}\` = ${hex(t.token)} in version ${v} is outside ${hex(r.min)}-${hex(r.max)}` +
          (what.startsWith('Tag') ? ' (WBXML reserves 0x00-0x04 and the content/attribute bits).' : '.'),
        t.origin.tokenAt,
        assignmentPlaces([t]),
      );
    }
  };

  // The same row twice is one mistake, reported once; the copies take no further part.
  const listedOnce = <T extends Token>(tokens: readonly T[], what: (t: T) => string): T[] =>
    groupBy(tokens, (t) => `${t.token}\u0000${t.name}\u0000${t.kind === 'attrstart' ? t.valuePrefix : ''}`).map((group) => {
      for (const t of group.slice(1)) {
        bag.error('duplicate-row', `${what(t)} is listed twice in version ${v}; list it once.`, t.origin.at, [place(group[0]!)]);
      }
      return group[0]!;
    });

  // Two names on one token in a code page; one element name on two tokens anywhere.
  const allTags: TagToken[] = [];
  for (const page of version.codePages) {
    for (const t of page.tokens) range(t, TOKEN_RANGES.tag, 'Tag token');
    const tags = listedOnce(page.tokens, (t) => `Tag \`${t.name}\` = ${hex(t.token)} on code page ${hex(page.page)}`);
    allTags.push(...tags);
    for (const group of groupBy(tags, (t) => t.token)) {
      if (group.length < 2) continue;
      const [first, ...rest] = group;
      for (const t of rest) {
        bag.error(
          'duplicate-token',
          `${hex(t.token)} on code page ${hex(page.page)} of version ${v} is both \`${first!.name}\` and \`${t.name}\`.`,
          t.origin.tokenAt,
          [place(first!), ...assignmentPlaces(group)],
        );
      }
    }
  }
  for (const group of groupBy(allTags, (t) => t.name)) {
    if (group.length < 2) continue;
    const [first, ...rest] = group;
    for (const t of rest) {
      bag.error(
        'duplicate-name',
        `Element \`${t.name}\` appears twice in version ${v} (page ${hex(first!.page)} token ${hex(first!.token)} and page ${hex(t.page)} token ${hex(t.token)}); an element name has one tag token.`,
        t.origin.at,
        [place(first!)],
      );
    }
  }

  for (const t of version.attributeStarts) range(t, TOKEN_RANGES.attrstart, 'Attribute start token');
  const starts = listedOnce(version.attributeStarts, (t) => `Attribute start \`${t.name}=${t.valuePrefix}\` = ${hex(t.token)}`);
  for (const group of groupBy(starts, (t) => t.token)) {
    if (group.length < 2) continue;
    const [first, ...rest] = group;
    for (const t of rest) {
      bag.error(
        'duplicate-token',
        `Attribute start token ${hex(t.token)} of version ${v} is both \`${first!.name}=${first!.valuePrefix}\` and \`${t.name}=${t.valuePrefix}\`.`,
        t.origin.tokenAt,
        [place(first!), ...assignmentPlaces(group)],
      );
    }
  }

  for (const t of version.values) range(t, TOKEN_RANGES.value, 'Value token');
  validateValueSpace(
    version,
    listedOnce(version.values, (t) => `Value \`${t.name}\` = ${hex(t.token)}`),
    bag,
    place,
    assignmentPlaces,
  );
}

function validateValueSpace(
  version: VersionModel,
  unique: readonly ValueToken[],
  bag: DiagnosticBag,
  place: (t: Token) => RelatedPlace,
  assignmentPlaces: (ts: readonly Token[]) => RelatedPlace[],
): void {
  const v = version.version;
  const declaredTokens = new Map<number, Extract<DeclaredDuplicate, { kind: 'token' }>>();
  const declaredNames = new Map<string, Extract<DeclaredDuplicate, { kind: 'name' }>>();
  for (const d of version.duplicates) {
    if (d.kind === 'token') declaredTokens.set(d.token, d);
    else declaredNames.set(d.name, d);
  }
  const usedDeclarations = new Set<DeclaredDuplicate>();
  const sameSet = <T>(a: readonly T[], b: readonly T[]) => a.length === b.length && a.every((x) => b.includes(x));

  for (const group of groupBy(unique, (t) => t.token)) {
    if (group.length < 2) continue;
    const names = group.map((t) => t.name);
    const declared = declaredTokens.get(group[0]!.token);
    if (declared && sameSet(declared.names, names)) {
      usedDeclarations.add(declared);
      continue;
    }
    const [first, ...rest] = group;
    for (const t of rest) {
      bag.error(
        'duplicate-token',
        `Value token ${hex(t.token)} of version ${v} is both \`${first!.name}\` and \`${t.name}\`` +
          (declared
            ? `; the declared duplicate lists ${declared.names.map((n) => `\`${n}\``).join(', ')}.`
            : '. All value tables share one token space; give it a free token' +
              ' (or, if the published spec really has this duplicate, declare it in a `Duplicate token | Names | Decode as | Reason` table).'),
        t.origin.tokenAt,
        [place(first!), ...assignmentPlaces(group)],
      );
    }
  }
  for (const group of groupBy(unique, (t) => t.name)) {
    if (group.length < 2) continue;
    const tokens = group.map((t) => t.token);
    const declared = declaredNames.get(group[0]!.name);
    if (declared && sameSet(declared.tokens, tokens)) {
      usedDeclarations.add(declared);
      continue;
    }
    const [first, ...rest] = group;
    for (const t of rest) {
      bag.error(
        'duplicate-name',
        `Value \`${t.name}\` has two tokens in version ${v}, ${hex(first!.token)} and ${hex(t.token)}` +
          (declared
            ? `; the declared duplicate lists ${declared.tokens.map((x) => hex(x)).join(', ')}.`
            : '. If the published spec really has both, declare it in a `Duplicate name | Tokens | Encode as | Reason` table.'),
        t.origin.at,
        [place(first!), ...assignmentPlaces(group)],
      );
    }
  }
  for (const d of version.duplicates) {
    if (usedDeclarations.has(d)) continue;
    bag.error(
      'stale-duplicate',
      d.kind === 'token'
        ? `Declared duplicate token ${hex(d.token)} (${d.names.join(', ')}) does not occur in version ${v}: remove the declaration or fix it.`
        : `Declared duplicate name \`${d.name}\` (${d.tokens.map((x) => hex(x)).join(', ')}) does not occur in version ${v}: remove the declaration or fix it.`,
      d.at,
    );
  }
}

/** Groups in first-seen order; keys compare by value. */
function groupBy<T, K>(items: readonly T[], keyOf: (t: T) => K): T[][] {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    const g = groups.get(k);
    if (g) g.push(item);
    else groups.set(k, [item]);
  }
  return [...groups.values()];
}
