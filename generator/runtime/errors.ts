/**
 * The one error type of the codec. Every failure of `decode`, `encode`, `fromXml` and `toXml` is a
 * `WbxmlError`: callers can catch it without also guarding against TypeError/RangeError from the
 * engine (the fuzzer holds the engine to that).
 */

/** What went wrong, as a stable machine-readable code. */
export type WbxmlErrorCode =
  /** The input ended inside a token, string or length. */
  | 'truncated'
  /** A byte that is not allowed at this place (an unknown global token, a bad header field). */
  | 'unexpected-byte'
  /** A tag token or code page the version does not define. */
  | 'unknown-tag'
  /** An attribute start token the version does not define. */
  | 'unknown-attribute'
  /** An EXT_T_0 value token the version does not define. */
  | 'unknown-value'
  /** The public id and the root namespace name no known CSP version. */
  | 'unknown-version'
  /** A multi-byte integer longer than 5 bytes or above 2^32-1. */
  | 'bad-integer'
  /** A string table reference outside the table or not at the start of a string. */
  | 'bad-string-reference'
  /** Bytes that are not valid UTF-8, or a character that cannot be sent. */
  | 'bad-text'
  /** An ENTITY that is not a Unicode scalar value. */
  | 'bad-entity'
  /** OPAQUE data that does not fit the element's data type (integer, date-time). */
  | 'bad-opaque'
  /** A value that does not fit the element's data type when encoding (e.g. `-1` as an integer). */
  | 'bad-value'
  /** An element or attribute name that is not an XML name. */
  | 'bad-name'
  /** A document that breaks a structural rule (END without element, bytes after the root...). */
  | 'bad-structure'
  /** A limit of the options was exceeded (depth, string length, document size). */
  | 'limit'
  /** XML text that is not well-formed (fromXml). */
  | 'bad-xml';

export class WbxmlError extends Error {
  /**
   * Every copy of the engine (each generated/ folder, and imps-tokengen's own for `imps-tokengen/xml`)
   * has its own class; `instanceof WbxmlError` recognises the errors of all of them.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof Error && value.name === 'WbxmlError' && typeof (value as { code?: unknown }).code === 'string';
  }

  override readonly name = 'WbxmlError';
  /** The machine-readable kind of failure. */
  readonly code: WbxmlErrorCode;
  /** For decoding: the byte offset in the input where the problem is. */
  readonly offset: number | undefined;
  /** For encoding: the element path, for example `/WV-CSP-Message/Session/ContentSize`. */
  readonly path: string | undefined;

  constructor(code: WbxmlErrorCode, message: string, where: { offset?: number; path?: string } = {}) {
    const place = where.offset !== undefined ? ` (at byte ${where.offset})` : where.path !== undefined ? ` (at ${where.path})` : '';
    super(message + place);
    this.code = code;
    this.offset = where.offset;
    this.path = where.path;
  }
}
