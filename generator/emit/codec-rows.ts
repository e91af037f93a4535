/**
 * One version's tables in the compact row form the WBXML engine reads (`runtime/build-tables.ts`).
 * The same rows are printed into `generated/csp-1.x/tables.ts` (codec-tables.ts) and built in
 * process by `loadCodec` (the CLI's `encode`/`decode` and the tests), so the tables the tests
 * exercise are the tables the generated codec ships.
 *
 * A row is a run of tokens with their names joined by spaces: what a bundle carries is then
 * little more than the names. A tag row is a whole code page (a free slot is an empty name, a
 * typed element's name carries its mark instead of being listed again; codec-tables.ts prints it
 * as one line per 16 tokens, so that a reviewer still finds a token by its line); a value row ends
 * at a gap and at a token the spec lists twice; an attribute start row is a run of one name.
 */
import type { VersionModel } from '../model/types.js';
import { type CspTableRows, DATE_TIME_MARK, INTEGER_MARK, type Names } from '../runtime/build-tables.js';

/** A run of consecutive tokens: the first one and the names, in token order. */
interface Run {
  readonly token: number;
  readonly names: string[];
}

/** Tokens per line of a row: a value row, or a line of a tag row, ends before a multiple of this. */
const ROW_TOKENS = 16;

/**
 * `[token, name]` pairs in their order, cut into runs of consecutive tokens, and at every multiple
 * of {@link ROW_TOKENS} unless `fill`; with `fill`, a gap of up to that many tokens is filled with
 * empty names rather than cut (a new row costs more than a few empty names).
 */
function runs(tokens: readonly { readonly token: number; readonly name: string }[], fill = 0): Run[] {
  const out: Run[] = [];
  let run: Run | undefined;
  for (const { token, name } of tokens) {
    const next = run ? run.token + run.names.length : -1;
    if (run && token >= next && token - next <= fill && (fill > 0 || token % ROW_TOKENS !== 0)) {
      while (run.token + run.names.length < token) run.names.push('');
      run.names.push(name);
    } else out.push((run = { token, names: [name] }));
  }
  return out;
}

/** Names as one string joined by spaces, unless one of them has a space or is empty (or there are none). */
function names(list: readonly string[]): Names {
  return list.length > 0 && list.every((n) => n !== '' && !n.includes(' ')) ? list.join(' ') : list;
}

/** Names from `token` on, joined by spaces, cut before every multiple of {@link ROW_TOKENS}. */
function lines(token: number, list: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < list.length; ) {
    const n = ROW_TOKENS - ((token + i) % ROW_TOKENS);
    out.push(list.slice(i, i + n).join(' '));
    i += n;
  }
  return out;
}

/** A gap of up to this many free tag slots stays in its row (an empty name is one byte, a new row about ten). */
const FILL_TAG_GAPS = 8;

export function codecTableRows(v: VersionModel): CspTableRows {
  const ns = v.identity.namespaces;
  const tagNames = new Set(v.codePages.flatMap((p) => p.tokens.map((t) => t.name)));
  const typeOf = new Map(v.dataTypes.map((d) => [d.element, d.type]));
  const mark = (name: string) => {
    // Tag names are XML names (parse/rows.ts): no space, `#` or `@` (the row form depends on it).
    if (!/^[^\s#@]+$/.test(name)) throw new Error(`tag name ${JSON.stringify(name)} cannot be in a tag row`);
    const type = typeOf.get(name);
    return type === 'integer' ? name + INTEGER_MARK : type === 'datetime' ? name + DATE_TIME_MARK : name;
  };
  // Typed elements without a tag (sent as LITERAL) are listed; a tag's type is its mark.
  const untagged = (type: string) => names(v.dataTypes.filter((d) => d.type === type && !tagNames.has(d.element)).map((d) => d.element));
  const starts: { token: number; name: string; prefixes: string[] }[] = [];
  for (const a of v.attributeStarts) {
    const run = starts.at(-1);
    if (run && run.name === a.name && a.token === run.token + run.prefixes.length) run.prefixes.push(a.valuePrefix);
    else starts.push({ token: a.token, name: a.name, prefixes: [a.valuePrefix] });
  }
  return {
    version: v.version,
    publicId: v.identity.publicId,
    publicIdText: v.identity.publicIdText,
    otherPublicIdTexts: v.identity.otherPublicIdTexts,
    rootElement: v.identity.rootElement,
    namespaces: { csp: ns.csp.uri, trc: ns.trc.uri, pa: ns.pa.uri },
    tags: v.codePages.flatMap((p) =>
      runs(p.tokens, FILL_TAG_GAPS).map(
        (r) =>
          [
            p.page,
            r.token,
            ...lines(
              r.token,
              r.names.map((n) => (n === '' ? n : mark(n))),
            ),
          ] as const,
      ),
    ),
    attributeStarts: starts.map((r) => [r.token, r.name, names(r.prefixes)] as const),
    values: runs(v.values).map((r) => [r.token, names(r.names)] as const),
    encodeAs: v.duplicates.flatMap((d) => (d.kind === 'name' ? [[d.name, d.encodeAs] as const] : [])),
    decodeAs: v.duplicates.flatMap((d) => (d.kind === 'token' ? [[d.token, d.decodeAs] as const] : [])),
    integerElements: untagged('integer'),
    dateTimeElements: untagged('datetime'),
  };
}
