/**
 * Our six conversions as the benchmark, the profiler and the memory probe run them: UTF-8 bytes in
 * and bytes out, like libwbxml (XML text out as bytes with `output: 'bytes'`, XML text in given as
 * the bytes it arrived as: the reader takes UTF-8).
 */
import { decode, decodeToXml, encode, registry, toXml, type CspElement, type Limits } from '../generated/index.js';
import { encodeXml, fromXml } from '../generator/xml.js';
import type { Conversion } from './libwbxml.js';
import { saxesEncodeXml, saxesFromXml } from './saxes-reference.js';

/**
 * `--reader saxes` measures XML text input as imps-tokengen read it before its own reader (saxes
 * driving the same tree builder and encoder): the "before" figures.
 */
const saxes = process.argv.includes('--reader') && process.argv[process.argv.indexOf('--reader') + 1] === 'saxes';

/**
 * `--into` measures the four conversions that return bytes with the `into` option: each writes into
 * a scratch array of its own, kept from call to call (grown when a result did not fit), as a
 * server converting message after message would.
 */
const useInto = process.argv.includes('--into');
const scratch: Partial<Record<Conversion, Uint8Array>> = {};

/** The scratch array of `conversion`. */
function into(conversion: Conversion): Uint8Array {
  return (scratch[conversion] ??= new Uint8Array(1 << 16));
}

/** A result that did not fit the scratch array: a bigger one for the next call. */
function grown(conversion: Conversion, result: Uint8Array): Uint8Array {
  if (result.length > scratch[conversion]!.length) scratch[conversion] = new Uint8Array(result.length * 2);
  return result;
}

export const CONVERSIONS: readonly Conversion[] = ['w2x', 'x2w', 'w2t', 't2w', 't2x', 'x2t'];

export const CONVERSION_LABEL: Record<Conversion, string> = {
  w2x: 'WBXML → XML text',
  x2w: 'XML text → WBXML',
  w2t: 'WBXML → tree',
  t2w: 'tree → WBXML',
  t2x: 'tree → XML text',
  x2t: 'XML text → tree',
};

/** Our API call for each conversion. */
export const CONVERSION_API: Record<Conversion, string> = {
  w2x: "`decodeToXml` (output 'bytes')",
  x2w: '`encodeXml`',
  w2t: '`decode`',
  t2w: '`encode`',
  t2x: "`toXml` (indent '', output 'bytes')",
  x2t: '`fromXml`',
};

/**
 * The limits for the 10 MB message, whose XML text (about 67 MB) and element count (about a
 * million) are above the defaults: what a server that accepts such messages would set. Every other
 * message is measured with the default limits.
 */
export const BIG_MESSAGE_LIMITS = {
  maxDocumentSize: Number.POSITIVE_INFINITY,
  maxElements: Number.POSITIVE_INFINITY,
  maxTextBytes: Number.POSITIVE_INFINITY,
  maxStringTableSize: Number.POSITIVE_INFINITY,
  maxTextExpansion: Number.POSITIVE_INFINITY,
} as Limits;

/** Whether a conversion reads XML text (else it reads WBXML, or the tree decoded from WBXML). */
export const readsXml = (conversion: Conversion): boolean => conversion === 'x2w' || conversion === 'x2t';

/**
 * The input of one conversion of one message. Only what that conversion reads is held: a
 * benchmark that kept the XML bytes, the WBXML and the tree of a 10 MB message for every
 * conversion held ~150 MB of tree while measuring WBXML → XML text, and each full collection that
 * the conversion's own garbage brought marked that tree again (~150 ms per mark-compact), time
 * charged to a conversion that never reads it. Reading an input that was not prepared throws.
 */
export interface Prepared {
  readonly conversion: Conversion;
  readonly version: string;
  readonly xml: Uint8Array;
  readonly wbxml: Uint8Array;
  readonly tree: CspElement;
  /** Limits other than the defaults (the 10 MB message). */
  readonly limits?: Limits;
}

class PreparedInput implements Prepared {
  readonly limits?: Limits;
  readonly #xml: Uint8Array | undefined;
  readonly #wbxml: Uint8Array | undefined;
  readonly #tree: CspElement | undefined;

  constructor(
    readonly conversion: Conversion,
    readonly version: string,
    bytes: Uint8Array,
    limits: Limits | undefined,
  ) {
    if (limits) this.limits = limits;
    const reads = readsXml(conversion) ? 'xml' : conversion === 't2w' || conversion === 't2x' ? 'tree' : 'wbxml';
    this.#xml = reads === 'xml' ? bytes : undefined;
    this.#wbxml = reads === 'wbxml' ? bytes : undefined;
    this.#tree = reads === 'tree' ? decode(bytes, { version, ...limits }).doc : undefined;
  }

  get xml(): Uint8Array {
    return this.#xml ?? this.#absent('XML text');
  }
  get wbxml(): Uint8Array {
    return this.#wbxml ?? this.#absent('WBXML');
  }
  get tree(): CspElement {
    return this.#tree ?? this.#absent('tree');
  }

  #absent(what: string): never {
    throw new Error(`the ${this.conversion} input was prepared without its ${what}: that conversion does not read it`);
  }
}

/**
 * Prepares one conversion of one message from `bytes`: the XML text for XML text → …
 * (`readsXml`), else the WBXML (for tree → …, the tree is decoded from it and the bytes dropped).
 */
export function prepare(conversion: Conversion, version: string, bytes: Uint8Array, limits?: Limits): Prepared {
  return new PreparedInput(conversion, version, bytes, limits);
}

/** Runs one conversion of one message; returns its product (so that nothing is optimised away). */
export function convert(conversion: Conversion, p: Prepared): unknown {
  return useInto ? convertInto(conversion, p) : convertPlain(conversion, p);
}

/** `convert` without `--into`. */
function convertPlain(conversion: Conversion, p: Prepared): unknown {
  switch (conversion) {
    case 'w2x':
      return decodeToXml(p.wbxml, registry, { version: p.version, output: 'bytes', ...p.limits }).xml;
    case 'x2w':
      return (saxes ? saxesEncodeXml : encodeXml)(p.xml, registry, p.limits).bytes;
    case 'w2t':
      return decode(p.wbxml, { version: p.version, ...p.limits }).doc;
    case 't2w':
      return encode(p.tree, { version: p.version, ...p.limits });
    case 't2x':
      return toXml(p.tree, { indent: '', output: 'bytes', ...p.limits });
    case 'x2t':
      return (saxes ? saxesFromXml : fromXml)(p.xml, p.limits).doc;
  }
}

/** `convert` with `--into`: the same calls, the four that return bytes writing into their scratch array. */
function convertInto(c: Conversion, p: Prepared): unknown {
  switch (c) {
    case 'w2x':
      return grown(c, decodeToXml(p.wbxml, registry, { version: p.version, output: 'bytes', into: into(c), ...p.limits }).xml);
    case 'x2w':
      return grown(c, (saxes ? saxesEncodeXml : encodeXml)(p.xml, registry, { into: into(c), ...p.limits }).bytes);
    case 't2w':
      return grown(c, encode(p.tree, { version: p.version, into: into(c), ...p.limits }));
    case 't2x':
      return grown(c, toXml(p.tree, { indent: '', output: 'bytes', into: into(c), ...p.limits }));
    default:
      return convertPlain(c, p);
  }
}

/** The size that MB/s counts: the bytes side of the conversion (its input, or its output when the input is a tree). */
export function bytesOf(conversion: Conversion, p: Prepared): number {
  switch (conversion) {
    case 'x2w':
    case 'x2t':
      return p.xml.length;
    case 'w2x':
    case 'w2t':
      return p.wbxml.length;
    case 't2w':
    case 't2x':
      return (convert(conversion, p) as Uint8Array).length;
  }
}
