/**
 * Element tree → WBXML, with one version's tables.
 *
 * What the encoder writes, and why:
 * - header `03` (WBXML 1.3), the numeric public id, `6A` (UTF-8), then the string table (empty unless
 *   a name is not in the tables);
 * - every element with the content bit set, even an empty one (`6D 01` for `<Session/>`), as the
 *   AOSP encoder does — the byte-exact vectors come from it, and every decoder accepts it;
 * - `xmlns` through the attribute start token whose prefix the value starts with (the longest),
 *   then the rest as an inline string (`C9 08 03 "1.2" 00 01`); other attributes and unknown
 *   element names as LITERAL with the string table;
 * - a text that is the whole content of an element and equals a value token name as `EXT_T_0`
 *   (never inside a longer text, as libwbxml and AOSP do). A name the spec gives two tokens is
 *   written with the token the spec prefers (`SMS` as 0x43); a name whose token decodes as another
 *   name (`History`, which shares 0x3D with `GROUP_ID`) stays a string, so nothing is lost;
 * - integer elements as OPAQUE (fewest bytes; zero as `C3 01 00`); a text that is not an unsigned
 *   32-bit number is an error, not 0;
 * - date-time elements in the compact form `YYYYMMDDThhmmss[zone]` as 6 OPAQUE bytes, any other
 *   form as a string (kept exactly);
 * - `Uint8Array` children as OPAQUE;
 * - never a text XML could not hold: a character XML 1.0 forbids (U+0000, other C0 controls but
 *   tab/LF/CR, U+FFFE, U+FFFF, a lone surrogate) is a `bad-text` error with the element path.
 *
 * A tree is walked with an explicit stack (`Encoder.tree`), so no depth overflows the call stack; it
 * checks the tree as `walkTree` does (tree.ts), with the same errors at the same paths.
 */
import { badOption, badStructure, badValue, type WbxmlError, wbxmlError } from './errors.js';
import {
  checkEncodeOptions,
  checkInto,
  checkOptionsObject,
  describe,
  isTables,
  overLimit,
  resolveLimits,
  textBudget,
  intoView,
  type EncodeOptions,
  type Limits,
} from './options.js';
import type { AttributeStart, CspTables } from './tables.js';
import { codePoint, forbiddenCharAt, isAscii, isBlank, isXmlName, utf8Encoder } from './text.js';
import { type CspElement, type CspNode, ElementGuard, elementParts, elementPath, NO_ATTRIBUTES, readElement } from './tree.js';
import { contentKind, dateTimeBytes, dateTimeText, integerBytes, integerText } from './typed-content.js';
import * as T from './wbxml-tokens.js';

export function encode(doc: CspElement, tables: CspTables, options?: EncodeOptions): Uint8Array {
  if (!isTables(tables)) {
    throw badOption('encode expects the tables of a version (csp12.tables, or the registry entry)');
  }
  checkOptionsObject(options);
  const into = checkInto(options?.into); // (read once: the array checked is the array written)
  const encoder = new Encoder(tables, options);
  try {
    encoder.tree(doc);
    return encoder.finish(into);
  } finally {
    encoder.release();
  }
}

/** A growable byte buffer. */
class ByteWriter {
  buf: Uint8Array;
  /** Where the content starts: room kept in front of it (see {@link HEADER_ROOM}). */
  readonly base: number;
  length: number;

  /** The encoder's, for the error when the document outgrows maxDocumentSize (and where it is then). */
  at: { readonly limits: Required<Limits>; where(): { path: string } } | undefined;

  constructor(initial: number, base = 0) {
    this.buf = new Uint8Array(initial);
    this.length = this.base = base;
  }

  /** Starts a new document in the same buffer (encode is synchronous, so one buffer serves all calls). */
  reset(at: { readonly limits: Required<Limits>; where(): { path: string } }): this {
    this.length = this.base;
    this.at = at;
    // Do not keep a huge buffer alive after one huge document.
    if (this.buf.length > 1 << 20) this.buf = new Uint8Array(1 << 16);
    return this;
  }

  ensure(extra: number): void {
    if (this.length + extra > this.buf.length) this.#grow(extra);
  }

  #grow(extra: number): void {
    const needed = this.length + extra;
    const max = this.at!.limits.maxDocumentSize;
    if (needed - this.base > max) throw tooBig(this.at!, needed - this.base);
    let size = this.buf.length * 2;
    while (size < needed) size *= 2;
    size = Math.min(size, Math.max(needed, max + this.base));
    let next: Uint8Array;
    try {
      next = new Uint8Array(size);
    } catch {
      throw wbxmlError('limit', `no memory for ${size} bytes of encoded document`, this.at!.where());
    }
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  byte(b: number): void {
    if (this.length >= this.buf.length) this.#grow(1);
    this.buf[this.length++] = b;
  }

  mbUint32(v: number): void {
    if (v < 0x80) {
      this.byte(v);
      return;
    }
    this.ensure(5);
    this.length = writeMb(this.buf, this.length, v);
  }

  bytes(b: Uint8Array): void {
    if (this.length + b.length > this.buf.length) this.#grow(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  /** UTF-8 of `s`, without terminator. */
  utf8(s: string): void {
    const n = s.length;
    if (n < 64 && isAscii(s)) {
      if (this.length + n > this.buf.length) this.#grow(n);
      const buf = this.buf;
      let p = this.length;
      for (let i = 0; i < n; i++) buf[p++] = s.charCodeAt(i);
      this.length = p;
      return;
    }
    if (this.length + n * 3 > this.buf.length) this.#grow(n * 3);
    const { written } = utf8Encoder.encodeInto(s, this.buf.subarray(this.length));
    this.length += written;
  }
}

/**
 * Bytes kept free in front of the body in its work buffer: the header and a small string table
 * (the public id text, a few literal names) are written there, so that the document is one run of
 * bytes and the result is made from a view of it (see `finish`).
 */
const HEADER_ROOM = 64;

/**
 * Shared work buffers: a message is encoded into these, then copied once into the result. Made by
 * the first encode (importing the engine allocates nothing), taken by an encoder and given back by
 * its `release`: an encode that starts while another one runs (a getter of the tree may encode)
 * makes its own rather than overwrite the other's document.
 */
let SPARE: Work | undefined;
interface Work {
  readonly body: ByteWriter;
  readonly strtbl: ByteWriter;
}

export class Encoder {
  readonly limits: Required<Limits>;
  readonly #tables: CspTables;
  /** Drop whitespace-only text next to child elements (indentation of XML text); a tree's texts are all kept. */
  readonly #dropBlankText: boolean;
  readonly #work: Work;
  readonly #body: ByteWriter;
  /** Literal names: their string table offset and UTF-8 length, in the order first used. */
  #strings: Map<string, { readonly index: number; readonly bytes: number }> | undefined;
  readonly #strtbl: ByteWriter;
  #page = 0;
  readonly #attributeStarts: readonly AttributeStart[];
  readonly #attributeMemo: AttributeMemo[];
  /** Value name → token, only for names whose token decodes back to them. */
  readonly #values: NameLookup<number>;
  /** Which texts may be value names, by length and first character (see {@link ValueFilter}). */
  readonly #valueFilter: ValueFilter;
  readonly #info: NameLookup<ElementInfo>;
  readonly #textId: boolean;
  /** `unknownElements: 'error'`: an element without a tag is refused rather than sent as LITERAL. */
  readonly #strictElements: boolean;
  #rootDone = false;
  /** The names of the open elements by depth (for where()), and how many are open. */
  readonly #names: string[] = [];
  #depth = 0;
  /** The innermost open element: its content type and its text not yet written. */
  #kind: ElementInfo['kind'] = PLAIN;
  #text = '';
  /** It has had a child element or bytes: its text is not its whole content. */
  #mixed = false;
  #hasBytes = false;
  /**
   * The text a decoder of this document will count against maxTextBytes and maxTextExpansion, as
   * the decoder counts it (decoder.ts, `charge`): the UTF-8 bytes of every inline string, each
   * literal name at every reference, value token names, attribute-start prefixes, OPAQUE data and
   * the text of typed content. Counted where each is written, so that what this encoder writes
   * under a set of limits, a decoder with the same limits reads.
   */
  #textUsed = 0;

  /** `fromXml`: fed by the XML reader (blank text between elements dropped, names looked up with it). */
  constructor(tables: CspTables, options: EncodeOptions | undefined, fromXml?: FreshNames) {
    this.limits = resolveLimits(options);
    const from = checkEncodeOptions(options);
    this.#tables = tables;
    this.#dropBlankText = fromXml !== undefined;
    const own = lookups(tables);
    const { values, valueFilter } = from ? lookups(from) : own;
    this.#values = fromXml ? fromXml(values) : values;
    this.#valueFilter = valueFilter;
    const work = SPARE ?? { body: new ByteWriter(1 << 16, HEADER_ROOM), strtbl: new ByteWriter(1 << 10) };
    SPARE = undefined;
    this.#work = work;
    this.#body = work.body.reset(this);
    this.#strtbl = work.strtbl.reset(this);
    this.#attributeStarts = own.starts;
    this.#attributeMemo = own.attributeMemo;
    this.#info = fromXml ? fromXml(own.info) : own.recentInfo;

    this.#textId = options?.publicId === 'text';
    this.#strictElements = options?.unknownElements === 'error';
    if (this.#textId) this.#stringIndex(tables.publicIdText);
  }

  /** Gives the work buffers back for the next encoder (after `finish`, or after an error). */
  release(): void {
    SPARE = this.#work;
  }

  /** Where the encoder is, for error messages: `/WV-CSP-Message/Session/ContentSize`. */
  where(): { path: string } {
    return { path: elementPath(this.#names.slice(0, this.#depth)) };
  }

  /**
   * Writes a caller-built tree, checked as `walkTree` (tree.ts) checks it — the same checks,
   * limits, errors and paths, in the same order — in a walk of its own (an explicit stack: no depth
   * overflows the call stack), without a visitor between the walk and the core.
   */
  tree(doc: unknown): void {
    const cur = elementParts();
    readElement(doc, this, cur);
    const guard = new ElementGuard(this.limits);
    // The open elements and the index of each one's next child, by depth.
    const open: CspElement[] = [];
    const openChildren: (readonly CspNode[])[] = [];
    const next: number[] = [];
    let depth = 0;
    for (;;) {
      // The element read into `cur` starts at `depth` (its parts read once: see readElement).
      const el = cur.el;
      guard.enter(cur, depth, this);
      this.#start(cur.name, cur.attributes);
      let children = cur.children;
      open[depth] = el;
      openChildren[depth++] = children;
      let i = 0;
      for (;;) {
        if (i < children.length) {
          const child: unknown = children[i++];
          if (typeof child === 'string') this.#addText(child);
          // Not by its `children` (read once, by readElement) and not by what it inherits: a
          // Uint8Array is bytes even when Object.prototype has a `children` array.
          else if (child instanceof Uint8Array) this.#addBytes(child);
          else {
            readElement(child, this, cur); // (throws for what is not an element)
            next[depth - 1] = i;
            break;
          }
          continue;
        }
        this.#end();
        depth--;
        guard.leave(open[depth]!, depth);
        if (depth === 0) return;
        children = openChildren[depth - 1]!;
        i = next[depth - 1]!;
      }
    }
  }

  /** An element starts (encodeXml: its reader checks maxDepth and maxElements before, as `tree` does). */
  start(name: string, attributes: Readonly<Record<string, string>>): void {
    if (this.#depth === 0 && this.#rootDone) throw badStructure('a second root element');
    this.#start(name, attributes);
  }

  text(text: string): void {
    if (this.#depth === 0) throw badStructure('text outside the root element');
    if (typeof text !== 'string') throw badStructure('a child that is neither an element, a string nor a Uint8Array', this.where());
    this.#addText(text);
  }

  bytes(bytes: Uint8Array): void {
    if (this.#depth === 0) throw badStructure('content outside the root element');
    this.#addBytes(bytes);
  }

  end(): void {
    if (this.#depth === 0) throw badStructure('end() without an open element');
    this.#end();
  }

  #start(name: string, attributes: Readonly<Record<string, string>>): void {
    const depth = this.#depth;
    if (depth > 0) {
      if (this.#kind !== PLAIN) this.#typedParent(this.#kind);
      if (this.#text !== '') this.#flushText();
    }
    const info = this.#info.get(name);
    this.#kind = info === undefined ? PLAIN : info.kind;
    this.#text = '';
    this.#mixed = this.#hasBytes = false;
    this.#names[depth] = name;
    this.#depth = depth + 1;
    this.#tag(name, attributes, info);
  }

  #addText(text: string): void {
    const t = this.#text === '' ? text : this.#text + text;
    this.#text = t;
    if (t.length > this.limits.maxStringLength) this.#checkLength(t.length, 'a text', 'characters');
  }

  #addBytes(bytes: Uint8Array): void {
    const kind = this.#kind;
    if (kind !== PLAIN && (this.#text !== '' || this.#hasBytes)) this.#mixedBytes();
    if (this.#text !== '') this.#flushText();
    // Raw bytes given by the caller are sent as they are (also in a typed element: the caller knows the encoding).
    this.#mixed = this.#hasBytes = true;
    this.#opaque(bytes, kind);
  }

  /** The innermost element ends: its text, its END; its parent is resumed after a child element. */
  #end(): void {
    const text = this.#text;
    if (this.#kind !== PLAIN) {
      if (this.#hasBytes) {
        if (text !== '') this.#mixedBytes();
      } else if (text !== '') this.#typed(this.#kind, text);
    } else if (text !== '') {
      if (this.#mixed) this.#flushText();
      else this.#wholeText(text);
    }
    this.#body.byte(T.END);
    if (--this.#depth === 0) this.#rootDone = true;
    this.#kind = PLAIN;
    this.#text = '';
    this.#mixed = true;
    this.#hasBytes = false;
  }

  /** An element starts inside a typed one. */
  #typedParent(kind: ElementInfo['kind']): never {
    throw badValue(`an ${kind === INTEGER ? 'integer' : 'date-time'} element cannot contain elements`, this.where());
  }

  #mixedBytes(): never {
    throw badValue('typed content mixes bytes with other content', this.where());
  }

  /** The start tag of the element just opened (where() names it), and its attributes. */
  #tag(name: string, attributes: Readonly<Record<string, string>>, info: ElementInfo | undefined): void {
    const w = this.#body;
    // (most elements share the empty NO_ATTRIBUTES: no for-in set up for them)
    const hasAttributes = attributes !== NO_ATTRIBUTES && hasOwnKeys(attributes);
    // Always the content bit, even for an empty element (see the file comment).
    const flags = T.HAS_CONTENT | (hasAttributes ? T.HAS_ATTRIBUTES : 0);
    if (info !== undefined && info.code >= 0) {
      const page = info.code >> 8;
      if (page !== this.#page) {
        w.byte(T.SWITCH_PAGE);
        w.byte(page);
        this.#page = page;
      }
      w.byte((info.code & T.TAG_MASK) | flags);
    } else {
      if (typeof name !== 'string' || !isXmlName(name))
        throw wbxmlError('bad-name', `element name "${String(name)}" is not an XML name`, this.where());
      if (this.#strictElements)
        throw wbxmlError(
          'unknown-tag',
          `<${name}> is not an element of CSP ${this.#tables.version} (option unknownElements is 'error')`,
          this.where(),
        );
      w.byte(T.LITERAL | flags);
      w.mbUint32(this.#stringIndex(name));
    }
    if (hasAttributes) {
      for (const k in attributes) if (Object.hasOwn(attributes, k)) this.#attribute(k, attributes[k]!);
      w.byte(T.END);
    }
  }

  /** The text content of a typed element: OPAQUE when it has the compact form, an error or a string otherwise. */
  #typed(kind: ElementInfo['kind'], text: string): void {
    if (kind === INTEGER) this.#opaque(integerBytes(text, this), INTEGER);
    else {
      const dt = dateTimeBytes(text);
      if (dt) this.#opaque(dt, DATE_TIME);
      else this.#inlineString(text);
    }
  }

  #chargeText(length: number): void {
    this.#textUsed += length;
    if (this.#textUsed > this.limits.maxTextBytes)
      throw overLimit('the text a decoder will count', 'maxTextBytes', this.limits, this.where());
  }

  /** A string a decoder will measure against maxStringLength: what this encoder writes, a decoder with the same limits reads. */
  #checkLength(length: number, what: string, unit = 'bytes'): void {
    if (length > this.limits.maxStringLength) throw overLimit(`${what} of ${length} ${unit}`, 'maxStringLength', this.limits, this.where());
  }

  /** Writes pending text that is not the whole content of its element (never a value token). */
  #flushText(): void {
    const t = this.#text;
    this.#text = '';
    if (this.#dropBlankText && isBlank(t)) return;
    this.#inlineString(t);
  }

  /**
   * The finished document: header, string table, body, copied once into `into` when it fits (the
   * `into` option, checked by the caller), else into an array of its exact size.
   */
  finish(into?: Uint8Array): Uint8Array {
    if (this.#depth > 0) throw badStructure(`<${this.#names[this.#depth - 1]}> was not ended`);
    if (!this.#rootDone) throw badStructure('no root element');
    const strtbl = this.#strtbl;
    const body = this.#body;
    const bodyLength = body.length - HEADER_ROOM;
    // version, public id (or 0 and its string table index 0), charset, string table length
    const publicId = this.#textId ? T.LITERAL_PUBLIC_ID : this.#tables.publicId;
    const headerLength = 1 + mbLength(publicId) + (this.#textId ? 1 : 0) + mbLength(T.UTF_8) + mbLength(strtbl.length);
    const total = headerLength + strtbl.length + bodyLength;
    if (total > this.limits.maxDocumentSize) throw tooBig(this, total);
    // A decoder allows maxTextExpansion bytes of text per document byte (string-table references
    // are what repeat text cheaply: here, a long literal name used by many elements).
    if (this.#textUsed > textBudget(this.limits, total))
      throw wbxmlError(
        'limit',
        `the document would decode to ${this.#textUsed} bytes of text, more than maxTextExpansion (${this.limits.maxTextExpansion}) per byte of its ${total} allows`,
        this.where(),
      );
    strtbl.at = body.at = undefined; // the shared buffers keep no encoder alive
    const start = HEADER_ROOM - headerLength - strtbl.length;
    if (start >= 0) {
      // Header and string table in front of the body, and the result a copy of that view: V8 makes
      // an array from another without zeroing its memory first, where `new Uint8Array(total)`
      // zeroes it and the copy writes it again (on a 70 KB list that zeroing was a tenth of encode).
      const p = this.#header(body.buf, start, publicId, strtbl.length);
      body.buf.set(strtbl.buf.subarray(0, strtbl.length), p);
      const doc = body.buf.subarray(start, body.length);
      const view = into === undefined ? undefined : intoView(into, total);
      if (view === undefined) return new Uint8Array(doc);
      view.set(doc);
      return view;
    }
    const out = (into !== undefined && intoView(into, total)) || new Uint8Array(total);
    const p = this.#header(out, 0, publicId, strtbl.length);
    out.set(strtbl.buf.subarray(0, strtbl.length), p);
    out.set(body.buf.subarray(HEADER_ROOM, body.length), p + strtbl.length);
    return out;
  }

  /** Writes the header at `p`; returns the offset after it. */
  #header(out: Uint8Array, p: number, publicId: number, strtblLength: number): number {
    out[p] = T.WBXML_1_3;
    p = writeMb(out, p + 1, publicId);
    if (this.#textId) out[p++] = 0; // the public id text is at string table index 0
    p = writeMb(out, p, T.UTF_8);
    return writeMb(out, p, strtblLength);
  }

  #attribute(name: string, value: string): void {
    const w = this.#body;
    if (typeof value !== 'string') throw badValue(`attribute "${name}" has a non-string value (${describe(value)})`, this.where());
    // (checked here, not only by inlineString: its fast path skips the check for a short value)
    this.#checkLength(value.length, 'an attribute value', 'characters');
    // A message repeats the same few attributes (one xmlns per namespace, two or three namespaces
    // alternating): the last few are kept with their start, newest first.
    const memos = this.#attributeMemo;
    let memo = memos[0]!;
    if (value !== memo.value || name !== memo.name) {
      let i = 1;
      while (i < memos.length && (value !== memos[i]!.value || name !== memos[i]!.name)) i++;
      if (i < memos.length) memo = memos[i]!;
      else {
        i--; // (the oldest is replaced)
        memo = memos[i]!;
        let start: AttributeStart | undefined;
        // (indexed: for-of would run Array.prototype's iterator, which other code may replace)
        const starts = this.#attributeStarts;
        for (let j = 0; j < starts.length; j++) {
          const s = starts[j]!;
          if (s.name === name && value.startsWith(s.valuePrefix)) {
            start = s;
            break;
          }
        }
        memo.name = name;
        memo.value = value;
        memo.start = start;
        memo.rest = start === undefined ? value : value.slice(start.valuePrefix.length);
      }
      memos.copyWithin(1, 0, i);
      memos[0] = memo;
    }
    const start = memo.start;
    if (start !== undefined) {
      w.byte(start.token);
      this.#chargeText(start.valuePrefix.length);
      if (memo.rest !== '') this.#inlineString(memo.rest);
      return;
    }
    if (!isXmlName(name)) throw wbxmlError('bad-name', `attribute name "${name}" is not an XML name`, this.where());
    w.byte(T.LITERAL);
    w.mbUint32(this.#stringIndex(name));
    if (value.length > 0) this.#inlineString(value);
  }

  /** The whole content of a plain element is one text: a value token when it is one. */
  #wholeText(text: string): void {
    // (most texts are no value name: the filter spares them the lookup)
    const token = mayBeValue(this.#valueFilter, text) ? this.#values.get(text) : undefined;
    if (token !== undefined) {
      this.#chargeText(text.length); // the token's name: the decoder hands it out as the text
      this.#body.byte(T.EXT_T_0);
      this.#body.mbUint32(token);
      return;
    }
    this.#inlineString(text);
  }

  #inlineString(text: string): void {
    // Fast path: a short text XML allows goes straight into the buffer as UTF-8 in one scan (an
    // encodeInto call costs more than the loop below for the short texts of a message). Anything
    // else — a character XML forbids, a lone surrogate, a longer text — takes the checked path.
    const n = text.length;
    if (n < 256) {
      const w = this.#body;
      // Room for the worst case (3 bytes a character) when the buffer has it, else for ASCII
      // only: growing for bytes a text may not need could refuse a document maxDocumentSize allows.
      const ascii = w.length + n * 3 + 2 > w.buf.length;
      if (ascii) w.ensure(n + 2);
      const buf = w.buf;
      const start = w.length + 1;
      let p = start;
      let i = 0;
      for (; i < n; i++) {
        // String.prototype's charCodeAt called on the text, not looked up on it: the texts of a
        // process come as strings of many kinds (sequential, sliced, cons, internalized; one- or
        // two-byte), each a map of its own, and once one site has seen five the lookup goes
        // megamorphic — a stub-cache probe for every character (3-4 % of encode in a process that
        // also ran encodeXml). The call has one target, which the optimiser inlines.
        const c = String.prototype.charCodeAt.call(text, i);
        if (c < 0x80) {
          // ASCII without U+0000 and the C0 controls XML forbids (tab, LF and CR are text)
          if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
          buf[p++] = c;
        } else if (ascii) break;
        else if (c < 0x800) {
          buf[p++] = 0xc0 | (c >> 6);
          buf[p++] = 0x80 | (c & 0x3f);
        } else if (c < 0xd800 || (c > 0xdfff && c < 0xfffe)) {
          buf[p++] = 0xe0 | (c >> 12);
          buf[p++] = 0x80 | ((c >> 6) & 0x3f);
          buf[p++] = 0x80 | (c & 0x3f);
        } else {
          // A surrogate pair is 4 bytes; a lone surrogate, U+FFFE and U+FFFF are errors (below).
          const d = String.prototype.charCodeAt.call(text, i + 1);
          if (c > 0xdbff || !(d >= 0xdc00 && d <= 0xdfff)) break;
          const cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
          buf[p++] = 0xf0 | (cp >> 18);
          buf[p++] = 0x80 | ((cp >> 12) & 0x3f);
          buf[p++] = 0x80 | ((cp >> 6) & 0x3f);
          buf[p++] = 0x80 | (cp & 0x3f);
          i++;
        }
      }
      if (i === n) {
        const bytes = p - start;
        // (ASCII: its length in characters was checked when it came in; UTF-8 is longer)
        if (bytes > n) this.#checkLength(bytes, 'a text');
        buf[start - 1] = T.STR_I;
        buf[p++] = 0;
        w.length = p;
        this.#chargeText(bytes);
        return;
      }
    }
    // (No length check before the scan: every text and attribute value was checked in characters
    // when it came in (text, attribute), and the bytes are checked below.)
    const bad = forbiddenCharAt(text);
    if (bad >= 0) {
      const c = text.charCodeAt(bad);
      throw wbxmlError(
        'bad-text',
        `a text with ${codePoint(c)}, which ${c === 0 ? 'an inline string cannot carry and ' : ''}XML 1.0 does not allow` +
          (c >= 0xd800 && c <= 0xdfff ? ' (a lone surrogate has no UTF-8 form)' : ''),
        this.where(),
      );
    }
    const w = this.#body;
    w.byte(T.STR_I);
    const start = w.length;
    w.utf8(text);
    // The decoder measures an inline string in bytes: so must the encoder (UTF-16 code units undercount).
    const bytes = w.length - start;
    this.#checkLength(bytes, 'a text');
    this.#chargeText(bytes);
    w.byte(0);
  }

  /** OPAQUE data in an element of `kind`: a decoder hands out the bytes, or the text of typed content. */
  #opaque(bytes: Uint8Array, kind: ElementInfo['kind'] = PLAIN): void {
    this.#checkLength(bytes.length, 'OPAQUE data');
    this.#chargeText(kind === PLAIN ? bytes.length : typedTextLength(bytes, kind));
    const w = this.#body;
    w.byte(T.OPAQUE);
    w.mbUint32(bytes.length);
    w.bytes(bytes);
  }

  /** The string table offset of `s` (added at first use); the decoder counts its bytes at every reference. */
  #stringIndex(s: string): number {
    const strings = (this.#strings ??= new Map());
    let entry = strings.get(s);
    if (entry === undefined) {
      if (s.indexOf('\u0000') >= 0) throw wbxmlError('bad-text', 'a name with U+0000', this.where());
      const index = this.#strtbl.length;
      this.#strtbl.utf8(s);
      const bytes = this.#strtbl.length - index;
      this.#strtbl.byte(0);
      // A string table entry longer than maxStringLength, or a table over maxStringTableSize, is
      // refused by a decoder with the same limits: the encoder must not write it.
      this.#checkLength(bytes, 'a literal name');
      if (this.#strtbl.length > this.limits.maxStringTableSize)
        throw overLimit(`a string table of ${this.#strtbl.length} bytes`, 'maxStringTableSize', this.limits, this.where());
      entry = { index, bytes };
      strings.set(s, entry);
    }
    this.#chargeText(entry.bytes);
    return entry.index;
  }
}

/** The document outgrows maxDocumentSize (`size` bytes at least, when `at` is where the encoder is). */
function tooBig(at: { readonly limits: Required<Limits>; where(): { path: string } }, size: number): WbxmlError {
  return overLimit(`an encoded document of ${size} bytes`, 'maxDocumentSize', at.limits, at.where());
}

/** True if the attributes object has an attribute. */
function hasOwnKeys(attributes: Readonly<Record<string, string>>): boolean {
  // Own attributes only: `for in` also walks the prototype chain, and whatever another module
  // added to Object.prototype would be written as an attribute of every hand-built element.
  for (const k in attributes) if (Object.hasOwn(attributes, k)) return true;
  return false;
}

/** The length of `v` as an mb_u_int32. */
function mbLength(v: number): number {
  let n = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

/** Writes `v` as an mb_u_int32 at `p` (room checked by the caller); returns the offset after it. */
function writeMb(out: Uint8Array, p: number, v: number): number {
  const n = mbLength(v);
  for (let i = n - 1; i >= 0; i--) {
    out[p + i] = (v % 128) | (i === n - 1 ? 0 : 0x80);
    v = Math.floor(v / 128);
  }
  return p + n;
}

const PLAIN = 0;
const INTEGER = 1;
const DATE_TIME = 2;

/**
 * The length of the text a decoder makes of typed OPAQUE data (what it counts against
 * maxTextBytes). Bytes a caller gave that are no valid integer or date-time are counted as they
 * are: a decoder refuses them anyway (`bad-opaque`).
 */
function typedTextLength(bytes: Uint8Array, kind: typeof INTEGER | typeof DATE_TIME): number {
  try {
    return (kind === INTEGER ? integerText : dateTimeText)(bytes, 0, bytes.length).length;
  } catch {
    return bytes.length;
  }
}

/** What the encoder needs to know of an element name: its tag (`page << 8 | token`, -1 if none) and content type. */
interface ElementInfo {
  readonly code: number;
  readonly kind: typeof PLAIN | typeof INTEGER | typeof DATE_TIME;
}

/** Where the encoder looks a name up: a Map, or what `encodeXml` makes of it for fresh strings. */
export interface NameLookup<T> {
  get(name: string): T | undefined;
}

/**
 * Makes the lookup for names that are fresh strings (runtime/xml-reader.ts passes one: the names it
 * reads are sliced from the XML text, and a Map hashes each in full). A tree's names are usually
 * the tables' own strings, whose hash is cached: for them the Map is faster.
 */
export type FreshNames = <T>(map: ReadonlyMap<string, T>) => NameLookup<T>;

/** What the encoder looks up in one version's tables, made at the first encode with them. */
interface Lookups {
  readonly tables: CspTables;
  /** Element name → tag and content type; typed elements without a tag (sent as LITERAL) keep their type. */
  readonly info: ReadonlyMap<string, ElementInfo>;
  /**
   * The value names the encoder sends as EXT_T_0: those whose token decodes back to the same name.
   * `History` shares 0x3D with `GROUP_ID` and decodes as `GROUP_ID`, so it is sent as a string.
   */
  readonly values: ReadonlyMap<string, number>;
  readonly valueFilter: ValueFilter;
  /** `info` behind a cache of the names last looked up (for a tree's names; `encodeXml` has its own lookup). */
  readonly recentInfo: NameLookup<ElementInfo>;
  /** Attribute starts with the longest value prefix first, so that a value gets its most specific token. */
  readonly starts: readonly AttributeStart[];
  /** The last attributes looked up in `starts`, newest first, kept between encodes with these tables. */
  readonly attributeMemo: AttributeMemo[];
}

/** An attribute looked up in the attribute starts: the start its value begins with (undefined: none), and the rest of the value. */
interface AttributeMemo {
  name: string;
  value: string;
  start: AttributeStart | undefined;
  rest: string;
}

/** Four attribute memos: a CSP message has at most three namespaces. */
function newMemos(): AttributeMemo[] {
  const memos: AttributeMemo[] = [];
  for (let i = 0; i < 4; i++) memos.push({ name: '', value: '', start: undefined, rest: '' });
  return memos;
}

const lookupCache = new WeakMap<CspTables, Lookups>();

/**
 * The lookups of the last encode. Encoding message after message with the same tables is the usual
 * case, and the WeakMap lookup behind it is a few per cent of a small message. (It keeps the last
 * tables alive until the next encode with others.)
 */
let lastLookups: Lookups | undefined;

function lookups(tables: CspTables): Lookups {
  if (lastLookups !== undefined && lastLookups.tables === tables) return lastLookups;
  let found = lookupCache.get(tables);
  if (!found) {
    const info = new Map<string, ElementInfo>();
    // (forEach, not for-of with destructuring: a replaced Array.prototype[Symbol.iterator] must not
    // change a lookup that is cached for every later encode)
    tables.tagByName.forEach((code, name) => {
      info.set(name, { code, kind: contentKind(tables, name) });
    });
    const typed = (name: string): void => {
      if (!info.has(name)) info.set(name, { code: -1, kind: contentKind(tables, name) });
    };
    tables.integerElements.forEach(typed);
    tables.dateTimeElements.forEach(typed);
    const values = new Map<string, number>();
    tables.valueTokens.forEach((token, name) => {
      if (tables.valueNames.get(token) === name) values.set(name, token);
    });
    const starts = tables.attributeStarts.slice().sort((a, b) => b.valuePrefix.length - a.valuePrefix.length || a.token - b.token);
    lookupCache.set(
      tables,
      (found = {
        tables,
        info,
        values,
        valueFilter: valueFilter(values),
        recentInfo: new RecentNames(info),
        starts,
        attributeMemo: newMemos(),
      }),
    );
  }
  return (lastLookups = found);
}

/**
 * The value names by length and first character: `bits[length * 128 + (first & 127)]` is 1 when a
 * value name has that length and first character (non-ASCII first characters share the slots of
 * their low seven bits: a filter may say yes wrongly, never no wrongly). The texts of a message are
 * mostly user ids, names and status texts that are no value name: a Map lookup of each was most of
 * a whole text's cost.
 */
interface ValueFilter {
  readonly bits: Uint8Array;
  readonly maxLength: number;
}

function valueFilter(values: ReadonlyMap<string, number>): ValueFilter {
  let maxLength = 0;
  values.forEach((_, name) => {
    if (name.length > maxLength) maxLength = name.length;
  });
  const bits = new Uint8Array((maxLength + 1) * 128);
  values.forEach((_, name) => {
    if (name.length > 0) bits[name.length * 128 + (name.charCodeAt(0) & 127)] = 1;
  });
  return { bits, maxLength };
}

/** False when `text` (not empty) is no value name; true when it may be one. */
function mayBeValue(filter: ValueFilter, text: string): boolean {
  const n = text.length;
  return n <= filter.maxLength && filter.bits[n * 128 + (text.charCodeAt(0) & 127)] === 1;
}

/** Slots of {@link RecentNames}: a power of two, several times the names a message uses. */
const RECENT_SLOTS = 256;

/**
 * Name → value for the names of a caller's tree: a decoded tree's names are the tables' own
 * strings, and a message uses a few dozen of them again and again. Each slot keeps the name last
 * looked up there (slot by length and three characters) and what the Map gave for it: the same
 * string is one pointer comparison, where the Map's probe was a tenth of encoding a contact list.
 * An equal string of another instance compares equal too (by content), so the answer is always the
 * Map's. Kept with the tables' lookups, across encodes.
 */
class RecentNames<T> implements NameLookup<T> {
  readonly #map: ReadonlyMap<string, T>;
  readonly #names: string[] = [];
  readonly #values: (T | undefined)[] = [];

  constructor(map: ReadonlyMap<string, T>) {
    this.#map = map;
    // (filled: a hole would read Array.prototype)
    for (let i = 0; i < RECENT_SLOTS; i++) {
      this.#names.push('');
      this.#values.push(undefined);
    }
  }

  get(name: string): T | undefined {
    const n = name.length;
    if (n === 0) return this.#map.get(name);
    const slot = (n + name.charCodeAt(0) * 3 + name.charCodeAt(n >> 1) * 5 + name.charCodeAt(n - 1) * 7) & (RECENT_SLOTS - 1);
    if (this.#names[slot] === name) return this.#values[slot];
    const value = this.#map.get(name);
    this.#names[slot] = name;
    this.#values[slot] = value;
    return value;
  }
}
