/**
 * Options of the codec, and the limits that bound what any input can cost.
 *
 * The resource model (the README's "Resource model" states it with the measured constants): the
 * decoder's time is linear in the input plus the text it hands out, and its memory is at most a
 * constant per input byte plus a fixed base, whatever the bytes are. The limits below make that
 * true for hostile input — above all `maxTextExpansion`, which stops WBXML's string table (one
 * entry, referenced again and again) from being a decompression bomb — and cap the absolute size
 * of one message. The defaults keep a server alive on the open internet and pass every real CSP
 * message (kilobytes to a few megabytes); `fromXml`/`encodeXml` (XML text input, generator/xml.ts)
 * read the same limits.
 *
 * Every option is checked: a value that is not what it must be is a `WbxmlError` with code
 * `bad-option`, never silently a default (`maxDepth: NaN` would otherwise turn the limit off).
 */
import { badOption, wbxmlError, type WbxmlError } from './errors.js';
import type { CspTables } from './tables.js';

export interface Limits {
  /**
   * Maximum size in bytes of a whole WBXML document: the input of `decode`, the output of `encode`.
   * Default 16 MiB.
   */
  readonly maxDocumentSize?: number;
  /** Maximum element nesting depth. Default 256 (real CSP messages nest about 12 deep). */
  readonly maxDepth?: number;
  /** Maximum number of elements in one document (decoded, encoded or written as XML). Default 1,000,000. */
  readonly maxElements?: number;
  /**
   * Maximum length of one string: an inline string, a string-table entry and OPAQUE data in bytes
   * (UTF-8), the merged text of an element and an attribute value in UTF-16 code units — measured
   * the same way by `decode` and `encode`, so that what one writes under a limit the other reads.
   * Default 16 MiB.
   */
  readonly maxStringLength?: number;
  /** Maximum size in bytes of the string table of a WBXML document (decoding). Default 1 MiB. */
  readonly maxStringTableSize?: number;
  /**
   * Maximum text, in bytes, of one document: every text, attribute value, OPAQUE datum and literal
   * name the decoder hands out, each string-table reference counted again. `encode` counts what a
   * decoder of its output will count (and checks `maxTextExpansion` against the size it writes);
   * `toXml` counts the text and attribute values it writes. Default 32 MiB.
   */
  readonly maxTextBytes?: number;
  /**
   * Maximum decoded text per input byte when decoding: a document of n bytes may decode to at most
   * `maxTextExpansion × n + 64 KiB` bytes of text (and never more than `maxTextBytes`). Without a
   * string table, text is at most about 16 bytes per input byte (a 2-byte value token naming a
   * 31-character value); string-table references are what this limit is for. Default 16.
   */
  readonly maxTextExpansion?: number;
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
  readonly valueTokensFrom?: CspTables;
  /**
   * An element the version's tables have no tag for: `'literal'` (default) writes it as a LITERAL
   * tag with its name in the string table, which WBXML allows and every decoder reads; `'error'`
   * refuses it (`WbxmlError` `unknown-tag` with the element path), for a server that accepts only
   * the elements of the spec.
   */
  readonly unknownElements?: 'literal' | 'error';
  /**
   * Write the document into this array when it fits, and return `into.subarray(0, n)`: a view of
   * `into` (same `ArrayBuffer`), with no array allocated for the result. When it does not fit,
   * the result is a fresh array, as without the option: always use the returned array
   * (`result.buffer === into.buffer` tells which). The next conversion into the same array
   * overwrites the view. On an error, what `into` holds is unspecified.
   *
   * The result array is most of what a conversion of a small message allocates (its memory made,
   * zeroed and freed again); with one `into` reused for message after message, nothing is.
   * `into` must be a Uint8Array (Buffer too), not detached, and for `encodeXml` and `decodeToXml`
   * share no byte with the input: else a `bad-option` error.
   */
  readonly into?: Uint8Array;
}

// (Sizes are written as literals, not as `64 * 1024`: esbuild keeps an unused module-level product
// in a bundle, and drops an unused literal.)

/** Text a document may decode to whatever its size, on top of `maxTextExpansion` per input byte. */
export const TEXT_ALLOWANCE = 65_536; // 64 KiB

export const DEFAULT_LIMITS: Required<Limits> = /*@__PURE__*/ Object.freeze({
  maxDocumentSize: 16_777_216, // 16 MiB
  maxDepth: 256,
  maxElements: 1_000_000,
  maxStringLength: 16_777_216, // 16 MiB
  maxStringTableSize: 1_048_576, // 1 MiB
  maxTextBytes: 33_554_432, // 32 MiB
  maxTextExpansion: 16,
});

/**
 * The limits of `options`, defaults filled in, each one checked: a count or size must be a
 * non-negative integer (or `Infinity` for no limit), `maxTextExpansion` a non-negative number.
 * Every call of the codec comes through here, so each limit is read by its own name (a monomorphic
 * property load, not a keyed one in a loop) and options that set no limit, or only the defaults,
 * give the shared {@link DEFAULT_LIMITS} with nothing allocated.
 */
export function resolveLimits(options: Limits | undefined): Required<Limits> {
  checkOptionsObject(options);
  if (options === undefined) return DEFAULT_LIMITS;
  // (each read once: a getter is asked once, and the value checked is the value used)
  const docSize = options.maxDocumentSize;
  const depth = options.maxDepth;
  const elements = options.maxElements;
  const stringLength = options.maxStringLength;
  const tableSize = options.maxStringTableSize;
  const textBytes = options.maxTextBytes;
  const expansion = options.maxTextExpansion;
  // Options that set no limit (`{ version }`, what most calls pass) need no check per limit.
  if (
    docSize === undefined &&
    depth === undefined &&
    elements === undefined &&
    stringLength === undefined &&
    tableSize === undefined &&
    textBytes === undefined &&
    expansion === undefined
  ) {
    return DEFAULT_LIMITS;
  }
  const d = DEFAULT_LIMITS;
  const maxDocumentSize = limit('maxDocumentSize', docSize, d.maxDocumentSize);
  const maxDepth = limit('maxDepth', depth, d.maxDepth);
  const maxElements = limit('maxElements', elements, d.maxElements);
  const maxStringLength = limit('maxStringLength', stringLength, d.maxStringLength);
  const maxStringTableSize = limit('maxStringTableSize', tableSize, d.maxStringTableSize);
  const maxTextBytes = limit('maxTextBytes', textBytes, d.maxTextBytes);
  const maxTextExpansion = limit('maxTextExpansion', expansion, d.maxTextExpansion);
  if (
    maxDocumentSize === d.maxDocumentSize &&
    maxDepth === d.maxDepth &&
    maxElements === d.maxElements &&
    maxStringLength === d.maxStringLength &&
    maxStringTableSize === d.maxStringTableSize &&
    maxTextBytes === d.maxTextBytes &&
    maxTextExpansion === d.maxTextExpansion
  ) {
    return d;
  }
  return { maxDocumentSize, maxDepth, maxElements, maxStringLength, maxStringTableSize, maxTextBytes, maxTextExpansion };
}

/** One limit option: its default when not given, else checked (see {@link resolveLimits}). */
function limit(name: keyof Limits, v: unknown, fallback: number): number {
  if (v === undefined) return fallback;
  const ok = typeof v === 'number' && v >= 0 && (name === 'maxTextExpansion' || Number.isInteger(v) || v === Infinity);
  if (!ok) {
    throw badOption(
      `option ${name} is ${describe(v)}; it must be ${name === 'maxTextExpansion' ? 'a number' : 'an integer'} ≥ 0 (or Infinity for no limit)`,
    );
  }
  return v as number;
}

/**
 * The `limit` error of every limit, encoding and decoding: `${what}, more than ${name} (${value})`
 * — what was too much, and the option that allows more. (One message for all: the throw sites
 * pass only what differs, issue 13.)
 */
export function overLimit(what: string, name: keyof Limits, limits: Limits, at?: number | { readonly path: string }): WbxmlError {
  return wbxmlError('limit', `${what}, more than ${name} (${limits[name]})`, at);
}

/** The text budget of decoding a document of `size` bytes (see `maxTextExpansion`). */
export function textBudget(limits: Required<Limits>, size: number): number {
  return Math.min(limits.maxTextBytes, limits.maxTextExpansion * size + TEXT_ALLOWANCE);
}

/**
 * The `into` option, read once by the caller: undefined, or the caller's array once checked. It must
 * be a Uint8Array (a subclass such as Buffer too: it is only ever read through the intrinsic
 * %TypedArray% getters and written through a plain view, never through its own methods), not detached, and must not share
 * a byte with `input` (the XML or WBXML bytes being read): the result would overwrite the input.
 */
export function checkInto(into: unknown, input?: unknown): Uint8Array | undefined {
  if (into === undefined) return undefined;
  const I = intrinsics();
  // (the brand check of the spec: a proxy, or an object whose prototype is Uint8Array.prototype, has no typed array name)
  if (apply(I.tag, into) !== 'Uint8Array') throw badOption(`option into is ${describe(into)}; it must be a Uint8Array`);
  const a = into as Uint8Array;
  const length: number = apply(I.length, a);
  if (length === 0 && isDetached(apply(I.buffer, a)))
    throw badOption('option into is a Uint8Array whose buffer was transferred (detached)');
  if (input !== undefined && apply(I.tag, input) === 'Uint8Array') {
    const n: number = apply(I.length, input);
    const at: number = apply(I.byteOffset, input);
    const from: number = apply(I.byteOffset, a);
    if (n > 0 && length > 0 && apply(I.buffer, input) === apply(I.buffer, a) && from < at + n && at < from + length)
      throw badOption('option into shares bytes with the input: the result would overwrite what is being read');
  }
  return a;
}

/**
 * The first `n` bytes of `into` as a plain Uint8Array over the same memory (what the conversion
 * writes its result into and returns), or undefined when `n` bytes do not fit. `into`'s length is
 * read again here: code the conversion ran (a getter of the tree) may have detached or shrunk its
 * buffer since it was checked; then the caller returns a fresh array.
 */
export function intoView(into: Uint8Array, n: number): Uint8Array | undefined {
  const I = intrinsics();
  if (n > apply(I.length, into)) return undefined;
  return new Uint8Array(apply(I.buffer, into), apply(I.byteOffset, into), n);
}

/** Whether an ArrayBuffer was transferred (a SharedArrayBuffer never is); Node 20 has no `detached` getter. */
function isDetached(buffer: ArrayBufferLike): boolean {
  try {
    new Uint8Array(buffer, 0, 0);
    return false;
  } catch {
    return true;
  }
}

/**
 * The %TypedArray% getters `into` is read through, taken from the intrinsic prototype at the first
 * use (not at import): a subclass's own `length`, `buffer`, `set` or `subarray` (or its
 * Symbol.species) is never run, so the array checked is the array written.
 */
interface Intrinsics {
  readonly tag: () => string | undefined;
  readonly length: () => number;
  readonly byteOffset: () => number;
  readonly buffer: () => ArrayBufferLike;
}
let INTRINSICS: Intrinsics | undefined;
function intrinsics(): Intrinsics {
  if (INTRINSICS !== undefined) return INTRINSICS;
  const proto = Object.getPrototypeOf(Uint8Array.prototype) as object;
  const getter = (key: PropertyKey) => Object.getOwnPropertyDescriptor(proto, key)!.get as () => never;
  return (INTRINSICS = {
    tag: getter(Symbol.toStringTag),
    length: getter('length'),
    byteOffset: getter('byteOffset'),
    buffer: getter('buffer'),
  });
}
/** The getter `f` called on `self` (Reflect.apply: not Function.prototype.call, which other code may replace). */
function apply<R>(f: () => R, self: unknown): R {
  return Reflect.apply(f, self, NO_ARGUMENTS) as R;
}
const NO_ARGUMENTS: readonly never[] = [];

/** Options must be an object (or nothing): `decode(bytes, 5)` is a mistake worth saying. */
export function checkOptionsObject(options: unknown): void {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw badOption(`the options are ${describe(options)}; they must be an object`);
  }
}

/** The `version` option: a string when given. */
export function checkVersionOption(version: unknown): string | undefined {
  if (version !== undefined && typeof version !== 'string') {
    throw badOption(`option version is ${describe(version)}; it must be a version string such as "1.2"`);
  }
  return version;
}

/**
 * Checks the options only `encode` reads (the limits are checked by {@link resolveLimits}); returns
 * `valueTokensFrom`, read once, so that the tables checked are the tables used (a getter could give
 * others at a second read).
 */
export function checkEncodeOptions(options: EncodeOptions | undefined): CspTables | undefined {
  if (options === undefined) return undefined;
  oneOf('publicId', options.publicId, 'numeric', 'text');
  oneOf('unknownElements', options.unknownElements, 'literal', 'error');
  const from: unknown = options.valueTokensFrom;
  if (from !== undefined && !isTables(from)) {
    throw badOption(`option valueTokensFrom is ${describe(from)}; it must be the tables of a version (csp13.tables)`);
  }
  return from;
}

/** Whether `x` is an object with these methods (a sink, an XML handler): a wrong one is `bad-option`, not a TypeError inside. */
export function hasMethods(x: unknown, names: readonly string[]): boolean {
  if (x === null || typeof x !== 'object') return false;
  for (let i = 0; i < names.length; i++) if (typeof (x as Record<string, unknown>)[names[i]!] !== 'function') return false;
  return true;
}

/**
 * A registry: a non-empty array of tables (a hole is not tables either: hence no `every`, which
 * skips holes). The registry checked last is remembered with its length, so that decoding message
 * after message with one registry checks it once (an entry replaced in place afterwards is the
 * caller's own doing).
 */
export function isRegistry(r: unknown): r is readonly CspTables[] {
  if (r !== undefined && r === lastRegistry && lastRegistry.length === lastRegistryLength) return true;
  if (!Array.isArray(r) || r.length === 0) return false;
  for (let i = 0; i < r.length; i++) if (!isTables(r[i])) return false;
  lastRegistry = r;
  lastRegistryLength = r.length;
  return true;
}
let lastRegistry: readonly unknown[] | undefined;
let lastRegistryLength = 0;

/**
 * Whether `t` has the shape of a version's tables in every part the engine iterates or looks up
 * (not each entry: the tables are the generated ones), so that a wrong object given for them is a
 * `bad-option` error rather than a TypeError inside the engine.
 */
export function isTables(t: unknown): t is CspTables {
  if (t === lastTables && t !== undefined) return true; // (the tables checked last: every encode asks)
  const x = t as Partial<CspTables> | null;
  const ok =
    typeof x === 'object' &&
    x !== null &&
    Array.isArray(x.tagPages) &&
    x.tagByName instanceof Map &&
    Array.isArray(x.attributeStarts) &&
    x.valueNames instanceof Map &&
    x.valueTokens instanceof Map &&
    x.integerElements instanceof Set &&
    x.dateTimeElements instanceof Set &&
    Array.isArray(x.otherPublicIdTexts) &&
    typeof x.namespaces === 'object' &&
    x.namespaces !== null;
  if (ok) lastTables = t;
  return ok;
}
let lastTables: unknown;

/** An option that is one of two strings when given. */
function oneOf(name: keyof EncodeOptions, v: unknown, a: string, b: string): void {
  if (v !== undefined && v !== a && v !== b) throw badOption(`option ${name} is ${describe(v)}; it must be '${a}' or '${b}'`);
}

/** A short description of a bad option value for an error message. */
export function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'number' || typeof v === 'boolean' || v === undefined || v === null) return String(v);
  return Array.isArray(v) ? 'an array' : `a ${typeof v}`;
}
