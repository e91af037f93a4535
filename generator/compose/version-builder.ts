/**
 * Building one version: the base document's tokens, then each change request applied in order.
 *
 * Rules for a change-request row (issue #3):
 * - `XX` is a new token, resolved from the assignment file;
 * - an explicit token for a name the version already has must agree with it (or be corrected by
 *   an erratum to agree); a disagreeing row is reported with both places and not applied;
 * - an explicit token for a new name adds it.
 * All value tables share one token space, so a value row is matched by name across them.
 *
 * This file decides what each row does; ./rules.ts words the problems, one function per rule.
 */
import { hex } from '../common/hex.js';
import { type Scope, scopeKey } from '../common/scope.js';
import type { DiagnosticBag } from '../diagnostics.js';
import type { ChangeOrigin, DeclaredDuplicate, Origin, Token } from '../model/types.js';
import { type Assignment, assignmentKey, type ChangeRequestAssignments, type Erratum } from '../parse/assignments.js';
import type { AttributeStartRow, ParsedDocument, TagTable, TokenRow, TokenTable } from '../parse/types.js';
import { ChangeRequestRules, type RuleRow } from './rules.js';
import { TokenIndex } from './token-index.js';
import type { AppliedRow, ChangeRow, RowStatus } from './types.js';

/**
 * What the assignment file says about the change requests, as far as composition is concerned:
 * - `file`: it was read;
 * - `none`: none was asked for (placeholders are unassigned, each reported);
 * - `missing`: the default file does not exist, reported once for all placeholders (../load.ts);
 * - `unreadable`: it could not be read (reported): placeholders, and rows an erratum in it might
 *   correct, are not reported again.
 */
export type AssignmentState = 'file' | 'none' | 'missing' | 'unreadable';

/** A change request's assignments and errata by {@link assignmentKey}, remembering which rows used them. */
class Entries {
  readonly #assignments = new Map<string, Assignment>();
  readonly #errata = new Map<string, Erratum>();
  readonly #used = new Set<string>();

  constructor(readonly resolution: ChangeRequestAssignments | undefined) {
    for (const a of resolution?.assignments ?? []) this.#assignments.set(assignmentKey(a.scope, a.name.value), a);
    for (const e of resolution?.errata ?? []) this.#errata.set(assignmentKey(e.scope, e.name.value), e);
  }

  /** The assignment for a row's key, marked used. */
  assignment(key: string): Assignment | undefined {
    const a = this.#assignments.get(key);
    if (a) this.#used.add(`a${key}`);
    return a;
  }

  /** The erratum for a row's key, marked used. */
  erratum(key: string): Erratum | undefined {
    const e = this.#errata.get(key);
    if (e) this.#used.add(`e${key}`);
    return e;
  }

  /** Whether the entry for `key` is there but could not be read (already reported). */
  unreadable(key: string): boolean {
    return this.resolution?.unreadable.has(key) ?? false;
  }

  unusedAssignments(): Assignment[] {
    return [...this.#assignments].filter(([k]) => !this.#used.has(`a${k}`)).map(([, a]) => a);
  }

  unusedErrata(): Erratum[] {
    return [...this.#errata].filter(([k]) => !this.#used.has(`e${k}`)).map(([, e]) => e);
  }
}

/** One row being applied: where it is, and what the version and the assignment file have for it. */
interface RowContext extends RuleRow {
  readonly doc: ParsedDocument;
  readonly table: TokenTable;
  readonly key: string;
  readonly existing: readonly Token[];
}

export class VersionBuilder {
  readonly tokens = new TokenIndex();
  /** Code page titles as the base spells them (a change request's new page takes its own). */
  readonly pageTitles = new Map<number, string>();
  readonly duplicates: DeclaredDuplicate[] = [];

  constructor(
    readonly version: string,
    private readonly bag: DiagnosticBag,
  ) {}

  addBase(doc: ParsedDocument): void {
    for (const table of doc.tokenTables) {
      if (table.kind === 'tag' && !this.pageTitles.has(table.page)) this.pageTitles.set(table.page, table.section.title);
      for (const row of table.rows) {
        if (row.token.kind !== 'explicit') continue; // placeholders in a base are reported by the parser
        this.#add(table, row, row.token.value, this.#origin(doc, table, row));
      }
    }
    this.#addDuplicates(doc);
  }

  /**
   * Applies one change request; returns each row as applied, in table order.
   * @param resolution its entries in the assignment file
   */
  applyChangeRequest(doc: ParsedDocument, resolution: ChangeRequestAssignments | undefined, state: AssignmentState): AppliedRow[] {
    const rules = new ChangeRequestRules(this.bag, this.version, doc.meta.id.value);
    const entries = new Entries(resolution);
    const scopesWithTables = new Set<string>();
    const applied: AppliedRow[] = [];
    for (const table of doc.tokenTables) {
      const scope = scopeOf(table);
      scopesWithTables.add(scopeKey(scope));
      if (table.kind === 'tag') this.#pageTitle(table);
      for (const row of table.rows) {
        const ident = table.kind === 'attrstart' ? prefixOf(row) : row.name.value;
        const key = assignmentKey(scope, ident);
        const existing = this.tokens.named(scope, row.name.value, table.kind === 'attrstart' ? prefixOf(row) : undefined);
        const at: RowContext = { doc, table, row, scope, ident, key, existing };
        applied.push(
          row.token.kind === 'placeholder'
            ? this.#applyPlaceholder(at, entries, rules, state)
            : this.#applyExplicit(at, row.token.value, entries, rules, state),
        );
      }
    }
    // Entries for the rows of a table that could not be read are not stale (the table is reported).
    if (doc.unreadTables === 0) {
      for (const assignment of entries.unusedAssignments()) {
        rules.staleAssignment({ kind: 'unused', assignment, hasTable: scopesWithTables.has(scopeKey(assignment.scope)) });
      }
      for (const erratum of entries.unusedErrata()) rules.staleErratum({ kind: 'unused', erratum });
    }
    this.#addDuplicates(doc);
    return applied;
  }

  #applyPlaceholder(at: RowContext, entries: Entries, rules: ChangeRequestRules, state: AssignmentState): AppliedRow {
    const assignment = entries.assignment(at.key);
    const erratum = entries.erratum(at.key);
    if (erratum) rules.staleErratum({ kind: 'placeholder-row', erratum, at });
    if (at.existing.length > 0) {
      rules.placeholderForExisting(at, at.existing);
      return this.#applied(at, 'placeholder-for-existing', undefined);
    }
    if (!assignment) {
      const reportedElsewhere = state === 'missing' || state === 'unreadable' || entries.unreadable(at.key);
      if (!reportedElsewhere) rules.unassignedPlaceholder(at);
      return this.#applied(at, 'unassigned', undefined);
    }
    const change: ChangeOrigin = {
      kind: 'assigned',
      changeRequest: at.doc.meta.id.value,
      assignmentAt: assignment.token.at,
      note: assignment.note,
    };
    const token = this.#add(at.table, at.row, assignment.token.value, { ...this.#origin(at.doc, at.table, at.row), change });
    return this.#applied(at, 'assigned', token, true, { assignment: { at: assignment.token.at, note: assignment.note } });
  }

  #applyExplicit(at: RowContext, stated: number, entries: Entries, rules: ChangeRequestRules, state: AssignmentState): AppliedRow {
    const assignment = entries.assignment(at.key);
    const erratum = entries.erratum(at.key);
    if (assignment) rules.staleAssignment({ kind: 'explicit-row', assignment, at, stated });
    let effective = stated;
    let correction: ChangeRow['erratum'];
    if (erratum && erratum.stated.value !== stated) rules.staleErratum({ kind: 'stated-differs', erratum, at, stated });
    else if (erratum) {
      effective = erratum.corrected.value;
      correction = { stated, corrected: effective, reason: erratum.reason, at: erratum.corrected.at };
    }
    const withErratum = correction ? { erratum: correction } : {};
    if (at.existing.length > 0) {
      const same = at.existing.find((t) => t.token === effective);
      if (same) return this.#applied(at, correction ? 'corrected' : 'restated', same, false, withErratum);
      if (correction) rules.staleErratum({ kind: 'base-differs', erratum: erratum!, at, existing: at.existing });
      // Without the assignment file (or this entry of it), an erratum for the row may be in the part not read.
      else if (state !== 'unreadable' && !entries.unreadable(at.key)) {
        rules.disagreesWithBase(at, stated, at.existing, this.tokens.on(at.scope, stated));
      }
      return this.#applied(at, 'disagrees', undefined, false, withErratum);
    }
    const crId = at.doc.meta.id.value;
    const change: ChangeOrigin = correction
      ? { kind: 'corrected', changeRequest: crId, stated, erratumAt: correction.at, reason: correction.reason, added: true }
      : { kind: 'stated', changeRequest: crId };
    const token = this.#add(at.table, at.row, effective, { ...this.#origin(at.doc, at.table, at.row), change });
    return this.#applied(at, correction ? 'corrected' : 'added', token, true, withErratum);
  }

  /** The row as the review sees it, with the version's token it resolved to. */
  #applied(
    at: RowContext,
    status: RowStatus,
    token: Token | undefined,
    added = false,
    extra: Pick<ChangeRow, 'assignment' | 'erratum'> = {},
  ): AppliedRow {
    const row: ChangeRow = {
      scope: at.scope,
      section: at.table.section.text,
      name: at.row.name.value,
      ...(at.table.kind === 'attrstart' ? { valuePrefix: prefixOf(at.row) } : {}),
      stated: at.row.token,
      status,
      ...(token === undefined ? {} : { token: token.token }),
      at: at.row.name.at,
      base: at.existing.map((t) => ({ token: t.token, at: t.origin.tokenAt })),
      ...extra,
    };
    return { row, token, added };
  }

  /** A change request's code page: new pages take its title; a known page should keep the base's. */
  #pageTitle(table: TagTable): void {
    const title = this.pageTitles.get(table.page);
    if (title === undefined) this.pageTitles.set(table.page, table.section.title);
    else if (title !== table.section.title) {
      this.bag.warning(
        'page-title-mismatch',
        `Code page ${hex(table.page)} is titled \`${table.section.title}\` here but \`${title}\` in the base.`,
        table.section.at,
      );
    }
  }

  #origin(doc: ParsedDocument, table: TokenTable, row: TokenRow): Origin {
    return { document: doc.meta.id.value, specPath: doc.specPath, section: table.section.text, at: row.name.at, tokenAt: row.token.at };
  }

  #add(table: TokenTable, row: TokenRow, token: number, origin: Origin): Token {
    const name = row.name.value;
    const t: Token =
      table.kind === 'tag'
        ? { kind: 'tag', page: table.page, token, name, note: row.note, origin }
        : table.kind === 'value'
          ? { kind: 'value', token, name, group: table.group, note: row.note, origin }
          : { kind: 'attrstart', token, name, valuePrefix: prefixOf(row), note: row.note, origin };
    this.tokens.add(t);
    return t;
  }

  #addDuplicates(doc: ParsedDocument): void {
    for (const d of doc.duplicates) {
      this.duplicates.push(
        d.kind === 'token'
          ? {
              kind: 'token',
              token: d.token.value,
              names: d.names.map((n) => n.value),
              decodeAs: d.preferred.value,
              reason: d.reason,
              at: d.at,
            }
          : {
              kind: 'name',
              name: d.name.value,
              tokens: d.tokens.map((t) => t.value),
              encodeAs: d.preferred.value,
              reason: d.reason,
              at: d.at,
            },
      );
    }
  }
}

function scopeOf(table: TokenTable): Scope {
  return table.kind === 'tag' ? { kind: 'tag', page: table.page } : { kind: table.kind };
}

/** The value prefix of an attribute start row (the rows of attribute start tables carry one). */
function prefixOf(row: TokenRow): string {
  return (row as AttributeStartRow).valuePrefix.value;
}
