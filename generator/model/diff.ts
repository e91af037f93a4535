/**
 * Differences between two versions' resolved tables, per scope (each tag code page, the
 * attribute start tokens, the value-token space): tokens added, removed, renamed (same token,
 * other name) and renumbered (same name, other token). Used by the change lists in the docs and
 * by `imps-tokengen diff`.
 */
import { compareStrings } from '../diagnostics.js';
import type { Token, VersionModel } from './types.js';

type DiffScope =
  | { readonly kind: 'tag'; readonly page: number; readonly title: string }
  | { readonly kind: 'attrstart' }
  | { readonly kind: 'value' };

export interface ScopeDiff {
  readonly scope: DiffScope;
  readonly added: readonly { readonly token: number; readonly name: string }[];
  readonly removed: readonly { readonly token: number; readonly name: string }[];
  readonly renamed: readonly { readonly token: number; readonly from: string; readonly to: string }[];
  readonly renumbered: readonly { readonly name: string; readonly from: number; readonly to: number }[];
}

export interface VersionDiff {
  readonly from: string;
  readonly to: string;
  /** Only scopes with at least one difference, tag pages first (by page), then attribute starts, then values. */
  readonly scopes: readonly ScopeDiff[];
}

interface Entry {
  readonly token: number;
  readonly name: string;
}

/** How a token is known within its scope: attribute start tokens by name and value prefix. */
function entry(t: Token): Entry {
  return { token: t.token, name: t.kind === 'attrstart' ? `${t.name}=${t.valuePrefix}` : t.name };
}

function diffScope(scope: DiffScope, before: readonly Entry[], after: readonly Entry[]): ScopeDiff {
  const key = (e: Entry) => `${e.token}\u0000${e.name}`;
  const afterKeys = new Set(after.map(key));
  const beforeKeys = new Set(before.map(key));
  let gone = before.filter((e) => !afterKeys.has(key(e)));
  let fresh = after.filter((e) => !beforeKeys.has(key(e)));
  // Same name, other token: renumbered. Then same token, other name: renamed. The rest is
  // added or removed. Matching by name first keeps a renumbered token from reading as a rename.
  const renumbered: ScopeDiff['renumbered'][number][] = [];
  for (const g of [...gone]) {
    const f = fresh.find((x) => x.name === g.name);
    if (!f) continue;
    renumbered.push({ name: g.name, from: g.token, to: f.token });
    gone = gone.filter((x) => x !== g);
    fresh = fresh.filter((x) => x !== f);
  }
  const renamed: ScopeDiff['renamed'][number][] = [];
  for (const g of [...gone]) {
    const f = fresh.find((x) => x.token === g.token);
    if (!f) continue;
    renamed.push({ token: g.token, from: g.name, to: f.name });
    gone = gone.filter((x) => x !== g);
    fresh = fresh.filter((x) => x !== f);
  }
  const order = (a: Entry, b: Entry) => a.token - b.token || compareStrings(a.name, b.name);
  return {
    scope,
    added: fresh.sort(order),
    removed: gone.sort(order),
    renamed: renamed.sort((a, b) => a.token - b.token),
    renumbered: renumbered.sort((a, b) => a.from - b.from || compareStrings(a.name, b.name)),
  };
}

/** What the diff reads of a version: its token tables. */
export type VersionTables = Pick<VersionModel, 'version' | 'codePages' | 'attributeStarts' | 'values'>;

export function diffVersions(before: VersionTables, after: VersionTables): VersionDiff {
  const scopes: ScopeDiff[] = [];
  const pages = new Map<number, string>();
  for (const p of [...before.codePages, ...after.codePages]) if (!pages.has(p.page)) pages.set(p.page, p.title);
  for (const [page, title] of [...pages].sort(([a], [b]) => a - b)) {
    const b = before.codePages.find((p) => p.page === page)?.tokens ?? [];
    const a = after.codePages.find((p) => p.page === page)?.tokens ?? [];
    const afterTitle = after.codePages.find((p) => p.page === page)?.title ?? title;
    scopes.push(diffScope({ kind: 'tag', page, title: afterTitle }, b.map(entry), a.map(entry)));
  }
  scopes.push(diffScope({ kind: 'attrstart' }, before.attributeStarts.map(entry), after.attributeStarts.map(entry)));
  scopes.push(diffScope({ kind: 'value' }, before.values.map(entry), after.values.map(entry)));
  return {
    from: before.version,
    to: after.version,
    scopes: scopes.filter((s) => s.added.length + s.removed.length + s.renamed.length + s.renumbered.length > 0),
  };
}
