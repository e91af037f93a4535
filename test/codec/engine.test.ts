/**
 * The WBXML rules of the engine, one by one, with the byte examples of
 * ../shared/notes/imps-wbxml-facts.md: header and version choice, typed OPAQUE content, value
 * tokens in text, ENTITY, LITERAL, and the failure modes (typed error with the byte offset, limits).
 */
import { describe, expect, test } from 'vitest';
import {
  decode,
  decodeToXml,
  encode,
  encodeXml,
  fromHex,
  fromXml,
  hex,
  registry,
  toXml,
  WbxmlError,
  type CspElement,
  expectWbxmlError as error,
  el,
} from '../support/codec.js';

const body = (doc: CspElement, version = '1.2') => hex(encode(doc, { version }).subarray(4));

describe('header and version', () => {
  test('header: WBXML 1.3, numeric public id, UTF-8, empty string table', () => {
    for (const [v, id] of [
      ['1.1', '10'],
      ['1.2', '11'],
      ['1.3', '12'],
    ])
      expect(hex(encode(el('WV-CSP-Message'), { version: v }))).toBe(`03 ${id} 6a 00 49 01`);
  });

  test('publicId "text": public id 0 and the DTD text in the string table (libwbxml form), decoded back to the version', () => {
    const bytes = encode(el('WV-CSP-Message'), { version: '1.2', publicId: 'text' });
    const text = hex(new TextEncoder().encode('-//OMA//DTD WV-CSP 1.2//EN'));
    expect(hex(bytes)).toBe(`03 00 00 6a 1b ${text} 00 49 01`);
    const r = decode(bytes);
    expect([r.version, r.publicId, r.versionFrom]).toEqual(['1.2', '-//OMA//DTD WV-CSP 1.2//EN', 'public-id']);
  });

  test('libwbxml\'s 1.1 text "-//OMA//DTD WV-CSP 1.1//EN" is accepted as 1.1', () => {
    const t = new TextEncoder().encode('-//OMA//DTD WV-CSP 1.1//EN');
    const bytes = new Uint8Array([0x03, 0x00, 0x00, 0x6a, t.length + 1, ...t, 0x00, 0x49, 0x01]);
    expect(decode(bytes).version).toBe('1.1');
  });

  test("a public id text in the string table that is no version's, or only part of one, is decoded as sent", () => {
    const t = new TextEncoder().encode('-//OMA//DTD WV-CSP 1.2//EN');
    // index 1: "//OMA//DTD WV-CSP 1.2//EN", in the middle of the entry; forced version: the text is kept as sent
    const mid = new Uint8Array([0x03, 0x00, 0x01, 0x6a, t.length + 1, ...t, 0x00, 0x49, 0x01]);
    expect([decode(mid, { version: '1.3' }).publicId, decode(mid, { version: '1.3' }).version]).toEqual([
      '//OMA//DTD WV-CSP 1.2//EN',
      '1.3',
    ]);
    expect(error(() => decode(mid)).message).toContain('"//OMA//DTD WV-CSP 1.2//EN"');
    // one byte changed to a non-ASCII one (é, C3 A9): not the 1.2 text
    const u = new TextEncoder().encode('-//OMA//DTD WV-CSP 1.2//É');
    const other = new Uint8Array([0x03, 0x00, 0x00, 0x6a, u.length + 1, ...u, 0x00, 0x49, 0x01]);
    expect(decode(other, { version: '1.2' }).publicId).toBe('-//OMA//DTD WV-CSP 1.2//É');
    expect(error(() => decode(other)).code).toBe('unknown-version');
  });

  test('unknown public id (0x01): the version comes from the root xmlns', () => {
    const bytes = encode(el('WV-CSP-Message', [], { xmlns: 'http://www.openmobilealliance.org/DTD/IMPS-CSP1.3' }), { version: '1.3' });
    bytes[1] = 0x01;
    const r = decode(bytes);
    expect([r.version, r.versionFrom]).toEqual(['1.3', 'namespace']);
  });

  test('unknown public id and no xmlns: a WbxmlError that says how to fix it; --version forces one', () => {
    const bytes = fromHex('03 01 6a 00 49 01');
    const e = error(() => decode(bytes));
    expect(e.code).toBe('unknown-version');
    expect(e.offset).toBe(1);
    expect(e.message).toMatch(/pass the version explicitly/);
    expect(decode(bytes, { version: '1.2' }).version).toBe('1.2');
  });

  test('encode picks the version from the root xmlns; without one it must be named', () => {
    expect(encode(el('WV-CSP-Message', [], { xmlns: 'http://www.wireless-village.org/CSP1.1' }))[1]).toBe(0x10);
    expect(error(() => encode(el('WV-CSP-Message'))).code).toBe('unknown-version');
  });

  test('charset other than UTF-8 is refused at its byte', () => {
    const e = error(() => decode(fromHex('03 12 04 00 49 01')));
    expect([e.code, e.offset]).toEqual(['unexpected-byte', 2]);
  });
});

describe('integers (OPAQUE, fewest bytes)', () => {
  test.each([
    ['0', 'c3 01 00'],
    ['200', 'c3 01 c8'],
    ['401', 'c3 02 01 91'],
    ['3600', 'c3 02 0e 10'],
    ['32767', 'c3 02 7f ff'],
    ['65536', 'c3 03 01 00 00'],
    ['4294967295', 'c3 04 ff ff ff ff'],
  ])('%s → %s', (v, bytes) => {
    expect(body(el('Code', [v]))).toBe(`4b ${bytes} 01`);
    expect(decode(encode(el('Code', [v]), { version: '1.2' })).doc.children).toEqual([v]);
  });

  test("libwbxml's zero-length integer C3 00 decodes as 0; a string integer is accepted", () => {
    expect(decode(fromHex('03 11 6a 00 4b c3 00 01')).doc.children).toEqual(['0']);
    expect(decode(fromHex('03 11 6a 00 4b 03 34 30 31 00 01')).doc.children).toEqual(['401']);
  });

  test.each(['-1', 'abc', '4294967296', '1.5', ''.padStart(11, '9'), '0x1FFFFFFFF'])(
    '"%s" is an error with the element path, not 0',
    (v) => {
      const e = error(() => encode(el('WV-CSP-Message', [el('Session', [el('ContentSize', [v])])]), { version: '1.2' }));
      expect(e.code).toBe('bad-value');
      expect(e.path).toBe('/WV-CSP-Message/Session/ContentSize');
    },
  );

  test('hex as libwbxml accepts it (0x10) is the number', () => {
    expect(body(el('Code', ['0x10']))).toBe('4b c3 01 10 01');
  });

  test.each([
    ['OPAQUE 5 then OPAQUE 6', '4b c3 01 05 c3 01 06 01', 8],
    ['OPAQUE 5 then the string "7"', '4b c3 01 05 03 37 00 01', 8],
    ['the string "7" then OPAQUE 5', '4b 03 37 00 c3 01 05 01', 8],
    ['OPAQUE 5, an element, OPAQUE 6', '4b c3 01 05 2d c3 01 06 01', 8],
    ['an empty string then OPAQUE 5', '4b 03 00 c3 01 05 01', 7],
  ])('an integer element with %s is refused at the second piece (the encoder refuses that mix too)', (_what, body, offset) => {
    const e = error(() => decode(fromHex(`03 11 6a 00 ${body}`)));
    expect([e.code, e.offset]).toEqual(['bad-opaque', offset]);
    expect(e.message).toMatch(/an OPAQUE integer must be the whole content of its element/);
    expect(error(() => decodeToXml(fromHex(`03 11 6a 00 ${body}`), registry)).code).toBe('bad-opaque');
  });

  test('an OPAQUE integer longer than 4 bytes is refused at its data', () => {
    const e = error(() => decode(fromHex('03 11 6a 00 4b c3 05 01 02 03 04 05 01')));
    expect([e.code, e.offset]).toEqual(['bad-opaque', 7]);
  });
});

describe('date-times (6 OPAQUE bytes)', () => {
  test.each([
    ['20010925T165859Z', '1f 46 73 0e bb 5a'],
    ['20011019T095031Z', '1f 46 a6 9c 9f 5a'],
    ['20011019T095031', '1f 46 a6 9c 9f 00'],
    ['20011019T095031A', '1f 46 a6 9c 9f 41'],
  ])('%s → %s and back, every field kept', (v, bytes) => {
    expect(body(el('DateTime', [v]))).toBe(`51 c3 06 ${bytes} 01`);
    expect(decode(encode(el('DateTime', [v]), { version: '1.2' })).doc.children).toEqual([v]);
  });

  test('zero seconds stay (libwbxml drops them); minutes keep their low bit (AOSP loses it)', () => {
    for (const v of ['20011019T095000', '20011019T095900Z', '20011019T095959Z', '00010101T000000']) {
      expect(decode(encode(el('DateTime', [v]), { version: '1.2' })).doc.children).toEqual([v]);
    }
  });

  test.each(['2001-10-19T09:50:31Z', '20011019T0950', '20011019T095031+01:00', '20011019T095031J', '20011319T095031Z'])(
    '"%s" is sent as a string, unchanged',
    (v) => {
      expect(body(el('DeliveryTime', [v]))).toMatch(/^00 06 5a 03 /);
      expect(decode(encode(el('DeliveryTime', [v]), { version: '1.2' })).doc.children).toEqual([v]);
    },
  );

  test('a leap second (second 60) is accepted both ways, as libwbxml writes and tshark reads it', () => {
    for (const v of ['20161231T235960Z', '19981231T235960', '20150630T235960A']) {
      const bytes = encode(el('DateTime', [v]), { version: '1.2' });
      expect(bytes.subarray(4, 7)).toEqual(new Uint8Array([0x51, 0xc3, 0x06]));
      expect(decode(bytes).doc.children).toEqual([v]);
    }
    expect(decode(fromHex('03 11 6a 00 51 c3 06 1f 83 3f 7e fc 5a 01')).doc.children).toEqual(['20161231T235960Z']);
    expect(error(() => decode(fromHex('03 11 6a 00 51 c3 06 1f 83 3f 7e fd 5a 01'))).code).toBe('bad-opaque'); // second 61
    expect(body(el('DateTime', ['20161231T235961Z']))).toMatch(/^51 03 /); // not a date-time the 6 bytes carry: a string
  });

  test('an OPAQUE date-time and other content is refused like an integer', () => {
    const e = error(() => decode(fromHex('03 11 6a 00 51 c3 06 1f 46 73 0e bb 5a 03 5a 00 01')));
    expect([e.code, e.offset]).toEqual(['bad-opaque', 13]);
  });

  test('a date-time OPAQUE that is not 6 bytes, has bad fields or a bad zone is refused at its data', () => {
    expect(error(() => decode(fromHex('03 11 6a 00 51 c3 05 1f 46 73 0e bb 01'))).code).toBe('bad-opaque');
    expect(error(() => decode(fromHex('03 11 6a 00 51 c3 06 1f 47 73 0e bb 5a 01'))).offset).toBe(7); // month 13
    expect(error(() => decode(fromHex('03 11 6a 00 51 c3 06 1f 46 73 0e bb 4a 01'))).offset).toBe(12); // zone J
  });
});

describe('text', () => {
  test('a value token only for the whole text of an element (never inside a longer text)', () => {
    expect(body(el('SessionType', ['Inband']))).toBe('70 80 11 01');
    expect(body(el('SessionType', ['Inbandx']))).toBe(`70 03 ${hex(new TextEncoder().encode('Inbandx'))} 00 01`);
    expect(body(el('SessionType', [' Inband']))).toMatch(/^70 03 /);
  });

  test('value tokens ≥ 0x80 take two bytes (SHTTP 0xA5 → 80 81 25)', () => {
    expect(body(el('SupportedCIRMethod', ['SHTTP']), '1.3')).toBe('00 03 50 80 81 25 01');
  });

  test('EXT_T_0 mixed with inline strings (Symbian sends http:// as a token) decodes as one text', () => {
    const doc = decode(fromHex(`03 11 6a 00 77 80 0e 03 ${hex(new TextEncoder().encode('www.example.com/x'))} 00 01`)).doc;
    expect(doc).toEqual(el('URL', ['http://www.example.com/x']));
  });

  test('ENTITY decodes into the text (02 81 20 = U+00A0); surrogates and > U+10FFFF are refused', () => {
    expect(decode(fromHex('03 11 6a 00 52 03 61 00 02 81 20 03 62 00 01')).doc).toEqual(el('Description', ['a\u00a0b']));
    expect(error(() => decode(fromHex('03 11 6a 00 52 02 83 b0 00 01'))).code).toBe('bad-entity'); // U+D800
  });

  test('UTF-8 is validated: an invalid sequence is refused at its byte; a leading BOM is content', () => {
    const e = error(() => decode(fromHex('03 11 6a 00 52 03 61 c3 28 00 01')));
    expect([e.code, e.offset]).toEqual(['bad-text', 7]);
    expect(decode(fromHex('03 11 6a 00 52 03 ef bb bf 61 00 01')).doc.children).toEqual(['\ufeffa']);
  });

  test('non-ASCII and astral text round-trips; U+0000 and lone surrogates cannot be sent', () => {
    const t = 'Tõnu 🚀 日本';
    expect(decode(encode(el('Description', [t]), { version: '1.2' })).doc.children).toEqual([t]);
    expect(error(() => encode(el('Description', ['a\u0000b']), { version: '1.2' })).code).toBe('bad-text');
    expect(error(() => encode(el('Description', ['a\ud800b']), { version: '1.2' })).code).toBe('bad-text');
  });

  test('OPAQUE in an untyped element is bytes in the tree, and round-trips as OPAQUE', () => {
    const doc = decode(fromHex('03 12 6a 00 4d c3 03 00 ff 10 01')).doc;
    expect(doc.children).toEqual([new Uint8Array([0x00, 0xff, 0x10])]);
    expect(hex(encode(doc, { version: '1.3' }))).toBe('03 12 6a 00 4d c3 03 00 ff 10 01');
    expect(toXml(doc, { declaration: false, indent: '' })).toBe('<ContentData>AP8Q</ContentData>'); // not UTF-8: base64
  });
});

describe('names outside the tables', () => {
  test('unknown elements and attributes go through LITERAL and the string table, and come back', () => {
    const doc = el('WV-CSP-Message', [el('ExtBlock', [el('APIClient', ['x'], { xmlns: 'www.nokia.com/apiclient' })])], {
      xmlns: 'http://www.openmobilealliance.org/DTD/WV-CSP1.2',
    });
    const bytes = encode(doc);
    expect(hex(bytes.subarray(0, 5))).toBe('03 11 6a 10 41'); // a string table of 16 bytes: "APIClient\0xmlns\0"
    expect(decode(bytes).doc).toEqual(doc);
  });

  test('an attribute start is chosen by name and value every time (the encoder keeps the last one it looked up)', () => {
    const pa = 'http://www.openmobilealliance.org/DTD/WV-PA1.2';
    const doc = el(
      'WV-CSP-Message',
      [el('Presence', [], { xmlns: pa }), el('Presence', [], { other: pa }), el('Presence', [], { xmlns: pa })],
      {
        xmlns: 'http://www.openmobilealliance.org/DTD/WV-CSP1.2',
      },
    );
    // the same value under another name is a LITERAL attribute, between two xmlns that take the start token
    expect(decode(encode(doc)).doc).toEqual(doc);
  });

  test('an attribute named __proto__ is data, not a prototype', () => {
    const attributes = Object.create(null) as Record<string, string>;
    // biome-ignore lint/suspicious/noProto: the test is about an attribute of that name
    attributes['__proto__'] = 'x';
    const doc: CspElement = { name: 'WV-CSP-Message', attributes, children: [] };
    const back = decode(encode(doc, { version: '1.2' })).doc;
    expect(Object.keys(back.attributes)).toEqual(['__proto__']);
    // biome-ignore lint/suspicious/noProto: the test is about an attribute of that name
    expect(back.attributes['__proto__']).toBe('x');
  });

  test('a literal name that is not an XML name is refused (decoded trees always print as XML)', () => {
    const e = error(() => decode(fromHex('03 11 6a 04 61 20 62 00 44 00 01')));
    expect([e.code, e.offset]).toEqual(['bad-name', 8]);
    expect(error(() => encode(el('a b'), { version: '1.2' })).code).toBe('bad-name');
  });
});

describe('malformed input: a WbxmlError with the offset, nothing else', () => {
  test.each([
    ['empty input', '', 'truncated', 0],
    ['WBXML version 4', '04 11 6a 00 49 01', 'unexpected-byte', 0],
    ['mb_u_int32 longer than 5 bytes', '03 81 81 81 81 81 01', 'bad-integer', 1],
    ['string table longer than the input', '03 11 6a 7f 00', 'truncated', 4],
    ['unknown tag on page 0', '03 11 6a 00 7e 01', 'unknown-tag', 4],
    ['LITERAL without a string table', '03 11 6a 00 44 00 01', 'bad-string-reference', 4],
    ['unknown code page', '03 11 6a 00 00 2a 49 01', 'unknown-tag', 5],
    ['value token no version defines', '03 11 6a 00 52 80 83 ff 7f 01', 'unknown-value', 5],
    ['STR_T outside the string table', '03 11 6a 00 52 83 05 01', 'bad-string-reference', 5],
    ['public id string index outside the table', '03 00 05 6a 03 61 62 00 49 01', 'bad-string-reference', 1],
    ['public id string without its NUL', '03 00 00 6a 02 61 62 49 01', 'bad-string-reference', 1],
    ['END without element', '03 11 6a 00 01', 'bad-structure', 4],
    ['bytes after the root', '03 11 6a 00 49 01 49 01', 'bad-structure', 6],
    ['unclosed element', '03 11 6a 00 49 6d', 'truncated', 6],
    ['huge OPAQUE length', '03 11 6a 00 4d c3 8f ff ff ff 7f 01', 'limit', 5],
    ['OPAQUE past the end', '03 11 6a 00 4d c3 10 00 01', 'truncated', 7],
    ['EXT_I_0 is not CSP', '03 11 6a 00 52 40 61 00 01', 'unexpected-byte', 5],
    ['PI is not CSP', '03 11 6a 00 43 01', 'unexpected-byte', 4],
    ['unknown attribute start', '03 11 6a 00 c9 7f 01 01', 'unknown-attribute', 5],
  ])('%s', (_what, input, code, offset) => {
    const e = error(() => decode(fromHex(input)));
    expect([e.code, e.offset]).toEqual([code, offset]);
    expect(e.message).toMatch(/\(at byte \d+\)$/);
  });

  test('limits: depth, string length and document size are enforced (more in limits.test.ts)', () => {
    const deep = fromHex('03 11 6a 00' + ' 6d'.repeat(300) + ' 01'.repeat(300));
    expect(error(() => decode(deep)).code).toBe('limit');
    expect(decode(deep, { maxDepth: 400 }).doc.name).toBe('Session');
    expect(error(() => decode(fromHex('03 11 6a 00 52 03 61 62 63 00 01'), { maxStringLength: 2 })).code).toBe('limit');
    expect(error(() => decode(fromHex('03 11 6a 00 49 01'), { maxDocumentSize: 5 })).code).toBe('limit');
    let nested: CspElement = el('Session');
    for (let i = 0; i < 10_000; i++) nested = el('Session', [nested]);
    expect(error(() => encode(nested, { version: '1.2' })).code).toBe('limit');
  });

  test('encode: maxStringLength holds for an attribute value as for a text (short values too, LITERAL or attribute start)', () => {
    const root = (attributes: Record<string, string>) => ({ name: 'WV-CSP-Message', attributes, children: [] });
    const long = 'x'.repeat(100);
    for (const attributes of [{ foo: long }, { xmlns: `http://www.wireless-village.org/CSP${long}` }] as Record<string, string>[]) {
      const e = error(() => encode(root(attributes), { version: '1.2', maxStringLength: 10 }));
      expect([e.code, e.path]).toEqual(['limit', '/WV-CSP-Message']);
      expect(e.message).toMatch(/^an attribute value of \d+ characters, more than maxStringLength \(10\)/);
    }
    expect(encode(root({ foo: 'x'.repeat(10) }), { version: '1.2', maxStringLength: 10 }).length).toBeGreaterThan(0);
  });

  test('encode: maxStringLength holds for a literal element or attribute name (a string table entry the decoder would refuse)', () => {
    const name = `x-${'n'.repeat(20)}`;
    const trees: CspElement[] = [
      { name: 'WV-CSP-Message', attributes: {}, children: [el(name)] },
      { name: 'WV-CSP-Message', attributes: { [name]: 'v' }, children: [] },
    ];
    for (const tree of trees) {
      const e = error(() => encode(tree, { version: '1.2', maxStringLength: 10 }));
      expect(e.code).toBe('limit');
      expect(e.message).toMatch(/a literal name of \d+ bytes, more than maxStringLength \(10\)/);
      const bytes = encode(tree, { version: '1.2', maxStringLength: name.length });
      expect(error(() => decode(bytes, { maxStringLength: name.length - 1 })).code).toBe('limit');
      expect(decode(bytes, { maxStringLength: name.length }).doc).toEqual(decode(bytes).doc);
    }
  });

  test('encode: maxStringTableSize holds for the string table the encoder writes (literal names), as the decoder holds it', () => {
    const tree: CspElement = { name: 'WV-CSP-Message', attributes: {}, children: [el('x-aaaa'), el('x-bbbb')] };
    const e = error(() => encode(tree, { version: '1.2', maxStringTableSize: 10 }));
    expect(e.code).toBe('limit');
    expect(e.message).toContain('a string table of 14 bytes, more than maxStringTableSize (10)');
    const bytes = encode(tree, { version: '1.2', maxStringTableSize: 14 });
    expect(error(() => decode(bytes, { maxStringTableSize: 13 })).code).toBe('limit');
    expect(decode(bytes, { maxStringTableSize: 14 }).doc.children).toHaveLength(2);
  });

  test('encode measures strings and text as the decoder does: UTF-8 bytes, literal names at every reference, the text budget per written byte', () => {
    const doc = (...children: CspElement['children']): CspElement => ({ name: 'WV-CSP-Message', attributes: {}, children });
    // '本õ' is 2 UTF-16 code units and 5 UTF-8 bytes: the decoder refuses it under 3
    const wide = doc(el('Description', ['本õ']));
    expect(error(() => encode(wide, { version: '1.2', maxStringLength: 3 })).message).toContain(
      'a text of 5 bytes, more than maxStringLength (3)',
    );
    expect(error(() => decode(encode(wide, { version: '1.2' }), { maxStringLength: 3 })).code).toBe('limit');
    // a literal name counts at every reference: 3 × 10 bytes
    const literals = doc(el('x-literal1'), el('x-literal1'), el('x-literal1'));
    expect(error(() => encode(literals, { version: '1.2', maxTextBytes: 29 })).code).toBe('limit');
    expect(error(() => decode(encode(literals, { version: '1.2' }), { maxTextBytes: 29 })).code).toBe('limit');
    expect(decode(encode(literals, { version: '1.2', maxTextBytes: 30 }), { maxTextBytes: 30 }).doc.children).toHaveLength(3);
    // one long literal name used by many elements: much text from few bytes (maxTextExpansion;
    // 1,100 × 62 bytes of names is over the 64 KiB every document is allowed)
    const repeated = doc(...Array.from({ length: 1100 }, () => el(`x-${'n'.repeat(60)}`)));
    const e = error(() => encode(repeated, { version: '1.2', maxTextExpansion: 0 }));
    expect(e.message).toMatch(/would decode to 68200 bytes of text, more than maxTextExpansion \(0\) per byte/);
    expect(error(() => decode(encode(repeated, { version: '1.2' }), { maxTextExpansion: 0 })).code).toBe('limit');
    expect(decode(encode(repeated, { version: '1.2', maxTextExpansion: 1 }), { maxTextExpansion: 1 }).doc.children).toHaveLength(1100);
  });

  test('every truncation and every single-byte change of a real message ends in a result or a WbxmlError', () => {
    const bytes = encode(
      fromXml(
        `<WV-CSP-Message xmlns="http://www.openmobilealliance.org/DTD/WV-CSP1.2"><Session><SessionDescriptor><SessionType>Inband</SessionType></SessionDescriptor><Transaction><TransactionDescriptor><TransactionMode>Request</TransactionMode></TransactionDescriptor><TransactionContent xmlns="http://www.openmobilealliance.org/DTD/WV-TRC1.2"><SendMessage-Request><MessageInfo><ContentSize>5</ContentSize><DateTime>20070625T055652Z</DateTime></MessageInfo><ContentData>Hello</ContentData></SendMessage-Request></TransactionContent></Transaction></Session></WV-CSP-Message>`,
      ).doc,
    );
    let errors = 0;
    for (let n = 0; n < bytes.length; n++) {
      try {
        decode(bytes.subarray(0, n));
      } catch (e) {
        expect(e).toBeInstanceOf(WbxmlError);
        errors++;
      }
      for (const b of [0x00, 0x01, 0x03, 0x80, 0xc3, 0xff]) {
        const m = bytes.slice();
        m[n] = b;
        try {
          decodeToXml(m, registry);
        } catch (e) {
          expect(e).toBeInstanceOf(WbxmlError);
        }
      }
    }
    expect(errors).toBe(bytes.length);
  });
});

describe('XML text', () => {
  test('fromXml drops indentation between elements, keeps other text as it is', () => {
    expect(fromXml('<a>\n  <b> x </b>\n</a>').doc).toEqual(el('a', [el('b', [' x '])]));
  });
  test('a syntax error is a WbxmlError with line:column', () => {
    const e = error(() => fromXml('<a>\n<b></a>'));
    expect(e.code).toBe('bad-xml');
    expect(e.message).toMatch(/^XML 2:\d+: /);
  });
  test('toXml escapes what XML needs and indents only element-only content', () => {
    const doc = el('WV-CSP-Message', [el('Description', ['a<b & "c"\r'])], { xmlns: 'x"y' });
    expect(toXml(doc)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<WV-CSP-Message xmlns="x&quot;y">\n  <Description>a&lt;b &amp; "c"&#xD;</Description>\n</WV-CSP-Message>\n',
    );
    expect(fromXml(toXml(doc)).doc).toEqual(doc);
  });
  test.each(registry.map((t) => [t.version, t] as const))(
    'encodeXml finds every element name and value token name of CSP %s (its names are looked up apart from encode’s)',
    (version, t) => {
      // every tag and every value name, as encodeXml sees them (fresh strings) and as encode does
      const values = [...t.valueTokens.keys()];
      const children = [...t.tagByName.keys()].map((name, i) =>
        el(name, t.integerElements.has(name) ? ['7'] : [values[i % values.length]!]),
      );
      const doc = el('WV-CSP-Message', children, { xmlns: t.namespaces.csp });
      const bytes = encode(doc, { version });
      expect(hex(encodeXml(toXml(doc), registry).bytes)).toBe(hex(bytes));
      expect(decode(bytes).doc).toEqual(fromXml(toXml(doc)).doc);
    },
  );
});
