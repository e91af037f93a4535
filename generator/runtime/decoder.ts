/**
 * WBXML → element tree, for the CSP versions of a registry.
 *
 * One pass over the bytes with an explicit element stack (no recursion, so nesting cannot overflow
 * the call stack); every length read from the input is checked against the bytes that remain before
 * anything is allocated; each string-table entry is decoded once and every reference to it is
 * charged to the document's text budget; elements, depth and text are counted against the limits
 * (options.ts). So time is linear in the input plus the text handed out, and memory at most a
 * constant per input byte (the README's resource model). Text that XML could not hold is refused.
 * Every failure is a {@link WbxmlError} carrying the byte offset.
 */
import { badOpaque, badOption, badStructure, truncated, wbxmlError } from './errors.js';
import {
  checkVersionOption,
  describe,
  hasMethods,
  isRegistry,
  overLimit,
  resolveLimits,
  TEXT_ALLOWANCE,
  textBudget,
  type DecodeOptions,
  type Limits,
} from './options.js';
import type { CspTables } from './tables.js';
import { asciiText, codePoint, decodeUtf8, isXmlChar, isXmlName } from './text.js';
import { emptyAttributes, NO_ATTRIBUTES, type CspElement, type CspNode } from './tree.js';
import { CONTENT, type ContentKind, INTEGER, NOTHING, OPAQUE_VALUE, PLAIN } from './content-kind.js';
import { contentKind, dateTimeText, integerText } from './typed-content.js';
import * as T from './wbxml-tokens.js';

export interface DecodeResult {
  /** The CSP version whose tables decoded the document, for example `"1.2"`. */
  readonly version: string;
  readonly tables: CspTables;
  /** The WBXML version byte (0x03 for WBXML 1.3). */
  readonly wbxmlVersion: number;
  /** The public id as sent: a number, or the DTD text when it came from the string table. */
  readonly publicId: number | string;
  /** How the version was chosen. */
  readonly versionFrom: 'public-id' | 'namespace' | 'option';
  readonly doc: CspElement;
}

/**
 * Where decoded content goes. The decoder does the WBXML work (tokens, pages, typed OPAQUE,
 * merging adjacent text tokens into one text) and hands a stream of these calls to a sink: a tree
 * builder for {@link decode}, an XML writer for {@link decodeToXml}, without a tree in between.
 */
export interface DecodeSink<R> {
  start(name: string, attributes: Readonly<Record<string, string>>): void;
  /** One text: adjacent STR_I/STR_T/ENTITY/EXT_T_0 (and typed OPAQUE, as text) arrive merged. */
  text(text: string): void;
  /** OPAQUE content of an untyped element. */
  bytes(bytes: Uint8Array): void;
  end(): void;
  /** The product, once the root element has ended. */
  result(): R;
  /**
   * Optional, for a sink that writes bytes (`decodeToXml`'s XML writer): the whole text content of
   * an element when it is one inline string of printable ASCII (0x20-0x7F), as `bytes[start, end)`
   * of the input, so that no string is made only to be encoded again. Only read during the call.
   * Without it, that text arrives through `text` like any other.
   */
  asciiText?(bytes: Uint8Array, start: number, end: number): void;
}

/** An element whose END has not been read yet (one object per depth, reused). */
interface OpenElement {
  name: string;
  /** The content type of the element: typed OPAQUE content is read as text. */
  kind: ContentKind;
  /** Text read so far and not yet handed to the sink (adjacent text tokens form one text). */
  text: string | undefined;
  /**
   * Typed elements only: what content was read, {@link NOTHING}, {@link CONTENT} (other than an
   * OPAQUE value) or {@link OPAQUE_VALUE} (the whole content, nothing may follow it).
   */
  read: number;
  /** The element's attributes, and where its children start in the tree being built (`decode` only). */
  attributes: Readonly<Record<string, string>>;
  first: number;
}

export function decode(bytes: Uint8Array, registry: readonly CspTables[], options?: DecodeOptions): DecodeResult {
  return new Decoder(bytes, registry, options).run(undefined);
}

/**
 * Decodes into a sink the engine made itself (no check of its methods), the product named `doc`:
 * {@link decodeWith} and `decodeToXml` each copy the document's facts from it once, under their
 * own name for the product.
 */
export function decodeToSink<R>(
  bytes: Uint8Array,
  registry: readonly CspTables[],
  sink: DecodeSink<R>,
  options: DecodeOptions | undefined,
): Omit<DecodeResult, 'doc'> & { readonly doc: R } {
  return new Decoder(bytes, registry, options).run(sink);
}

/** What a sink must have (checked: a wrong object is `bad-option`, not a TypeError inside). */
const SINK_METHODS = ['start', 'text', 'bytes', 'end', 'result'];

/**
 * Decodes with any sink; {@link decode} and `decodeToXml` are the two the engine ships. The decoder
 * enforces every limit before it calls the sink; what the sink itself keeps is up to the sink (an
 * error the sink throws passes through unchanged).
 */
export function decodeWith<R>(
  bytes: Uint8Array,
  registry: readonly CspTables[],
  sink: DecodeSink<R>,
  options?: DecodeOptions,
): Omit<DecodeResult, 'doc'> & { readonly result: R } {
  if (!hasMethods(sink, SINK_METHODS)) {
    throw badOption('decodeWith expects a sink object with the methods start, text, bytes, end and result');
  }
  // (run names the product `doc`, as decode returns it: the copy is here, out of a codec bundle's decode)
  const r = decodeToSink(bytes, registry, sink, options);
  return {
    version: r.version,
    tables: r.tables,
    wbxmlVersion: r.wbxmlVersion,
    publicId: r.publicId,
    versionFrom: r.versionFrom,
    result: r.doc,
  };
}

/** Shared by every element without children (frozen: the tree is read-only). */
const NO_CHILDREN: readonly CspNode[] = /*@__PURE__*/ Object.freeze([]);

class Decoder {
  readonly #bytes: Uint8Array;
  readonly #registry: readonly CspTables[];
  readonly #forced: string | undefined;
  readonly #limits: Required<Limits>;
  #pos = 0;
  /** The string table is `#bytes[#strtblStart, #strtblEnd)` (no view of it: a typed array object is not free). */
  #strtblStart = 0;
  #strtblEnd = 0;
  /** Decoded string-table entries by index, each decoded once: the text and its length in bytes. */
  #strings: Map<number, readonly [text: string, bytes: number]> | undefined;
  /** Bytes of text handed out so far, and how many the document may have (see `maxTextExpansion`). */
  #textUsed = 0;
  /** How {@link Decoder.#pickTables} chose the version. */
  #versionFrom: DecodeResult['versionFrom'] = 'option';
  /** Where the last inline string read by `inlineRange` starts. */
  #rangeStart = 0;
  readonly #textBudget: number;
  /**
   * Without a sink (`decode`), the decoder builds the tree itself: the children of the open
   * elements wait in this one list, `#nodes[0, #count)` (an element's from its frame's `first`), and
   * each element gets an array of exactly its children when it ends (an empty element shares one
   * frozen empty array), which replaces them in the list; the root ends as `#nodes[0]`. No array
   * grows element by element, and no second frame per open element, no call per token.
   */
  readonly #nodes: CspNode[] = [];
  #count = 0;

  constructor(bytes: Uint8Array, registry: readonly CspTables[], options: DecodeOptions | undefined) {
    this.#limits = resolveLimits(options);
    this.#forced = checkVersionOption(options?.version);
    if (!(bytes instanceof Uint8Array)) throw badOption(`decode expects a Uint8Array, not ${describe(bytes)}`);
    if (!isRegistry(registry)) {
      throw badOption('decode expects the tables of at least one version (the registry of generated/index.ts)');
    }
    this.#bytes = bytes;
    this.#registry = registry;
    if (bytes.length > this.#limits.maxDocumentSize) {
      throw overLimit(`the document has ${bytes.length} bytes`, 'maxDocumentSize', this.#limits, 0);
    }
    this.#textBudget = textBudget(this.#limits, bytes.length);
  }

  /** Decodes to the tree (no sink: the decoder builds it, see {@link Decoder.#nodes}), or through `sink`. */
  run(sink: undefined): DecodeResult;
  run<R>(sink: DecodeSink<R>): Omit<DecodeResult, 'doc'> & { readonly doc: R };
  run<R>(sink: DecodeSink<R> | undefined): Omit<DecodeResult, 'doc'> & { readonly doc: R | CspElement } {
    const wbxmlVersion = this.#byte('the WBXML version');
    if (wbxmlVersion > 0x03) {
      throw wbxmlError('unexpected-byte', `WBXML version ${hex(wbxmlVersion)}; versions 1.0-1.3 (0x00-0x03) are supported`, 0);
    }
    const publicIdAt = this.#pos;
    const numericId = this.#mbUint32('the public id');
    const textIdIndex = numericId === T.LITERAL_PUBLIC_ID ? this.#mbUint32('the public id string index') : undefined;
    const charsetAt = this.#pos;
    const charset = this.#mbUint32('the charset');
    if (charset !== T.UTF_8) {
      throw wbxmlError('unexpected-byte', `charset ${charset}; CSP documents are UTF-8 (MIBenum 106)`, charsetAt);
    }
    const tableAt = this.#pos;
    const tableLength = this.#mbUint32('the string table length');
    if (tableLength > this.#limits.maxStringTableSize) {
      throw overLimit(`a string table of ${tableLength} bytes`, 'maxStringTableSize', this.#limits, tableAt);
    }
    this.#need(tableLength, 'the string table');
    this.#strtblStart = this.#pos;
    this.#pos += tableLength;
    this.#strtblEnd = this.#pos;

    const publicId = textIdIndex === undefined ? numericId : this.#publicIdText(textIdIndex, publicIdAt);
    const tables = this.#pickTables(publicId, publicIdAt);
    this.#body(tables, sink);
    const doc = sink === undefined ? (this.#nodes[0] as CspElement) : sink.result();
    return { version: tables.version, tables, wbxmlVersion, publicId, versionFrom: this.#versionFrom, doc };
  }

  // ---- choosing the version -------------------------------------------------------------------

  /** The tables to decode with; how they were chosen goes to {@link Decoder.#versionFrom} (no pair allocated per call). */
  #pickTables(publicId: number | string, at: number): CspTables {
    const registry = this.#registry;
    const forced = this.#forced;
    // (indexed loops here and in the lookups: a replaced Array.prototype[Symbol.iterator] must not
    // change the version found; and no closure for `find` on every call)
    if (forced !== undefined) {
      for (let i = 0; i < registry.length; i++) {
        if (registry[i]!.version === forced) {
          this.#versionFrom = 'option';
          return registry[i]!;
        }
      }
      throw wbxmlError('unknown-version', `version "${forced}" is not one of ${registry.map((r) => r.version).join(', ')}`);
    }
    for (let i = 0; i < registry.length; i++) {
      const r = registry[i]!;
      if (typeof publicId === 'number' ? r.publicId === publicId : r.publicIdText === publicId || r.otherPublicIdTexts.includes(publicId)) {
        this.#versionFrom = 'public-id';
        return r;
      }
    }
    // Unknown or "unknown" (0x01) public id: the root's xmlns names the version, as AOSP does.
    const ns = this.#sniffRootNamespace();
    const byNs = ns === undefined ? undefined : registry.find((r) => r.namespaces.csp === ns);
    if (byNs) {
      this.#versionFrom = 'namespace';
      return byNs;
    }
    const shown = typeof publicId === 'number' ? hex(publicId) : JSON.stringify(publicId);
    throw wbxmlError(
      'unknown-version',
      `public id ${shown} is not CSP ${registry.map((r) => r.version).join('/')}` +
        (ns === undefined
          ? ' and the root element has no xmlns'
          : ` and the root xmlns ${JSON.stringify(ns)} is not a CSP namespace of these versions`) +
        '; pass the version explicitly (decode option `version`, CLI `--version`)',
      at,
    );
  }

  /** The xmlns of the root element, read ahead without consuming input; undefined if there is none. */
  #sniffRootNamespace(): string | undefined {
    const save = this.#pos;
    const textUsed = this.#textUsed;
    try {
      let b = this.#byte('the root element');
      if (b === T.SWITCH_PAGE) {
        this.#byte('a code page');
        b = this.#byte('the root element');
      }
      if ((b & T.HAS_ATTRIBUTES) === 0) return undefined;
      if ((b & T.TAG_MASK) === T.LITERAL) this.#mbUint32('a string index');
      // Attribute start tokens mean the same in every version; use whichever table knows the token.
      const attrs = this.#attributes(lookups(this.#registry[0]!, this.#registry));
      return attrs['xmlns'];
    } catch {
      return undefined;
    } finally {
      this.#pos = save;
      this.#textUsed = textUsed; // the root's attributes are read (and counted) again
    }
  }

  // ---- the body -------------------------------------------------------------------------------

  #body(tables: CspTables, sink: DecodeSink<unknown> | undefined): void {
    const bytes = this.#bytes;
    const end = bytes.length;
    const maxDepth = this.#limits.maxDepth;
    const maxElements = this.#limits.maxElements;
    // The open elements are frames[0, depth): one object per depth, reused.
    const frames: OpenElement[] = [];
    let depth = 0;
    const lk = lookups(tables, this.#registry);
    const kindPages = lk.kindPages;
    let elements = 0;
    let page = 0;
    let slots = tables.tagPages[0] ?? null;
    // Content kind by page and token (kindPages), so that no element name is looked up in a set.
    let kinds = kindPages[0];
    let rootDone = false;
    const asciiSink = sink !== undefined && typeof sink.asciiText === 'function' ? sink : undefined;

    while (this.#pos < end) {
      const at = this.#pos;
      const b = bytes[this.#pos++]!;
      const top = depth > 0 ? frames[depth - 1]! : undefined;
      switch (b) {
        case T.SWITCH_PAGE: {
          page = this.#byte('a code page');
          slots = tables.tagPages[page] ?? null;
          kinds = kindPages[page];
          if (!slots) throw wbxmlError('unknown-tag', `code page ${hex(page)} is not a tag code page of CSP ${tables.version}`, at + 1);
          continue;
        }
        case T.END: {
          if (!top) throw badStructure('END without an open element', at);
          this.#flushText(top, sink);
          depth--;
          if (sink === undefined) this.#element(top.name, top.attributes, top.first);
          else sink.end();
          if (depth === 0) rootDone = this.#rootEnded();
          continue;
        }
        case T.STR_I: {
          const ascii = this.#inlineRange();
          const start = this.#rangeStart;
          const nul = this.#pos - 1;
          // A text that is an element's whole content (no text before it, END after it) goes to the
          // sink at once (as the input's bytes to a sink that takes them), not kept to be merged.
          // (Its byte length was checked against maxStringLength: its UTF-16 length is no longer.)
          if (top && top.text === undefined && top.kind === PLAIN && bytes[this.#pos] === T.END) {
            if (nul > start) {
              if (ascii && asciiSink) asciiSink.asciiText!(bytes, start, nul);
              else this.#emitText(this.#rangeText(ascii), sink);
            }
            continue;
          }
          this.#text(top, this.#rangeText(ascii), at);
          continue;
        }
        case T.STR_T:
        case T.ENTITY:
        case T.EXT_T_0:
          this.#text(top, this.#value(b, at, lk), at);
          continue;
        case T.OPAQUE: {
          const length = this.#mbUint32('an OPAQUE length');
          if (length > this.#limits.maxStringLength) this.#tooLong(length, at);
          this.#need(length, 'OPAQUE data');
          const start = this.#pos;
          this.#pos += length;
          if (!top) throw badStructure('content outside the root element', at);
          if (top.kind === PLAIN) {
            this.#charge(length, at);
            this.#flushText(top, sink);
            const copy = copyOf(bytes, start, length);
            if (sink === undefined) this.#nodes[this.#count++] = copy;
            else sink.bytes(copy);
            continue;
          }
          // Typed content: the OPAQUE value must be the whole content (5 then 6 is not 56).
          if (top.read !== NOTHING) this.#mixedTyped(top, at);
          const text = top.kind === INTEGER ? integerText(bytes, start, length) : dateTimeText(bytes, start, length);
          this.#charge(text.length, at);
          this.#text(top, text, at);
          top.read = OPAQUE_VALUE;
          continue;
        }
        case T.PI:
          throw wbxmlError('unexpected-byte', 'processing instructions (PI) are not used in CSP', at);
        default: {
          // The other extension tokens (EXT_I_n 0x40-42, EXT_T_1/2 0x81-82, EXT_n 0xC0-C2) are the
          // bytes whose low six bits are below 3 that no case above took.
          if ((b & T.TAG_MASK) < 3) throw wbxmlError('unexpected-byte', `extension token ${hex(b)}; CSP only uses EXT_T_0 (0x80)`, at);
          // A tag: LITERAL forms name the element by string table index, the others by token.
          if (depth === 0 && rootDone) throw badStructure('a second root element', at);
          if (++elements > maxElements) throw overLimit(`element ${elements}`, 'maxElements', this.#limits, at);
          if (depth >= maxDepth) throw overLimit(`an element at depth ${maxDepth + 1}`, 'maxDepth', this.#limits, at);
          let name: string;
          let kind: ContentKind;
          const token = b & T.TAG_MASK;
          if (token === T.LITERAL) {
            name = this.#literalName(at, 'element');
            kind = contentKind(tables, name);
          } else {
            const n = slots ? slots[token] : undefined;
            if (n === undefined || n === null) {
              throw wbxmlError('unknown-tag', `tag ${hex(token)} is not defined on code page ${hex(page)} of CSP ${tables.version}`, at);
            }
            name = n;
            kind = kinds![token] as ContentKind;
          }
          if (top) {
            if (top.kind !== PLAIN) this.#typedContent(top, at);
            this.#flushText(top, sink);
          }
          const attributes = (b & T.HAS_ATTRIBUTES) !== 0 ? this.#attributes(lk) : NO_ATTRIBUTES;
          if ((b & T.HAS_CONTENT) !== 0) {
            let frame = depth < frames.length ? frames[depth] : undefined;
            if (frame) {
              frame.name = name;
              frame.kind = kind;
              frame.text = undefined;
              frame.read = NOTHING;
              frame.attributes = attributes;
              frame.first = this.#count;
            } else {
              frame = { name, kind, text: undefined, read: NOTHING, attributes, first: this.#count };
              frames.push(frame);
            }
            depth++;
            if (sink !== undefined) sink.start(name, attributes);
          } else {
            if (sink === undefined) this.#element(name, attributes, this.#count);
            else {
              sink.start(name, attributes);
              sink.end();
            }
            if (!top) rootDone = this.#rootEnded();
          }
        }
      }
    }
    if (depth > 0) {
      throw truncated(`the document ends inside <${frames[depth - 1]!.name}> (${depth} element(s) not closed)`, end);
    }
    if (!rootDone) throw truncated('the document has no root element', end);
  }

  /** Hands `text` to the sink, or adds it to the tree being built. */
  #emitText(text: string, sink: DecodeSink<unknown> | undefined): void {
    if (sink === undefined) this.#nodes[this.#count++] = text;
    else sink.text(text);
  }

  /** Hands out the text kept for `el` (adjacent text tokens form one text child). */
  #flushText(el: OpenElement, sink: DecodeSink<unknown> | undefined): void {
    const text = el.text;
    if (text !== undefined) {
      // An empty STR_I carries nothing: no empty text child.
      if (text !== '') this.#emitText(text, sink);
      el.text = undefined;
    }
  }

  /** Tree building: an element has ended, its children are `#nodes[first, #count)`; it takes their place. */
  #element(name: string, attributes: Readonly<Record<string, string>>, first: number): void {
    const nodes = this.#nodes;
    const count = this.#count;
    // (array literals for the common small cases, `slice` for the rest: an exact-size array each)
    const n = count - first;
    const children: readonly CspNode[] =
      n === 0 ? NO_CHILDREN : n === 1 ? [nodes[first]!] : n === 2 ? [nodes[first]!, nodes[first + 1]!] : nodes.slice(first, count);
    nodes[first] = { name, attributes, children };
    this.#count = first + 1;
  }

  /** The root element has ended: nothing may follow it. */
  #rootEnded(): true {
    const left = this.#bytes.length - this.#pos;
    if (left > 0) throw badStructure(`${left} byte(s) after the end of the root element`, this.#pos);
    return true;
  }

  /** Text content: adjacent STR_I/STR_T/ENTITY/EXT_T_0/typed OPAQUE form one text child. */
  #text(top: OpenElement | undefined, s: string, at: number): void {
    if (!top) throw badStructure('content outside the root element', at);
    if (top.kind !== PLAIN) this.#typedContent(top, at);
    top.text = top.text === undefined ? s : top.text + s;
    if (top.text.length > this.#limits.maxStringLength) this.#tooLong(top.text.length, at);
  }

  /** Content of an integer or date-time element other than its OPAQUE value: fine unless an OPAQUE value came first. */
  #typedContent(top: OpenElement, at: number): void {
    if (top.read === OPAQUE_VALUE) this.#mixedTyped(top, at);
    top.read = CONTENT;
  }

  #mixedTyped(top: OpenElement, at: number): never {
    const type = top.kind === INTEGER ? 'integer' : 'date-time';
    throw badOpaque(
      `<${top.name}> holds an OPAQUE ${type} and other content; an OPAQUE ${type} must be the whole content of its element`,
      at,
    );
  }

  /** Counts `bytes` of text handed out against the document's text budget. */
  #charge(bytes: number, at: number): void {
    this.#textUsed += bytes;
    if (this.#textUsed > this.#textBudget) {
      const { maxTextBytes, maxTextExpansion } = this.#limits;
      throw this.#textBudget === maxTextBytes
        ? overLimit('the decoded text', 'maxTextBytes', this.#limits, at)
        : wbxmlError(
            'limit',
            `more than ${this.#textBudget} bytes of text: ${TEXT_ALLOWANCE} + maxTextExpansion (${maxTextExpansion}) per input byte (string-table references count every time)`,
            at,
          );
    }
  }

  /** ENTITY: a character XML allows, as text. */
  #entity(at: number): string {
    const cp = this.#mbUint32('an entity');
    if (!isXmlChar(cp)) {
      throw wbxmlError(
        'bad-entity',
        `ENTITY ${codePoint(cp)} is ${cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? 'not a Unicode character' : 'a character XML 1.0 does not allow'}`,
        at,
      );
    }
    this.#charge(cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4, at);
    return String.fromCodePoint(cp);
  }

  /** An attribute list, up to and including its END. */
  #attributes(lk: Lookups): Record<string, string> {
    // Made at the first attribute: an empty list (`9D 01`: a tag with attributes, none given)
    // shares NO_ATTRIBUTES. (No closure here either: this runs once per element that has attributes.)
    let attrs: Record<string, string> | undefined;
    let name: string | undefined;
    let value = '';
    for (;;) {
      const at = this.#pos;
      const b = this.#byte('an attribute or END');
      if (b === T.END) {
        if (name !== undefined) attrs = this.#attribute(attrs, name, value);
        return attrs ?? NO_ATTRIBUTES;
      }
      if (b === T.SWITCH_PAGE) {
        const p = this.#byte('an attribute code page');
        if (p !== 0) throw wbxmlError('unknown-attribute', `attribute code page ${hex(p)}; CSP defines only page 0`, at + 1);
        continue;
      }
      if (b === T.STR_I || b === T.STR_T || b === T.ENTITY || b === T.EXT_T_0) {
        // More of the value of the attribute started last.
        if (name === undefined) throw badStructure('an attribute value before any attribute name', at);
        value = joinValue(value, this.#value(b, at, lk));
      } else if (b === T.LITERAL) {
        if (name !== undefined) attrs = this.#attribute(attrs, name, value);
        name = this.#literalName(at, 'attribute');
        value = '';
      } else if (b < 0x80) {
        const start = lk.attributeStart[b];
        if (!start) throw wbxmlError('unknown-attribute', `attribute start token ${hex(b)} is not defined in CSP ${lk.tables.version}`, at);
        if (name !== undefined) attrs = this.#attribute(attrs, name, value);
        name = start.name;
        value = start.valuePrefix;
        this.#charge(value.length, at);
      } else {
        throw wbxmlError('unknown-attribute', `attribute value token ${hex(b)}; CSP defines none`, at);
      }
      if (value.length > this.#limits.maxStringLength) this.#tooLong(value.length, at);
    }
  }

  /** A LITERAL's name: a string-table reference that must be an XML name (decoded trees always print as XML). */
  #literalName(at: number, what: 'element' | 'attribute'): string {
    const name = this.#tableString(this.#mbUint32('a string table index'), at);
    if (!isXmlName(name)) throw wbxmlError('bad-name', `literal ${what} name ${JSON.stringify(name)} is not an XML name`, at);
    return name;
  }

  /** Adds a finished attribute (to a new object for the first one); a name given twice is an error. */
  #attribute(attrs: Record<string, string> | undefined, name: string, value: string): Record<string, string> {
    const to = attrs ?? emptyAttributes();
    if (Object.hasOwn(to, name)) throw badStructure(`attribute "${name}" appears twice`, this.#pos);
    to[name] = value;
    return to;
  }

  // ---- primitives -----------------------------------------------------------------------------

  #byte(what: string): number {
    const b = this.#bytes[this.#pos];
    if (b === undefined) throw truncated(`the document ends where ${what} was expected`, this.#pos);
    this.#pos++;
    return b;
  }

  /** mb_u_int32: at most 5 bytes, 7 bits each, value below 2^32. */
  #mbUint32(what: string): number {
    const start = this.#pos;
    let v = 0;
    for (let i = 0; i < 5; i++) {
      const b = this.#bytes[this.#pos];
      if (b === undefined) throw truncated(`the document ends inside ${what}`, this.#pos);
      this.#pos++;
      v = v * 128 + (b & 0x7f);
      if ((b & 0x80) === 0) {
        if (v > 0xffffffff) throw wbxmlError('bad-integer', `${what} is larger than 2^32-1`, start);
        return v;
      }
    }
    throw wbxmlError('bad-integer', `${what} is a multi-byte integer longer than 5 bytes`, start);
  }

  #need(length: number, what: string): void {
    if (length > this.#bytes.length - this.#pos) {
      throw truncated(`${what} of ${length} bytes runs past the end of the document (${this.#bytes.length - this.#pos} left)`, this.#pos);
    }
  }

  /**
   * The value forms that element content and attribute values share (STR_I, STR_T, ENTITY,
   * EXT_T_0: `b`), as text, its bytes charged to the text budget. A value token the version lacks
   * is named by another version's tables (see {@link valueLookup}).
   */
  #value(b: number, at: number, lk: Lookups): string {
    if (b === T.STR_I) return this.#rangeText(this.#inlineRange());
    if (b === T.STR_T) return this.#tableString(this.#mbUint32('a string table index'), at);
    if (b === T.ENTITY) return this.#entity(at);
    const token = this.#mbUint32('a value token');
    const valueName = lk.valueName;
    const name = token < valueName.length ? valueName[token] : undefined;
    if (name === undefined) throw wbxmlError('unknown-value', `value token ${hex(token)} is not defined in CSP ${lk.tables.version}`, at);
    this.#charge(name.length, at);
    return name;
  }

  /** The text of the inline string `#inlineRange` read last (`ascii`: what it returned). */
  #rangeText(ascii: boolean): string {
    const start = this.#rangeStart;
    const nul = this.#pos - 1;
    return ascii ? asciiText(this.#bytes, start, nul) : decodeUtf8(this.#bytes, start, nul);
  }

  /**
   * Reads an inline string up to and including its NUL (its text is `bytes[rangeStart, pos - 1)`),
   * checked against the limits; true when it is printable ASCII. One loop finds the NUL and tells
   * printable ASCII (what CSP texts mostly are) from the rest: such a text needs none of
   * decodeUtf8's checks (no indexOf call, no regular expression).
   */
  #inlineRange(): boolean {
    const bytes = this.#bytes;
    const start = this.#pos;
    let i = start;
    let ascii = true;
    for (const end = bytes.length; i < end; i++) {
      const b = bytes[i]!;
      if (b < 0x20 || b >= 0x80) {
        if (b === 0) break;
        ascii = false;
      }
    }
    if (i === bytes.length) throw truncated('an inline string (STR_I) without its terminating NUL', start - 1);
    const length = i - start;
    if (length > this.#limits.maxStringLength) this.#tooLong(length, start);
    this.#charge(length, start - 1);
    this.#rangeStart = start;
    this.#pos = i + 1;
    return ascii;
  }

  /**
   * The string at `index` of the string table: the text from there to the next NUL. An index into
   * the middle of a string is valid WBXML (libwbxml reads it). Each index is decoded once; every
   * reference counts against the text budget, so references cannot multiply a big entry for free.
   */
  #tableString(index: number, at: number): string {
    const known = this.#strings?.get(index);
    if (known !== undefined) {
      this.#charge(known[1], at);
      return known[0];
    }
    return this.#decodeEntry(index, this.#tableEntry(index, at));
  }

  /**
   * The public id sent as a string-table reference (libwbxml's form: every message it writes has
   * one): what {@link Decoder.#tableString} gives, but a text whose bytes are a public id of the
   * registry is that version's own string, so that no string is decoded, and no Map made, for it.
   * (Only printable ASCII is compared, byte for code unit: a match is exactly what decoding gives.)
   */
  #publicIdText(index: number, at: number): string {
    const registry = this.#registry;
    for (let i = 0; i < registry.length; i++) {
      const r = registry[i]!;
      const text = r.publicIdText;
      if (this.#isEntry(text, index)) return this.#found(text, index, at);
      const others = r.otherPublicIdTexts;
      for (let k = 0; k < others.length; k++) {
        const other = others[k];
        if (this.#isEntry(other, index)) return this.#found(other, index, at);
      }
    }
    return this.#decodeEntry(index, this.#tableEntry(index, at));
  }

  /**
   * Whether the string-table entry at `index` is `text`, printable ASCII byte for code unit (then
   * decoding it would give `text`). Its NUL first, then the rest from the end: the public ids of the
   * versions differ in their version number, near the end.
   */
  #isEntry(text: unknown, index: number): text is string {
    if (typeof text !== 'string') return false;
    const bytes = this.#bytes;
    const start = this.#strtblStart + index;
    const nul = start + text.length;
    if (nul >= this.#strtblEnd || bytes[nul] !== 0) return false;
    for (let i = text.length - 1; i >= 0; i--) {
      const c = text.charCodeAt(i);
      if (c < 0x20 || c >= 0x80 || c !== bytes[start + i]) return false;
    }
    return true;
  }

  /** A string-table entry found to be `text`: checked and charged as {@link Decoder.#tableEntry} does. */
  #found(text: string, index: number, at: number): string {
    if (text.length > this.#limits.maxStringLength) this.#tooLong(text.length, this.#strtblStart + index);
    this.#charge(text.length, at);
    return text;
  }

  /**
   * Where the string at string-table `index` ends: the offset in the input of its NUL. The string is
   * checked against maxStringLength and charged to the text budget (each reference is).
   */
  #tableEntry(index: number, at: number): number {
    const bytes = this.#bytes;
    const start = this.#strtblStart + index;
    const end = this.#strtblEnd;
    if (start >= end) {
      throw wbxmlError('bad-string-reference', `string table index ${index} is outside the table (${end - this.#strtblStart} bytes)`, at);
    }
    // (a loop, not the array's indexOf: no method of the caller's array is asked)
    let nul = start;
    while (nul < end && bytes[nul] !== 0) nul++;
    if (nul === end) throw wbxmlError('bad-string-reference', `the string at string table index ${index} has no terminating NUL`, at);
    const length = nul - start;
    if (length > this.#limits.maxStringLength) this.#tooLong(length, start);
    this.#charge(length, at);
    return nul;
  }

  /** Decodes the string-table entry at `index` (it ends at the input offset `nul`), once per index. */
  #decodeEntry(index: number, nul: number): string {
    const start = this.#strtblStart + index;
    const s = decodeUtf8(this.#bytes, start, nul);
    (this.#strings ??= new Map()).set(index, [s, nul - start]);
    return s;
  }

  #tooLong(length: number, at: number): never {
    throw overLimit(`a string of ${length} bytes`, 'maxStringLength', this.#limits, at);
  }
}

interface Lookups {
  readonly registry: readonly CspTables[];
  readonly tables: CspTables;
  /**
   * Attribute start tokens of the chosen version; a token it lacks is looked up in the other versions,
   * since the tokens mean the same everywhere (AOSP's test message sends a 1.2 xmlns under public id 1.1).
   */
  readonly attributeStart: AttributeStartLookup;
  /**
   * Value tokens of the chosen version; a token it lacks is taken from a later version (the nearest
   * first), then from an earlier one. Senders use newer tables for older versions: AOSP's 1.2
   * ClientCapability-Request sends SSMS 0xA4 and SHTTP 0xA5, which only 1.3 defines.
   */
  readonly valueName: ValueLookup;
  /** `[page][token]` → the content kind of that tag, so that no element name is looked up in a set. */
  readonly kindPages: readonly (Uint8Array | undefined)[];
}

/** What a decode needs per (registry, tables) pair, made at the first decode with that pair. */
const lookupCache = new WeakMap<readonly CspTables[], WeakMap<CspTables, Lookups>>();

/**
 * The lookups of the last decode. Decoding message after message with the same registry and
 * tables is the usual case, and the WeakMap lookups behind them were 5 % of a small message.
 * (It keeps the last registry and tables alive until the next decode with others.)
 */
let lastLookups: Lookups | undefined;

function lookups(tables: CspTables, registry: readonly CspTables[]): Lookups {
  const last = lastLookups;
  if (last !== undefined && last.tables === tables && last.registry === registry) return last;
  let byTables = lookupCache.get(registry);
  if (!byTables) lookupCache.set(registry, (byTables = new WeakMap()));
  let value = byTables.get(tables);
  if (value === undefined) byTables.set(tables, (value = buildLookups(tables, registry)));
  return (lastLookups = value);
}

function buildLookups(tables: CspTables, registry: readonly CspTables[]): Lookups {
  const attributeStart: (AttributeStartToken | undefined)[] = new Array(0x80).fill(undefined);
  const startsOf = (r: CspTables): void => {
    for (let k = 0; k < r.attributeStarts.length; k++) {
      const a = r.attributeStarts[k]!;
      if (a.token < 0x80) attributeStart[a.token] = a;
    }
  };
  for (let i = registry.length - 1; i >= 0; i--) startsOf(registry[i]!);
  startsOf(tables);
  const kindPages = tables.tagPages.map((slots) => {
    if (!slots) return undefined;
    const kinds = new Uint8Array(64);
    slots.forEach((name, token) => {
      if (name !== null) kinds[token] = contentKind(tables, name);
    });
    return kinds;
  });
  return { registry, tables, attributeStart, valueName: valueLookup(tables, registry), kindPages };
}

/**
 * Value names by token of the chosen version; a token it lacks is taken from a later version (the
 * nearest first), then from an earlier one. Senders use newer tables for older versions: AOSP's
 * 1.2 ClientCapability-Request sends SSMS 0xA4 and SHTTP 0xA5, which only 1.3 defines. An array,
 * not a function over two Maps, for the lookup per EXT_T_0.
 */
function valueLookup(tables: CspTables, registry: readonly CspTables[]): ValueLookup {
  const i = registry.indexOf(tables);
  // Earlier versions first, then later ones from the farthest, then its own: the last written wins.
  const order: CspTables[] = [];
  if (i >= 0) {
    for (let k = 0; k < i; k++) order.push(registry[k]!);
    for (let k = registry.length - 1; k > i; k--) order.push(registry[k]!);
  }
  order.push(tables);
  const names: (string | undefined)[] = [];
  for (let k = 0; k < order.length; k++) {
    order[k]!.valueNames.forEach((name, token) => {
      names[token] = name;
    });
  }
  return names;
}

/**
 * `a + b` for an attribute value: the same string as the last times these two were joined, when
 * they were. An attribute value is mostly a start token's prefix and one more piece (`xmlns` is
 * `http://www.openmobilealliance.org/DTD/WV-CSP` and `1.2`), both the same string objects message
 * after message (the tables' names, the text cache's texts), and `+` makes a new rope every time,
 * which the tree then holds and every reader of it flattens into a new string again.
 */
function joinValue(a: string, b: string): string {
  if (a === '') return b;
  const memo = (joinMemo ??= ['', '', '', '', '', '', '', '', '', '', '', '']);
  for (let i = 0; i < memo.length; i += 3) if (memo[i] === a && memo[i + 1] === b) return memo[i + 2]!;
  const ab = a + b;
  if (ab.length <= 128) {
    // (the oldest of four goes; `charCodeAt` makes V8 flatten the rope once, for every later reader)
    ab.charCodeAt(0);
    memo.copyWithin(3, 0, 9);
    memo[0] = a;
    memo[1] = b;
    memo[2] = ab;
  }
  return ab;
}
/** The last four attribute values {@link joinValue} made: `a, b, a + b` each (made at the first join). */
let joinMemo: string[] | undefined;

/** Value name by token (see {@link valueLookup}). */
type ValueLookup = readonly (string | undefined)[];
type AttributeStartToken = { readonly name: string; readonly valuePrefix: string };
/** Attribute start by token (tokens are below 0x80): an array, not a function or a Map, for the per-attribute lookup. */
type AttributeStartLookup = readonly (AttributeStartToken | undefined)[];

/** Every empty OPAQUE of a decoded tree (a typed array object costs about 150 bytes; this one cannot change). */
const NO_BYTES: Uint8Array = /*@__PURE__*/ Object.freeze(/*@__PURE__*/ new Uint8Array(0));

/**
 * A copy of `bytes[start, start + length)` as a plain Uint8Array: the tree never shares the
 * caller's memory (a Node Buffer's `slice` would), so reusing the input buffer cannot change it.
 */
function copyOf(bytes: Uint8Array, start: number, length: number): Uint8Array {
  if (length === 0) return NO_BYTES;
  const copy = new Uint8Array(length);
  if (length <= 64) for (let i = 0; i < length; i++) copy[i] = bytes[start + i]!;
  else copy.set(bytes.subarray(start, start + length));
  return copy;
}

/** `0x` and two or more upper-case hex digits, for messages. */
function hex(n: number): string {
  return `0x${n.toString(16).toUpperCase().padStart(2, '0')}`;
}
