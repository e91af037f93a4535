/**
 * Composition: each version declared in the versions document becomes a {@link VersionModel}:
 * its base, its change requests applied in the declared order with every `XX` resolved, its
 * identity (public id, namespaces) and its data types.
 */
import { didYouMean } from '../common/did-you-mean.js';
import { compareStrings, type DiagnosticBag } from '../diagnostics.js';
import type {
  AttributeStartToken,
  CodePage,
  DataType,
  Namespace,
  SpecModel,
  TagToken,
  VersionIdentity,
  VersionModel,
} from '../model/types.js';
import type { ChangeRequestAssignments, ParsedAssignments } from '../parse/assignments.js';
import type { ParsedDocument, VersionRow } from '../parse/types.js';
import { type Composition, documentRef, indexCorpus } from './corpus.js';
import { type AppliedChangeRequest, changeRequestReport, changeSummary } from './reports.js';
import type { ChangeRequestReport } from './types.js';
import { type AssignmentState, VersionBuilder } from './version-builder.js';

export interface Composed {
  readonly model: SpecModel;
  /** Each change request's rows as applied, for `review` and `suggest`. */
  readonly reports: readonly ChangeRequestReport[];
}

export interface ComposeOptions {
  /**
   * Compose each version from its base alone, leaving its change requests out (and its data types,
   * which name elements the change requests may add).
   */
  readonly baseOnly?: boolean;
  /** What became of the assignment file (default: `file` when one is given, else `none`); see {@link AssignmentState}. */
  readonly assignmentState?: AssignmentState;
  /** Spec documents that could not be read (already reported): a missing id may be theirs. */
  readonly unreadableDocuments?: readonly string[];
}

export function composeSpec(
  documents: readonly ParsedDocument[],
  assignments: ParsedAssignments | undefined,
  bag: DiagnosticBag,
  options: ComposeOptions = {},
): Composed {
  const unreadableHint = hintUnreadable(options.unreadableDocuments ?? []);
  const indexed = indexCorpus(documents, bag, unreadableHint);
  const corpus = options.baseOnly
    ? { ...indexed, compositions: indexed.compositions.map((c) => ({ ...c, changeRequests: [], datatypes: undefined })) }
    : indexed;
  const byCr = new Map<string, ChangeRequestAssignments>();
  for (const cr of assignments?.changeRequests ?? []) {
    const doc = corpus.documents.get(cr.changeRequest.value);
    if (doc?.meta.kind !== 'change-request') {
      const known = [...corpus.documents.values()].filter((d) => d.meta.kind === 'change-request').map((d) => d.meta.id.value);
      bag.error(
        'unknown-change-request',
        `The assignment file has entries for \`${cr.changeRequest.value}\`, which is not a change request in the spec folder` +
          (didYouMean(cr.changeRequest.value, known) ||
            (known.length ? ` (change requests: ${known.map((k) => `\`${k}\``).join(', ')})` : '')) +
          `.${unreadableHint}`,
        cr.changeRequest.at,
      );
      continue;
    }
    byCr.set(cr.changeRequest.value, cr);
  }
  const versionRows = new Map<string, VersionRow>();
  for (const row of corpus.versionsDocument?.versionRows ?? []) {
    if (versionRows.has(row.version.value)) {
      bag.error('duplicate-version', `Version ${row.version.value} is listed twice.`, row.version.at);
      continue;
    }
    versionRows.set(row.version.value, row);
  }
  const versions: VersionModel[] = [];
  const reports: ChangeRequestReport[] = [];
  const composedCrs = new Set<string>();
  for (const composition of corpus.compositions) {
    for (const cr of composition.changeRequests) composedCrs.add(cr.meta.id.value);
    const row = versionRows.get(composition.version);
    if (!row) {
      bag.error(
        'missing-version-row',
        `Version ${composition.version} is composed but has no row in the versions table (public id, namespaces).`,
        composition.decl.version.at,
      );
    }
    const state = options.assignmentState ?? (assignments ? 'file' : 'none');
    const result = composeVersion(composition, row, byCr, bag, state);
    reports.push(...result.changeRequests.map(changeRequestReport));
    if (result.model) versions.push(result.model);
  }
  for (const [id, cr] of byCr) {
    if (!composedCrs.has(id)) {
      bag.warning('unused-assignments', `Assignments for \`${id}\`, which no version composes.`, cr.changeRequest.at);
    }
  }
  versions.sort((a, b) => compareVersions(a.version, b.version));
  return {
    model: {
      versions,
      versionsDocument: corpus.versionsDocument ? documentRef(corpus.versionsDocument) : undefined,
      assignmentFile: undefined,
    },
    reports,
  };
}

/** ` It may be in `x.md`, which could not be read.` — for messages about an id that was not found. */
function hintUnreadable(paths: readonly string[]): string {
  if (paths.length === 0) return '';
  const list = paths.map((p) => `\`${p}\``).join(', ');
  return ` It may be in ${list}, which could not be read.`;
}

export function compareVersions(a: string, b: string): number {
  const [am, an] = a.split('.').map(Number) as [number, number];
  const [bm, bn] = b.split('.').map(Number) as [number, number];
  return am - bm || an - bn;
}

function composeVersion(
  composition: Composition,
  row: VersionRow | undefined,
  assignments: ReadonlyMap<string, ChangeRequestAssignments>,
  bag: DiagnosticBag,
  state: AssignmentState,
): { model?: VersionModel; changeRequests: AppliedChangeRequest[] } {
  const builder = new VersionBuilder(composition.version, bag);
  builder.addBase(composition.base);
  const changeRequests = composition.changeRequests.map(
    (cr): AppliedChangeRequest => ({
      version: composition.version,
      document: documentRef(cr),
      requirements: cr.requirements.map(({ ref, useCase, text }) => ({ ref, useCase, text })),
      rows: builder.applyChangeRequest(cr, assignments.get(cr.meta.id.value), state),
    }),
  );

  const { tags, attributeStarts, values } = builder.tokens;
  const byToken = (a: { token: number; name: string }, b: { token: number; name: string }) =>
    a.token - b.token || compareStrings(a.name, b.name);
  const tagsByPage = new Map<number, TagToken[]>();
  for (const t of tags) {
    const page = tagsByPage.get(t.page);
    if (page) page.push(t);
    else tagsByPage.set(t.page, [t]);
  }
  const codePages: CodePage[] = [...builder.pageTitles.entries()]
    .sort(([a], [b]) => a - b)
    .map(([page, title]) => ({ page, title, tokens: (tagsByPage.get(page) ?? []).sort(byToken) }));
  const tagsByName = new Map<string, TagToken>();
  for (const t of tags) if (!tagsByName.has(t.name)) tagsByName.set(t.name, t);

  // Tags whose placeholder is unassigned are already reported; their data type rows are not a second error.
  const unresolved = new Set(
    changeRequests.flatMap((cr) =>
      cr.rows.filter(({ row }) => row.scope.kind === 'tag' && row.status === 'unassigned').map(({ row }) => row.name),
    ),
  );
  const dataTypes = composeDataTypes(composition, tagsByName, unresolved, bag);
  const identity = row ? readIdentity(row, attributeStarts, tagsByName, bag) : undefined;
  if (!identity) return { changeRequests };
  return {
    changeRequests,
    model: {
      version: composition.version,
      identity,
      base: documentRef(composition.base),
      changes: changeRequests.map(changeSummary),
      dataTypesDocument: composition.datatypes ? documentRef(composition.datatypes) : undefined,
      codePages,
      attributeStarts: [...attributeStarts].sort(byToken),
      values: [...values].sort(byToken),
      duplicates: builder.duplicates,
      dataTypes,
    },
  };
}

/** The data types of a version, each bound to its element's tag. */
function composeDataTypes(
  composition: Composition,
  tagsByName: ReadonlyMap<string, TagToken>,
  unresolved: ReadonlySet<string>,
  bag: DiagnosticBag,
): DataType[] {
  const dataTypes: DataType[] = [];
  const seenTypes = new Map<string, DataType>();
  for (const r of composition.datatypes?.dataTypes ?? []) {
    const tag = tagsByName.get(r.element.value);
    if (!tag && unresolved.has(r.element.value)) continue;
    if (!tag) {
      bag.error(
        'unknown-element',
        `Data type for \`${r.element.value}\`, which is not an element of version ${composition.version}.`,
        r.element.at,
      );
      continue;
    }
    const previous = seenTypes.get(r.element.value);
    if (previous) {
      bag.error('duplicate-datatype', `\`${r.element.value}\` has a data type already.`, r.element.at, [
        { message: 'first given here', at: previous.at },
      ]);
      continue;
    }
    const dt: DataType = { element: r.element.value, type: r.type.value, page: tag.page, token: tag.token, note: r.note, at: r.element.at };
    seenTypes.set(dt.element, dt);
    dataTypes.push(dt);
  }
  return dataTypes.sort((a, b) => a.page - b.page || a.token - b.token);
}

function readIdentity(
  row: VersionRow,
  attributeStarts: readonly AttributeStartToken[],
  tagsByName: ReadonlyMap<string, TagToken>,
  bag: DiagnosticBag,
): VersionIdentity | undefined {
  let ok = true;
  if (!tagsByName.has(row.rootElement.value)) {
    bag.error(
      'unknown-element',
      `Root element \`${row.rootElement.value}\` is not an element of version ${row.version.value}.`,
      row.rootElement.at,
    );
    ok = false;
  }
  const namespace = (cell: { value: string; at: VersionRow['at'] }): Namespace | undefined => {
    // The longest matching prefix wins: `…/DTD/WV-CSP` must not be taken for `…/DTD/WV-CSP-EXT`.
    const starts = attributeStarts
      .filter((a) => a.name === 'xmlns' && cell.value.startsWith(a.valuePrefix))
      .sort((a, b) => b.valuePrefix.length - a.valuePrefix.length || a.token - b.token);
    const start = starts[0];
    if (!start) {
      bag.error(
        'namespace-without-attribute-start',
        `Namespace \`${cell.value}\` does not start with the value prefix of any \`xmlns\` attribute start token of version ${row.version.value}.`,
        cell.at,
      );
      ok = false;
      return undefined;
    }
    return { uri: cell.value, attributeStart: start.token, suffix: cell.value.slice(start.valuePrefix.length) };
  };
  const csp = namespace(row.namespaces.csp);
  const trc = namespace(row.namespaces.trc);
  const pa = namespace(row.namespaces.pa);
  if (!ok || !csp || !trc || !pa) return undefined;
  if (row.publicId.value === 0) {
    bag.error(
      'invalid-public-id',
      'Public id 0 means "literal public id in the string table" in WBXML; give the registered numeric id.',
      row.publicId.at,
    );
    return undefined;
  }
  return {
    publicId: row.publicId.value,
    publicIdText: row.publicIdText.value,
    otherPublicIdTexts: row.otherPublicIdTexts.map((t) => t.value),
    rootElement: row.rootElement.value,
    namespaces: { csp, trc, pa },
    at: {
      publicId: row.publicId.at,
      publicIdText: row.publicIdText.at,
      otherPublicIdTexts: row.otherPublicIdTexts[0]?.at ?? row.publicIdText.at,
      csp: row.namespaces.csp.at,
    },
  };
}
