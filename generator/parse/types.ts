/**
 * What the parser reads from one spec document: its front matter and its tables, each cell as
 * written and with its exact place. Nothing here is resolved or cross-checked yet; that is the
 * job of compose/ and validate/.
 */
import type { SourceSpan } from '../diagnostics.js';

export type DocumentKind = 'base' | 'change-request' | 'datatypes' | 'versions';

/** A value as written together with the place it was written. */
export interface Located<T> {
  readonly value: T;
  readonly at: SourceSpan;
}

/** Front matter common to every spec document. */
interface MetaCommon {
  readonly id: Located<string>;
  readonly title: Located<string>;
  readonly status: Located<string>;
  readonly source: Located<string>;
  /** The front matter block itself. */
  readonly at: SourceSpan;
}

interface BaseMeta extends MetaCommon {
  readonly kind: 'base';
  /** The version this document defines, for example `1.3`. */
  readonly version: Located<string>;
}

interface ChangeRequestMeta extends MetaCommon {
  readonly kind: 'change-request';
  /** The version this change request applies to. */
  readonly version: Located<string>;
}

interface DatatypesMeta extends MetaCommon {
  readonly kind: 'datatypes';
  readonly version: Located<string>;
}

/** One version's composition, declared in the front matter of the versions document. */
export interface CompositionDecl {
  readonly version: Located<string>;
  readonly base: Located<string>;
  readonly changeRequests: readonly Located<string>[];
  readonly datatypes: Located<string> | undefined;
}

export interface VersionsMeta extends MetaCommon {
  readonly kind: 'versions';
  readonly compose: readonly CompositionDecl[];
}

export type DocumentMeta = BaseMeta | ChangeRequestMeta | DatatypesMeta | VersionsMeta;

/** A token cell: a hex number, or the `XX` placeholder of a change request. */
export type TokenCell =
  | { readonly kind: 'explicit'; readonly value: number; readonly text: string; readonly at: SourceSpan }
  | { readonly kind: 'placeholder'; readonly text: string; readonly at: SourceSpan };

/** The heading a token table stands under, e.g. `4.2.4 Client capability code page (0x03)`. */
export interface SectionHeading {
  /** The section number as written (`4.2.4`), or `''` when the heading has none. */
  readonly number: string;
  /** The title without number and page suffix (`Client capability code page`). */
  readonly title: string;
  /** The whole heading text, used to name the section in provenance comments. */
  readonly text: string;
  readonly at: SourceSpan;
}

export interface TokenRow {
  readonly name: Located<string>;
  readonly token: TokenCell;
  /** The optional Note column. */
  readonly note: string;
  /** The whole row. */
  readonly at: SourceSpan;
}

export interface AttributeStartRow extends TokenRow {
  readonly valuePrefix: Located<string>;
}

export interface TagTable {
  readonly kind: 'tag';
  readonly page: number;
  readonly section: SectionHeading;
  readonly rows: readonly TokenRow[];
  readonly at: SourceSpan;
}

interface AttributeStartTable {
  readonly kind: 'attrstart';
  readonly section: SectionHeading;
  readonly rows: readonly AttributeStartRow[];
  readonly at: SourceSpan;
}

interface ValueTable {
  readonly kind: 'value';
  /** The value table's title (`Common value tokens`); all value tables share one token space. */
  readonly group: string;
  readonly section: SectionHeading;
  readonly rows: readonly TokenRow[];
  readonly at: SourceSpan;
}

export type TokenTable = TagTable | AttributeStartTable | ValueTable;

/**
 * A deliberate duplicate in the value-token space, which the published spec really has:
 * one token with two names (decoded as `preferred`), or one name with two tokens (encoded as
 * `preferred`). Declared in spec/ so that it is reviewed, never silently allowed.
 */
export type DuplicateDecl =
  | {
      readonly kind: 'token';
      readonly token: Located<number>;
      readonly names: readonly Located<string>[];
      readonly preferred: Located<string>;
      readonly reason: string;
      readonly at: SourceSpan;
    }
  | {
      readonly kind: 'name';
      readonly name: Located<string>;
      readonly tokens: readonly Located<number>[];
      readonly preferred: Located<number>;
      readonly reason: string;
      readonly at: SourceSpan;
    };

export type DataTypeName = 'integer' | 'datetime';

export interface DataTypeRow {
  readonly element: Located<string>;
  readonly type: Located<DataTypeName>;
  readonly note: string;
  readonly at: SourceSpan;
}

export interface VersionRow {
  readonly version: Located<string>;
  readonly publicId: Located<number>;
  readonly publicIdText: Located<string>;
  readonly otherPublicIdTexts: readonly Located<string>[];
  readonly rootElement: Located<string>;
  readonly namespaces: {
    readonly csp: Located<string>;
    readonly trc: Located<string>;
    readonly pa: Located<string>;
  };
  readonly at: SourceSpan;
}

export interface RequirementRow {
  readonly ref: string;
  readonly useCase: string;
  readonly text: string;
  readonly at: SourceSpan;
}

/** One parsed markdown document. */
export interface ParsedDocument {
  /** Path as shown in diagnostics (POSIX, relative to the working directory). */
  readonly path: string;
  /** Path relative to the spec folder (POSIX), as written in generated banners. */
  readonly specPath: string;
  readonly meta: DocumentMeta;
  readonly tokenTables: readonly TokenTable[];
  readonly duplicates: readonly DuplicateDecl[];
  readonly dataTypes: readonly DataTypeRow[];
  readonly versionRows: readonly VersionRow[];
  readonly requirements: readonly RequirementRow[];
  /**
   * Token tables left unread because their section heading could not be read (reported at the
   * heading): assignments and errata for their rows are then not reported as stale as well.
   */
  readonly unreadTables: number;
}
