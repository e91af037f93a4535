/**
 * Our six conversions as the benchmark, the profiler and the memory probe run them: UTF-8 bytes in
 * and bytes out, like libwbxml (an XML string out is turned into UTF-8 with TextEncoder, an XML
 * text in is given as the bytes it arrived as: the reader takes UTF-8).
 */
import { decode, decodeToXml, encode, registry, toXml, type CspElement } from '../generated/index.js';
import { encodeXml, fromXml } from '../generator/xml.js';
import type { Conversion } from './libwbxml.js';
import { saxesEncodeXml, saxesFromXml } from './saxes-reference.js';

/**
 * `--reader saxes` measures XML text input as imps-tokengen read it before its own reader (saxes
 * driving the same tree builder and encoder): the "before" figures.
 */
const saxes = process.argv.includes('--reader') && process.argv[process.argv.indexOf('--reader') + 1] === 'saxes';

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
  w2x: '`decodeToXml`',
  x2w: '`encodeXml`',
  w2t: '`decode`',
  t2w: '`encode`',
  t2x: "`toXml` (indent '')",
  x2t: '`fromXml`',
};

/** What one message offers every conversion: its XML bytes, its WBXML, and the tree of that WBXML. */
export interface Prepared {
  readonly version: string;
  readonly xml: Uint8Array;
  readonly wbxml: Uint8Array;
  readonly tree: CspElement;
}

export function prepare(version: string, xml: Uint8Array, wbxml: Uint8Array): Prepared {
  return { version, xml, wbxml, tree: decode(wbxml, { version }).doc };
}

const utf8 = new TextEncoder();

/** Runs one conversion of one message; returns its product (so that nothing is optimised away). */
export function convert(conversion: Conversion, p: Prepared): unknown {
  switch (conversion) {
    case 'w2x':
      return utf8.encode(decodeToXml(p.wbxml, registry, { version: p.version }).xml);
    case 'x2w':
      return (saxes ? saxesEncodeXml : encodeXml)(p.xml, registry).bytes;
    case 'w2t':
      return decode(p.wbxml, { version: p.version }).doc;
    case 't2w':
      return encode(p.tree, { version: p.version });
    case 't2x':
      return utf8.encode(toXml(p.tree, { indent: '' }));
    case 'x2t':
      return (saxes ? saxesFromXml : fromXml)(p.xml).doc;
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
