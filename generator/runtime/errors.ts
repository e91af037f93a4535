/**
 * The one error type of the codec. Every failure of `decode`, `decodeWith`, `decodeToXml`,
 * `encode`, `toXml`, `fromXml` and `encodeXml` is a `WbxmlError` — bad input, a bad tree, a bad
 * option, a limit reached — so callers can catch it without also guarding against
 * TypeError/RangeError from the engine (the fuzzer and the tests hold the engine to that).
 */

/** What went wrong, as a stable machine-readable code. */
export type WbxmlErrorCode =
  /** The input ended inside a token, string or length. */
  | 'truncated'
  /** A byte that is not allowed at this place (an unknown global token, a bad header field). */
  | 'unexpected-byte'
  /**
   * A tag token or code page the version does not define; when encoding with `unknownElements:
   * 'error'`, an element the version has no tag for.
   */
  | 'unknown-tag'
  /** An attribute start token the version does not define. */
  | 'unknown-attribute'
  /** An EXT_T_0 value token the version does not define. */
  | 'unknown-value'
  /** The public id and the root namespace name no known CSP version. */
  | 'unknown-version'
  /** A multi-byte integer longer than 5 bytes or above 2^32-1. */
  | 'bad-integer'
  /**
   * A string table reference outside the table, or to bytes with no terminating NUL. (A reference
   * into the middle of a string is valid WBXML, as libwbxml reads it: the text from there to the NUL.)
   */
  | 'bad-string-reference'
  /**
   * Text that no XML document can hold: bytes that are not valid UTF-8, or a character XML 1.0
   * forbids (U+0000, the C0 controls other than tab, LF and CR, U+FFFE, U+FFFF, a lone surrogate).
   */
  | 'bad-text'
  /** An ENTITY that is not a character XML 1.0 allows (a surrogate, above U+10FFFF, a control...). */
  | 'bad-entity'
  /** OPAQUE data that does not fit the element's data type (integer, date-time). */
  | 'bad-opaque'
  /** A value that does not fit the element's data type when encoding (e.g. `-1` as an integer). */
  | 'bad-value'
  /** An element or attribute name that is not an XML name. */
  | 'bad-name'
  /** A document that breaks a structural rule (END without element, bytes after the root...). */
  | 'bad-structure'
  /** A limit of the options was exceeded (document size, depth, elements, string, string table, text). */
  | 'limit'
  /** An option that is not what it must be (`maxDepth: NaN`, `publicId: 'txt'`, an indent that is not white space). */
  | 'bad-option'
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

/**
 * A {@link WbxmlError} at a byte offset (a number: decoding) or an element path (encoding). The
 * engine's throw sites call this rather than the constructor: one short call each in a bundle
 * (issue 13), with the same error and message.
 */
export function wbxmlError(code: WbxmlErrorCode, message: string, at?: At): WbxmlError {
  return new WbxmlError(code, message, typeof at === 'number' ? { offset: at } : at);
}

/** Where an error is: a byte offset (decoding) or an element path (encoding). */
type At = number | { readonly path: string };

// The codes the engine throws most, each with its own function: a throw site is then one short
// call with its message and place (`badStructure('END without an open element', at)`), 0.4 KB
// less in a bundle than naming the code at each of them (issue 13).

export function badStructure(message: string, at?: At): WbxmlError {
  return wbxmlError('bad-structure', message, at);
}
export function badOption(message: string): WbxmlError {
  return wbxmlError('bad-option', message);
}
export function truncated(message: string, at: number): WbxmlError {
  return wbxmlError('truncated', message, at);
}
export function badValue(message: string, at: At): WbxmlError {
  return wbxmlError('bad-value', message, at);
}
export function badOpaque(message: string, at: number): WbxmlError {
  return wbxmlError('bad-opaque', message, at);
}
