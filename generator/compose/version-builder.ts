/**
 * Building one version: the base document's tokens, then each change request applied in order.
 *
 * Rules for a change-request row (issue #3):
 * - `XX` is a new token, resolved from the assignment file;
 * - an explicit token for a name the version already has must agree with it (or be corrected by
 *   an erratum to agree); a disagreeing row is reported with both places and not applied;
 * - an explicit token for a new name adds it.
 * All value tables share one token space, so a value row is matched by name across them.
 */
import type { DiagnosticBag, RelatedPlace } from '../diagnostics.js';
import { assignmentKey, type Assignment, type ChangeRequestAssignments, type Erratum } from '../parse/assignments.js';
import type { AttributeStartRow, ParsedDocument, TokenRow, TokenTable } from '../parse/types.js';
import type { AttributeStartToken, ChangeOrigin, DeclaredDuplicate, Origin, TagToken, ValueToken } from '../model/types.js';
import type { ChangeRow, RowStatus } from './types.js';
import { hex } from '../common/hex.js';
import { describeScope, scopeKey, type Scope } from '../common/scope.js';

type AnyToken = TagToken | AttributeStartToken | ValueToken;

export class VersionBuilder {
  readonly tags: TagToken[] = [];
  readonly pageTitles = new Map<number, string>();
  readonly attributeStarts: AttributeStartToken[] = [];
  readonly values: ValueToken[] = [];
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
   * Applies one change request; returns one entry per row for the review.
   * @param resolution its entries in the assignment file
   * @param assignmentsUnreadable the assignment file could not be read at all (already reported):
   *   placeholders and rows an erratum might correct are then not reported again
   */
  applyChangeRequest(doc: ParsedDocument, resolution: ChangeRequestAssignments | undefined, assignmentsUnreadable = false): ChangeRow[] {
    const crId = doc.meta.id.value;
    const assignments = new Map<string, Assignment>();
    for (const a of resolution?.assignments ?? []) assignments.set(assignmentKey(a.scope, a.name.value), a);
    const errata = new Map<string, Erratum>();
    for (const e of resolution?.errata ?? []) errata.set(assignmentKey(e.scope, e.name.value), e);
    const usedAssignments = new Set<string>();
    const usedErrata = new Set<string>();
    const tablesByScope = new Set<string>();
    const rows: ChangeRow[] = [];

    for (const table of doc.tokenTables) {
      const scope = scopeOf(table);
      tablesByScope.add(scopeKey(scope));
      if (table.kind === 'tag') {
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
      for (const row of table.rows) {
        const ident = identity(table, row);
        const k = assignmentKey(scope, ident);
        const existing = this.#find(table, row);
        const base = existing.map((t) => ({ token: t.token, at: t.origin.tokenAt }));
        const assignment = assignments.get(k);
        const erratum = errata.get(k);
        const common = {
          scope,
          section: table.section.text,
          name: row.name.value,
          ...(table.kind === 'attrstart' ? { valuePrefix: prefixOf(row) } : {}),
          stated: row.token,
          at: row.name.at,
          base,
        };
        const push = (status: RowStatus, token?: number, extra: Partial<ChangeRow> = {}) =>
          rows.push({ ...common, status, ...(token === undefined ? {} : { token }), ...extra });
        const origin = (change: ChangeOrigin): Origin => ({ ...this.#origin(doc, table, row), change });

        if (row.token.kind === 'placeholder') {
          if (assignment) usedAssignments.add(k);
          if (erratum) {
            usedErrata.add(k);
            this.bag.error(
              'stale-erratum',
              `Erratum for \`${ident}\` in ${describeScope(scope)} of \`${crId}\`, but the change request writes \`${row.token.text}\`, not a token: an erratum corrects a stated token; assign placeholders instead.`,
              erratum.name.at,
              [{ message: 'the placeholder row', at: row.token.at }],
            );
          }
          if (existing.length > 0) {
            this.bag.error(
              'placeholder-for-existing',
              `\`${row.name.value}\` is \`${row.token.text}\` in \`${crId}\`, but version ${this.version} already has it as ${existing.map((t) => hex(t.token)).join(', ')}: ` +
                'a placeholder introduces a new name; write the existing token instead.',
              row.token.at,
              existing.map((t) => ({ message: `\`${t.name}\` = ${hex(t.token)}`, at: t.origin.tokenAt })),
            );
            push('placeholder-for-existing');
            continue;
          }
          if (!assignment) {
            if (assignmentsUnreadable || resolution?.unreadable.has(k)) {
              push('unassigned');
              continue;
            }
            this.bag.error(
              'unassigned-placeholder',
              `Placeholder \`${row.token.text}\` for \`${ident}\` in ${describeScope(scope)} of \`${crId}\` has no assignment: ` +
                `add it under \`${crId}\` in the assignment file (\`imps-tokengen suggest\` proposes free tokens).`,
              row.token.at,
            );
            push('unassigned');
            continue;
          }
          const token = assignment.token.value;
          this.#add(
            table,
            row,
            token,
            origin({ kind: 'assigned', changeRequest: crId, assignmentAt: assignment.token.at, note: assignment.note }),
          );
          push('assigned', token, { assignment: { at: assignment.token.at, note: assignment.note } });
          continue;
        }

        // An explicit token.
        const stated = row.token.value;
        if (assignment) {
          usedAssignments.add(k);
          this.bag.error(
            'stale-assignment',
            `Assignment for \`${ident}\` in ${describeScope(scope)} of \`${crId}\`, but the change request states ${hex(stated)} there, not \`XX\`: remove the assignment.`,
            assignment.name.at,
            [{ message: `\`${row.name.value}\` ${row.token.text}`, at: row.token.at }],
          );
        }
        let effective = stated;
        let corrected: ChangeRow['erratum'];
        if (erratum) {
          usedErrata.add(k);
          if (erratum.stated.value !== stated) {
            this.bag.error(
              'stale-erratum',
              `Erratum for \`${ident}\` expects \`${crId}\` to state ${hex(erratum.stated.value)}, but it states ${hex(stated)}: the erratum no longer applies; update or remove it.`,
              erratum.stated.at,
              [{ message: 'the row', at: row.token.at }],
            );
          } else {
            effective = erratum.corrected.value;
            corrected = { stated, corrected: effective, reason: erratum.reason, at: erratum.corrected.at };
          }
        }
        if (existing.length > 0) {
          if (existing.some((t) => t.token === effective)) {
            if (corrected) push('corrected', effective, { erratum: corrected });
            else push('restated', effective);
            continue;
          }
          if (!corrected && (assignmentsUnreadable || resolution?.unreadable.has(k))) {
            // An erratum for this row may be in the part of the file that could not be read.
          } else if (corrected) {
            this.bag.error(
              'stale-erratum',
              `Erratum corrects \`${ident}\` to ${hex(effective)}, but version ${this.version} has it as ${existing.map((t) => hex(t.token)).join(', ')}: the erratum no longer applies.`,
              erratum!.corrected.at,
              existing.map((t) => ({ message: `\`${t.name}\` = ${hex(t.token)}`, at: t.origin.tokenAt })),
            );
          } else {
            this.#reportDisagreement(crId, table, row, stated, existing);
          }
          push('disagrees', undefined, corrected ? { erratum: corrected } : {});
          continue;
        }
        const change: ChangeOrigin = corrected
          ? { kind: 'corrected', changeRequest: crId, stated, erratumAt: corrected.at, reason: corrected.reason, added: true }
          : { kind: 'stated', changeRequest: crId };
        this.#add(table, row, effective, origin(change));
        push(corrected ? 'corrected' : 'added', effective, corrected ? { erratum: corrected } : {});
      }
    }

    for (const [k, a] of assignments) {
      if (usedAssignments.has(k)) continue;
      const noTable = !tablesByScope.has(scopeKey(a.scope));
      this.bag.error(
        'stale-assignment',
        noTable
          ? `Assignment for \`${a.name.value}\` in ${describeScope(a.scope)}, but \`${crId}\` has no table for ${describeScope(a.scope)}: remove it or fix the scope.`
          : `Assignment for \`${a.name.value}\` in ${describeScope(a.scope)}, but \`${crId}\` has no placeholder \`${a.name.value}\` there: remove it (or fix the name).`,
        a.name.at,
      );
    }
    for (const [k, e] of errata) {
      if (usedErrata.has(k)) continue;
      this.bag.error(
        'stale-erratum',
        `Erratum for \`${e.name.value}\` in ${describeScope(e.scope)}, but \`${crId}\` has no such row: the erratum no longer applies; remove it.`,
        e.name.at,
      );
    }
    this.#addDuplicates(doc);
    return rows;
  }

  #reportDisagreement(crId: string, table: TokenTable, row: TokenRow, stated: number, existing: readonly AnyToken[]): void {
    const related: RelatedPlace[] = existing.map((t) => ({
      message: `version ${this.version} has \`${t.name}\` = ${hex(t.token)} here`,
      at: t.origin.tokenAt,
    }));
    const occupants = this.#occupants(table, stated).filter((t) => t.name !== row.name.value);
    for (const t of occupants) related.push({ message: `${hex(stated)} is \`${t.name}\` here`, at: t.origin.tokenAt });
    const clash = occupants.length > 0 ? ` ${hex(stated)} is already \`${occupants.map((t) => t.name).join('`, `')}\`.` : '';
    this.bag.error(
      'cr-disagrees-with-base',
      `\`${crId}\` states \`${row.name.value}\` = ${hex(stated)}, but version ${this.version} has it as ${existing.map((t) => hex(t.token)).join(', ')}.${clash} ` +
        'Fix the row, or, if the change request is wrong as published, record an erratum for it in the assignment file.',
      row.token.at,
      related,
    );
  }

  #origin(doc: ParsedDocument, table: TokenTable, row: TokenRow): Origin {
    return { document: doc.meta.id.value, specPath: doc.specPath, section: table.section.text, at: row.name.at, tokenAt: row.token.at };
  }

  #add(table: TokenTable, row: TokenRow, token: number, origin: Origin): void {
    const name = row.name.value;
    if (table.kind === 'tag') this.tags.push({ kind: 'tag', page: table.page, token, name, note: row.note, origin });
    else if (table.kind === 'value') this.values.push({ kind: 'value', token, name, group: table.group, note: row.note, origin });
    else {
      const valuePrefix = prefixOf(row);
      this.attributeStarts.push({ kind: 'attrstart', token, name, valuePrefix, note: row.note, origin });
    }
  }

  /** The version's tokens with this row's name (and prefix) in the row's scope. */
  #find(table: TokenTable, row: TokenRow): AnyToken[] {
    const name = row.name.value;
    if (table.kind === 'tag') return this.tags.filter((t) => t.page === table.page && t.name === name);
    if (table.kind === 'value') return this.values.filter((t) => t.name === name);
    const prefix = prefixOf(row);
    return this.attributeStarts.filter((t) => t.name === name && t.valuePrefix === prefix);
  }

  #occupants(table: TokenTable, token: number): AnyToken[] {
    if (table.kind === 'tag') return this.tags.filter((t) => t.page === table.page && t.token === token);
    if (table.kind === 'value') return this.values.filter((t) => t.token === token);
    return this.attributeStarts.filter((t) => t.token === token);
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

/** The name a row is known by in the assignment file: attribute starts by their value prefix. */
function identity(table: TokenTable, row: TokenRow): string {
  return table.kind === 'attrstart' ? prefixOf(row) : row.name.value;
}

/** The value prefix of an attribute start row (the rows of attribute start tables carry one). */
function prefixOf(row: TokenRow): string {
  return (row as AttributeStartRow).valuePrefix.value;
}
