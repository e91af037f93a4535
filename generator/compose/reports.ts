/**
 * What a change request did, told two ways from the rows composition applied: the summary the
 * docs and JSDoc print (tokens added, rows restated, tokens corrected), and the row-by-row report
 * `review` and `suggest` read. Composition itself (./compose.ts) only builds the version.
 */
import { compareStrings } from '../diagnostics.js';
import type { ChangeSummary, DocumentRef, RequirementRef, Token } from '../model/types.js';
import type { AppliedRow, ChangeRequestReport } from './types.js';

/** One change request as applied to a version. */
export interface AppliedChangeRequest {
  readonly version: string;
  readonly document: DocumentRef;
  readonly requirements: readonly RequirementRef[];
  readonly rows: readonly AppliedRow[];
}

export function changeSummary(cr: AppliedChangeRequest): ChangeSummary {
  return {
    document: cr.document,
    requirements: cr.requirements,
    added: cr.rows.flatMap((r) => (r.added && r.token ? [r.token] : [])).sort(tableOrder),
    restated: cr.rows.filter((r) => r.row.status === 'restated').length,
    corrected: cr.rows.flatMap(({ row, token }) =>
      row.status === 'corrected' && row.erratum && token ? [{ token, stated: row.erratum.stated, reason: row.erratum.reason }] : [],
    ),
  };
}

export function changeRequestReport(cr: AppliedChangeRequest): ChangeRequestReport {
  return { version: cr.version, document: cr.document, rows: cr.rows.map((r) => r.row) };
}

/** Spec order for docs: tags by page, then attribute starts, then values; each by token. */
function tableOrder(a: Token, b: Token): number {
  const rank = { tag: 0, attrstart: 1, value: 2 };
  const pa = a.kind === 'tag' ? a.page : 0;
  const pb = b.kind === 'tag' ? b.page : 0;
  return rank[a.kind] - rank[b.kind] || pa - pb || a.token - b.token || compareStrings(a.name, b.name);
}
