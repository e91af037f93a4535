/**
 * Options of the codec. The limits have safe defaults: a hostile input cannot make the decoder
 * nest deeper, allocate longer strings or read a bigger document than these.
 */

export interface Limits {
  /** Maximum element nesting depth. Default 256 (real CSP messages nest about 12 deep). */
  readonly maxDepth?: number;
  /** Maximum length in bytes of one string (inline, table entry, OPAQUE). Default 16 MiB. */
  readonly maxStringLength?: number;
  /** Maximum size in bytes of a whole document (decode input, encode output). Default 64 MiB. */
  readonly maxDocumentSize?: number;
}

export interface DecodeOptions extends Limits {
  /**
   * Decode with this version's tables whatever the header says (like `wbxml2xml -l CSP12`).
   * By default the version comes from the public id or, failing that, the root's xmlns.
   */
  readonly version?: string;
}

export interface EncodeOptions extends Limits {
  /**
   * How to write the public id: `'numeric'` (default: 0x10/0x11/0x12, what AOSP, Symbian and
   * tshark expect) or `'text'` (public id 0 + the DTD text in the string table, the form libwbxml
   * writes and reads for CSP 1.2).
   */
  readonly publicId?: 'numeric' | 'text';
  /**
   * Take the value tokens from these tables instead of the document's version. By default a text
   * the version has no token for is sent as a string, which every receiver reads; AOSP encodes every
   * version with its 1.3 value table (SHTTP as 0xA5 in a 1.2 message), and passing the 1.3 tables
   * here reproduces that byte for byte.
   */
  readonly valueTokensFrom?: import('./tables.js').CspTables;
}

export const DEFAULT_LIMITS: Required<Limits> = {
  maxDepth: 256,
  maxStringLength: 16 * 1024 * 1024,
  maxDocumentSize: 64 * 1024 * 1024,
};

export function resolveLimits(options: Limits | undefined): Required<Limits> {
  return {
    maxDepth: options?.maxDepth ?? DEFAULT_LIMITS.maxDepth,
    maxStringLength: options?.maxStringLength ?? DEFAULT_LIMITS.maxStringLength,
    maxDocumentSize: options?.maxDocumentSize ?? DEFAULT_LIMITS.maxDocumentSize,
  };
}
