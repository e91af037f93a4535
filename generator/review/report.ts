/**
 * The review of change requests, as data: for each CR every placeholder and its assignment, every
 * explicit row checked against the base, the errata applied, and the occupancy of every code page
 * and value-token block it touches. `review` renders it as markdown or JSON; the API returns it.
 */
import { hex } from '../common/hex.js';
import type { ChangeRequestReport, ChangeRow, RowStatus } from '../compose/types.js';
import { compareStrings, type Diagnostic, type SourceSpan } from '../diagnostics.js';
import type { LoadResult } from '../load.js';
import type { VersionModel } from '../model/types.js';
import { occupancyGrids, type OccupancyGrid } from './occupancy.js';
import { describeScope, type Scope } from '../common/scope.js';

export interface ReviewRow {
  readonly scope: Scope;
  /** `code page 0x03`, `value tokens`, `attribute start tokens`. */
  readonly where: string;
  readonly section: string;
  readonly name: string;
  /** What the CR row says: `XX` or the token as written. */
  readonly stated: string;
  /** The token the row resolves to, if it resolves. */
  readonly token: number | undefined;
  readonly tokenHex: string | undefined;
  readonly status: RowStatus;
  readonly at: SourceSpan;
  /** For placeholders: the assignment and its note. */
  readonly assignment?: { readonly at: SourceSpan; readonly note: string };
  /** For explicit rows: the base's token(s) of the same name. */
  readonly base: readonly { readonly token: number; readonly tokenHex: string; readonly at: SourceSpan }[];
}

export interface ReviewErratum {
  readonly where: string;
  readonly name: string;
  readonly stated: number;
  readonly statedHex: string;
  readonly corrected: number;
  readonly correctedHex: string;
  readonly reason: string;
  readonly rowAt: SourceSpan;
  readonly erratumAt: SourceSpan;
}

export interface ChangeRequestReview {
  readonly id: string;
  readonly title: string;
  readonly status: string;
  readonly version: string;
  readonly path: string;
  readonly placeholders: readonly ReviewRow[];
  readonly explicit: readonly ReviewRow[];
  readonly errata: readonly ReviewErratum[];
  readonly grids: readonly OccupancyGrid[];
  /** Diagnostics whose place is in this CR's document. */
  readonly errors: number;
}

export interface ReviewReport {
  readonly changeRequests: readonly ChangeRequestReview[];
  /** Every diagnostic of the spec, sorted by place. */
  readonly diagnostics: readonly Diagnostic[];
  readonly errors: number;
  readonly warnings: number;
}

function reviewRow(r: ChangeRow): ReviewRow {
  return {
    scope: r.scope,
    where: describeScope(r.scope, 'label'),
    section: r.section,
    name: r.name,
    stated: r.stated.kind === 'placeholder' ? r.stated.text : r.stated.text,
    token: r.token,
    tokenHex: r.token === undefined ? undefined : hex(r.token),
    status: r.status,
    at: r.at,
    ...(r.assignment ? { assignment: r.assignment } : {}),
    base: r.base.map((b) => ({ token: b.token, tokenHex: hex(b.token), at: b.at })),
  };
}

/** The review of every change request of the loaded spec (or of `only`). */
export function buildReview(load: LoadResult, only?: string): ReviewReport {
  const byVersion = new Map<string, VersionModel>(load.model.versions.map((v) => [v.version, v]));
  const reports = load.reports.filter((r) => only === undefined || r.document.id === only);
  const changeRequests = reports.map((report) => reviewOne(report, byVersion.get(report.version), load.diagnostics));
  const diagnostics = load.diagnostics;
  return {
    changeRequests,
    diagnostics,
    errors: diagnostics.filter((d) => d.severity === 'error').length,
    warnings: diagnostics.filter((d) => d.severity === 'warning').length,
  };
}

function reviewOne(
  report: ChangeRequestReport,
  version: VersionModel | undefined,
  diagnostics: readonly Diagnostic[],
): ChangeRequestReview {
  const rows = report.rows;
  const placeholders = rows.filter((r) => r.stated.kind === 'placeholder').map(reviewRow);
  const explicit = rows.filter((r) => r.stated.kind === 'explicit').map(reviewRow);
  const errata: ReviewErratum[] = rows
    .filter((r) => r.erratum !== undefined)
    .map((r) => ({
      where: describeScope(r.scope, 'label'),
      name: r.name,
      stated: r.erratum!.stated,
      statedHex: hex(r.erratum!.stated),
      corrected: r.erratum!.corrected,
      correctedHex: hex(r.erratum!.corrected),
      reason: r.erratum!.reason,
      rowAt: r.at,
      erratumAt: r.erratum!.at,
    }));
  const path = report.document.path;
  return {
    id: report.document.id,
    title: report.document.title,
    status: report.document.status,
    version: report.version,
    path,
    placeholders,
    explicit,
    errata,
    grids: version ? occupancyGrids(version, report) : [],
    errors: diagnostics.filter((d) => d.severity === 'error' && (d.at?.file === path || (d.related ?? []).some((r) => r.at.file === path)))
      .length,
  };
}

/** Change request ids, for `--cr` suggestions. */
export function changeRequestIds(load: LoadResult): string[] {
  return [...new Set(load.reports.map((r) => r.document.id))].sort(compareStrings);
}
