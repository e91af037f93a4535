/**
 * Element tree → XML text, with no dependency (the decoder's usual companion: `toXml(decode(b).doc)`).
 *
 * Indentation is added only between elements of an element that has no text of its own, so it never
 * changes a text. OPAQUE bytes (binary content) are written as their UTF-8 text when they are valid
 * UTF-8 (what every peer shows for `C3 05 "Hello"`), otherwise as base64: XML text cannot carry raw
 * bytes, the tree API is the lossless one.
 */
import { decodeWith, type DecodeResult, type DecodeSink } from './decoder.js';
import type { DecodeOptions } from './options.js';
import type { CspTables } from './tables.js';
import type { CspElement, CspNode } from './tree.js';

declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array): string;
}

export interface ToXmlOptions {
  /** Indentation per level, or `''` for compact output on one line. Default two spaces. */
  readonly indent?: string;
  /** Write `<?xml version="1.0" encoding="UTF-8"?>` first. Default true. */
  readonly declaration?: boolean;
  /** Write a DOCTYPE naming this public id text (libwbxml needs one to pick the language). */
  readonly doctypePublicId?: string;
}

export function toXml(doc: CspElement, options: ToXmlOptions = {}): string {
  const indent = options.indent ?? '  ';
  const parts: string[] = [];
  if (options.declaration ?? true) parts.push('<?xml version="1.0" encoding="UTF-8"?>', indent ? '\n' : '');
  if (options.doctypePublicId !== undefined)
    parts.push(`<!DOCTYPE ${doc.name} PUBLIC "${options.doctypePublicId}" "">`, indent ? '\n' : '');
  writeElement(doc, parts, indent, 0);
  if (indent) parts.push('\n');
  return parts.join('');
}

/**
 * WBXML → compact XML text in one pass, without building a tree (the fast path for gateways and
 * the benchmark). Same text as `toXml(decode(bytes).doc, { indent: '' })`.
 */
export function decodeToXml(
  bytes: Uint8Array,
  registry: readonly CspTables[],
  options?: DecodeOptions & { readonly declaration?: boolean },
): Omit<DecodeResult, 'doc'> & { readonly xml: string } {
  const r = decodeWith(bytes, registry, new XmlSink(options?.declaration ?? true), options);
  return {
    version: r.version,
    tables: r.tables,
    wbxmlVersion: r.wbxmlVersion,
    publicId: r.publicId,
    versionFrom: r.versionFrom,
    xml: r.result,
  };
}

/**
 * Writes XML as UTF-8 bytes into one reused buffer and makes the string once at the end: no
 * string pieces pile up for the garbage collector, so the time per KB stays flat for big messages.
 */
class XmlSink implements DecodeSink<string> {
  private buf: Uint8Array = SHARED.buf;
  private len = 0;
  private readonly names: string[] = [];
  /** Whether the innermost open element's start tag is still open (`<a` written, `>` not yet). */
  private pending = false;

  constructor(declaration: boolean) {
    if (declaration) this.ascii('<?xml version="1.0" encoding="UTF-8"?>');
  }
  start(name: string, attributes: Readonly<Record<string, string>>): void {
    if (this.pending) this.byte(0x3e);
    this.byte(0x3c);
    this.raw(name);
    for (const k in attributes) {
      this.byte(0x20);
      this.raw(k);
      this.byte(0x3d);
      this.byte(0x22);
      this.escaped(attributes[k]!, true);
      this.byte(0x22);
    }
    this.pending = true;
    this.names.push(name);
  }
  text(text: string): void {
    if (text === '') return;
    if (this.pending) this.byte(0x3e);
    this.pending = false;
    this.escaped(text, false);
  }
  bytes(bytes: Uint8Array): void {
    this.text(bytesAsText(bytes));
  }
  end(): void {
    const name = this.names.pop()!;
    if (this.pending) {
      this.byte(0x2f);
      this.byte(0x3e);
    } else {
      this.byte(0x3c);
      this.byte(0x2f);
      this.raw(name);
      this.byte(0x3e);
    }
    this.pending = false;
  }
  result(): string {
    const s = utf8.decode(this.buf.subarray(0, this.len));
    SHARED.buf = this.buf.length > 1 << 22 ? new Uint8Array(1 << 16) : this.buf; // keep a normal-sized buffer
    return s;
  }

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
  private byte(b: number): void {
    if (this.len >= this.buf.length) this.ensure(1);
    this.buf[this.len++] = b;
  }
  private ascii(s: string): void {
    this.ensure(s.length);
    for (let i = 0; i < s.length; i++) this.buf[this.len++] = s.charCodeAt(i);
  }
  /** A name: XML names need no escaping; their bytes are cached (names come from the tables). */
  private raw(s: string): void {
    let b = NAME_BYTES.get(s);
    if (b === undefined) {
      const start = this.len;
      this.escaped(s, false);
      b = this.buf.slice(start, this.len);
      this.len = start;
      if (NAME_BYTES.size < 4096) NAME_BYTES.set(s, b);
    }
    const n = b.length;
    this.ensure(n);
    // a loop beats TypedArray.set for the few bytes of a name
    const buf = this.buf;
    let p = this.len;
    for (let i = 0; i < n; i++) buf[p++] = b[i]!;
    this.len = p;
  }
  /** UTF-8 of `s` with what XML needs escaped (see escapeText / escapeAttribute). */
  private escaped(s: string, attribute: boolean): void {
    this.ensure(s.length * 3);
    const buf = this.buf;
    const table = attribute ? ESCAPE_IN_ATTRIBUTE : ESCAPE_IN_TEXT;
    let p = this.len;
    for (let i = 0; i < s.length; i++) {
      let c = s.charCodeAt(i);
      if (c < 0x80) {
        if ((table[c] as number) === 0) {
          buf[p++] = c;
          continue;
        }
        const ref = escapeChar(String.fromCharCode(c));
        this.len = p;
        this.ensure(ref.length + (s.length - i) * 3);
        p = this.len;
        for (let k = 0; k < ref.length; k++) this.buf[p++] = ref.charCodeAt(k);
        continue;
      }
      const target = this.buf;
      if (c < 0x800) {
        target[p++] = 0xc0 | (c >> 6);
        target[p++] = 0x80 | (c & 0x3f);
        continue;
      }
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          i++;
          target[p++] = 0xf0 | (c >> 18);
          target[p++] = 0x80 | ((c >> 12) & 0x3f);
          target[p++] = 0x80 | ((c >> 6) & 0x3f);
          target[p++] = 0x80 | (c & 0x3f);
          continue;
        }
      }
      target[p++] = 0xe0 | (c >> 12);
      target[p++] = 0x80 | ((c >> 6) & 0x3f);
      target[p++] = 0x80 | (c & 0x3f);
    }
    this.len = p;
  }
}

/** ASCII characters that need a reference: 1 = escape. Same sets as escapeText / escapeAttribute. */
const ESCAPE_IN_TEXT = new Uint8Array(128);
const ESCAPE_IN_ATTRIBUTE = new Uint8Array(128);
for (let c = 0; c < 0x20; c++) {
  ESCAPE_IN_TEXT[c] = c === 0x09 || c === 0x0a ? 0 : 1;
  ESCAPE_IN_ATTRIBUTE[c] = 1;
}
for (const c of [0x26, 0x3c, 0x3e]) ESCAPE_IN_TEXT[c] = ESCAPE_IN_ATTRIBUTE[c] = 1;
ESCAPE_IN_ATTRIBUTE[0x22] = 1;

const NAME_BYTES = new Map<string, Uint8Array>();

/** The work buffer of the XML writer, reused between calls (decoding is synchronous). */
const SHARED: { buf: Uint8Array } = { buf: new Uint8Array(1 << 16) };

function writeElement(el: CspElement, out: string[], indent: string, level: number): void {
  out.push('<', el.name);
  const attrs = el.attributes;
  for (const name in attrs) out.push(' ', name, '="', escapeAttribute(attrs[name]!), '"');
  const children = el.children;
  if (children.length === 0) {
    out.push('/>');
    return;
  }
  out.push('>');
  const elementsOnly = indent !== '' && children.every(isElementNode);
  for (const child of children) {
    if (typeof child === 'string') out.push(escapeText(child));
    else if (child instanceof Uint8Array) out.push(escapeText(bytesAsText(child)));
    else {
      if (elementsOnly) out.push('\n', indent.repeat(level + 1));
      writeElement(child, out, indent, level + 1);
    }
  }
  if (elementsOnly) out.push('\n', indent.repeat(level));
  out.push('</', el.name, '>');
}

function isElementNode(c: CspNode): boolean {
  return typeof c === 'object' && !(c instanceof Uint8Array);
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function bytesAsText(bytes: Uint8Array): string {
  try {
    const s = utf8.decode(bytes);
    if (!/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(s)) return s;
  } catch {
    // not UTF-8: fall through to base64
  }
  return base64(bytes);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    s += B64[a >> 2]! + B64[((a & 3) << 4) | ((b ?? 0) >> 4)]!;
    s += b === undefined ? '=' : B64[((b & 15) << 2) | ((c ?? 0) >> 6)]!;
    s += c === undefined ? '=' : B64[c & 63]!;
  }
  return s;
}

const TEXT_SPECIAL = /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
const ATTR_SPECIAL = /[&<>"\t\n\r\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

/** `&`, `<`, `>` as entities; CR and control characters as character references (XML would drop or reject them raw). */
function escapeText(s: string): string {
  if (!TEXT_SPECIAL.test(s)) return s;
  return s.replace(/[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, escapeChar);
}

function escapeAttribute(s: string): string {
  if (!ATTR_SPECIAL.test(s)) return s;
  return s.replace(/[&<>"\t\n\r\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, escapeChar);
}

function escapeChar(c: string): string {
  switch (c) {
    case '&':
      return '&amp;';
    case '<':
      return '&lt;';
    case '>':
      return '&gt;';
    case '"':
      return '&quot;';
    default:
      return `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`;
  }
}
