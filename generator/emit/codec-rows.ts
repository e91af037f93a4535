/**
 * One version's tables in the compact row form the WBXML engine reads (`runtime/build-tables.ts`).
 * The same rows are printed into `generated/csp-1.x/tables.ts` (codec-tables.ts) and built in
 * process by `loadCodec` (the CLI's `encode`/`decode` and the tests), so the tables the tests
 * exercise are the tables the generated codec ships.
 */
import type { VersionModel } from '../model/types.js';
import type { CspTableRows } from '../runtime/build-tables.js';

export function codecTableRows(v: VersionModel): CspTableRows {
  const ns = v.identity.namespaces;
  const of = (type: string) => v.dataTypes.filter((d) => d.type === type).map((d) => d.element);
  return {
    version: v.version,
    publicId: v.identity.publicId,
    publicIdText: v.identity.publicIdText,
    otherPublicIdTexts: v.identity.otherPublicIdTexts,
    rootElement: v.identity.rootElement,
    namespaces: { csp: ns.csp.uri, trc: ns.trc.uri, pa: ns.pa.uri },
    tags: v.codePages.flatMap((p) => p.tokens.map((t) => [p.page, t.token, t.name] as const)),
    attributeStarts: v.attributeStarts.map((t) => [t.token, t.name, t.valuePrefix] as const),
    values: v.values.map((t) => [t.token, t.name] as const),
    encodeAs: v.duplicates.flatMap((d) => (d.kind === 'name' ? [[d.name, d.encodeAs] as const] : [])),
    decodeAs: v.duplicates.flatMap((d) => (d.kind === 'token' ? [[d.token, d.decodeAs] as const] : [])),
    integerElements: of('integer'),
    dateTimeElements: of('datetime'),
  };
}
