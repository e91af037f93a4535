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
  if (options.doctypePublicId !== undefined) parts.push(`<!DOCTYPE ${doc.name} PUBLIC "${options.doctypePublicId}" "">`, indent ? '\n' : '');
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
  return { version: r.version, tables: r.tables, wbxmlVersion: r.wbxmlVersion, publicId: r.publicId, versionFrom: r.versionFrom, xml: r.result };
}

class XmlSink implements DecodeSink<string> {
  private out: string;
  private readonly names: string[] = [];
  /** Whether the innermost open element's start tag is still open (`<a` written, `>` not yet). */
  private pending = false;

  constructor(declaration: boolean) {
    this.out = declaration ? '<?xml version="1.0" encoding="UTF-8"?>' : '';
  }
  start(name: string, attributes: Readonly<Record<string, string>>): void {
    let s = this.pending ? `><${name}` : `<${name}`;
    for (const k in attributes) s += ` ${k}="${escapeAttribute(attributes[k]!)}"`;
    this.out += s;
    this.pending = true;
    this.names.push(name);
  }
  text(text: string): void {
    if (text === '') return;
    this.out += this.pending ? '>' + escapeText(text) : escapeText(text);
    this.pending = false;
  }
  bytes(bytes: Uint8Array): void {
    this.text(bytesAsText(bytes));
  }
  end(): void {
    const name = this.names.pop()!;
    this.out += this.pending ? '/>' : `</${name}>`;
    this.pending = false;
  }
  result(): string {
    return this.out;
  }
}

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
export function escapeText(s: string): string {
  if (!TEXT_SPECIAL.test(s)) return s;
  return s.replace(/[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, escapeChar);
}

export function escapeAttribute(s: string): string {
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
