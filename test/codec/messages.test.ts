/**
 * Round trips of real messages: the 116 CSP 1.1 messages of libwbxml's test suite and the
 * handset captures of interVillage's rand.xml, XML text → WBXML → tree, compared with the tree
 * of the XML text; also through XML text again (toXml → fromXml) and in every version.
 */
import { describe, expect, test } from 'vitest';
import {
  decode,
  decodeToXml,
  encode,
  encodeXml,
  fromXml,
  libwbxmlMessages,
  randMessages,
  registry,
  toXml,
  type CspElement,
  type CspNode,
} from '../support/codec.js';

/** libwbxml's `<!-- EXPECTED ::= v -->` comments: the value the next element decodes to (hex integers come back decimal). */
function expectedValues(text: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const x of text.matchAll(/<!--\s*EXPECTED ::= (\S+)\s*-->\s*<(\w+)>([^<]*)</g)) m.set(x[3]!, x[1]!);
  return m;
}

/** The tree with every text replaced through `map` (for the documented hex → decimal rewrite). */
function mapTexts(el: CspElement, map: Map<string, string>): CspElement {
  return {
    name: el.name,
    attributes: el.attributes,
    children: el.children.map((c: CspNode) => (typeof c === 'string' ? (map.get(c) ?? c) : c instanceof Uint8Array ? c : mapTexts(c, map))),
  };
}

describe('libwbxml test messages (CSP 1.1)', () => {
  const messages = libwbxmlMessages();
  test('there are 116', () => expect(messages).toHaveLength(116));

  test.each(messages)('%s: XML → WBXML → tree equals the XML tree', (_name, text) => {
    const { version, bytes } = encodeXml(text, registry);
    expect(version).toBe('1.1');
    const back = decode(bytes);
    expect(back.version).toBe('1.1');
    const expected = expectedValues(text);
    // Integers libwbxml's tests write in hex (0x23829381) come back decimal, as its EXPECTED says;
    // date-times come back exactly as written (libwbxml's EXPECTED adds a Z and drops :00 seconds — its bug).
    const hexInts = new Map([...expected].filter(([k]) => /^0x/i.test(k)));
    expect(back.doc).toEqual(mapTexts(fromXml(text).doc, hexInts));
    // and the one-pass XML writer gives the same text as the tree writer
    expect(decodeToXml(bytes, registry).xml).toBe(toXml(back.doc, { indent: '' }));
    // and tree → XML text → WBXML gives the same bytes again
    expect(encodeXml(toXml(back.doc), registry).bytes).toEqual(bytes);
  });

  test('date-time edge cases keep every field: no added Z, no dropped :00 seconds', () => {
    const byName = new Map(messages);
    for (const [name, text] of byName) {
      if (!name.includes('datetime')) continue;
      const dates = [...text.matchAll(/<DateTime>([^<]*)<\/DateTime>/g)].map((m) => m[1]);
      const back = toXml(decode(encodeXml(text, registry).bytes).doc);
      expect(
        [...back.matchAll(/<DateTime>([^<]*)<\/DateTime>/g)].map((m) => m[1]),
        name,
      ).toEqual(dates);
    }
  });
});

describe('interVillage handset captures (rand.xml)', () => {
  const docs = randMessages();
  test('rand.xml holds several messages', () => expect(docs.length).toBeGreaterThan(3));
  test.each(docs.map((d, i) => [i, d] as const))('message %i round-trips', (_i, text) => {
    const { bytes } = encodeXml(text, registry);
    expect(decode(bytes).doc).toEqual(fromXml(text).doc);
  });
});

describe('every version', () => {
  // A 1.1 message re-labelled for 1.2 and 1.3 (namespaces rewritten): tags that a version lacks go
  // as LITERAL, so the tree still round-trips.
  const nsFor = (v: string) => registry.find((r) => r.version === v)!.namespaces;
  test.each(['1.1', '1.2', '1.3'])('the libwbxml messages round-trip as CSP %s', (v) => {
    const from = nsFor('1.1');
    const to = nsFor(v);
    for (const [name, text] of libwbxmlMessages()) {
      const relabelled = text
        .replaceAll(from.csp, to.csp)
        .replaceAll(from.trc, to.trc)
        .replaceAll(from.pa, to.pa)
        .replace(/<!DOCTYPE[^>]*>/, '');
      const doc = fromXml(relabelled).doc;
      const bytes = encode(doc);
      const back = decode(bytes);
      expect(back.version, name).toBe(v);
      expect(toXml(back.doc), name).toBe(toXml(mapTexts(doc, new Map([...expectedValues(text)].filter(([k]) => /^0x/i.test(k))))));
    }
  });
});
