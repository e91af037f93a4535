/**
 * Element tree → XML text, with no dependency: `toXml` walks a tree, `decodeToXml` is fed by the
 * decoder without a tree in between. Both write through one {@link XmlWriter}, so the same content
 * gives the same text byte for byte (`decodeToXml(b).xml === toXml(decode(b).doc, { indent: '' })`).
 *
 * What it writes is always well-formed XML that says exactly what the tree holds:
 * - `&`, `<`, `>` (and `"` in attribute values) as entities; CR — and tab and LF in attribute
 *   values — as character references, since an XML parser would normalise them away raw;
 * - a character XML 1.0 forbids (U+0000, the other C0 controls, U+FFFE, U+FFFF, a lone surrogate)
 *   is never written, neither raw nor as a reference no parser accepts: the decoder refuses such
 *   text (`bad-text` at its byte), and `toXml` refuses a hand-built tree that holds it (`bad-text`
 *   at its element path); a name that is not an XML name is `bad-name`;
 * - indentation only between the children of an element that has only elements, so it never
 *   changes a text;
 * - OPAQUE bytes (binary content) as their UTF-8 text when they are valid UTF-8 and XML allows
 *   every character (what every peer shows for `C3 05 "Hello"`), otherwise as base64: XML text
 *   cannot carry raw bytes, the tree API is the lossless one.
 */
import { decodeToSink, type DecodeResult, type DecodeSink } from './decoder.js';
import { WbxmlError } from './errors.js';
import { checkInto, checkOptionsObject, describe, resolveLimits, intoView, type DecodeOptions, type Limits } from './options.js';
import type { CspTables } from './tables.js';
import { codePoint, isUtf8, isXmlName, utf8Encoder } from './text.js';
import { type CspElement, elementPath, NO_ATTRIBUTES, type TreeVisitor, walkTree } from './tree.js';

declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}

/**
 * Options of `toXml`. Of the limits, `maxDepth`, `maxElements`, `maxStringLength` (one text or
 * attribute value) and `maxTextBytes` (all of them, in UTF-16 code units) apply: a tree that
 * shares a subtree is written — and counted — once per place it appears.
 */
export interface ToXmlOptions extends Limits {
  /** Indentation per level: spaces and tabs, or `''` for compact output on one line. Default two spaces. */
  readonly indent?: string;
  /** Write `<?xml version="1.0" encoding="UTF-8"?>` first. Default true. */
  readonly declaration?: boolean;
  /** Write a DOCTYPE naming this public id text (libwbxml needs one to pick the language). */
  readonly doctypePublicId?: string;
  /**
   * `'string'` (default) or `'bytes'`: the XML text as UTF-8 bytes, ready to send. Bytes skip
   * making a string of the whole text (a big one costs more than writing it) and encoding it again.
   */
  readonly output?: XmlOutput;
}

/** What `toXml` and `decodeToXml` return the XML text as. */
export type XmlOutput = 'string' | 'bytes';

/** Options of `decodeToXml`. */
export interface DecodeToXmlOptions extends DecodeOptions {
  /** Write `<?xml version="1.0" encoding="UTF-8"?>` first. Default true. */
  readonly declaration?: boolean;
  /** `'string'` (default) or `'bytes'` (UTF-8), as for `toXml`. */
  readonly output?: XmlOutput;
}

/**
 * The XML text as bytes, and where to write them: the options of `toXml` and `decodeToXml` that
 * take `into` (only these overloads do: `toXml(doc, { into })` is a type error, the text being a
 * string there, and a `bad-option` error at run time).
 */
interface BytesOutput {
  readonly output: 'bytes';
  /**
   * Write the text into this array when it fits and return a view of it, as `encode`'s option of
   * the same name does (`EncodeOptions.into`). For `decodeToXml` it must not share bytes with the
   * WBXML input.
   */
  readonly into?: Uint8Array;
}

/** What `decodeToXml` returns: the header facts of `decode`, and the XML text. */
export type DecodeToXmlResult<X extends string | Uint8Array = string> = Omit<DecodeResult, 'doc'> & { readonly xml: X };

/**
 * The longest XML text the writer makes: the longest string V8 can hold (2^29 - 24 UTF-16 code
 * units; the writer counts UTF-8 bytes, never fewer). Past it the text could not be returned.
 */
const MAX_XML_BYTES = 536_870_888; // (1 << 29) - 24, as a literal: bundlers drop it when unused

export function toXml(doc: CspElement, options: ToXmlOptions & BytesOutput): Uint8Array;
export function toXml(doc: CspElement, options?: ToXmlOptions & { readonly output?: 'string' }): string;
export function toXml(doc: CspElement, options?: ToXmlOptions): string | Uint8Array;
export function toXml(doc: CspElement, options?: ToXmlOptions & { readonly into?: unknown }): string | Uint8Array {
  checkOptionsObject(options);
  const bytes = outputIsBytes(options?.output);
  const into = bytes ? checkInto(options?.into) : noInto(options?.into);
  const limits = resolveLimits(options);
  const indent = options?.indent ?? '  ';
  if (indent !== '  ' && indent !== '' && (typeof indent !== 'string' || !/^[ \t]*$/.test(indent))) {
    throw new WbxmlError('bad-option', `option indent is ${describe(indent)}; it must be spaces and tabs (or '' for one line)`);
  }
  const declaration = options?.declaration ?? true;
  if (typeof declaration !== 'boolean')
    throw new WbxmlError('bad-option', `option declaration is ${describe(declaration)}; it must be true or false`);
  const doctype = options?.doctypePublicId;
  // A PubidLiteral allows only these characters (XML 1.0, production 13), and the writer quotes it with ".
  if (doctype !== undefined && (typeof doctype !== 'string' || !/^[ \r\na-zA-Z0-9\-'()+,./:=?;!*#@$_%]*$/.test(doctype))) {
    throw new WbxmlError(
      'bad-option',
      `option doctypePublicId is ${describe(doctype)}; it must be a public id (letters, digits, space and -'()+,./:=?;!*#@$_%)`,
    );
  }
  const w = new XmlWriter(limits);
  try {
    const newline = indent !== '';
    if (declaration) w.declaration(newline);
    // (the DOCTYPE is written by the walk when the root starts: the root's name is read once)
    walkTree(doc, newline ? new TreeToXml(w, indent, doctype) : new TreeToCompactXml(w, doctype), limits);
    if (newline) w.newline('', 0);
    return bytes ? w.toBytes(into) : w.toText();
  } finally {
    w.release();
  }
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/** Feeds a tree walk to the writer, with the indentation `toXml` adds. */
class TreeToXml implements TreeVisitor {
  private readonly w: XmlWriter;
  private readonly indent: string;
  private readonly doctype: string | undefined;
  /** Per depth: the element has only elements as children (and so gets indented children). */
  private readonly elementsOnly: boolean[] = [];
  readonly scansChildren = true;

  constructor(w: XmlWriter, indent: string, doctype: string | undefined) {
    this.w = w;
    this.indent = indent;
    this.doctype = doctype;
  }
  start(name: string, attributes: Readonly<Record<string, string>>, elementsOnly: boolean, depth: number): void {
    if (depth > 0 && this.elementsOnly[depth - 1]) this.w.newline(this.indent, depth);
    else if (depth === 0 && this.doctype !== undefined) this.w.doctype(name, this.doctype, true);
    this.elementsOnly[depth] = elementsOnly;
    this.w.start(name, attributes);
  }
  text(text: string): void {
    this.w.text(text);
  }
  bytes(bytes: Uint8Array): void {
    this.w.bytes(bytes);
  }
  end(depth: number): void {
    if (this.elementsOnly[depth]) this.w.newline(this.indent, depth);
    this.w.end();
  }
  where(): { path: string } {
    return this.w.where();
  }
}

/** Feeds a tree walk to the writer with no indentation (`indent: ''`): nothing to track per depth. */
class TreeToCompactXml implements TreeVisitor {
  private readonly w: XmlWriter;
  private readonly doctype: string | undefined;
  readonly scansChildren = false;

  constructor(w: XmlWriter, doctype: string | undefined) {
    this.w = w;
    this.doctype = doctype;
  }
  start(name: string, attributes: Readonly<Record<string, string>>, _elementsOnly: boolean, depth: number): void {
    if (depth === 0 && this.doctype !== undefined) this.w.doctype(name, this.doctype, false);
    this.w.start(name, attributes);
  }
  text(text: string): void {
    this.w.text(text);
  }
  bytes(bytes: Uint8Array): void {
    this.w.bytes(bytes);
  }
  end(): void {
    this.w.end();
  }
  where(): { path: string } {
    return this.w.where();
  }
}

/**
 * WBXML → compact XML text in one pass, without building a tree (the fast path for gateways and
 * the benchmark). Same text as `toXml(decode(bytes).doc, { indent: '' })`.
 */
export function decodeToXml(
  bytes: Uint8Array,
  registry: readonly CspTables[],
  options: DecodeToXmlOptions & BytesOutput,
): DecodeToXmlResult<Uint8Array>;
export function decodeToXml(
  bytes: Uint8Array,
  registry: readonly CspTables[],
  options?: DecodeToXmlOptions & { readonly output?: 'string' },
): DecodeToXmlResult<string>;
export function decodeToXml(
  bytes: Uint8Array,
  registry: readonly CspTables[],
  options?: DecodeToXmlOptions,
): DecodeToXmlResult<string | Uint8Array>;
export function decodeToXml(
  bytes: Uint8Array,
  registry: readonly CspTables[],
  options?: DecodeToXmlOptions & { readonly into?: unknown },
): DecodeToXmlResult<string | Uint8Array> {
  checkOptionsObject(options);
  const declaration = options?.declaration ?? true;
  if (typeof declaration !== 'boolean')
    throw new WbxmlError('bad-option', `option declaration is ${describe(declaration)}; it must be true or false`);
  const asBytes = outputIsBytes(options?.output);
  const into = asBytes ? checkInto(options?.into, bytes) : noInto(options?.into);
  const w = new XmlWriter(undefined);
  try {
    if (declaration) w.declaration(false);
    // (its own writer: decodeWith's check of a caller's sink, and its result object, are not needed)
    const r = decodeToSink(bytes, registry, w, options);
    return {
      version: r.version,
      tables: r.tables,
      wbxmlVersion: r.wbxmlVersion,
      publicId: r.publicId,
      versionFrom: r.versionFrom,
      xml: asBytes ? r.doc.toBytes(into) : r.doc.toText(),
    };
  } finally {
    w.release();
  }
}

/** The `output` option: true for bytes. */
function outputIsBytes(output: unknown): boolean {
  if (output === undefined || output === 'string') return false;
  if (output === 'bytes') return true;
  throw new WbxmlError('bad-option', `option output is ${describe(output)}; it must be 'string' or 'bytes'`);
}

/** The `into` option when the output is a string: only its absence is right. */
function noInto(into: unknown): undefined {
  if (into !== undefined) throw new WbxmlError('bad-option', "option into needs output: 'bytes' (the text is a string otherwise)");
  return undefined;
}

/** The writer's buffer starts at 64 KB and doubles up to 4 MB, and is kept between calls. */
const FIRST_BUFFER = 1 << 16;
const LARGEST_BUFFER = 4_194_304; // 1 << 22 (a literal: bundlers drop it when unused)
/**
 * The work buffer of the XML writer, lent to one writer at a time (decoding is synchronous); created
 * by the first writer, so that importing the engine allocates nothing.
 */
let spare: Uint8Array | undefined;

/**
 * Writes XML as UTF-8 bytes into one buffer; the result is a copy of those bytes, or the string made
 * of them once at the end: no string pieces pile up for the garbage collector, so the time per KB
 * stays flat for big messages. The buffer grows by doubling up to 4 MB; past that, each full 4 MB
 * buffer is kept as a chunk and a fresh one taken, never a huge buffer doubled and copied again.
 *
 * Every write reserves its room first and then writes through `this.buf` and `this.len` as they are
 * after the reservation: a write can never land in a buffer that has been emptied or replaced.
 */
class XmlWriter implements DecodeSink<XmlWriter> {
  private buf: Uint8Array;
  private len = 0;
  /** Bytes already moved into `chunks` (full buffers of the text written so far). */
  private flushed = 0;
  private chunks: Uint8Array[] | undefined;
  /** The open elements' names (`names[0 .. depth)`; entries past `depth` are stale). */
  private readonly names: string[] = [];
  private depth = 0;
  /** Whether the innermost open element's start tag is still open (`<a` written, `>` not yet). */
  private pending = false;
  /** For `toXml` (a caller-built tree): the limits on text; the decoder has enforced its own. */
  private readonly limits: Required<Limits> | undefined;
  private textUsed = 0;
  /** A line break and indentation, as bytes (toXml): sliced for each line. */
  private pad: Uint8Array = EMPTY;

  constructor(limits: Required<Limits> | undefined) {
    // Take the shared buffer if no other writer has it (a sink may call toXml, for instance).
    this.buf = spare ?? new Uint8Array(FIRST_BUFFER);
    spare = undefined;
    this.limits = limits;
  }

  /** Gives the buffer back for the next writer (a normal-sized one). */
  release(): void {
    if (this.buf.length <= LARGEST_BUFFER) spare = this.buf;
    this.buf = EMPTY;
    this.chunks = undefined;
  }

  /** `<?xml version="1.0" encoding="UTF-8"?>`, then a line break if `newline`. */
  declaration(newline: boolean): void {
    this.ascii(XML_DECLARATION);
    if (newline) this.byte(0x0a);
  }

  /** `<!DOCTYPE root PUBLIC "publicId" "">` (the public id checked by the caller), then a line break if `newline`. */
  doctype(root: string, publicId: string, newline: boolean): void {
    this.ascii('<!DOCTYPE ');
    this.name(root);
    this.ascii(` PUBLIC "${publicId}" "">`);
    if (newline) this.byte(0x0a);
  }

  where(): { path: string } {
    return { path: elementPath(this.names.slice(0, this.depth)) };
  }

  start(name: string, attributes: Readonly<Record<string, string>>): void {
    if (this.pending) this.byte(0x3e);
    this.names[this.depth++] = name;
    this.byte(0x3c);
    this.name(name);
    // (most elements share the empty NO_ATTRIBUTES: no for-in set up for them)
    if (attributes !== NO_ATTRIBUTES) this.attributes(attributes);
    this.pending = true;
  }

  private attributes(attributes: Readonly<Record<string, string>>): void {
    for (const k in attributes) {
      if (!Object.hasOwn(attributes, k)) continue; // (not what another module added to Object.prototype)
      const v: unknown = attributes[k];
      if (typeof v !== 'string')
        throw new WbxmlError('bad-value', `attribute "${k}" has a non-string value (${describe(v)})`, this.where());
      this.byte(0x20);
      this.name(k);
      this.byte(0x3d);
      this.byte(0x22);
      this.escaped(v, ESCAPE_IN_ATTRIBUTE);
      this.byte(0x22);
    }
  }

  text(text: string): void {
    if (text === '') return;
    if (this.pending) this.byte(0x3e);
    this.pending = false;
    this.escaped(text, ESCAPE_IN_TEXT);
  }

  /**
   * Printable ASCII from the decoder's input (see `DecodeSink.asciiText`): copied as it is, with
   * `&`, `<` and `>` escaped as `text` escapes them, and no string made on the way.
   */
  asciiText(bytes: Uint8Array, start: number, end: number): void {
    if (this.pending) this.byte(0x3e);
    this.pending = false;
    let i = start;
    while (i < end) {
      // Room for a chunk as if every byte took 5 (`&amp;`).
      const chunkEnd = Math.min(end, i + CHUNK);
      this.ensure((chunkEnd - i) * 5);
      const buf = this.buf;
      let p = this.len;
      for (; i < chunkEnd; i++) {
        const c = bytes[i]!;
        if (c === 0x26 || c === 0x3c || c === 0x3e) {
          const ref = REFERENCES[c]!;
          for (let k = 0; k < ref.length; k++) buf[p++] = ref.charCodeAt(k);
        } else buf[p++] = c;
      }
      this.len = p;
    }
  }

  /** OPAQUE bytes: their UTF-8 text when that is valid and XML allows every character, else base64. */
  bytes(bytes: Uint8Array): void {
    if (isUtf8(bytes)) {
      const s = utf8.decode(bytes);
      if (!FORBIDDEN_CHARACTER.test(s)) {
        this.text(s);
        return;
      }
    }
    if (bytes.length === 0) return;
    if (this.pending) this.byte(0x3e);
    this.pending = false;
    this.base64(bytes);
  }

  end(): void {
    const name = this.names[--this.depth]!;
    if (this.pending) {
      this.byte(0x2f);
      this.byte(0x3e);
    } else {
      this.closeTag(name);
    }
    this.pending = false;
  }

  /** A line break and `depth` indents (toXml only; `indent` is spaces and tabs). */
  newline(indent: string, depth: number): void {
    if (this.pending) this.byte(0x3e);
    this.pending = false;
    const n = 1 + depth * indent.length;
    if (this.pad.length < n) {
      const s = '\n' + indent.repeat(Math.max(depth * 2, 16));
      this.pad = new Uint8Array(s.length);
      for (let i = 0; i < s.length; i++) this.pad[i] = s.charCodeAt(i);
    }
    this.ensure(n);
    const buf = this.buf;
    const pad = this.pad;
    let p = this.len;
    for (let i = 0; i < n; i++) buf[p++] = pad[i]!;
    this.len = p;
  }

  /** As a decoder's sink, the product is the writer itself: `toText` or `toBytes` make the text the caller asked for. */
  result(): XmlWriter {
    return this;
  }

  /**
   * The XML text. The writer wrote only valid UTF-8 (every string it took was checked for lone
   * surrogates, every byte run for valid UTF-8), so a decoder that does not check is enough.
   */
  toText(): string {
    const last = this.buf.subarray(0, this.len);
    const chunks = this.chunks;
    if (chunks === undefined) return utf8.decode(last);
    // A chunk may end inside a character: a streaming decoder carries it over.
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    let s = '';
    // (indexed, as every loop over an array here: for-of would run Array.prototype's iterator, which other code may replace)
    for (let i = 0; i < chunks.length; i++) s += decoder.decode(chunks[i], { stream: true });
    return s + decoder.decode(last);
  }

  /**
   * The XML text as UTF-8 bytes: copied into `into` when it fits (the `into` option), else
   * into an array of its own (the buffer is lent to the next writer).
   */
  toBytes(into: Uint8Array | undefined): Uint8Array {
    const chunks = this.chunks;
    const n = this.flushed + this.len;
    const view = into === undefined ? undefined : intoView(into, n);
    if (chunks === undefined) {
      if (view === undefined) return this.buf.slice(0, this.len);
      view.set(this.buf.subarray(0, this.len));
      return view;
    }
    let out: Uint8Array;
    try {
      out = view ?? new Uint8Array(n);
    } catch {
      throw new WbxmlError('limit', `no memory for ${n} bytes of XML text`, this.where());
    }
    let p = 0;
    for (let i = 0; i < chunks.length; i++) {
      const c = chunks[i]!;
      out.set(c, p);
      p += c.length;
    }
    out.set(this.buf.subarray(0, this.len), p);
    return out;
  }

  // ---- bytes ----------------------------------------------------------------------------------

  /** Makes room for `n` more bytes. */
  private ensure(n: number): void {
    if (this.len + n > this.buf.length) this.makeRoom(n);
  }

  /**
   * Makes room for `n` more bytes: a buffer twice as big, up to 4 MB; past that, the buffer's bytes
   * become a piece of the text and the buffer is emptied (or replaced, if `n` alone does not fit).
   */
  private makeRoom(n: number): void {
    const needed = this.len + n;
    if (this.flushed + needed > MAX_XML_BYTES) {
      throw new WbxmlError(
        'limit',
        `the XML text would be longer than ${MAX_XML_BYTES} bytes, the longest string JavaScript can hold`,
        this.where(),
      );
    }
    if (needed <= LARGEST_BUFFER) {
      let size = Math.max(this.buf.length * 2, FIRST_BUFFER);
      while (size < needed) size *= 2;
      this.replaceBuffer(Math.min(size, LARGEST_BUFFER), true);
      return;
    }
    if (this.len > 0) {
      // The full buffer becomes a chunk of the text as it is; writing goes on in a fresh one.
      (this.chunks ??= []).push(this.buf.subarray(0, this.len));
      this.flushed += this.len;
      this.len = 0;
      this.replaceBuffer(Math.max(n, LARGEST_BUFFER), false);
    } else if (n > this.buf.length) this.replaceBuffer(n, false);
  }

  private replaceBuffer(size: number, keep: boolean): void {
    let next: Uint8Array;
    try {
      next = new Uint8Array(size);
    } catch {
      throw new WbxmlError('limit', `no memory for ${size} bytes of XML text`, this.where());
    }
    if (keep) next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  private byte(b: number): void {
    if (this.len >= this.buf.length) this.makeRoom(1);
    this.buf[this.len++] = b;
  }

  private ascii(s: string): void {
    this.ensure(s.length);
    const buf = this.buf;
    let p = this.len;
    for (let i = 0; i < s.length; i++) buf[p++] = s.charCodeAt(i);
    this.len = p;
  }

  /**
   * An element or attribute name. An ASCII name (every name of the tables) is checked and copied
   * in one loop, with no lookup; any other goes through the full XML Name rule and TextEncoder.
   */
  private name(s: string): void {
    const n = s.length;
    this.ensure(n);
    const buf = this.buf;
    let p = this.len;
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      // NameStartChar ∩ ASCII: A-Z a-z _ :   NameChar adds - . 0-9
      if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a) buf[p++] = c;
      else if (i > 0 && ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e)) buf[p++] = c;
      else break;
    }
    if (i === n && n > 0) {
      this.len = p;
      return;
    }
    // An XML name has nothing to escape and no lone surrogate: its UTF-8 is its text.
    if (!isXmlName(s)) throw new WbxmlError('bad-name', `${JSON.stringify(s)} is not an XML name`, this.where());
    const b = utf8Encoder.encode(s);
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  /**
   * `</name>`, for a name `start` has already checked: an ASCII name is copied as it is, with none of
   * `name`'s character classes (a login has a close tag for every other tag it writes).
   */
  private closeTag(s: string): void {
    const n = s.length;
    this.ensure(n + 3);
    const buf = this.buf;
    const from = this.len;
    let p = from;
    buf[p++] = 0x3c;
    buf[p++] = 0x2f;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        // not ASCII: written again from the start, the name through the full rule and UTF-8
        this.len = from;
        this.byte(0x3c);
        this.byte(0x2f);
        this.name(s);
        this.byte(0x3e);
        return;
      }
      buf[p++] = c;
    }
    buf[p++] = 0x3e;
    this.len = p;
  }

  /** UTF-8 of `s` with what XML needs escaped (`table`: which ASCII characters to escape or refuse). */
  private escaped(s: string, table: Uint8Array): void {
    const limits = this.limits;
    if (limits !== undefined) {
      if (s.length > limits.maxStringLength) {
        throw new WbxmlError(
          'limit',
          `a text of ${s.length} characters, more than maxStringLength (${limits.maxStringLength})`,
          this.where(),
        );
      }
      this.textUsed += s.length;
      if (this.textUsed > limits.maxTextBytes) {
        throw new WbxmlError('limit', `more than maxTextBytes (${limits.maxTextBytes}) of text and attribute values`, this.where());
      }
    }
    const n = s.length;
    let i = 0;
    while (i < n) {
      // Room for a chunk as if every character took 3 bytes; an escape reserves its extra bytes.
      // (+1: a surrogate pair that straddles the chunk end takes 4 bytes for the 3 reserved.)
      const chunkEnd = Math.min(n, i + CHUNK);
      this.ensure((chunkEnd - i) * 3 + 1);
      let buf = this.buf;
      let p = this.len;
      for (; i < chunkEnd; i++) {
        let c = s.charCodeAt(i);
        if (c < 0x80) {
          const kind = table[c]!;
          if (kind === RAW) {
            buf[p++] = c;
            continue;
          }
          if (kind === FORBIDDEN) this.forbidden(c);
          const ref = REFERENCES[c]!;
          this.len = p;
          this.ensure(ref.length + (chunkEnd - i) * 3);
          buf = this.buf; // the reservation may have replaced the buffer
          p = this.len;
          for (let k = 0; k < ref.length; k++) buf[p++] = ref.charCodeAt(k);
          continue;
        }
        if (c < 0x800) {
          buf[p++] = 0xc0 | (c >> 6);
          buf[p++] = 0x80 | (c & 0x3f);
          continue;
        }
        if (c >= 0xd800 && c <= 0xdfff) {
          const d = c <= 0xdbff && i + 1 < n ? s.charCodeAt(i + 1) : 0;
          if (d < 0xdc00 || d > 0xdfff) this.forbidden(c);
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          i++;
          buf[p++] = 0xf0 | (c >> 18);
          buf[p++] = 0x80 | ((c >> 12) & 0x3f);
          buf[p++] = 0x80 | ((c >> 6) & 0x3f);
          buf[p++] = 0x80 | (c & 0x3f);
          continue;
        }
        if (c >= 0xfffe) this.forbidden(c);
        buf[p++] = 0xe0 | (c >> 12);
        buf[p++] = 0x80 | ((c >> 6) & 0x3f);
        buf[p++] = 0x80 | (c & 0x3f);
      }
      this.len = p;
    }
  }

  /** `bytes` in base64, straight into the buffer (a big binary OPAQUE makes no string on the way). */
  private base64(bytes: Uint8Array): void {
    const n = bytes.length;
    const limits = this.limits;
    if (limits !== undefined) {
      // counted as the decoder counts OPAQUE data (its bytes), so that toXml(decode(b)) passes wherever decode(b) did
      this.textUsed += n;
      if (this.textUsed > limits.maxTextBytes) {
        throw new WbxmlError('limit', `more than maxTextBytes (${limits.maxTextBytes}) of text and attribute values`, this.where());
      }
    }
    for (let i = 0; i < n; ) {
      const end = Math.min(n, i + 3 * CHUNK);
      this.ensure(Math.ceil((end - i) / 3) * 4);
      const buf = this.buf;
      let p = this.len;
      for (; i < end; i += 3) {
        const a = bytes[i]!;
        const b = i + 1 < n ? bytes[i + 1]! : -1;
        const c = i + 2 < n ? bytes[i + 2]! : -1;
        buf[p++] = B64[a >> 2]!;
        buf[p++] = B64[((a & 3) << 4) | (b < 0 ? 0 : b >> 4)]!;
        buf[p++] = B64[b < 0 ? 64 : ((b & 15) << 2) | (c < 0 ? 0 : c >> 6)]!;
        buf[p++] = B64[c < 0 ? 64 : c & 63]!;
      }
      this.len = p;
    }
  }

  private forbidden(c: number): never {
    throw new WbxmlError('bad-text', `the character ${codePoint(c)}, which XML 1.0 does not allow in a document`, this.where());
  }
}

/** Characters per reservation of `escaped` (a huge text does not reserve 3 bytes per character at once). */
const CHUNK = 1 << 14;

/** What to do with an ASCII character: write it, write its reference, or refuse it. */
const RAW = 0;
const ESCAPE = 1;
const FORBIDDEN = 2;
// CR would be normalised to LF by a parser, tab and LF in an attribute value to a space.
const ESCAPE_IN_TEXT = /*@__PURE__*/ escapeTable([0x26, 0x3c, 0x3e, 0x0d], [0x09, 0x0a]);
const ESCAPE_IN_ATTRIBUTE = /*@__PURE__*/ escapeTable([0x09, 0x0a, 0x0d, 0x26, 0x3c, 0x3e, 0x22], []);

/** An ASCII table: the C0 controls are FORBIDDEN but for `raw`, the characters of `escaped` are ESCAPE. */
function escapeTable(escaped: readonly number[], raw: readonly number[]): Uint8Array {
  const table = new Uint8Array(128);
  for (let c = 0; c < 0x20; c++) table[c] = FORBIDDEN;
  for (const c of raw) table[c] = RAW;
  for (const c of escaped) table[c] = ESCAPE;
  return table;
}

const REFERENCES: readonly string[] = /*@__PURE__*/ Array.from({ length: 128 }, (_, c) =>
  c === 0x26 ? '&amp;' : c === 0x3c ? '&lt;' : c === 0x3e ? '&gt;' : c === 0x22 ? '&quot;' : `&#x${c.toString(16).toUpperCase()};`,
);

const EMPTY = /*@__PURE__*/ new Uint8Array(0);

// Not fatal: it decodes only what the writer wrote, valid UTF-8 (see `result`); OPAQUE bytes are
// checked with isUtf8 before they are decoded as text.
const utf8 = /*@__PURE__*/ new TextDecoder('utf-8', { ignoreBOM: true });

/** Characters XML 1.0 forbids that valid UTF-8 can carry. */
const FORBIDDEN_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/** The base64 alphabet, as ASCII codes. */
const B64 = /*@__PURE__*/ Uint8Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=', (c) => c.charCodeAt(0));
