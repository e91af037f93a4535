/**
 * What composing a version found out about each change-request row, for `review` and `suggest`:
 * the status of every placeholder and every explicit row, with the places involved.
 */
import type { Scope } from '../common/scope.js';
import type { SourceSpan } from '../diagnostics.js';
import type { DocumentRef, Token } from '../model/types.js';

/** A token cell as the change request writes it: a hex number, or the `XX` placeholder. */
type StatedToken =
  | { readonly kind: 'explicit'; readonly value: number; readonly text: string; readonly at: SourceSpan }
  | { readonly kind: 'placeholder'; readonly text: string; readonly at: SourceSpan };

export type RowStatus =
  /** `XX`, resolved from the assignment file. */
  | 'assigned'
  /** `XX` with no assignment. */
  | 'unassigned'
  /** `XX` for a name the base already has. */
  | 'placeholder-for-existing'
  /** An explicit token equal to the base's. */
  | 'restated'
  /** An explicit token for a name the base does not have. */
  | 'added'
  /** An explicit token corrected by an erratum. */
  | 'corrected'
  /** An explicit token that differs from the base's, with no erratum. */
  | 'disagrees';

export interface ChangeRow {
  readonly scope: Scope;
  readonly section: string;
  readonly name: string;
  /** The attribute value prefix, for attribute start rows. */
  readonly valuePrefix?: string;
  readonly stated: StatedToken;
  /** The token the row resolves to, when it resolves. */
  readonly token?: number;
  readonly status: RowStatus;
  readonly at: SourceSpan;
  /** The base rows of the same name. */
  readonly base: readonly { readonly token: number; readonly at: SourceSpan }[];
  readonly assignment?: { readonly at: SourceSpan; readonly note: string };
  readonly erratum?: { readonly stated: number; readonly corrected: number; readonly reason: string; readonly at: SourceSpan };
}

export interface ChangeRequestReport {
  readonly version: string;
  readonly document: DocumentRef;
  readonly rows: readonly ChangeRow[];
}

/**
 * One change-request row once applied: the review's view of it, and the token of the version it
 * added or matched (what the docs list as added or corrected).
 */
export interface AppliedRow {
  readonly row: ChangeRow;
  /** The version's token the row resolved to, if it resolved. */
  readonly token: Token | undefined;
  /** Whether the row added `token` to the version (rather than restating or correcting a base row). */
  readonly added: boolean;
}
