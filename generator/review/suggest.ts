/**
 * `suggest`: tokens for the placeholders that have none, as assignment-file YAML to paste.
 *
 * Policy: the lowest token that no version of the spec uses in that scope — a tag code page
 * (0x05-0x3F), the attribute start tokens (0x05-0x7F) or the value-token space (from 0x00) — and that
 * no earlier suggestion took, in the order of the change request's rows. Skipping tokens any
 * version uses (not only the CR's) keeps a token from meaning different things in different
 * versions, which decoders that pick tables loosely would mix up.
 *
 * A row that states a base name with another token (the seed's `Tiny 78`) cannot be fixed by an
 * assignment: it gets a suggested erratum correcting it to the base's token.
 */
import type { ChangeRow } from '../compose/types.js';
import type { LoadResult } from '../load.js';
import type { VersionModel } from '../model/types.js';
import { hex } from '../common/hex.js';
import { type Scope, scopeKey, TOKEN_RANGES } from '../common/scope.js';

export interface Suggestion {
  readonly changeRequest: string;
  readonly scope: Scope;
  readonly section: string;
  readonly name: string;
  /** The attribute value prefix (the key of attribute start assignments). */
  readonly valuePrefix?: string;
  readonly token: number;
}

export interface SuggestedErratum {
  readonly changeRequest: string;
  readonly scope: Scope;
  readonly name: string;
  readonly stated: number;
  readonly corrected: number;
  readonly reason: string;
}

export interface SuggestResult {
  readonly suggestions: readonly Suggestion[];
  readonly errata: readonly SuggestedErratum[];
  /** Placeholders no token could be found for (the scope is full). */
  readonly unplaceable: readonly { readonly changeRequest: string; readonly name: string; readonly scope: Scope }[];
}

/** Tokens any version uses in each scope (`tag:3`, `value`, `attrstart`). */
function usedTokens(versions: readonly VersionModel[]): Map<string, Set<number>> {
  const used = new Map<string, Set<number>>();
  const add = (key: string, token: number) => {
    let s = used.get(key);
    if (!s) used.set(key, (s = new Set()));
    s.add(token);
  };
  for (const v of versions) {
    for (const p of v.codePages) for (const t of p.tokens) add(scopeKey({ kind: 'tag', page: p.page }), t.token);
    for (const a of v.attributeStarts) add('attrstart', a.token);
    for (const x of v.values) add('value', x.token);
  }
  return used;
}

export function suggestAssignments(load: LoadResult, only?: string): SuggestResult {
  const used = usedTokens(load.model.versions);
  const suggestions: Suggestion[] = [];
  const errata: SuggestedErratum[] = [];
  const unplaceable: { changeRequest: string; name: string; scope: Scope }[] = [];
  const take = (scope: Scope): number | undefined => {
    const key = scopeKey(scope);
    let s = used.get(key);
    if (!s) used.set(key, (s = new Set()));
    const { min: lo, max: hi } = TOKEN_RANGES[scope.kind];
    for (let t = lo; t <= hi; t++) {
      if (!s.has(t)) {
        s.add(t);
        return t;
      }
    }
    return undefined;
  };
  for (const report of load.reports) {
    const cr = report.document.id;
    if (only !== undefined && cr !== only) continue;
    for (const row of report.rows) {
      if (row.status === 'unassigned') {
        const token = take(row.scope);
        if (token === undefined) unplaceable.push({ changeRequest: cr, name: row.name, scope: row.scope });
        else
          suggestions.push({
            changeRequest: cr,
            scope: row.scope,
            section: row.section,
            name: row.name,
            ...(row.valuePrefix !== undefined ? { valuePrefix: row.valuePrefix } : {}),
            token,
          });
      } else if (row.status === 'disagrees' && !row.erratum && row.stated.kind === 'explicit' && row.base.length > 0) {
        errata.push(disagreementErratum(cr, row, row.stated.value, row.base[0]!.token, load));
      }
    }
  }
  return { suggestions, errata, unplaceable };
}

function disagreementErratum(cr: string, row: ChangeRow, stated: number, corrected: number, load: LoadResult): SuggestedErratum {
  // Name what the stated token collides with, if anything does.
  const version = load.model.versions.find((v) => v.version === load.reports.find((r) => r.document.id === cr)?.version);
  let occupant: string | undefined;
  if (version) {
    if (row.scope.kind === 'value') occupant = version.values.find((v) => v.token === stated && v.name !== row.name)?.name;
    else if (row.scope.kind === 'tag') {
      const page = row.scope.page;
      occupant = version.codePages.find((p) => p.page === page)?.tokens.find((t) => t.token === stated && t.name !== row.name)?.name;
    } else occupant = version.attributeStarts.find((a) => a.token === stated && a.name !== row.name)?.valuePrefix;
  }
  const reason =
    `The change request states \`${row.name}\` ${hex(stated)}, but the base has it as ${hex(corrected)}` +
    (occupant ? ` and ${hex(stated)} is \`${occupant}\`` : '') +
    '. Check with the editors before accepting this erratum.';
  return { changeRequest: cr, scope: row.scope, name: row.name, stated, corrected, reason };
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_./-]*$/;
const yamlKey = (s: string) => (PLAIN_KEY.test(s) && !/^(true|false|null|yes|no|on|off|y|n)$/i.test(s) ? s : JSON.stringify(s));

/** The suggestions as assignment-file YAML, grouped like spec/assignments.yaml. */
export function renderSuggestionYaml(result: SuggestResult, hasAssignmentFile: boolean): string {
  const out: string[] = [
    '# Suggested by `imps-tokengen suggest`: for each placeholder without an assignment, the lowest token',
    '# that no version of the spec uses in its code page or value space. Review, then merge into the',
    `# assignment file${hasAssignmentFile ? ' (under the change request id that is already there)' : ''}.`,
  ];
  if (result.suggestions.length === 0 && result.errata.length === 0) {
    out.push('# Nothing to suggest: every placeholder has an assignment and no row needs an erratum.');
    return out.join('\n') + '\n';
  }
  const crs = [...new Set([...result.suggestions.map((s) => s.changeRequest), ...result.errata.map((e) => e.changeRequest)])];
  for (const cr of crs) {
    out.push('', `${cr}:`);
    const mine = result.suggestions.filter((s) => s.changeRequest === cr);
    const tags = mine.filter((s) => s.scope.kind === 'tag');
    if (tags.length > 0) {
      out.push('  tags:');
      const pages = [...new Set(tags.map((s) => (s.scope as { page: number }).page))].sort((a, b) => a - b);
      for (const page of pages) {
        const rows = tags.filter((s) => (s.scope as { page: number }).page === page);
        out.push(`    ${hex(page)}: # ${rows[0]!.section}`);
        for (const s of rows) out.push(`      ${yamlKey(s.name)}: ${hex(s.token)}`);
      }
    }
    const values = mine.filter((s) => s.scope.kind === 'value');
    if (values.length > 0) {
      out.push('  values:');
      let section = '';
      for (const s of values) {
        if (s.section !== section) out.push(`    # ${(section = s.section)}`);
        out.push(`    ${yamlKey(s.name)}: ${hex(s.token)}`);
      }
    }
    const starts = mine.filter((s) => s.scope.kind === 'attrstart');
    if (starts.length > 0) {
      out.push('  attribute-starts:');
      for (const s of starts) out.push(`    ${JSON.stringify(s.valuePrefix ?? s.name)}: ${hex(s.token)}`);
    }
    const errata = result.errata.filter((e) => e.changeRequest === cr);
    if (errata.length > 0) {
      out.push('  errata:');
      for (const kind of ['tag', 'value', 'attrstart'] as const) {
        const these = errata.filter((e) => e.scope.kind === kind);
        if (these.length === 0) continue;
        if (kind === 'tag') {
          out.push('    tags:');
          for (const page of [...new Set(these.map((e) => (e.scope as { page: number }).page))].sort((a, b) => a - b)) {
            out.push(`      ${hex(page)}:`);
            for (const e of these.filter((x) => (x.scope as { page: number }).page === page)) out.push(...erratumYaml(e, '        '));
          }
        } else {
          out.push(kind === 'value' ? '    values:' : '    attribute-starts:');
          for (const e of these) out.push(...erratumYaml(e, '      '));
        }
      }
    }
  }
  for (const u of result.unplaceable) out.push(`# No free token for \`${u.name}\` in ${scopeKey(u.scope)} of ${u.changeRequest}.`);
  return out.join('\n') + '\n';
}

function erratumYaml(e: SuggestedErratum, indent: string): string[] {
  return [
    `${indent}${yamlKey(e.name)}:`,
    `${indent}  stated: ${hex(e.stated)}`,
    `${indent}  corrected: ${hex(e.corrected)}`,
    `${indent}  reason: ${JSON.stringify(e.reason)}`,
  ];
}
