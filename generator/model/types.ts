/**
 * The resolved token model: what one CSP version defines once its base document and change
 * requests are composed and every `XX` is resolved. Everything is read-only and every token
 * keeps where it came from, down to the row and, for change-request tokens, the assignment.
 */
import type { SourceSpan } from '../diagnostics.js';

/** What a spec document is (its front matter's `kind`). */
export type DocumentKind = 'base' | 'change-request' | 'datatypes' | 'versions';

/** The typed content an element carries: OPAQUE integers or date-times. */
export type DataTypeName = 'integer' | 'datetime';

/** Where a token was stated: the document, the section (by name) and the row. */
export interface Origin {
  /** Document id from the front matter. */
  readonly document: string;
  /** Document path relative to the spec folder (`cr-multiple-sessions.md`). */
  readonly specPath: string;
  /** The heading the row stands under (`4.2.4 Client capability code page (0x03)`). */
  readonly section: string;
  /** The name cell of the row. */
  readonly at: SourceSpan;
  /** The token cell of the row (`XX` for an assigned placeholder). */
  readonly tokenAt: SourceSpan;
  /** How a change request made this token, when one did. */
  readonly change?: ChangeOrigin;
}

export type ChangeOrigin =
  /** The change request wrote `XX`; the token comes from the assignment file. */
  | { readonly kind: 'assigned'; readonly changeRequest: string; readonly assignmentAt: SourceSpan; readonly note: string }
  /** The change request stated the token of a name the base did not have. */
  | { readonly kind: 'stated'; readonly changeRequest: string }
  /** The change request stated a wrong token; an erratum in the assignment file corrects it. */
  | {
      readonly kind: 'corrected';
      readonly changeRequest: string;
      readonly stated: number;
      readonly erratumAt: SourceSpan;
      readonly reason: string;
      /** Whether the name is new with this change request (otherwise the base already had it). */
      readonly added: boolean;
    };

export interface TagToken {
  readonly kind: 'tag';
  readonly page: number;
  readonly token: number;
  readonly name: string;
  readonly note: string;
  readonly origin: Origin;
}

export interface CodePage {
  readonly page: number;
  /** The page title as the base spells it (`Client capability code page`). */
  readonly title: string;
  /** Tokens in token order. */
  readonly tokens: readonly TagToken[];
}

export interface AttributeStartToken {
  readonly kind: 'attrstart';
  readonly token: number;
  readonly name: string;
  readonly valuePrefix: string;
  readonly note: string;
  readonly origin: Origin;
}

export interface ValueToken {
  readonly kind: 'value';
  readonly token: number;
  readonly name: string;
  /** The value table the token is listed in (`Common value tokens`); one token space for all. */
  readonly group: string;
  readonly note: string;
  readonly origin: Origin;
}

export type Token = TagToken | AttributeStartToken | ValueToken;

/** A duplicate the spec declares deliberate, with the direction that resolves it. */
export type DeclaredDuplicate =
  | {
      readonly kind: 'token';
      readonly token: number;
      readonly names: readonly string[];
      readonly decodeAs: string;
      readonly reason: string;
      readonly at: SourceSpan;
    }
  | {
      readonly kind: 'name';
      readonly name: string;
      readonly tokens: readonly number[];
      readonly encodeAs: number;
      readonly reason: string;
      readonly at: SourceSpan;
    };

export interface DataType {
  readonly element: string;
  readonly type: DataTypeName;
  readonly page: number;
  readonly token: number;
  readonly note: string;
  readonly at: SourceSpan;
}

export interface Namespace {
  /** Full URI with the version suffix. */
  readonly uri: string;
  /** The attribute start token whose value prefix starts the URI. */
  readonly attributeStart: number;
  /** The rest of the URI after the prefix, sent as an inline string (`1.3`). */
  readonly suffix: string;
}

export interface VersionIdentity {
  readonly publicId: number;
  readonly publicIdText: string;
  readonly otherPublicIdTexts: readonly string[];
  readonly rootElement: string;
  readonly namespaces: { readonly csp: Namespace; readonly trc: Namespace; readonly pa: Namespace };
  /** Where the versions table states each of them, for messages. */
  readonly at: {
    readonly publicId: SourceSpan;
    readonly publicIdText: SourceSpan;
    readonly otherPublicIdTexts: SourceSpan;
    readonly csp: SourceSpan;
  };
}

export interface DocumentRef {
  readonly id: string;
  readonly kind: DocumentKind;
  readonly title: string;
  readonly status: string;
  readonly source: string;
  readonly specPath: string;
  readonly path: string;
}

export interface RequirementRef {
  readonly ref: string;
  readonly useCase: string;
  readonly text: string;
}

/** What one change request did to its version, for docs and review. */
export interface ChangeSummary {
  readonly document: DocumentRef;
  readonly requirements: readonly RequirementRef[];
  /** The tokens it added (assigned placeholders and stated new names), in table order. */
  readonly added: readonly Token[];
  /** Rows that restate a base token unchanged (context rows). */
  readonly restated: number;
  /** Rows whose stated token an erratum corrected, with what the change request stated and why. */
  readonly corrected: readonly { readonly token: Token; readonly stated: number; readonly reason: string }[];
}

export interface VersionModel {
  readonly version: string;
  readonly identity: VersionIdentity;
  readonly base: DocumentRef;
  readonly changes: readonly ChangeSummary[];
  readonly dataTypesDocument: DocumentRef | undefined;
  /** Tag code pages in page order. */
  readonly codePages: readonly CodePage[];
  readonly attributeStarts: readonly AttributeStartToken[];
  /** All value tokens in token order (then name). */
  readonly values: readonly ValueToken[];
  readonly duplicates: readonly DeclaredDuplicate[];
  readonly dataTypes: readonly DataType[];
}

export interface SpecModel {
  /** Versions in version order. */
  readonly versions: readonly VersionModel[];
  /** The versions document (public ids, namespaces, composition). */
  readonly versionsDocument: DocumentRef | undefined;
  /** The assignment file, when one was read: its path relative to the spec folder. */
  readonly assignmentFile: { readonly specPath: string } | undefined;
}
