/**
 * One version's tables in the compact row form the WBXML engine reads (`runtime/build-tables.ts`).
 * The same rows are printed into `generated/csp-1.x/tables.ts` (codec-tables.ts) and built in
 * process by `loadCodec` (the CLI's `encode`/`decode` and the tests), so the tables the tests
 * exercise are the tables the generated codec ships.
 *
 * A row is a run of consecutive tokens with their names joined by spaces: what a bundle carries is
 * then little more than the names. A run ends at a gap, at a token the spec lists twice, and at
 * every multiple of 16 (`0x10`, `0x20`, …), so that a reviewer finds a token by its row's first
 * token and its place in the row, and a changed name changes one short line.
 */
import type { VersionModel } from '../model/types.js';
import type { CspTableRows, Names } from '../runtime/build-tables.js';

/** Tokens per row at most: a row starts at a multiple of this (or after a gap). */
const ROW_TOKENS = 16;

/** A run of consecutive tokens: the first one and the names, in token order. */
interface Run {
  readonly token: number;
  readonly names: string[];
}

/** `[token, name]` pairs in their order, cut into runs of consecutive tokens (see the file's comment). */
function runs(tokens: readonly { readonly token: number; readonly name: string }[]): Run[] {
  const out: Run[] = [];
  let run: Run | undefined;
  for (const { token, name } of tokens) {
    if (run && token === run.token + run.names.length && token % ROW_TOKENS !== 0) run.names.push(name);
    else out.push((run = { token, names: [name] }));
  }
  return out;
}

/** Names as one string joined by spaces, unless one of them has a space or is empty (or there are none). */
function names(list: readonly string[]): Names {
  return list.length > 0 && list.every((n) => n !== '' && !n.includes(' ')) ? list.join(' ') : list;
}

export function codecTableRows(v: VersionModel): CspTableRows {
  const ns = v.identity.namespaces;
  const of = (type: string) => names(v.dataTypes.filter((d) => d.type === type).map((d) => d.element));
  return {
    version: v.version,
    publicId: v.identity.publicId,
    publicIdText: v.identity.publicIdText,
    otherPublicIdTexts: v.identity.otherPublicIdTexts,
    rootElement: v.identity.rootElement,
    namespaces: { csp: ns.csp.uri, trc: ns.trc.uri, pa: ns.pa.uri },
    tags: v.codePages.flatMap((p) => runs(p.tokens).map((r) => [p.page, r.token, names(r.names)] as const)),
    attributeStarts: v.attributeStarts.map((t) => [t.token, t.name, t.valuePrefix] as const),
    values: runs(v.values).map((r) => [r.token, names(r.names)] as const),
    encodeAs: v.duplicates.flatMap((d) => (d.kind === 'name' ? [[d.name, d.encodeAs] as const] : [])),
    decodeAs: v.duplicates.flatMap((d) => (d.kind === 'token' ? [[d.token, d.decodeAs] as const] : [])),
    integerElements: of('integer'),
    dateTimeElements: of('datetime'),
  };
}
