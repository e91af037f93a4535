/**
 * The XML text reader imps-tokengen used before its own (generator/runtime/xml-reader.ts): saxes, a
 * conformant streaming parser, building the same tree. Kept (saxes is a devDependency) as the
 * reference of the differential test (test/codec/xml-differential.test.ts) and as a contender in the
 * parser comparison (bench/xml-parsers.ts). Two configurations:
 *
 * - `saxesFromXml`: as imps-tokengen had it, a parser per document with positions (line:column);
 * - `saxesTunedFromXml`: one parser for every document, positions off (saxes re-initialises itself
 *   after each document; on an error the text is parsed again with positions, for the line:column).
 *
 * `saxesEncodeXml` is imps-tokengen's encodeXml of before: saxes's events driving the encoder.
 */
import { SaxesParser, type SaxesOptions } from 'saxes';
import { Encoder } from '../generator/runtime/encoder.js';
import { WbxmlError } from '../generator/runtime/errors.js';
import type { EncodeOptions } from '../generator/runtime/options.js';
import type { CspTables } from '../generator/runtime/tables.js';
import { isBlank } from '../generator/runtime/text.js';
import type { CspElement, CspNode } from '../generator/runtime/tree.js';
import { tablesFor } from '../generator/runtime/version.js';

export interface SaxesParsed {
  readonly doc: CspElement;
  readonly doctypePublicId: string | undefined;
}

interface Open {
  readonly name: string;
  readonly attributes: Record<string, string>;
  readonly children: CspNode[];
  text: string;
  hasElements: boolean;
}

const NO_ATTRIBUTES: Record<string, string> = Object.freeze(Object.create(null) as Record<string, string>);
const utf8 = new TextDecoder('utf-8', { fatal: true });

function asText(input: string | Uint8Array): string {
  if (typeof input === 'string') return input;
  try {
    return utf8.decode(input);
  } catch {
    throw new WbxmlError('bad-xml', 'the XML text is not UTF-8');
  }
}

/** A parser whose handlers build the tree of the current document into `state`. */
function treeParser(options: SaxesOptions): { parser: SaxesParser; reset(): void; result(): SaxesParsed } {
  const parser = new SaxesParser(options);
  let stack: Open[] = [];
  let root: CspElement | undefined;
  let doctypePublicId: string | undefined;
  const flush = (el: Open, closing: boolean): void => {
    const t = el.text;
    if (t === '') return;
    el.text = '';
    if ((el.hasElements || !closing) && isBlank(t)) return;
    el.children.push(t);
  };
  parser.on('error', (e) => {
    const where = options.position === false ? '' : `${parser.line}:${parser.column + 1}: `;
    throw new WbxmlError('bad-xml', `XML ${where}${e.message.replace(/^\d+:\d+: /, '')}`);
  });
  parser.on('doctype', (d) => {
    const m = /PUBLIC\s+(?:"([^"]*)"|'([^']*)')/.exec(d);
    if (m) doctypePublicId = m[1] ?? m[2];
  });
  parser.on('opentag', (tag) => {
    const parent = stack[stack.length - 1];
    if (parent) {
      flush(parent, false);
      parent.hasElements = true;
    }
    const given = tag.attributes as Record<string, string>;
    let attributes = NO_ATTRIBUTES;
    for (const k in given) {
      if (attributes === NO_ATTRIBUTES) attributes = Object.create(null) as Record<string, string>;
      attributes[k] = given[k]!;
    }
    stack.push({ name: tag.name, attributes, children: [], text: '', hasElements: false });
  });
  const onText = (t: string): void => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    const el = stack.pop()!;
    flush(el, true);
    const done: CspElement = { name: el.name, attributes: el.attributes, children: el.children };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(done);
    else root = done;
  });
  return {
    parser,
    reset() {
      stack = [];
      root = undefined;
      doctypePublicId = undefined;
    },
    result() {
      if (!root) throw new WbxmlError('bad-xml', 'the XML text has no root element');
      return { doc: root, doctypePublicId };
    },
  };
}

/** saxes as imps-tokengen used it: a new parser per document, with positions. */
export function saxesFromXml(input: string | Uint8Array, _limits?: unknown): SaxesParsed {
  const t = treeParser({ xmlns: false, position: true });
  t.parser.write(asText(input)).close();
  return t.result();
}

let tuned: ReturnType<typeof treeParser> | undefined;

/** saxes tuned: one parser reused, no positions; an error is located by parsing again with them. */
export function saxesTunedFromXml(input: string | Uint8Array): SaxesParsed {
  const text = asText(input);
  const t = (tuned ??= treeParser({ xmlns: false, position: false }));
  t.reset();
  try {
    t.parser.write(text).close();
  } catch (e) {
    tuned = undefined; // mid-document: start a new one next time
    saxesFromXml(text); // throws the error with its line:column
    throw e;
  }
  return t.result();
}

// ---- XML text → WBXML through saxes (imps-tokengen's encodeXml before its own reader) --------------

interface EncodeRun {
  readonly registry: readonly CspTables[];
  readonly options: (EncodeOptions & { readonly version?: string }) | undefined;
  encoder: Encoder | undefined;
  tables: CspTables | undefined;
  doctypePublicId: string | undefined;
  /** Whitespace outside the root comes as text too; saxes rejects anything else there. */
  depth: number;
}

let run: EncodeRun | undefined;
let encodingParser: SaxesParser | undefined;

function encodeParser(): SaxesParser {
  if (encodingParser) return encodingParser;
  const parser = new SaxesParser({ xmlns: false, position: false });
  parser.on('error', (e) => {
    throw new WbxmlError('bad-xml', `XML ${e.message}`);
  });
  parser.on('doctype', (d) => {
    const m = /PUBLIC\s+(?:"([^"]*)"|'([^']*)')/.exec(d);
    if (m) run!.doctypePublicId = m[1] ?? m[2];
  });
  parser.on('opentag', (tag) => {
    const r = run!;
    const attributes = tag.attributes as Record<string, string>;
    if (!r.encoder) {
      r.tables = tablesFor({ name: tag.name, attributes, children: [] }, r.registry, r.options?.version, r.doctypePublicId);
      // fed from XML text (blank text dropped), names looked up in the encoder's own Maps, as before
      r.encoder = new Encoder(r.tables, r.options, (map) => map);
    }
    r.encoder.start(tag.name, attributes);
    r.depth++;
  });
  parser.on('text', (t) => {
    const r = run!;
    if (r.depth > 0) r.encoder!.text(t);
  });
  parser.on('cdata', (t) => run!.encoder!.text(t));
  parser.on('closetag', () => {
    const r = run!;
    r.depth--;
    r.encoder!.end();
  });
  return (encodingParser = parser);
}

/** XML text → WBXML with saxes driving the encoder, as imps-tokengen's encodeXml did (one reused parser). */
export function saxesEncodeXml(
  input: string | Uint8Array,
  registry: readonly CspTables[],
  options?: EncodeOptions & { readonly version?: string },
): { version: string; bytes: Uint8Array } {
  const text = asText(input);
  const parser = encodeParser();
  const r: EncodeRun = { registry, options, encoder: undefined, tables: undefined, doctypePublicId: undefined, depth: 0 };
  run = r;
  try {
    parser.write(text).close();
  } catch (e) {
    encodingParser = undefined; // its state is mid-document
    throw e;
  } finally {
    run = undefined;
  }
  if (!r.encoder || !r.tables) throw new WbxmlError('bad-xml', 'the XML text has no root element');
  return { version: r.tables.version, bytes: r.encoder.finish() };
}
