/**
 * XML text → element tree or WBXML, with no dependency: a reader for the part of XML 1.0 that CSP
 * messages use, so that a server receiving `application/vnd.wv.csp.xml` needs no XML parser.
 *
 * What it reads: UTF-8 bytes (a leading BOM skipped; the XML declaration may only name UTF-8) or a
 * string; the XML declaration; a DOCTYPE (its public id picks the CSP version when the root has no
 * xmlns); elements and attributes; text with the five predefined entities and numeric character
 * references; CDATA sections (as text). Comments and processing instructions are checked and
 * skipped. Line ends are normalised (CRLF and CR → LF) and attribute values too (each white space
 * character → a space), as XML 1.0 says; a character reference is kept as written (`&#xD;` is a CR).
 *
 * What it refuses, as every XML processor must: anything not well-formed, each a `WbxmlError`
 * `bad-xml` with the line:column. And what it refuses by choice: entity declarations and attribute
 * list declarations in an internal DTD subset (no entity expansion, so no "billion laughs"; no
 * attribute defaults that would change the data), an encoding other than UTF-8 in bytes. Namespaces
 * are not interpreted: `xmlns` is an attribute like the others (the CSP version reads it).
 *
 * Cost: one pass, time linear in the input (no backtracking, no quadratic string building: texts
 * are slices of the input or joined once), nesting on an explicit stack (no recursion), memory
 * bounded by the input and the limits (`maxDocumentSize` for the text itself, `maxDepth`,
 * `maxElements`, `maxStringLength` for one text or attribute value), each a `WbxmlError` `limit`.
 * Nothing but a `WbxmlError` is thrown.
 *
 * Whitespace-only text next to child elements (indentation) is not reported; any other text is
 * reported whole (`<Description> a </Description>` keeps its spaces), once per run of text between
 * tags (comments, PIs, CDATA and references inside a run do not split it).
 */
import { Encoder, type NameLookup } from './encoder.js';
import { WbxmlError } from './errors.js';
import { checkInto, checkOptionsObject, hasMethods, resolveLimits, type EncodeOptions, type Limits } from './options.js';
import type { CspTables } from './tables.js';
import { emptyAttributes, NO_ATTRIBUTES, type CspElement, type CspNode } from './tree.js';
import { tablesFor } from './version.js';

declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array): string;
}

/**
 * The limits of the XML reader: the codec's own `Limits` (one `maxElements` for every conversion,
 * checked like the others: an invalid value is `bad-option`). `maxDocumentSize` bounds the XML
 * text itself: its bytes, or the length of a string. (Kept as a name for code written against it.)
 */
export type XmlLimits = Limits;

/** What the reader reports, in document order. */
export interface XmlHandler {
  /** The DOCTYPE, before the root element: its name and its public id (undefined without PUBLIC). */
  doctype?(name: string, publicId: string | undefined): void;
  /** An element starts; `attributes` has no prototype (an attribute may be called `__proto__`). */
  start(name: string, attributes: Readonly<Record<string, string>>): void;
  /** A run of text (never empty; whitespace-only runs next to child elements are not reported). */
  text(text: string): void;
  /** The innermost open element ends. */
  end(): void;
}

export interface ParsedXml {
  readonly doc: CspElement;
  /** The public id of the DOCTYPE, if the text has one (`-//OMA//DTD WV-CSP 1.2//EN`). */
  readonly doctypePublicId: string | undefined;
}

/** What `fromXml` returns when given a registry: the tree and the CSP version of the message. */
export interface ParsedCspXml extends ParsedXml {
  /** The CSP version the message is in, chosen as `encodeXml` chooses it (`"1.2"`). */
  readonly version: string;
  /** That version's tables (the registry entry): `encode(doc, tables)` writes the message back. */
  readonly tables: CspTables;
}

const HANDLER_METHODS = ['start', 'text', 'end'];

/** Reads one XML document into `handler`. */
export function readXml(input: string | Uint8Array, handler: XmlHandler, options?: XmlLimits): void {
  const limits = resolveLimits(options);
  if (!hasMethods(handler, HANDLER_METHODS) || !(handler.doctype === undefined || typeof handler.doctype === 'function')) {
    throw new WbxmlError('bad-option', 'readXml expects a handler object with the methods start, text and end (and doctype or none)');
  }
  if (typeof input === 'string') {
    if (input.length > limits.maxDocumentSize)
      throw new WbxmlError(
        'limit',
        `the XML text is ${input.length} characters long, more than maxDocumentSize (${limits.maxDocumentSize})`,
      );
  } else if (input instanceof Uint8Array) {
    if (input.length > limits.maxDocumentSize)
      throw new WbxmlError('limit', `the XML text has ${input.length} bytes, more than maxDocumentSize (${limits.maxDocumentSize})`, {
        offset: 0,
      });
    if (input.length >= 2 && ((input[0] === 0xfe && input[1] === 0xff) || (input[0] === 0xff && input[1] === 0xfe)))
      throw new WbxmlError('bad-xml', 'XML 1:1: the text is UTF-16 (it starts with a UTF-16 byte order mark); give it as a string', {
        offset: 0,
      });
  } else {
    throw new WbxmlError('bad-xml', 'the XML text must be a string or a Uint8Array of UTF-8');
  }
  // (a view of a transferred buffer has no bytes, and TextDecoder will not read it: read an empty array)
  if (typeof input !== 'string' && input.length === 0) input = new Uint8Array(0);
  try {
    new Reader(input, handler, limits.maxDepth, limits.maxStringLength, limits.maxElements).document();
  } catch (e) {
    if (e instanceof WbxmlError) throw e;
    // The engine allocates nothing unbounded; a RangeError here is the JavaScript engine running
    // out of room for a string or an array the limits allowed (limits raised to Infinity).
    if (e instanceof RangeError) throw new WbxmlError('limit', `the XML text is too large for this JavaScript engine: ${e.message}`);
    throw e;
  }
}

/**
 * Parses one XML document into an element tree; a syntax error is a `WbxmlError` `bad-xml` with the
 * line:column. Given a registry, it also says which CSP version the message is in, chosen as
 * `encodeXml` chooses it: `options.version`, else the root's xmlns, else the DOCTYPE's public id
 * (none of them: `unknown-version`).
 */
export function fromXml(input: string | Uint8Array, options?: XmlLimits): ParsedXml;
export function fromXml(
  input: string | Uint8Array,
  registry: readonly CspTables[],
  options?: XmlLimits & { readonly version?: string },
): ParsedCspXml;
export function fromXml(
  input: string | Uint8Array,
  registryOrOptions?: readonly CspTables[] | XmlLimits,
  options?: XmlLimits & { readonly version?: string },
): ParsedXml | ParsedCspXml {
  const registry = Array.isArray(registryOrOptions) ? (registryOrOptions as readonly CspTables[]) : undefined;
  const opts = registry ? options : (registryOrOptions as XmlLimits | undefined);
  const builder = new TreeBuilder();
  readXml(input, builder, opts);
  const doc = builder.root!;
  const doctypePublicId = builder.publicId;
  if (!registry) return { doc, doctypePublicId };
  const tables = tablesFor(doc, registry, options?.version, doctypePublicId);
  return { doc, doctypePublicId, version: tables.version, tables };
}

/**
 * XML text → WBXML in one pass: the reader's events drive the encoder directly, without a tree in
 * between (the same bytes as `encode(fromXml(text).doc, tables)`). The version is
 * `options.version`, else the root's xmlns, else the DOCTYPE's public id.
 */
export function encodeXml(
  input: string | Uint8Array,
  registry: readonly CspTables[],
  options?: EncodeOptions & { readonly version?: string },
): { version: string; bytes: Uint8Array } {
  // (`into` read once, and checked against the input before a byte is read; see EncodeOptions.into)
  checkOptionsObject(options);
  const into = checkInto(options?.into, input);
  const sink = new EncoderSink(registry, options);
  try {
    readXml(input, sink, options);
    return { version: sink.tables!.version, bytes: sink.encoder!.finish(into) };
  } finally {
    sink.encoder?.release();
  }
}

// ---- the two handlers the engine ships --------------------------------------------------------------

/** Shared by every element without attributes (frozen: the tree is read-only; no prototype, like the others). */

/**
 * Builds the tree on one scratch stack of nodes: an element's children are the nodes pushed since
 * it started, copied once into an array of exactly their number when it ends (no array grown by
 * push per element, which would leave most of its capacity unused in the tree).
 */
class TreeBuilder implements XmlHandler {
  root: CspElement | undefined;
  publicId: string | undefined;
  /** The scratch stack: `nodes[0, count)` are the children read so far of the open elements. */
  private readonly nodes: CspNode[] = [];
  private count = 0;
  // The open elements, in three stacks (no record per element).
  private readonly names: string[] = [];
  private readonly attributes: Readonly<Record<string, string>>[] = [];
  private readonly from: number[] = [];

  doctype(_name: string, publicId: string | undefined): void {
    this.publicId = publicId;
  }
  start(name: string, attributes: Readonly<Record<string, string>>): void {
    this.names.push(name);
    this.attributes.push(attributes);
    this.from.push(this.count);
  }
  text(text: string): void {
    this.nodes[this.count++] = text;
  }
  end(): void {
    const from = this.from.pop()!;
    // (Not `nodes.length = from`: shrinking an array is a call into the runtime; the slots above
    // `count` are overwritten as the stack grows again.)
    // (array literals for the commonest small cases, one text or two children: no call into slice)
    const nodes = this.nodes;
    const n = this.count - from;
    const children = n === 1 ? [nodes[from]!] : n === 2 ? [nodes[from]!, nodes[from + 1]!] : nodes.slice(from, this.count);
    const el: CspElement = { name: this.names.pop()!, attributes: this.attributes.pop()!, children };
    this.count = from;
    if (this.names.length > 0) this.nodes[this.count++] = el;
    else this.root = el;
  }
}

/** Feeds the encoder core; its tables are chosen when the root element starts (xmlns, else DOCTYPE). */
class EncoderSink implements XmlHandler {
  tables: CspTables | undefined;
  encoder: Encoder | undefined;
  private publicId: string | undefined;
  private readonly registry: readonly CspTables[];
  private readonly options: (EncodeOptions & { readonly version?: string }) | undefined;

  // No parameter properties: the engine is erasable TypeScript (type stripping, erasableSyntaxOnly).
  constructor(registry: readonly CspTables[], options: (EncodeOptions & { readonly version?: string }) | undefined) {
    this.registry = registry;
    this.options = options;
  }

  doctype(_name: string, publicId: string | undefined): void {
    this.publicId = publicId;
  }
  start(name: string, attributes: Readonly<Record<string, string>>): void {
    let encoder = this.encoder;
    if (!encoder) {
      this.tables = tablesFor({ name, attributes, children: [] }, this.registry, this.options?.version, this.publicId);
      encoder = this.encoder = new Encoder(this.tables, this.options, forFreshNames);
    }
    encoder.start(name, attributes);
  }
  text(text: string): void {
    this.encoder!.text(text);
  }
  end(): void {
    this.encoder!.end();
  }
}

/** One name of a {@link NameTable}, and the next with the same key. */
interface NameEntry<T> {
  readonly name: string;
  readonly value: T;
  readonly next: NameEntry<T> | undefined;
}

/**
 * Name → value for the encoder, for names that are fresh strings, as the reader's are (sliced from
 * the XML text): a Map hashes each fresh string in full, a tenth of encoding a small message from
 * XML text; this table keys on the length and three characters (a small integer) and compares the
 * name with the one or two that share the key. (It lives here, not in the encoder, so that a bundle
 * without the XML reader does not carry it.)
 */
class NameTable<T> implements NameLookup<T> {
  private readonly buckets = new Map<number, NameEntry<T>>();

  constructor(entries: ReadonlyMap<string, T>) {
    for (const [name, value] of entries) {
      const key = nameKey(name);
      this.buckets.set(key, { name, value, next: this.buckets.get(key) });
    }
  }

  get(name: string): T | undefined {
    for (let e = this.buckets.get(nameKey(name)); e !== undefined; e = e.next) if (e.name === name) return e.value;
    return undefined;
  }
}

function nameKey(s: string): number {
  const n = s.length;
  return n === 0 ? 0 : (n << 16) ^ (s.charCodeAt(0) << 8) ^ (s.charCodeAt(n >> 1) << 4) ^ s.charCodeAt(n - 1);
}

const freshCache = new WeakMap<ReadonlyMap<string, unknown>, NameTable<unknown>>();

/** The NameTable of a Map, made once per Map (the encoder's `FreshNames`). */
function forFreshNames<T>(map: ReadonlyMap<string, T>): NameLookup<T> {
  let table = freshCache.get(map) as NameTable<T> | undefined;
  if (!table) freshCache.set(map, (table = new NameTable(map)));
  return table;
}

// ---- UTF-8 --------------------------------------------------------------------------------------------

// fatal: invalid UTF-8 is an error, never U+FFFD. ignoreBOM: a U+FEFF is always kept (the reader
// skips one at the very start): TextDecoder would drop one at the start of every window.
const utf8 = /*@__PURE__*/ new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * UTF-8 is decoded a window at a time, never the whole text at once: a string of more than 128 KB
 * goes to V8's large-object space, whose every allocation maps fresh memory (and is slow where page
 * faults are, as on virtual machines). The windows stay below that; a token longer than a window
 * makes it grow.
 */
const WINDOW = 32_768; // 32 KiB (a literal: bundlers drop it when unused)

/** The offset of the first byte of the first invalid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
    if (need === 0) return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    const min = need === 1 ? 0x80 : need === 2 ? 0x800 : 0x10000;
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return n;
}

/**
 * The byte offset, line and column of the character at UTF-16 index `units` of the text of `bytes`
 * (for an error: walks the bytes once).
 */
function bytePosition(bytes: Uint8Array, units: number): { offset: number; line: number; column: number } {
  let line = 1;
  let column = 1;
  let u = 0;
  let i = 0;
  while (u < units && i < bytes.length) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
    if (b === LF || (b === CR && bytes[i + 1] !== LF)) {
      line++;
      column = 1;
    } else column++;
    u += length === 4 ? 2 : 1;
    i += length;
  }
  return { offset: i, line, column };
}

/** 1-based line and column (in characters) of `at` in `s`; CRLF, CR and LF each end a line. */
function lineColumn(s: string, at: number): [number, number] {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < at; i++) {
    const c = s.charCodeAt(i);
    if (c === LF || (c === CR && s.charCodeAt(i + 1) !== LF)) {
      line++;
      lineStart = i + 1;
    }
  }
  let column = 1;
  for (let i = lineStart; i < at; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff || i === lineStart) column++; // a surrogate pair is one character
  }
  return [line, column];
}

// ---- characters --------------------------------------------------------------------------------------

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const BANG = 0x21;
const QUOT = 0x22;
const HASH = 0x23;
const AMP = 0x26;
const APOS = 0x27;
const DASH = 0x2d;
const SLASH = 0x2f;
const SEMI = 0x3b;
const LT = 0x3c;
const EQ = 0x3d;
const GT = 0x3e;
const QM = 0x3f;
const LSQB = 0x5b;
const RSQB = 0x5d;

/** ASCII name characters: bit 1 = may start a name, bit 2 = may continue one. */
const NAME_ASCII = /*@__PURE__*/ Uint8Array.from({ length: 128 }, (_, c) => {
  const letter = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x3a;
  const other = (c >= 0x30 && c <= 0x39) || c === DASH || c === 0x2e;
  return letter ? 3 : other ? 2 : 0;
});

/** XML 1.0 (5th edition) NameStartChar above ASCII (code points). */
function isNameStartAbove(cp: number): boolean {
  return (
    (cp >= 0xc0 && cp <= 0xd6) ||
    (cp >= 0xd8 && cp <= 0xf6) ||
    (cp >= 0xf8 && cp <= 0x2ff) ||
    (cp >= 0x370 && cp <= 0x37d) ||
    (cp >= 0x37f && cp <= 0x1fff) ||
    (cp >= 0x200c && cp <= 0x200d) ||
    (cp >= 0x2070 && cp <= 0x218f) ||
    (cp >= 0x2c00 && cp <= 0x2fef) ||
    (cp >= 0x3001 && cp <= 0xd7ff) ||
    (cp >= 0xf900 && cp <= 0xfdcf) ||
    (cp >= 0xfdf0 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0xeffff)
  );
}

function isNameCharAbove(cp: number): boolean {
  return cp === 0xb7 || (cp >= 0x300 && cp <= 0x36f) || (cp >= 0x203f && cp <= 0x2040) || isNameStartAbove(cp);
}

const isSpace = (c: number): boolean => c === SP || c === LF || c === TAB || c === CR;

/** The five entities XML predefines; undefined for any other name. */
function predefined(name: string): string | undefined {
  switch (name) {
    case 'lt':
      return '<';
    case 'gt':
      return '>';
    case 'amp':
      return '&';
    case 'apos':
      return "'";
    case 'quot':
      return '"';
    default:
      return undefined;
  }
}

/** PubidChar of XML 1.0 (the characters a public id may have): ASCII letters, digits, these, and space, CR, LF. */
const PUBID_CHARS = /*@__PURE__*/ Uint8Array.from({ length: 128 }, (_, c) =>
  // letters, digits, - . _ : (the name characters), and these
  NAME_ASCII[c] !== 0 || " \r\n-'()+,./:=?;!*#@$_%".includes(String.fromCharCode(c)) ? 1 : 0,
);

/**
 * A public id as XML matches it: white space runs as one space, trimmed. Undefined if it has a
 * character a public id may not have (its index is then found again for the error).
 */
function publicIdOf(raw: string): string | undefined {
  let plain = true;
  for (let k = 0; k < raw.length; k++) {
    const c = raw.charCodeAt(k);
    if (c >= 128 || PUBID_CHARS[c] === 0) return undefined;
    if (c === CR || c === LF || (c === SP && (k === 0 || k === raw.length - 1 || raw.charCodeAt(k + 1) === SP))) plain = false;
  }
  return plain ? raw : raw.replace(/[ \r\n]+/g, ' ').trim();
}

const normaliseLineEnds = (s: string): string => s.replace(/\r\n?/g, '\n');
const normaliseAttribute = (s: string): string => s.replace(/\r\n|[\r\n\t]/g, ' ');

// ---- the reader ----------------------------------------------------------------------------------------

/** Thrown inside the reader when a token reaches the end of the window: the token is read again with more text. */
const REFILL = { refill: true };
const COMMON_DECLARATIONS = ['<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?>'];

/** What the prolog loop has read. */
const END = 0;
const DOCTYPE = 1;
const ROOT = 2;

class Reader {
  /** The window: the text being read, `s[i]` the next character, `n` its length. */
  private s: string;
  private i = 0;
  private n: number;
  /** Whether the window reaches the end of the input (always, for a string). */
  private final: boolean;
  /** The index in the whole text of the window's first character. */
  private base = 0;
  /** For bytes: the next byte to decode. */
  private byteEnd = 0;
  /** Where the token being read starts (it is read again from there after a refill). */
  private token = 0;

  /** Open elements: names and where their start tags began (for error messages). */
  private readonly names: string[] = [];
  /** Where the open elements' start tags began, as indexes in the whole text. */
  private readonly starts: number[] = [];
  /** Whether each open element has had a child element (then whitespace-only text is indentation). */
  private readonly hasChild: boolean[] = [];
  private elements = 0;

  // The text run being read: one slice of the input [tA, tB) while that is all it is, else parts.
  private tA = 0;
  private tB = 0;
  private tCR = false;
  private tParts: string[] | null = null;
  private tBlank = true;
  private tLength = 0;

  private readonly input: string | Uint8Array;
  private readonly handler: XmlHandler;
  private readonly maxDepth: number;
  private readonly maxStringLength: number;
  private readonly maxElements: number;

  constructor(input: string | Uint8Array, handler: XmlHandler, maxDepth: number, maxStringLength: number, maxElements: number) {
    this.input = input;
    this.handler = handler;
    this.maxDepth = maxDepth;
    this.maxStringLength = maxStringLength;
    this.maxElements = maxElements;
    if (typeof input === 'string') {
      this.s = input;
      this.final = true;
    } else {
      this.s = '';
      this.final = input.length === 0;
      this.refill(0);
    }
    this.n = this.s.length;
  }

  // ---- the window ---------------------------------------------------------------------------------------

  /**
   * Drops the window up to `from` and decodes more bytes after it: at least half a window's worth,
   * and at least half as much as is kept, so that a long token grows the window by half at least
   * (linear time overall).
   */
  private refill(from: number): void {
    const bytes = this.input as Uint8Array;
    // Pending text is a slice of the window: make it a string of its own first.
    if (this.tParts === null && this.tA !== this.tB) {
      this.tParts = [this.pendingSlice()];
      this.tA = this.tB = 0;
    }
    // The kept characters are decoded again from their bytes with the new ones, not joined to them
    // (`kept + more`): a joined string is a cons string, which V8 flattens at the first read but
    // then reads through one more indirection at every charCodeAt, slice and startsWith of the
    // window (a tenth more time per byte from the second window on). Their bytes: counted back
    // from the window's end (the window ends between characters; UTF-8 was checked as decoded).
    const s = this.s;
    let keptBytes = 0;
    for (let k = from; k < s.length; k++) {
      const c = s.charCodeAt(k);
      keptBytes += c < 0x80 ? 1 : c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 2 : 3; // (a surrogate pair: 4)
    }
    const kept = Math.max(0, s.length - from);
    this.base += from;
    let end = Math.min(bytes.length, this.byteEnd + Math.max(WINDOW, kept));
    if (end < bytes.length) {
      // Just after a '>' in the second half of the new bytes, when there is one: the window then
      // ends where a tag does, and the next token begins at the window's end, which the token loop
      // checks before it reads a character. A token cut by the window's end is read past its last
      // character (NaN, then REFILL), and V8 answers an out-of-bounds charCodeAt by deoptimising
      // and compiling the function again for that case: from the second window on, and in the
      // later calls of the process, the reader's loops ran at about half speed (`--trace-deopt`:
      // "out of bounds" in textRun, startTag, endTag, name). ('>' is never a byte inside UTF-8.)
      const least = this.byteEnd + ((end - this.byteEnd) >> 1);
      let gt = end - 1;
      while (gt >= least && bytes[gt] !== GT) gt--;
      if (gt >= least) end = gt + 1;
      // Else not inside a character (at most 3 continuation bytes; more is invalid UTF-8, which decoding reports).
      else for (let k = 0; k < 3 && (bytes[end]! & 0xc0) === 0x80; k++) end--;
    }
    let window: string;
    try {
      window = utf8.decode(bytes.subarray(this.byteEnd - keptBytes, end));
    } catch {
      const at = firstInvalidUtf8(bytes);
      const { line, column } = bytePosition(bytes, utf8.decode(bytes.subarray(0, at)).length);
      throw new WbxmlError('bad-xml', `XML ${line}:${column}: bytes that are not UTF-8`, { offset: at });
    }
    this.s = window;
    this.n = window.length;
    this.i -= from;
    this.byteEnd = end;
    this.final = end === bytes.length;
  }

  // ---- errors -------------------------------------------------------------------------------------

  /**
   * A syntax error at `at` of the window. While the window does not reach the end of the input, it
   * may only be the window's end: the token is then read again with more text (REFILL), and the
   * error reported once the window is final.
   */
  private fail(at: number, message: string): never {
    if (!this.final) throw REFILL;
    this.error(at, message, 'bad-xml');
  }

  private error(at: number, message: string, code: 'bad-xml' | 'limit'): never {
    const { line, column, offset } = this.position(this.base + at);
    throw new WbxmlError(code, `XML ${line}:${column}: ${message}`, offset === undefined ? {} : { offset });
  }

  private position(index: number): { line: number; column: number; offset: number | undefined } {
    if (typeof this.input === 'string') {
      const [line, column] = lineColumn(this.input, index);
      return { line, column, offset: undefined };
    }
    return bytePosition(this.input, index);
  }

  /** Line:column of an index in the whole text. */
  private where(index: number): string {
    const { line, column } = this.position(index);
    return `${line}:${column}`;
  }

  /** A character that XML 1.0 does not allow anywhere (controls, U+FFFE/U+FFFF, a lone surrogate). */
  private badChar(at: number): never {
    const c = this.s.charCodeAt(at);
    // A character wholly in the window (windows end between characters): an error whatever follows.
    this.error(at, `the character U+${c.toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`, 'bad-xml');
  }

  /** Checks that [a, b) has only characters XML allows (for comments, PIs, CDATA, DOCTYPE). */
  private checkChars(a: number, b: number): void {
    const s = this.s;
    for (let j = a; j < b; j++) {
      const c = s.charCodeAt(j);
      if (c >= SP && c < 0xd800) continue;
      if (c === LF || c === TAB || c === CR) continue;
      if (c >= 0xd800 && c <= 0xdbff) {
        const d = s.charCodeAt(j + 1);
        if (j + 1 < b && d >= 0xdc00 && d <= 0xdfff) {
          j++;
          continue;
        }
        this.badChar(j);
      }
      if (c < SP || (c >= 0xdc00 && c <= 0xdfff) || c >= 0xfffe) this.badChar(j);
    }
  }

  // ---- the document ---------------------------------------------------------------------------------

  document(): void {
    let rootSeen = false;
    let doctypeSeen = false;
    for (;;) {
      let read: typeof END | typeof DOCTYPE | typeof ROOT;
      try {
        read = this.prologOrEpilog(rootSeen, doctypeSeen);
      } catch (e) {
        if (e !== REFILL) throw e;
        this.i = this.token;
        this.refill(this.token);
        continue;
      }
      if (read === END) break;
      if (read === ROOT) rootSeen = true;
      else doctypeSeen = true;
    }
    if (!rootSeen) this.fail(this.n, 'the XML text has no root element');
  }

  /**
   * Everything outside the root element: reads tokens until the end of the input (END), or until
   * it has read the DOCTYPE (DOCTYPE) or the root element (ROOT), which may only come once.
   */
  private prologOrEpilog(rootSeen: boolean, doctypeSeen: boolean): typeof END | typeof DOCTYPE | typeof ROOT {
    const s = this.s;
    const n = this.n;
    if (this.base === 0 && this.i === 0) {
      this.token = 0;
      if (s.charCodeAt(0) === 0xfeff) this.i = 1; // a BOM
      if (s.startsWith('<?xml', this.i) && (isSpace(s.charCodeAt(this.i + 5)) || s.charCodeAt(this.i + 5) === QM)) this.xmlDeclaration();
    }
    for (;;) {
      if (this.i >= n) {
        if (this.final) return END;
        this.token = this.i;
        throw REFILL;
      }
      const c = s.charCodeAt(this.i);
      if (isSpace(c)) {
        this.i++;
        continue;
      }
      this.token = this.i;
      if (c !== LT) this.fail(this.i, rootSeen ? 'text after the root element' : 'text before the root element');
      if (this.i + 9 > n && !this.final) throw REFILL; // '<!DOCTYPE' must be seen whole
      const d = s.charCodeAt(this.i + 1);
      if (d === QM) this.pi();
      else if (d === BANG) {
        if (s.startsWith('<!--', this.i)) this.comment();
        else if (s.startsWith('<!DOCTYPE', this.i)) {
          if (rootSeen) this.fail(this.i, 'a DOCTYPE after the root element');
          if (doctypeSeen) this.fail(this.i, 'a second DOCTYPE');
          this.doctype();
          return DOCTYPE;
        } else this.fail(this.i, rootSeen ? 'markup after the root element' : "'<!' that starts no comment or DOCTYPE");
      } else {
        if (rootSeen) this.fail(this.i, 'a second root element');
        this.content();
        return ROOT;
      }
    }
  }

  /** `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`, at the very start. */
  private xmlDeclaration(): void {
    const s = this.s;
    const at = this.i;
    // The two forms nearly every message has, without the regular expression.
    for (const common of COMMON_DECLARATIONS)
      if (s.startsWith(common, at)) {
        this.i = at + common.length;
        return;
      }
    const end = s.indexOf('?>', at + 5);
    if (end < 0) this.fail(at, 'the XML declaration is not closed with ?>');
    const decl = s.slice(at + 5, end);
    const m =
      /^[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.[0-9]+\1(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])([A-Za-z][A-Za-z0-9._-]*)\2)?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(["'])(yes|no)\4)?[ \t\r\n]*$/.exec(
        decl,
      );
    if (!m) this.fail(at, 'a malformed XML declaration (version="1.0" then, optionally, encoding and standalone)');
    const encoding = m[3];
    if (typeof this.input !== 'string' && encoding !== undefined && !/^utf-?8$/i.test(encoding))
      this.fail(
        at,
        `the XML declaration names encoding "${encoding}"; as bytes only UTF-8 is read (decode the text and give it as a string)`,
      );
    this.i = end + 2;
  }

  /** `<!DOCTYPE name [PUBLIC "id" "uri" | SYSTEM "uri"] [internal subset]>`. */
  private doctype(): void {
    const s = this.s;
    const at = this.i;
    this.i += 9;
    if (!this.spaces()) this.fail(this.i, 'expected a space after <!DOCTYPE');
    const name = this.name('the DOCTYPE name');
    let publicId: string | undefined;
    let spaced = this.spaces();
    if (s.startsWith('PUBLIC', this.i) || s.startsWith('SYSTEM', this.i)) {
      if (!spaced) this.fail(this.i, 'expected a space before the external id');
      const isPublic = s.charCodeAt(this.i) === 0x50;
      this.i += 6;
      if (!this.spaces()) this.fail(this.i, `expected a space after ${isPublic ? 'PUBLIC' : 'SYSTEM'}`);
      if (isPublic) {
        const idAt = this.i;
        publicId = publicIdOf(this.literal('the public id'));
        if (publicId === undefined) this.fail(idAt, 'a character that a public id may not have');
        if (!this.spaces()) this.fail(this.i, 'expected a space and the system literal after the public id');
      }
      this.literal('the system literal');
      spaced = this.spaces();
    }
    if (s.charCodeAt(this.i) === LSQB) {
      this.internalSubset();
      this.spaces();
    }
    if (this.i >= this.n) this.fail(at, 'the DOCTYPE is not closed');
    if (s.charCodeAt(this.i) !== GT) this.fail(this.i, "expected '>' to end the DOCTYPE");
    this.i++;
    this.handler.doctype?.(name, publicId);
  }

  /** A quoted literal without markup (public id, system literal). */
  private literal(what: string): string {
    const s = this.s;
    const q = s.charCodeAt(this.i);
    if (q !== QUOT && q !== APOS) this.fail(this.i, `expected a quoted ${what}`);
    const end = s.indexOf(q === QUOT ? '"' : "'", this.i + 1);
    if (end < 0) this.fail(this.i, `${what} is not closed`);
    this.checkChars(this.i + 1, end);
    const v = s.slice(this.i + 1, end);
    this.i = end + 1;
    return v;
  }

  /**
   * `[ ... ]`: element and notation declarations, comments, PIs and parameter entity references are
   * checked for their brackets and quotes and skipped; entity and attribute list declarations are
   * refused (they would change the content: entities to expand, attribute defaults to add).
   */
  private internalSubset(): void {
    const s = this.s;
    const at = this.i;
    this.i++;
    for (;;) {
      this.spaces();
      if (this.i >= this.n) this.fail(at, 'the internal DTD subset is not closed with ]');
      const c = s.charCodeAt(this.i);
      if (c === RSQB) {
        this.i++;
        return;
      }
      if (c === 0x25) {
        // %name;
        this.i++;
        this.name('a parameter entity name');
        if (s.charCodeAt(this.i) !== SEMI) this.fail(this.i, "expected ';' to end the parameter entity reference");
        this.i++;
      } else if (s.startsWith('<!--', this.i)) this.comment();
      else if (s.startsWith('<?', this.i)) this.pi();
      else if (s.startsWith('<!ENTITY', this.i))
        this.fail(this.i, 'an entity declaration: entities are not supported (no entity expansion in CSP)');
      else if (s.startsWith('<!ATTLIST', this.i))
        this.fail(this.i, 'an attribute list declaration: DTD attribute defaults are not supported');
      else if (s.startsWith('<!ELEMENT', this.i) || s.startsWith('<!NOTATION', this.i)) {
        const declAt = this.i;
        this.i += 2;
        for (;;) {
          if (this.i >= this.n) this.fail(declAt, 'the markup declaration is not closed with >');
          const d = s.charCodeAt(this.i);
          if (d === GT) break;
          if (d === QUOT || d === APOS) this.literal('a literal');
          else {
            // Names, ( ) | , ? * + # and spaces make these declarations: markup characters are errors.
            if (d === LT || d === AMP || d === LSQB || d === RSQB) this.fail(this.i, `'${s[this.i]}' in a markup declaration`);
            this.checkChars(this.i, this.i + 1);
            this.i++;
          }
        }
        this.i++;
      } else this.fail(this.i, 'expected a markup declaration, comment, PI or ] in the internal DTD subset');
    }
  }

  /** `<!-- ... -->`: no `--` inside. */
  private comment(): void {
    const s = this.s;
    const at = this.i;
    const dd = s.indexOf('--', at + 4);
    if (dd < 0) this.fail(at, 'the comment is not closed with -->');
    if (s.charCodeAt(dd + 2) !== GT) this.fail(dd, "'--' inside a comment");
    this.checkChars(at + 4, dd);
    this.i = dd + 3;
  }

  /** `<?target data?>`: skipped; the target may not be `xml` (any case) past the start. */
  private pi(): void {
    const s = this.s;
    const at = this.i;
    this.i += 2;
    const target = this.name('a processing instruction target');
    if (target.length === 3 && target.toLowerCase() === 'xml')
      this.fail(at, 'an XML declaration (or a PI named "xml") that is not at the very start');
    const end = s.indexOf('?>', this.i);
    if (end < 0) this.fail(at, 'the processing instruction is not closed with ?>');
    if (end > this.i && !isSpace(s.charCodeAt(this.i))) this.fail(this.i, 'expected a space after the processing instruction target');
    this.checkChars(this.i, end);
    this.i = end + 2;
  }

  /** A Name at the position; `what` says what was expected when there is none. */
  private name(what: string): string {
    const s = this.s;
    const start = this.i;
    let j = start;
    const c = s.charCodeAt(j);
    if (c < 128) {
      if ((NAME_ASCII[c]! & 1) === 0) this.fail(j, `expected ${what}`);
      j++;
    } else j = this.nameCharAbove(j, true, what);
    for (;;) {
      const d = s.charCodeAt(j);
      if (d < 128) {
        if ((NAME_ASCII[d]! & 2) === 0) break;
        j++;
      } else {
        if (j >= this.n) break;
        const next = this.nameCharAbove(j, false, what);
        if (next === j) break;
        j = next;
      }
    }
    this.i = j;
    return s.slice(start, j);
  }

  /** A name character at or above U+0080 at `j`: the index after it, or `j` if it is none (an error for a first character). */
  private nameCharAbove(j: number, first: boolean, what: string): number {
    const s = this.s;
    let cp = s.charCodeAt(j);
    let width = 1;
    if (cp >= 0xd800 && cp <= 0xdbff) {
      const d = s.charCodeAt(j + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (d - 0xdc00);
        width = 2;
      }
    }
    const ok = first ? isNameStartAbove(cp) : isNameCharAbove(cp);
    if (!ok) {
      if (first) this.fail(j, `expected ${what}`);
      return j;
    }
    return j + width;
  }

  /** Skips XML white space; returns whether there was any. */
  private spaces(): boolean {
    const s = this.s;
    const start = this.i;
    let j = start;
    while (isSpace(s.charCodeAt(j))) j++;
    this.i = j;
    return j > start;
  }

  // ---- the root element and everything in it -----------------------------------------------------

  /** The root element, from its `<` to the end of its end tag: tokens in a loop (no recursion), refilling the window as needed. */
  private content(): void {
    for (;;) {
      try {
        this.contentTokens();
        return;
      } catch (e) {
        if (e !== REFILL) throw e;
        this.i = this.token;
        this.refill(this.token);
      }
    }
  }

  private contentTokens(): void {
    const s = this.s;
    const n = this.n;
    const names = this.names;
    if (this.elements === 0) {
      this.token = this.i;
      this.startTag();
    }
    while (names.length > 0) {
      this.token = this.i;
      if (this.i >= n) {
        if (!this.final) throw REFILL; // (before the message, whose position costs a walk over the text)
        const depth = names.length - 1;
        this.fail(n, `the text ends inside <${names[depth]}> (opened at ${this.where(this.starts[depth]!)})`);
      }
      const c = s.charCodeAt(this.i);
      if (c === LT) {
        const d = s.charCodeAt(this.i + 1);
        if (d === SLASH) this.endTag();
        else if (d === BANG) {
          if (this.i + 9 > n && !this.final) throw REFILL; // '<![CDATA[' must be seen whole
          if (s.startsWith('<!--', this.i)) this.comment();
          else if (s.startsWith('<![CDATA[', this.i)) this.cdata();
          else this.fail(this.i, "'<!' that starts no comment or CDATA section");
        } else if (d === QM) this.pi();
        else this.startTag();
      } else if (c === AMP) {
        const ch = this.reference();
        this.appendString(ch, ch === ' ' || ch === '\n' || ch === '\t' || ch === '\r');
      } else this.textRun();
    }
  }

  /** Character data up to the next `<` or `&`. */
  private textRun(): void {
    const s = this.s;
    const n = this.n;
    const a = this.i;
    let j = a;
    // Indentation up to the next tag, the commonest text: a tighter loop.
    let c0 = s.charCodeAt(j);
    while (c0 === SP || c0 === LF || c0 === TAB) c0 = s.charCodeAt(++j);
    if (c0 === LT) {
      this.i = j;
      this.appendSlice(a, j, false, true);
      return;
    }
    let blank = true;
    let cr = false;
    while (j < n) {
      const c = s.charCodeAt(j);
      if (c > RSQB) {
        if (c >= 0xd800) {
          if (c <= 0xdbff) {
            const d = s.charCodeAt(j + 1);
            if (d >= 0xdc00 && d <= 0xdfff) {
              blank = false;
              j += 2;
              continue;
            }
            this.badChar(j);
          }
          if (c <= 0xdfff || c >= 0xfffe) this.badChar(j);
        }
        blank = false;
        j++;
        continue;
      }
      if (c === LT || c === AMP) break;
      if (c <= SP) {
        if (c === SP || c === LF || c === TAB) {
          j++;
          continue;
        }
        if (c === CR) {
          cr = true;
          j++;
          continue;
        }
        this.badChar(j);
      }
      if (c === RSQB && s.charCodeAt(j + 1) === RSQB && s.charCodeAt(j + 2) === GT) this.fail(j, "']]>' in text (write ]]&gt;)");
      blank = false;
      j++;
    }
    // The run may go on in the next window (and a CR there may be half of a CRLF): read it again.
    if (j >= n && !this.final) throw REFILL;
    this.i = j;
    this.appendSlice(a, j, cr, blank);
  }

  /** `&name;` or `&#…;`: the character it stands for. */
  private reference(): string {
    const s = this.s;
    const at = this.i;
    let j = at + 1;
    if (s.charCodeAt(j) === HASH) {
      j++;
      const hex = s.charCodeAt(j) === 0x78;
      if (hex) j++;
      const digitsAt = j;
      let cp = 0;
      for (; ; j++) {
        const c = s.charCodeAt(j);
        let v: number;
        if (c >= 0x30 && c <= 0x39) v = c - 0x30;
        else if (hex && c >= 0x61 && c <= 0x66) v = c - 0x57;
        else if (hex && c >= 0x41 && c <= 0x46) v = c - 0x37;
        else break;
        cp = cp * (hex ? 16 : 10) + v;
        if (cp > 0x10ffff) cp = 0x110000; // stays out of range however many digits follow
      }
      if (j === digitsAt || s.charCodeAt(j) !== SEMI) this.fail(at, 'a malformed character reference (expected &#digits; or &#xhex;)');
      const legal =
        cp === TAB ||
        cp === LF ||
        cp === CR ||
        (cp >= SP && cp <= 0xd7ff) ||
        (cp >= 0xe000 && cp <= 0xfffd) ||
        (cp >= 0x10000 && cp <= 0x10ffff);
      if (!legal) this.fail(at, `a character reference to U+${cp.toString(16).toUpperCase()}, which XML does not allow`);
      this.i = j + 1;
      return String.fromCodePoint(cp);
    }
    this.i = j;
    const name = this.name("an entity name or '#' after '&' (write & as &amp;)");
    if (s.charCodeAt(this.i) !== SEMI) this.fail(at, `expected ';' to end the reference &${name}`);
    const ch = predefined(name);
    if (ch === undefined) this.fail(at, `the entity &${name}; is not defined (XML predefines lt, gt, amp, apos, quot)`);
    this.i++;
    return ch;
  }

  /** `<![CDATA[ … ]]>`: text, taken as it is. */
  private cdata(): void {
    const s = this.s;
    const at = this.i;
    const a = at + 9;
    const end = s.indexOf(']]>', a);
    if (end < 0) this.fail(at, 'the CDATA section is not closed with ]]>');
    let blank = true;
    let cr = false;
    for (let j = a; j < end && blank; j++) {
      const c = s.charCodeAt(j);
      if (c === CR) cr = true;
      else if (c !== SP && c !== LF && c !== TAB) blank = false;
    }
    this.checkChars(a, end);
    if (!cr) cr = s.lastIndexOf('\r', end) >= a;
    this.i = end + 3;
    this.appendSlice(a, end, cr, blank);
  }

  // ---- the text of the current run ----------------------------------------------------------------

  private appendSlice(a: number, b: number, cr: boolean, blank: boolean): void {
    if (a === b) return;
    this.grow(b - a, a);
    if (!blank) this.tBlank = false;
    if (this.tParts === null) {
      if (this.tA === this.tB) {
        this.tA = a;
        this.tB = b;
        this.tCR = cr;
        return;
      }
      this.tParts = [this.pendingSlice()];
    }
    const part = this.s.slice(a, b);
    this.tParts.push(cr ? normaliseLineEnds(part) : part);
  }

  private appendString(text: string, blank: boolean): void {
    this.grow(text.length, this.i);
    if (!blank) this.tBlank = false;
    if (this.tParts === null) this.tParts = this.tA === this.tB ? [] : [this.pendingSlice()];
    this.tParts.push(text);
  }

  private grow(length: number, at: number): void {
    this.tLength += length;
    if (this.tLength > this.maxStringLength) this.error(at, `a text longer than maxStringLength (${this.maxStringLength})`, 'limit');
  }

  private pendingSlice(): string {
    const t = this.s.slice(this.tA, this.tB);
    return this.tCR ? normaliseLineEnds(t) : t;
  }

  /**
   * Hands the run of text read so far to the handler, at a tag: whitespace-only text is dropped
   * before a child element starts and at the end of an element that has child elements.
   */
  private flushText(beforeChild: boolean): void {
    if (this.tLength === 0) return;
    const keep = !this.tBlank || !(beforeChild || this.hasChild[this.names.length - 1]);
    if (keep) this.handler.text(this.tParts === null ? this.pendingSlice() : this.tParts.join(''));
    this.tA = this.tB = 0;
    this.tParts = null;
    this.tBlank = true;
    this.tLength = 0;
  }

  // ---- tags ----------------------------------------------------------------------------------------------

  private startTag(): void {
    const s = this.s;
    const at = this.i;
    this.i++;
    const name = this.name("an element name after '<' (write < as &lt;)");
    let attributes = NO_ATTRIBUTES;
    let empty = false;
    for (;;) {
      const spaced = this.spaces();
      const c = s.charCodeAt(this.i);
      if (c === GT) {
        this.i++;
        break;
      }
      if (c === SLASH) {
        if (s.charCodeAt(this.i + 1) !== GT) this.fail(this.i, "expected '>' after '/' in the start tag");
        this.i += 2;
        empty = true;
        break;
      }
      if (this.i >= this.n) this.fail(at, `the start tag <${name} is not closed`);
      if (!spaced) this.fail(this.i, `expected a space, '>' or '/>' in the start tag <${name}>`);
      const attrAt = this.i;
      const attr = this.name(`an attribute name, '>' or '/>' in the start tag <${name}>`);
      this.spaces();
      if (s.charCodeAt(this.i) !== EQ) this.fail(this.i, `expected '=' after the attribute name ${attr}`);
      this.i++;
      this.spaces();
      const value = this.attributeValue(attr);
      if (attributes === NO_ATTRIBUTES) attributes = emptyAttributes();
      else if (attr in attributes) this.fail(attrAt, `the attribute ${attr} appears twice in <${name}>`);
      attributes[attr] = value;
    }
    const names = this.names;
    const depth = names.length;
    if (depth > 0) {
      this.flushText(true);
      this.hasChild[depth - 1] = true;
    }
    if (depth >= this.maxDepth) this.error(at, `elements nest deeper than maxDepth (${this.maxDepth})`, 'limit');
    if (++this.elements > this.maxElements) this.error(at, `more elements than maxElements (${this.maxElements})`, 'limit');
    this.handler.start(name, attributes);
    if (empty) {
      this.handler.end();
      return;
    }
    names.push(name);
    this.starts.push(this.base + at);
    this.hasChild[depth] = false;
  }

  /** `"…"` or `'…'`, normalised (white space → space) with references replaced. */
  private attributeValue(attr: string): string {
    const s = this.s;
    const q = s.charCodeAt(this.i);
    if (q !== QUOT && q !== APOS) this.fail(this.i, `expected a quoted value for the attribute ${attr}`);
    const at = this.i;
    const a = ++this.i;
    let j = a;
    let ws = false;
    let parts: string[] | null = null;
    let segment = a;
    for (;;) {
      if (j >= this.n) this.fail(at, `the value of the attribute ${attr} is not closed`);
      const c = s.charCodeAt(j);
      if (c === q) break;
      if (c > GT) {
        if (c >= 0xd800) {
          if (c <= 0xdbff) {
            const d = s.charCodeAt(j + 1);
            if (d >= 0xdc00 && d <= 0xdfff) {
              j += 2;
              continue;
            }
            this.badChar(j);
          }
          if (c <= 0xdfff || c >= 0xfffe) this.badChar(j);
        }
        j++;
        continue;
      }
      if (c === LT) this.fail(j, `'<' in the value of the attribute ${attr} (write &lt;)`);
      if (c === AMP) {
        parts ??= [];
        if (j > segment) parts.push(ws ? normaliseAttribute(s.slice(segment, j)) : s.slice(segment, j));
        ws = false;
        this.i = j;
        parts.push(this.reference());
        j = segment = this.i;
        continue;
      }
      if (c < SP) {
        if (c === LF || c === TAB || c === CR) ws = true;
        else this.badChar(j);
      }
      j++;
    }
    if (j - a > this.maxStringLength) this.error(a, `an attribute value longer than maxStringLength (${this.maxStringLength})`, 'limit');
    this.i = j + 1;
    const last = ws ? normaliseAttribute(s.slice(segment, j)) : s.slice(segment, j);
    if (parts === null) return last;
    parts.push(last);
    return parts.join('');
  }

  private endTag(): void {
    const s = this.s;
    const at = this.i;
    const names = this.names;
    const depth = names.length - 1;
    const open = names[depth]!;
    let j = at + 2;
    if (s.startsWith(open, j) && ((NAME_ASCII[s.charCodeAt(j + open.length)] ?? 1) & 2) === 0) {
      j += open.length;
      // A non-ASCII name character right after the name would make it another name.
      if (s.charCodeAt(j) >= 128 && this.nameCharAbove(j, false, '') !== j) j = -1;
    } else j = -1;
    if (j < 0) {
      this.i = at + 2;
      const other = this.name("an element name after '</'");
      if (!this.final) throw REFILL;
      this.fail(at, `the end tag </${other}> does not match the start tag <${open}> (opened at ${this.where(this.starts[depth]!)})`);
    }
    this.i = j;
    this.spaces();
    if (s.charCodeAt(this.i) !== GT) this.fail(this.i, `expected '>' to end the end tag </${open}>`);
    this.i++;
    this.flushText(false);
    names.pop();
    this.starts.pop();
    this.handler.end();
  }
}
