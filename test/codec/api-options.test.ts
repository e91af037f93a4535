/**
 * The codec options added with issue 14: XML text out as UTF-8 bytes (`output: 'bytes'`), a strict
 * encoder (`unknownElements: 'error'`), `fromXml` saying the version it read, and one
 * `maxElements` for the XML reader and the codec.
 */
import { describe, expect, test } from 'vitest';
import { decode, decodeToXml, el, encode, encodeXml, expectWbxmlError as error, fromXml, registry, toXml } from '../support/codec.js';

const NS12 = 'http://www.openmobilealliance.org/DTD/WV-CSP1.2';
const utf8 = (s: string) => new TextEncoder().encode(s);

/** Index of the first byte where `a` and `b` differ (or the shorter length), -1 when they are equal (toEqual is slow on megabytes). */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

/** A 1.2 message with non-ASCII text, an attribute to escape and a typed element. */
const message = el(
  'WV-CSP-Message',
  [
    el('Session', [
      el('SessionDescriptor', [el('SessionType', ['Inband']), el('SessionID', ['ünï & <cödé> 中文 😀'])]),
      el('Transaction', [el('TransactionContent', [el('KeepAlive-Request', [el('KeepAliveTime', ['300'])])], { xmlns: 'x"y' })]),
    ]),
  ],
  { xmlns: NS12 },
);

describe("output: 'bytes'", () => {
  test('toXml and decodeToXml give the UTF-8 of the string they give by default', () => {
    for (const indent of ['', '  ', '\t']) {
      const text = toXml(message, { indent });
      const bytes = toXml(message, { indent, output: 'bytes' });
      expect(bytes).toBeInstanceOf(Uint8Array);
      expect(bytes).toEqual(utf8(text));
      expect(toXml(message, { indent, output: 'string' })).toBe(text);
    }
    const wbxml = encode(message);
    const asText = decodeToXml(wbxml, registry);
    const asBytes = decodeToXml(wbxml, registry, { output: 'bytes' });
    expect(asBytes.xml).toEqual(utf8(asText.xml));
    expect(asBytes.version).toBe('1.2');
    expect(asBytes.versionFrom).toBe('public-id');
  });

  test('each result is a copy of its own: the next call does not change it', () => {
    const first = toXml(message, { output: 'bytes' });
    const copy = first.slice();
    toXml(el('WV-CSP-Message', [el('Session', ['x'.repeat(5000)])], { xmlns: NS12 }), { output: 'bytes' });
    decodeToXml(encode(message), registry, { output: 'bytes' });
    expect(first).toEqual(copy);
  });

  test('a text longer than the writer’s 4 MB buffer: the same bytes and string, a character split across chunks included', () => {
    // 3-byte characters, so that a 4 MB chunk boundary falls inside one.
    const big = el('WV-CSP-Message', [el('Session', ['中'.repeat(1_500_000), 'é'.repeat(1_000_001)])], { xmlns: NS12 });
    const text = toXml(big, { indent: '' });
    const bytes = toXml(big, { indent: '', output: 'bytes' });
    expect(bytes.length).toBeGreaterThan(1 << 22);
    expect(firstDifference(bytes, utf8(text))).toBe(-1);
    expect(text).toBe(
      `<?xml version="1.0" encoding="UTF-8"?><WV-CSP-Message xmlns="${NS12}"><Session>${'中'.repeat(1_500_000)}${'é'.repeat(1_000_001)}</Session></WV-CSP-Message>`,
    );
    const limits = { maxTextExpansion: Infinity };
    const wbxml = encode(big);
    const decoded = decodeToXml(wbxml, registry, limits).xml;
    expect(decoded).toBe(text);
    expect(firstDifference(decodeToXml(wbxml, registry, { ...limits, output: 'bytes' }).xml, bytes)).toBe(-1);
  });

  test('any other value is bad-option', () => {
    for (const output of ['utf8', 'Bytes', 1, null]) {
      expect(error(() => toXml(message, { output } as never)).code).toBe('bad-option');
      expect(error(() => decodeToXml(encode(message), registry, { output } as never)).code).toBe('bad-option');
    }
  });
});

describe("unknownElements: 'error'", () => {
  const withUnknown = el('WV-CSP-Message', [el('Session', [el('X-Vendor-Extension', ['1'])])], { xmlns: NS12 });

  test('by default an element the version has no tag for is a LITERAL, and decodes back', () => {
    const bytes = encode(withUnknown);
    expect(decode(bytes).doc).toEqual(withUnknown);
    expect(encode(withUnknown, { unknownElements: 'literal' })).toEqual(bytes);
  });

  test("'error' refuses it with unknown-tag and the element path, in encode and encodeXml", () => {
    const e = error(() => encode(withUnknown, { unknownElements: 'error' }));
    expect(e.code).toBe('unknown-tag');
    expect(e.path).toBe('/WV-CSP-Message/Session/X-Vendor-Extension');
    expect(e.message).toMatch(/<X-Vendor-Extension> is not an element of CSP 1\.2/);
    const xml = toXml(withUnknown);
    expect(error(() => encodeXml(xml, registry, { unknownElements: 'error' })).code).toBe('unknown-tag');
    // an element of 1.3 only is unknown in 1.2
    const onlyIn13 = el('WV-CSP-Message', [el('Session', [el('SessionPriority', ['1'])])], { xmlns: NS12 });
    expect(error(() => encode(onlyIn13, { unknownElements: 'error' })).code).toBe('unknown-tag');
    // the spec's elements pass
    expect(encode(message, { unknownElements: 'error' })).toEqual(encode(message));
  });

  test('any other value is bad-option', () => {
    for (const unknownElements of ['strict', true, 'Error']) {
      expect(error(() => encode(message, { unknownElements } as never)).code).toBe('bad-option');
    }
  });
});

describe('fromXml with a registry says the version', () => {
  test('from the root xmlns, else the DOCTYPE, else the option; the tables of that version', () => {
    const byNs = fromXml(toXml(message), registry);
    expect(byNs.version).toBe('1.2');
    expect(byNs.tables).toBe(registry.find((t) => t.version === '1.2'));
    expect(byNs.doc).toEqual(fromXml(toXml(message)).doc);
    const noNs = el('WV-CSP-Message', [el('Session')]);
    const withDoctype = toXml(noNs, { doctypePublicId: '-//OMA//DTD WV-CSP 1.1//EN' });
    expect(fromXml(withDoctype, registry).version).toBe('1.1');
    expect(fromXml(utf8(withDoctype), registry, { version: '1.3' }).version).toBe('1.3');
    expect(fromXml(withDoctype, registry).doctypePublicId).toBe('-//OMA//DTD WV-CSP 1.1//EN');
    // the same choice as encodeXml
    expect(fromXml(toXml(message), registry).version).toBe(encodeXml(toXml(message), registry).version);
  });

  test('no version to be found is unknown-version; without a registry, as before', () => {
    const noNs = toXml(el('WV-CSP-Message', [el('Session')]));
    expect(error(() => fromXml(noNs, registry)).code).toBe('unknown-version');
    expect(error(() => fromXml(noNs, registry, { version: '9.9' })).code).toBe('unknown-version');
    const plain = fromXml(noNs, { maxDepth: 10 });
    expect(plain).toEqual({ doc: el('WV-CSP-Message', [el('Session')]), doctypePublicId: undefined });
    expect('version' in plain).toBe(false);
  });
});

describe('one maxElements for the XML reader and the codec', () => {
  const many = `<a>${'<b/>'.repeat(10)}</a>`;

  test('it is the codec’s limit: the same option bounds fromXml, encodeXml and toXml', () => {
    expect(fromXml(many, { maxElements: 11 }).doc.children).toHaveLength(10);
    expect(error(() => fromXml(many, { maxElements: 10 })).code).toBe('limit');
    const tree = fromXml(many).doc;
    expect(error(() => toXml(tree, { maxElements: 10 })).code).toBe('limit');
  });

  test('an invalid value is bad-option, as for every other limit', () => {
    for (const maxElements of [-1, Number.NaN, 1.5, '5']) {
      const e = error(() => fromXml(many, { maxElements } as never));
      expect(e.code).toBe('bad-option');
      expect(e.message).toMatch(/option maxElements/);
    }
    expect(fromXml(many, { maxElements: Infinity }).doc.children).toHaveLength(10);
  });
});
