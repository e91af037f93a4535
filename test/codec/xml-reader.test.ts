/**
 * The XML text reader (generator/runtime/xml-reader.ts, in every generated/ folder too): what it
 * reads, what it refuses (each a WbxmlError with line:column), its limits, hostile input, and the
 * windows in which it decodes UTF-8 bytes.
 */
import { describe, expect, test } from 'vitest';
import * as generated from '../../generated/index.js';
import { decode, encode, encodeXml, fromXml, registry, type CspElement, expectWbxmlError as error, el } from '../support/codec.js';

const plain = (x: unknown): unknown => JSON.parse(JSON.stringify(x));
const doc = (text: string | Uint8Array) => plain(fromXml(text).doc);
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('what it reads', () => {
  test('the generated codec exports the same reader: no dependency needed for XML text', () => {
    const text = '<WV-CSP-Message xmlns="http://www.openmobilealliance.org/DTD/WV-CSP1.2"><Session/></WV-CSP-Message>';
    expect(plain(generated.fromXml(text).doc)).toEqual(doc(text));
    expect(generated.encodeXml(text, generated.registry).bytes).toEqual(encodeXml(text, registry).bytes);
  });

  test('a string and its UTF-8 bytes give the same tree', () => {
    const text = '<?xml version="1.0" encoding="UTF-8"?>\n<a x="é">😀 中文 <b/>\r\n</a>';
    expect(doc(utf8(text))).toEqual(doc(text));
  });

  test('references, CDATA, comments and PIs inside one run of text make one text', () => {
    expect(doc('<a>x<!--c-->y&amp;<![CDATA[<z>&amp;]]><?pi data?>&#x1F600;&#65;&lt;&gt;&quot;&apos;</a>')).toEqual(
      plain(el('a', ['xy&<z>&amp;😀A<>"\''])),
    );
  });

  test('line ends: CRLF and CR become LF in text and CDATA; a character reference stays what it is', () => {
    expect(doc('<a>1\r\n2\r3\n<![CDATA[4\r\n5]]>&#13;&#10;</a>')).toEqual(plain(el('a', ['1\n2\n3\n4\n5\r\n'])));
  });

  test('attribute values: white space characters (after line-end normalisation) become spaces, references stay', () => {
    expect(doc('<a v="x\r\ny\tz\nw&#10;&#13;&#9;" w=\'"\'/>')).toEqual(plain(el('a', [], { v: 'x y z w\n\r\t', w: '"' })));
  });

  test('a BOM at the start is skipped (string or bytes); a U+FEFF anywhere else is text', () => {
    expect(doc('\uFEFF<a>\uFEFF</a>')).toEqual(plain(el('a', ['\uFEFF'])));
    expect(doc(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('<a>\uFEFF</a>')]))).toEqual(plain(el('a', ['\uFEFF'])));
  });

  test('characters outside the BMP in names, attributes and text', () => {
    expect(doc('<x𐀀y a𐀁="😀">😀</x𐀀y>')).toEqual(plain(el('x𐀀y', ['😀'], { a𐀁: '😀' })));
  });

  test('attributes called __proto__ or constructor are data', () => {
    const d = fromXml('<a __proto__="1" constructor="2"/>').doc;
    expect(Object.keys(d.attributes)).toEqual(['__proto__', 'constructor']);
    expect(Object.entries(d.attributes)).toEqual([
      ['__proto__', '1'],
      ['constructor', '2'],
    ]);
  });

  test('attribute objects are the decoder’s kind (no Object.prototype, not an Object.create(null) dictionary)', () => {
    // Object.create(null) objects are slow dictionaries in V8: making one per element was a third
    // of reading a small message, and every walk of the tree paid again for them.
    const xml = '<WV-CSP-Message xmlns="http://www.openmobilealliance.org/DTD/WV-CSP1.2"><Session/></WV-CSP-Message>';
    const read = fromXml(xml).doc.attributes;
    const decoded = decode(encodeXml(utf8(xml), registry).bytes).doc.attributes;
    expect(Object.getPrototypeOf(read)).not.toBeNull();
    expect(Object.getPrototypeOf(read)).toBe(Object.getPrototypeOf(decoded));
    expect(Object.getPrototypeOf(Object.getPrototypeOf(read))).toBeNull();
  });

  test('the DOCTYPE public id (white space normalised) picks the version when the root has no xmlns', () => {
    const text = '<!DOCTYPE WV-CSP-Message PUBLIC "-//OMA//DTD  WV-CSP 1.2//EN" "http://x"><WV-CSP-Message><Session/></WV-CSP-Message>';
    expect(fromXml(text).doctypePublicId).toBe('-//OMA//DTD WV-CSP 1.2//EN');
    const r = encodeXml(utf8(text), registry);
    expect(r.version).toBe('1.2');
    expect(r.bytes).toEqual(encode(fromXml(text).doc, { version: '1.2' }));
  });

  test('an internal DTD subset without entity or attribute list declarations is read and skipped', () => {
    expect(doc('<!DOCTYPE a [ <!ELEMENT a (#PCDATA|b)*> <!NOTATION n SYSTEM "u"> <!-- c --> <?pi x?> %pe; ]><a/>')).toEqual(plain(el('a')));
  });

  test('an XML declaration naming another encoding: refused as bytes (say how), read as a string', () => {
    const text = '<?xml version="1.0" encoding="ISO-8859-1"?><a>x</a>';
    expect(doc(text)).toEqual(plain(el('a', ['x'])));
    expect(error(() => fromXml(utf8(text))).message).toMatch(/^XML 1:1: .*encoding "ISO-8859-1".*give it as a string/);
  });
});

describe('what it refuses: bad-xml with line:column (and the byte offset for bytes)', () => {
  const cases: [string, string, RegExp][] = [
    ['<a>\n<b></a>', '2:4', /end tag <\/a> does not match the start tag <b> \(opened at 2:1\)/],
    ['<a', '1:1', /start tag <a is not closed/],
    ['<a>text', '1:8', /ends inside <a> \(opened at 1:1\)/],
    ['<a b="1" b="2"/>', '1:10', /attribute b appears twice/],
    ['<a b="<"/>', '1:7', /'<' in the value of the attribute b/],
    ['<a b="x/>', '1:6', /value of the attribute b is not closed/],
    ['<a b=1/>', '1:6', /quoted value/],
    ['<a b="1"c="2"/>', '1:9', /expected a space/],
    ['<a>&foo;</a>', '1:4', /&foo; is not defined/],
    ['<a>&amp</a>', '1:4', /expected ';'/],
    ['<a>& b</a>', '1:5', /entity name or '#'/],
    ['<a>]]></a>', '1:4', /']]>' in text/],
    ['<a>&#0;</a>', '1:4', /reference to U\+0,/],
    ['<a>&#xD800;</a>', '1:4', /U\+D800/],
    ['<a>&#x110000;</a>', '1:4', /U\+110000/],
    ['<a>&#99999999999999999999;</a>', '1:4', /character reference/],
    ['<a>&#xZ;</a>', '1:4', /malformed character reference/],
    ['<a>\u0001</a>', '1:4', /U\+0001 is not allowed/],
    ['<a>\uFFFE</a>', '1:4', /U\+FFFE is not allowed/],
    ['<a b="\u0002"/>', '1:7', /U\+0002/],
    ['<a><!-- a -- b --></a>', '1:11', /'--' inside a comment/],
    ['<a><!-- x', '1:4', /comment is not closed/],
    ['<a><![CDATA[x', '1:4', /CDATA section is not closed/],
    ['<a><?pi x', '1:4', /processing instruction is not closed/],
    ['<a><?xml version="1.0"?></a>', '1:4', /not at the very start/],
    [' <?xml version="1.0"?><a/>', '1:2', /not at the very start/],
    ['<?xml version="2.0"?><a/>', '1:1', /malformed XML declaration/],
    ['<?xml encoding="UTF-8"?><a/>', '1:1', /malformed XML declaration/],
    ['<a/>x', '1:5', /text after the root element/],
    ['x<a/>', '1:1', /text before the root element/],
    ['<a/><b/>', '1:5', /a second root element/],
    ['', '1:1', /no root element/],
    ['  \n ', '2:2', /no root element/],
    ['<!-- only -->', '1:14', /no root element/],
    ['<1a/>', '1:2', /element name/],
    ['<a></ a>', '1:6', /element name after '<\/'/],
    ['<a><!DOCTYPE a></a>', '1:4', /'<!' that starts no comment or CDATA/],
    ['<a/><!DOCTYPE a>', '1:5', /DOCTYPE after the root element/],
    ['<!DOCTYPE a><!DOCTYPE a><a/>', '1:13', /second DOCTYPE/],
    ['<!DOCTYPE a PUBLIC "id"><a/>', '1:24', /system literal after the public id/],
    ['<!DOCTYPE a PUBLIC "{id}" "x"><a/>', '1:20', /character that a public id may not have/],
    ['<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>', '1:14', /entity declaration: entities are not supported/],
    ['<!DOCTYPE a [<!ENTITY % p "x">]><a/>', '1:14', /entity declaration/],
    ['<!DOCTYPE a [<!ATTLIST a b CDATA "x">]><a/>', '1:14', /attribute list declaration/],
    ['<!DOCTYPE a [<!ELEMENT a ANY>', '1:13', /internal DTD subset is not closed/],
  ];
  test.each(cases)('%j → %s', (text, where, message) => {
    const e = error(() => fromXml(text));
    expect(e.code).toBe('bad-xml');
    expect(e.message).toMatch(new RegExp(`^XML ${where}: `));
    expect(e.message).toMatch(message);
    expect(e.offset).toBeUndefined();
    // The same from bytes, with the byte offset of the place.
    if (!/[\uD800-\uDFFF]/.test(text)) {
      const b = error(() => fromXml(utf8(text)));
      expect(b.message.replace(/ \(at byte \d+\)$/, '')).toBe(e.message);
      expect(b.offset).toBeTypeOf('number');
    }
  });

  test('the billion laughs: refused at its first entity declaration, nothing expanded', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]><lolz>&lol9;</lolz>`;
    expect(error(() => fromXml(laughs)).message).toMatch(/^XML 1:38: an entity declaration/);
  });

  test('bytes: invalid UTF-8 and UTF-16 are refused with the byte offset', () => {
    const bad = error(() => fromXml(new Uint8Array([...utf8('<a>\né'), 0xff, ...utf8('</a>')])));
    expect([bad.code, bad.offset]).toEqual(['bad-xml', 6]);
    expect(bad.message).toMatch(/^XML 2:2: bytes that are not UTF-8/);
    expect(error(() => fromXml(new Uint8Array([0xff, 0xfe, 0x3c, 0x00]))).message).toMatch(/UTF-16/);
    expect(error(() => fromXml(new Uint8Array([0x3c, 0x61, 0xc3]))).code).toBe('bad-xml');
  });

  test('a byte offset counts the bytes of the characters before it (and a BOM)', () => {
    const e = error(() => fromXml(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('<a>é😀</b>')])));
    expect(e.message).toMatch(/^XML 1:7: /);
    expect(e.offset).toBe(3 + 3 + 2 + 4);
  });

  test('not a string or bytes: a WbxmlError, not a TypeError', () => {
    for (const v of [42, null, undefined, {}, ['<a/>']]) expect(error(() => fromXml(v as never)).code).toBe('bad-xml');
  });
});

describe('limits and hostile input', () => {
  test('nesting: the depth limit (no recursion: a million levels is just a limit error)', () => {
    const deep = (n: number) => '<a>'.repeat(n) + '</a>'.repeat(n);
    expect(error(() => fromXml(deep(257))).code).toBe('limit');
    expect(fromXml(deep(256)).doc.name).toBe('a');
    expect(error(() => fromXml(deep(1_000_000), { maxDocumentSize: 1 << 30 })).message).toMatch(/maxDepth \(256\)/);
    // With the limit raised, deep documents are read without overflowing the call stack.
    let d: CspElement = fromXml(deep(100_000), { maxDepth: 100_000 }).doc;
    let depth = 1;
    while (d.children.length > 0) {
      d = d.children[0] as CspElement;
      depth++;
    }
    expect(depth).toBe(100_000);
  });

  test('elements, string length and document size limits, each a limit error with line:column', () => {
    const many = `<a>${'<b/>'.repeat(1000)}</a>`;
    expect(fromXml(many, { maxElements: 1001 }).doc.children).toHaveLength(1000);
    expect(error(() => fromXml(many, { maxElements: 1000 })).message).toMatch(/^XML 1:4000: more elements than maxElements \(1000\)/);
    expect(error(() => fromXml('<a>abcdef</a>', { maxStringLength: 5 })).code).toBe('limit');
    expect(error(() => fromXml('<a>ab&amp;cd<!-- -->ef</a>', { maxStringLength: 5 })).code).toBe('limit');
    expect(error(() => fromXml('<a v="abcdef"/>', { maxStringLength: 5 })).code).toBe('limit');
    expect(fromXml('<a v="abcde">abcde</a>', { maxStringLength: 5 }).doc.children).toEqual(['abcde']);
    expect(error(() => fromXml('<a>x</a>', { maxDocumentSize: 7 })).code).toBe('limit');
    expect(error(() => fromXml(utf8('<a>é</a>'), { maxDocumentSize: 8 })).offset).toBe(0);
  });

  test('50,000 attributes on one element are read (linear time), and a repeated one is found', () => {
    const names = Array.from({ length: 50_000 }, (_, i) => `a${i}`);
    const text = `<e ${names.map((n) => `${n}="${n}"`).join(' ')}/>`;
    expect(Object.keys(fromXml(text).doc.attributes)).toHaveLength(50_000);
    expect(error(() => fromXml(text.replace('/>', ' a49999="again"/>'))).message).toMatch(/attribute a49999 appears twice/);
  });

  test('unterminated constructs at the end of the input are errors, never hangs', () => {
    for (const text of [
      '<',
      '<a',
      '<a ',
      '<a b',
      '<a b=',
      '<a b="',
      '<a>',
      '<a><',
      '<a></',
      '<a></a',
      '<a>&',
      '<a>&#',
      '<a>&#x',
      '<a><!',
      '<a><!-',
      '<a><![CDATA',
      '<a><?',
      '<!DOCTYPE',
      '<!DOCTYPE a [',
      '<?xml',
      '<?xml version="1.0"',
    ])
      expect(error(() => fromXml(text)).code, text).toBe('bad-xml');
  });
});

describe('UTF-8 bytes are decoded in windows: a token may cross a window edge anywhere', () => {
  // The window is 32 KiB of bytes; a text of the right length puts each construct across its edge.
  // (Text, not a comment: a window ends after the last '>' in the second half of its new bytes when
  // there is one, so that only tokens with no '>' before them for 16 KiB are cut.)
  const constructs = [
    '\r\n',
    'é',
    '😀',
    '中',
    '&amp;',
    '&#x1F600;',
    '<!-- c -->',
    '<![CDATA[x]]>',
    '<b v="1&#10;2"/>',
    '<c></c>',
    '<?pi x?>',
    ']]&gt;',
    ' \n ',
  ];
  const pad = (n: number) => 'x'.repeat(n + 7);
  test.each(constructs)('%j at every offset around the edge', (construct) => {
    for (let shift = -12; shift <= 12; shift++) {
      const text = `<r>${pad(32 * 1024 - 3 - 7 + shift)}${construct}z${'y'.repeat(40_000)}</r>`;
      expect(doc(utf8(text)), `shift ${shift}`).toEqual(doc(text));
    }
  });

  test('a token longer than a window (a 100 KB attribute value, text, comment, CDATA) is read whole', () => {
    const big = 'é'.repeat(50_000) + 'x'.repeat(50_000);
    for (const text of [`<a v="${big}"/>`, `<a>${big}</a>`, `<a><!--${big}--></a>`, `<a><![CDATA[${big}]]></a>`])
      expect(doc(utf8(text))).toEqual(doc(text));
  });

  test('an error far into the bytes: its line:column and byte offset', () => {
    const text = `<r>\n${'é'.repeat(50_000)}\n<b></r>`;
    const e = error(() => fromXml(utf8(text)));
    expect(e.message).toMatch(/^XML 3:4: the end tag <\/r> does not match the start tag <b> \(opened at 3:1\)/);
    expect(e.offset).toBe(4 + 100_000 + 1 + 3);
  });

  test('invalid UTF-8 past the first window: its byte offset', () => {
    const bytes = utf8(`<r>${'x'.repeat(70_000)}</r>`);
    bytes[50_000] = 0xc3;
    const e = error(() => fromXml(bytes));
    expect([e.code, e.offset]).toEqual(['bad-xml', 50_000]);
  });
});
