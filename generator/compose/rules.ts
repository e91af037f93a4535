/**
 * The rules a change request's rows and its assignment-file entries are checked against, one
 * function per rule id (each with the variants of the rule), so that a message is written in one
 * place. The version builder decides which rule a row breaks; these functions say it.
 */
import { hex } from '../common/hex.js';
import { describeScope, type Scope } from '../common/scope.js';
import type { DiagnosticBag, RelatedPlace } from '../diagnostics.js';
import type { Token } from '../model/types.js';
import type { Assignment, Erratum } from '../parse/assignments.js';
import type { TokenRow } from '../parse/types.js';

/** A change-request row as the rules see it: the row and the name it is known by in the assignment file. */
export interface RuleRow {
  readonly row: TokenRow;
  readonly scope: Scope;
  /** The row's name, or its value prefix for attribute start rows. */
  readonly ident: string;
}

export type StaleAssignment =
  /** An assignment for a row that states its token. */
  | { readonly kind: 'explicit-row'; readonly assignment: Assignment; readonly at: RuleRow; readonly stated: number }
  /** An assignment no row uses; `hasTable` says whether the change request has a table for its scope. */
  | { readonly kind: 'unused'; readonly assignment: Assignment; readonly hasTable: boolean };

export type StaleErratum =
  /** An erratum for a placeholder row (errata correct stated tokens). */
  | { readonly kind: 'placeholder-row'; readonly erratum: Erratum; readonly at: RuleRow }
  /** The row states another token than the erratum expects. */
  | { readonly kind: 'stated-differs'; readonly erratum: Erratum; readonly at: RuleRow; readonly stated: number }
  /** The corrected token is not the version's token either. */
  | { readonly kind: 'base-differs'; readonly erratum: Erratum; readonly at: RuleRow; readonly existing: readonly Token[] }
  /** An erratum no row uses. */
  | { readonly kind: 'unused'; readonly erratum: Erratum };

const tokenPlaces = (tokens: readonly Token[]): RelatedPlace[] =>
  tokens.map((t) => ({ message: `\`${t.name}\` = ${hex(t.token)}`, at: t.origin.tokenAt }));

const tokenList = (tokens: readonly Token[]) => tokens.map((t) => hex(t.token)).join(', ');

export class ChangeRequestRules {
  constructor(
    private readonly bag: DiagnosticBag,
    /** The version being composed. */
    private readonly version: string,
    /** The change request's id. */
    private readonly crId: string,
  ) {}

  /** `unassigned-placeholder`: an `XX` with no assignment. */
  unassignedPlaceholder({ row, scope, ident }: RuleRow): void {
    const crId = this.crId;
    this.bag.error(
      'unassigned-placeholder',
      `Placeholder \`${row.token.text}\` for \`${ident}\` in ${describeScope(scope)} of \`${crId}\` has no assignment: ` +
        `add it under \`${crId}\` in the assignment file (\`imps-tokengen suggest\` proposes free tokens).`,
      row.token.at,
    );
  }

  /** `placeholder-for-existing`: an `XX` for a name the version already has. */
  placeholderForExisting({ row }: RuleRow, existing: readonly Token[]): void {
    this.bag.error(
      'placeholder-for-existing',
      `\`${row.name.value}\` is \`${row.token.text}\` in \`${this.crId}\`, but version ${this.version} already has it as ${tokenList(existing)}: ` +
        'a placeholder introduces a new name; write the existing token instead.',
      row.token.at,
      tokenPlaces(existing),
    );
  }

  /** `stale-assignment`: an assignment that no placeholder uses. */
  staleAssignment(finding: StaleAssignment): void {
    const a = finding.assignment;
    if (finding.kind === 'explicit-row') {
      const { row, scope, ident } = finding.at;
      this.bag.error(
        'stale-assignment',
        `Assignment for \`${ident}\` in ${describeScope(scope)} of \`${this.crId}\`, but the change request states ${hex(finding.stated)} there, not \`XX\`: remove the assignment.`,
        a.name.at,
        [{ message: `\`${row.name.value}\` ${row.token.text}`, at: row.token.at }],
      );
      return;
    }
    const where = describeScope(a.scope);
    this.bag.error(
      'stale-assignment',
      finding.hasTable
        ? `Assignment for \`${a.name.value}\` in ${where}, but \`${this.crId}\` has no placeholder \`${a.name.value}\` there: remove it (or fix the name).`
        : `Assignment for \`${a.name.value}\` in ${where}, but \`${this.crId}\` has no table for ${where}: remove it or fix the scope.`,
      a.name.at,
    );
  }

  /** `stale-erratum`: an erratum that does not (or no longer) correct a stated token. */
  staleErratum(finding: StaleErratum): void {
    const e = finding.erratum;
    const crId = this.crId;
    switch (finding.kind) {
      case 'placeholder-row': {
        const { row, scope, ident } = finding.at;
        this.bag.error(
          'stale-erratum',
          `Erratum for \`${ident}\` in ${describeScope(scope)} of \`${crId}\`, but the change request writes \`${row.token.text}\`, not a token: an erratum corrects a stated token; assign placeholders instead.`,
          e.name.at,
          [{ message: 'the placeholder row', at: row.token.at }],
        );
        return;
      }
      case 'stated-differs':
        this.bag.error(
          'stale-erratum',
          `Erratum for \`${finding.at.ident}\` expects \`${crId}\` to state ${hex(e.stated.value)}, but it states ${hex(finding.stated)}: the erratum no longer applies; update or remove it.`,
          e.stated.at,
          [{ message: 'the row', at: finding.at.row.token.at }],
        );
        return;
      case 'base-differs':
        this.bag.error(
          'stale-erratum',
          `Erratum corrects \`${finding.at.ident}\` to ${hex(e.corrected.value)}, but version ${this.version} has it as ${tokenList(finding.existing)}: the erratum no longer applies.`,
          e.corrected.at,
          tokenPlaces(finding.existing),
        );
        return;
      case 'unused':
        this.bag.error(
          'stale-erratum',
          `Erratum for \`${e.name.value}\` in ${describeScope(e.scope)}, but \`${crId}\` has no such row: the erratum no longer applies; remove it.`,
          e.name.at,
        );
        return;
    }
  }

  /**
   * `cr-disagrees-with-base`: an explicit token that differs from the version's, with no erratum.
   * @param occupants the version's tokens on the stated token, which the notes name
   */
  disagreesWithBase({ row }: RuleRow, stated: number, existing: readonly Token[], occupants: readonly Token[]): void {
    const related: RelatedPlace[] = existing.map((t) => ({
      message: `version ${this.version} has \`${t.name}\` = ${hex(t.token)} here`,
      at: t.origin.tokenAt,
    }));
    const others = occupants.filter((t) => t.name !== row.name.value);
    for (const t of others) related.push({ message: `${hex(stated)} is \`${t.name}\` here`, at: t.origin.tokenAt });
    const clash = others.length > 0 ? ` ${hex(stated)} is already \`${others.map((t) => t.name).join('`, `')}\`.` : '';
    this.bag.error(
      'cr-disagrees-with-base',
      `\`${this.crId}\` states \`${row.name.value}\` = ${hex(stated)}, but version ${this.version} has it as ${tokenList(existing)}.${clash} ` +
        'Fix the row, or, if the change request is wrong as published, record an erratum for it in the assignment file.',
      row.token.at,
      related,
    );
  }
}
