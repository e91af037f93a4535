/**
 * XML text → element tree or WBXML, for the generated codec: `import { encodeXml, fromXml } from
 * 'imps-tokengen/xml'` with the `registry` of your generated/ folder. It uses saxes (a well-kept,
 * conformant and fast streaming parser: it reports well-formedness errors with line and column, and
 * is the parser jsdom uses). It lives here, in the imps-tokengen package, rather than in the
 * generated engine, so that the generated codec has no dependency at all; XML *output* (`toXml`,
 * `decodeToXml`) needs no parser and is part of the engine.
 *
 * Whitespace-only text between child elements (indentation) is dropped; any other text is kept as
 * it is, so `<Description> a </Description>` keeps its spaces. Comments and processing instructions
 * are dropped; CDATA is text.
 */
import { SaxesParser } from 'saxes';
import { Encoder } from './runtime/encoder.js';
import { WbxmlError } from './runtime/errors.js';
import { resolveLimits, type EncodeOptions, type Limits } from './runtime/options.js';
import type { CspTables } from './runtime/tables.js';
import { isBlank } from './runtime/text.js';
import type { CspElement, CspNode } from './runtime/tree.js';
import { tablesFor } from './runtime/version.js';

export interface ParsedXml {
  readonly doc: CspElement;
  /** The public id of the DOCTYPE, if the text has one (`-//OMA//DTD WV-CSP 1.2//EN`). */
  readonly doctypePublicId: string | undefined;
}

interface Open {
  readonly name: string;
  readonly attributes: Record<string, string>;
  readonly children: CspNode[];
  text: string;
  hasElements: boolean;
}

/** Parses one XML document; a syntax error is a `WbxmlError` with code `bad-xml` and the line:column. */
export function fromXml(text: string, options?: Limits): ParsedXml {
  const limits = resolveLimits(options);
  if (typeof text !== 'string') throw new WbxmlError('bad-xml', 'fromXml expects a string');
  const parser = new SaxesParser({ xmlns: false, position: true });
  const stack: Open[] = [];
  let root: CspElement | undefined;
  let doctypePublicId: string | undefined;
  const fail = (message: string): never => {
    throw new WbxmlError('bad-xml', `XML ${parser.line}:${parser.column + 1}: ${message}`);
  };
  // Called when a child element opens or the element closes. Whitespace-only text next to child
  // elements is indentation: dropped.
  const flush = (el: Open, closing: boolean): void => {
    const t = el.text;
    if (t === '') return;
    el.text = '';
    if ((el.hasElements || !closing) && isBlank(t)) return;
    el.children.push(t);
  };
  parser.on('error', (e) => fail(e.message.replace(/^\d+:\d+: /, '')));
  parser.on('doctype', (d) => {
    const m = /PUBLIC\s+(["'])([^"']*)\1/.exec(d);
    if (m) doctypePublicId = m[2];
  });
  parser.on('opentag', (tag) => {
    if (stack.length >= limits.maxDepth) fail(`elements nest deeper than maxDepth (${limits.maxDepth})`);
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
    if (!top) return; // whitespace outside the root; saxes rejects anything else there
    top.text += t;
    if (top.text.length > limits.maxStringLength) fail(`a text longer than maxStringLength (${limits.maxStringLength})`);
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
  parser.write(text).close();
  if (!root) throw new WbxmlError('bad-xml', 'the XML text has no root element');
  return { doc: root, doctypePublicId };
}

/** Shared by every element without attributes (frozen: the tree is read-only; no prototype, like the others). */
const NO_ATTRIBUTES: Record<string, string> = Object.freeze(Object.create(null) as Record<string, string>);

/** The state of one `encodeXml` call, which the (reused) parser's handlers write into. */
interface EncodeRun {
  readonly text: string;
  readonly registry: readonly CspTables[];
  readonly options: (EncodeOptions & { readonly version?: string }) | undefined;
  encoder: Encoder | undefined;
  tables: CspTables | undefined;
  doctypePublicId: string | undefined;
  /** Whitespace outside the root comes as text too; saxes rejects anything else there. */
  depth: number;
}

let run: EncodeRun | undefined;
/**
 * One parser serves every call (saxes re-initialises itself at the end of a document), which saves
 * building a parser and its handlers per message; after a failure it is replaced.
 */
let sharedParser: SaxesParser | undefined;

function encodingParser(): SaxesParser {
  if (sharedParser) return sharedParser;
  // Without position tracking saxes is faster; a syntax error is located by parsing again (rare).
  const parser = new SaxesParser({ xmlns: false, position: false });
  parser.on('error', () => {
    const r = run!;
    fromXml(r.text, r.options); // throws the error with its line:column
    throw new WbxmlError('bad-xml', 'the XML text is not well-formed');
  });
  parser.on('doctype', (d) => {
    const m = /PUBLIC\s+(["'])([^"']*)\1/.exec(d);
    if (m) run!.doctypePublicId = m[2];
  });
  parser.on('opentag', (tag) => {
    const r = run!;
    const attributes = tag.attributes as Record<string, string>;
    if (!r.encoder) {
      r.tables = tablesFor({ name: tag.name, attributes, children: [] }, r.registry, r.options?.version, r.doctypePublicId);
      r.encoder = new Encoder(r.tables, r.options, true);
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
  return (sharedParser = parser);
}

/**
 * XML text → WBXML in one pass: the parser's events drive the encoder directly, without a tree in
 * between (same bytes as `encode(fromXml(text).doc, tables)`). The version is `options.version`,
 * else the root's xmlns, else the DOCTYPE's public id.
 */
export function encodeXml(
  text: string,
  registry: readonly CspTables[],
  options?: EncodeOptions & { readonly version?: string },
): { version: string; bytes: Uint8Array } {
  if (typeof text !== 'string') throw new WbxmlError('bad-xml', 'encodeXml expects a string');
  const parser = encodingParser();
  const r: EncodeRun = { text, registry, options, encoder: undefined, tables: undefined, doctypePublicId: undefined, depth: 0 };
  run = r;
  try {
    parser.write(text).close();
  } catch (e) {
    sharedParser = undefined; // its state is mid-document
    throw e;
  } finally {
    run = undefined;
  }
  if (!r.encoder || !r.tables) throw new WbxmlError('bad-xml', 'the XML text has no root element');
  return { version: r.tables.version, bytes: r.encoder.finish() };
}
