/**
 * The tables of one CSP version, in the shape the WBXML engine reads them.
 *
 * The generator emits one object of this type per version (`generated/csp-1.x/tables.ts`); the engine
 * itself (this folder) is hand-written and copied verbatim next to the emitted tables, so that the
 * generated codec has no runtime dependency on the generator or on any npm package.
 */
export interface CspTables {
  /** The version these tables define, for example `"1.3"`. */
  readonly version: string;
  /** The numeric WBXML public identifier written in the header (0x10, 0x11, 0x12). */
  readonly publicId: number;
  /** The DTD public identifier text, accepted as a literal public id from the string table. */
  readonly publicIdText: string;
  /** Other public id texts that real implementations write for this version (also accepted). */
  readonly otherPublicIdTexts: readonly string[];
  /** The root element, `WV-CSP-Message`. */
  readonly rootElement: string;
  /** The full namespace URIs (with version suffix) of the CSP, TRC and PA parts of a message. */
  readonly namespaces: { readonly csp: string; readonly trc: string; readonly pa: string };
  /**
   * Tag code pages: `tagPages[page][token]` is the element name of that tag token, or `null` for a
   * free slot. Every present page has 64 slots (tokens 0x00-0x3F; 0x00-0x04 are always `null`).
   * A page the version does not define is `null`.
   */
  readonly tagPages: readonly (readonly (string | null)[] | null)[];
  /** Element name to `page << 8 | token`. Element names are unique within a version. */
  readonly tagByName: ReadonlyMap<string, number>;
  /** Attribute start tokens of attribute code page 0, in token order. */
  readonly attributeStarts: readonly AttributeStart[];
  /** Value tokens (sent as EXT_T_0 + mb_u_int32): token to name, for decoding. */
  readonly valueNames: ReadonlyMap<number, string>;
  /** Value name to token, for encoding. A name that has two tokens maps to the one the spec prefers. */
  readonly valueTokens: ReadonlyMap<string, number>;
  /** Elements whose content is an OPAQUE unsigned integer. */
  readonly integerElements: ReadonlySet<string>;
  /** Elements whose content is an OPAQUE date-time (6 bytes). */
  readonly dateTimeElements: ReadonlySet<string>;
}

/** An attribute start token: the attribute name plus the start of its value. */
export interface AttributeStart {
  readonly token: number;
  readonly name: string;
  /** The value prefix the token carries; the rest of the value follows as an inline string. */
  readonly valuePrefix: string;
}
