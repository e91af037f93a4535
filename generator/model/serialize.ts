/**
 * The model as plain JSON (for `tables --format json` and tools): numbers stay numbers, places
 * are `{file, line, column}`, and nothing depends on object key order of the inputs.
 */
import { hex } from '../common/hex.js';
import { formatPlace, type SourceSpan } from '../diagnostics.js';
import type { Origin, Token, VersionModel } from './types.js';

export interface PlaceJson {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export function placeJson(at: SourceSpan): PlaceJson {
  return { file: at.file, line: at.line, column: at.column };
}

function originJson(o: Origin) {
  const change = o.change;
  return {
    document: o.document,
    section: o.section,
    at: placeJson(o.at),
    tokenAt: placeJson(o.tokenAt),
    ...(change
      ? {
          change:
            change.kind === 'assigned'
              ? {
                  kind: change.kind,
                  changeRequest: change.changeRequest,
                  assignmentAt: placeJson(change.assignmentAt),
                  ...(change.note ? { note: change.note } : {}),
                }
              : change.kind === 'corrected'
                ? {
                    kind: change.kind,
                    changeRequest: change.changeRequest,
                    stated: change.stated,
                    erratumAt: placeJson(change.erratumAt),
                    reason: change.reason,
                  }
                : { kind: change.kind, changeRequest: change.changeRequest },
        }
      : {}),
  };
}

function tokenJson(t: Token) {
  return {
    token: t.token,
    name: t.name,
    ...(t.kind === 'attrstart' ? { valuePrefix: t.valuePrefix } : {}),
    ...(t.kind === 'value' ? { group: t.group } : {}),
    ...(t.note ? { note: t.note } : {}),
    origin: originJson(t.origin),
  };
}

export function versionJson(v: VersionModel) {
  const ns = v.identity.namespaces;
  return {
    version: v.version,
    publicId: v.identity.publicId,
    publicIdText: v.identity.publicIdText,
    otherPublicIdTexts: v.identity.otherPublicIdTexts,
    rootElement: v.identity.rootElement,
    namespaces: { csp: ns.csp, trc: ns.trc, pa: ns.pa },
    base: v.base.id,
    changeRequests: v.changes.map((c) => c.document.id),
    codePages: v.codePages.map((p) => ({ page: p.page, title: p.title, tokens: p.tokens.map(tokenJson) })),
    attributeStarts: v.attributeStarts.map(tokenJson),
    values: v.values.map(tokenJson),
    duplicates: v.duplicates.map((d) =>
      d.kind === 'token'
        ? { kind: d.kind, token: d.token, names: d.names, decodeAs: d.decodeAs, reason: d.reason, at: placeJson(d.at) }
        : { kind: d.kind, name: d.name, tokens: d.tokens, encodeAs: d.encodeAs, reason: d.reason, at: placeJson(d.at) },
    ),
    dataTypes: v.dataTypes.map((d) => ({ element: d.element, type: d.type, page: d.page, token: d.token, at: placeJson(d.at) })),
  };
}

/**
 * Tab-separated rows in the column layout of the reference tables
 * (`kind codepage codepage_title token name value_prefix`), then `at`: the place of the row that
 * states the token (`spec/csp-1.3-base.md:120:3`).
 */
export function versionTsv(v: VersionModel): string {
  const lines = ['kind\tcodepage\tcodepage_title\ttoken\tname\tvalue_prefix\tat'];
  const at = (t: Token) => formatPlace(t.origin.at);
  for (const t of v.attributeStarts)
    lines.push(['attrstart', hex(0), 'Attribute start tokens', hex(t.token), t.name, t.valuePrefix, at(t)].join('\t'));
  for (const p of v.codePages)
    for (const t of p.tokens) lines.push(['tag', hex(p.page), p.title, hex(t.token), t.name, '', at(t)].join('\t'));
  for (const t of v.values) lines.push(['value', hex(0), t.group, hex(t.token), t.name, '', at(t)].join('\t'));
  return lines.join('\n') + '\n';
}
