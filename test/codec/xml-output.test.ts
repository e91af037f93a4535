/**
 * XML text out (`toXml`, `decodeToXml`): never a lost or moved byte whatever the state of the
 * writer's buffer, the same text from both for the same content, well-formed XML only (a character
 * XML 1.0 forbids is refused, never written), and every failure of a hand-built tree a WbxmlError
 * with its element path — no recursion, no TypeError, no RangeError.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { builtCli } from '../support/bin.js';
import { ROOT } from '../support/cli.js';
import {
  decode,
  decodeToXml,
  decodeWith,
  encode,
  fromHex,
  fromXml,
  registry,
  toXml,
  type CspElement,
  type DecodeSink,
  expectWbxmlError as error,
  el,
} from '../support/codec.js';

const utf8 = (s: string): number[] => [...new TextEncoder().encode(s)];
/** A CSP 1.2 document without a string table. */
const doc = (...body: number[]): Uint8Array => new Uint8Array([0x03, 0x11, 0x6a, 0x00, ...body]);
const DESCRIPTION = 0x52;

describe('no byte lost or moved when the writer grows its buffer', () => {
  // In a fresh process the writer's buffer is 64 KB. "&" then 21,827 "A" in a text (or "&" then
  // 21,825 "A" in an attribute value) fill it to the last two bytes before the escape asks for
  // more: the writer went on writing into the old buffer, and the XML text had NUL bytes instead
  // of the A's. Each case runs in a new process (a decode warms the buffer for the next), on the
  // compiled engine and the shipped spec's tables (the build the CLI tests use).
  const cases: [string, string, number][] = [
    ['a text', '[3, 0x11, 0x6a, 0, 0x52, 3, ...text, 0, 1]', 21_827],
    ['an attribute value', '[3, 0x11, 0x6a, 2, 0x76, 0, 0xc9, 4, 0, 3, ...text, 0, 1, 1]', 21_825],
  ];
  test.each(cases)('"&" and %s of many "A", decoded in a fresh process', (_what, bytes, n) => {
    const built = dirname(dirname(builtCli()));
    const api = pathToFileURL(join(built, 'generator/api.js')).href;
    const runtime = pathToFileURL(join(built, 'generator/runtime/index.js')).href;
    const script = `
      const { loadCodec } = await import(${JSON.stringify(api)});
      const { decode, registry } = await loadCodec({ cwd: ${JSON.stringify(ROOT)} });
      const { decodeToXml, toXml } = await import(${JSON.stringify(runtime)});
      const text = new TextEncoder().encode('&' + 'A'.repeat(${n}));
      const b = new Uint8Array(${bytes});
      const { xml } = decodeToXml(b, registry);
      process.stdout.write(JSON.stringify({ xml, tree: toXml(decode(b).doc, { indent: '' }) }));
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 1 << 24 });
    expect(r.stderr).toBe('');
    const { xml, tree } = JSON.parse(r.stdout) as { xml: string; tree: string };
    expect(xml).not.toContain('\u0000');
    expect(xml).toContain(`&amp;${'A'.repeat(n)}${bytes.includes('0xc9') ? '"' : '<'}`);
    expect(xml).toBe(tree);
  });

  test('in this process too, for texts that cross a buffer size with escapes and every kind of character', () => {
    const pieces = ['A', '&', '<', 'é', '日', '🚀', '"', '\r', '\t'];
    for (let n = 1; n < 140_000; n = Math.ceil(n * 1.37)) {
      let text = '';
      for (let i = 0; text.length < n; i++) text += pieces[(i * 7) % pieces.length]!.repeat(1 + (i % 5));
      const t = new TextEncoder().encode(text);
      const bytes = new Uint8Array([...doc(DESCRIPTION, 0x03), ...new Array<number>(t.length), 0x00, 0x01]);
      bytes.set(t, 6);
      const xml = decodeToXml(bytes, registry, { declaration: false }).xml;
      expect(xml).toBe(`<Description>${text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('\r', '&#xD;')}</Description>`);
      expect(fromXml(xml).doc.children).toEqual([text]);
      const attr = toXml(el('a', [], { v: text }), { declaration: false });
      expect(fromXml(attr).doc.attributes['v']).toBe(text);
    }
  });
});

describe('decodeToXml writes what toXml writes for the same content', () => {
  test.each([
    ['an empty OPAQUE element', [0x4d, 0xc3, 0x00, 0x01], '<ContentData/>'],
    ['an empty inline string', [DESCRIPTION, 0x03, 0x00, 0x01], '<Description/>'],
    ['an element with content but none given', [DESCRIPTION, 0x01], '<Description/>'],
    ['OPAQUE bytes that are not text', [0x4d, 0xc3, 0x02, 0x01, 0xff, 0x01], '<ContentData>Af8=</ContentData>'],
    ['OPAQUE text', [0x4d, 0xc3, 0x02, 0x61, 0x26, 0x01], '<ContentData>a&amp;</ContentData>'],
    ['CR, tab and LF', [DESCRIPTION, 0x03, 0x0d, 0x09, 0x0a, 0x00, 0x01], '<Description>&#xD;\t\n</Description>'],
    [
      'a whole content of printable ASCII with what XML escapes',
      [DESCRIPTION, 0x03, ...utf8('a&b<c>d'), 0x00, 0x01],
      '<Description>a&amp;b&lt;c&gt;d</Description>',
    ],
    // printable ASCII (DEL too) takes the decoder's fast path: 12 bytes (built up), 13 (TextDecoder), then one with a tab
    [
      'printable ASCII texts around the fast path',
      [DESCRIPTION, 0x03, ...utf8('abcdefghij\x7f&'), 0x00, 0x03, ...utf8('<bcdefghijk\x7f>'), 0x00, 0x03, ...utf8('a\tb'), 0x00, 0x01],
      '<Description>abcdefghij\x7f&amp;&lt;bcdefghijk\x7f&gt;a\tb</Description>',
    ],
  ])('%s', (_what, body, xml) => {
    const bytes = doc(...body);
    expect(decodeToXml(bytes, registry, { declaration: false }).xml).toBe(xml);
    expect(toXml(decode(bytes).doc, { declaration: false, indent: '' })).toBe(xml);
    expect(toXml(decode(bytes).doc, { declaration: false })).toBe(`${xml}\n`);
  });

  test('OPAQUE bytes that are not text are base64, whatever their length (checked against Node)', () => {
    for (const n of [1, 2, 3, 4, 5, 100, 49_151, 49_152, 49_153, 200_000]) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 131 + 7) & 0xff);
      b[0] = 0xff; // not UTF-8
      const expected = `<ContentData>${Buffer.from(b).toString('base64')}</ContentData>`;
      expect(toXml(el('ContentData', [b]), { declaration: false, indent: '' })).toBe(expected);
      const head = [0x4d, 0xc3, ...[n >> 14 ? 0x80 | (n >> 14) : -1, 0x80 | ((n >> 7) & 0x7f), n & 0x7f].filter((x) => x >= 0)];
      const bytes = new Uint8Array([...doc(...head), ...new Array<number>(n), 0x01]);
      bytes.set(b, 4 + head.length);
      expect(decodeToXml(bytes, registry, { declaration: false }).xml).toBe(expected);
    }
  });

  test('an attribute value keeps its tab, LF and CR as references', () => {
    expect(toXml(el('a', [], { v: 'x\ty\nz\r"<&>' }), { declaration: false })).toBe('<a v="x&#x9;y&#xA;z&#xD;&quot;&lt;&amp;&gt;"/>\n');
    expect(fromXml('<a v="x&#x9;y&#xA;z&#xD;&quot;&lt;&amp;&gt;"/>').doc.attributes['v']).toBe('x\ty\nz\r"<&>');
  });
});

describe('only well-formed XML: characters XML 1.0 forbids are refused, never written', () => {
  test.each([
    ['U+0001 in an inline string', doc(DESCRIPTION, 0x03, 0x61, 0x01, 0x00, 0x01), 'bad-text', 7],
    ['U+001F in a long inline string', doc(DESCRIPTION, 0x03, ...utf8('abcdefghijklmnop'), 0x1f, 0x00, 0x01), 'bad-text', 22],
    ['U+FFFE', doc(DESCRIPTION, 0x03, 0x61, 0xef, 0xbf, 0xbe, 0x00, 0x01), 'bad-text', 7],
    ['U+FFFF after astral text', doc(DESCRIPTION, 0x03, ...utf8('🚀🚀🚀🚀'), 0xef, 0xbf, 0xbf, 0x00, 0x01), 'bad-text', 22],
    [
      'U+000B in a string-table entry',
      new Uint8Array([0x03, 0x11, 0x6a, 0x03, 0x61, 0x0b, 0x00, DESCRIPTION, 0x83, 0x00, 0x01]),
      'bad-text',
      5,
    ],
    ['U+0001 in an attribute value', doc(0xc9, 0x05, 0x03, 0x01, 0x00, 0x01, 0x01), 'bad-text', 7],
    ['ENTITY U+0000', doc(DESCRIPTION, 0x02, 0x00, 0x01), 'bad-entity', 5],
    ['ENTITY U+0008', doc(DESCRIPTION, 0x02, 0x08, 0x01), 'bad-entity', 5],
    ['ENTITY U+FFFE', doc(DESCRIPTION, 0x02, 0x83, 0xff, 0x7e, 0x01), 'bad-entity', 5],
    ['ENTITY U+DC00', doc(DESCRIPTION, 0x02, 0x83, 0xb8, 0x00, 0x01), 'bad-entity', 5],
  ])('decoding %s: refused at its byte, both ways', (_what, bytes, code, offset) => {
    for (const f of [() => decode(bytes), () => decodeToXml(bytes, registry)]) {
      const e = error(f);
      expect([e.code, e.offset]).toEqual([code, offset]);
    }
  });

  test('tab, LF, CR and every other character XML allows decode (ENTITY included)', () => {
    const text = '\t\n\r \u00a0\ud7ff\ue000\ufffd\u{10000}\u{10ffff}';
    expect(decode(doc(DESCRIPTION, 0x03, ...utf8(text), 0x00, 0x01)).doc.children).toEqual([text]);
    expect(decode(doc(DESCRIPTION, 0x02, 0x09, 0x02, 0x83, 0xff, 0x7d, 0x01)).doc.children).toEqual(['\t\ufffd']);
  });

  test.each([
    ['U+0001', 'a\u0001'],
    ['U+001F', '\u001f'],
    ['U+FFFE', '\ufffe'],
    ['U+FFFF', 'x\uffff'],
    ['a lone high surrogate', 'a\ud800b'],
    ['a lone low surrogate', '\udc00'],
    ['U+0000', 'a\u0000b'],
  ])('encode and toXml refuse %s with the element path, in text and in attribute values', (_what, text) => {
    const inText = el('WV-CSP-Message', [el('Description', [text])]);
    const inAttribute = el('WV-CSP-Message', [el('Description', [], { lang: text })]);
    for (const tree of [inText, inAttribute]) {
      for (const f of [() => encode(tree, { version: '1.2' }), () => toXml(tree)]) {
        const e = error(f);
        expect([e.code, e.path]).toEqual(['bad-text', '/WV-CSP-Message/Description']);
      }
    }
  });

  test('a non-ASCII name (all of it, or after ASCII letters) is closed with the same UTF-8 it was opened with', () => {
    for (const name of ['é', 'abé', 'a日本']) {
      const tree = el(name, ['x', el(`${name}2`, ['y'])]);
      const text = `<${name}>x<${name}2>y</${name}2></${name}>`;
      expect(toXml(tree, { indent: '', declaration: false })).toBe(text);
      expect(toXml(tree, { indent: '', declaration: false, output: 'bytes' })).toEqual(new TextEncoder().encode(text));
    }
  });

  test('names that are not XML names are refused by toXml (bad-name), also in the DOCTYPE', () => {
    expect(error(() => toXml(el('a b'))).code).toBe('bad-name');
    expect(error(() => toXml(el('a', [], { '1x': 'v' }))).path).toBe('/a');
    expect(error(() => toXml(el('<a>'), { doctypePublicId: 'x' })).code).toBe('bad-name');
  });
});

describe('a hand-built tree: every failure a WbxmlError with the element path, no recursion', () => {
  test.each([
    ['{}', {}, 'bad-structure'],
    ['null', null, 'bad-structure'],
    ['a name that is not a string', { name: 5, attributes: {}, children: [] }, 'bad-structure'],
    ['no children array', { name: 'a', attributes: {} }, 'bad-structure'],
    ['attributes that are not an object', { name: 'a', attributes: 'x', children: [] }, 'bad-structure'],
    ['a child that is a number', { name: 'a', attributes: {}, children: [5] }, 'bad-structure'],
    ['a child that is null', { name: 'a', attributes: {}, children: [null] }, 'bad-structure'],
    ['a non-string attribute value', { name: 'a', attributes: { v: 5 }, children: [] }, 'bad-value'],
  ])('%s', (_what, tree, code) => {
    for (const f of [() => toXml(tree as never), () => encode(tree as never, { version: '1.2' })]) expect(error(f).code).toBe(code);
  });

  test('a cyclic tree is bad-structure, for toXml and encode', () => {
    const a = { name: 'Session', attributes: {}, children: [] as CspElement[] };
    const b = { name: 'Session', attributes: {}, children: [a] };
    a.children.push(b);
    for (const f of [() => toXml(a), () => encode(a, { version: '1.2' }), () => toXml(a, { maxDepth: Number.POSITIVE_INFINITY })]) {
      const e = error(f);
      expect(e.code).toBe('bad-structure');
      expect(e.message).toMatch(/cyclic/);
      expect(e.path!.length).toBeLessThan(300); // a deep path is shortened in the message
    }
  });

  test('100,000 levels: toXml and encode walk with an explicit stack (they recursed to a RangeError near 20,000); the default maxDepth refuses them', () => {
    let deep: CspElement = el('Session');
    for (let i = 0; i < 100_000; i++) deep = el('Session', [deep]);
    const xml = toXml(deep, { maxDepth: 200_000, indent: '', declaration: false });
    expect(xml).toHaveLength('<Session>'.length * 100_000 + '<Session/>'.length + '</Session>'.length * 100_000);
    const bytes = encode(deep, { version: '1.2', maxDepth: 200_000 });
    expect(bytes).toHaveLength(4 + 100_001 * 2);
    expect(decode(bytes, { maxDepth: 200_000 }).doc.name).toBe('Session');
    expect(error(() => toXml(deep)).code).toBe('limit');
    expect(error(() => encode(deep, { version: '1.2' })).code).toBe('limit');
  });

  test('indentation only between the children of an element that has only elements', () => {
    const tree = el('a', [el('b', ['t']), el('c', [el('d')]), el('e', ['x', el('f')])]);
    expect(toXml(tree, { declaration: false })).toBe('<a>\n  <b>t</b>\n  <c>\n    <d/>\n  </c>\n  <e>x<f/></e>\n</a>\n');
    expect(fromXml(toXml(tree)).doc).toEqual(tree);
  });

  test('decoded trees are read-only: shared frozen empty children and attributes', () => {
    const d = decode(fromHex('03 11 6a 00 49 2d 2d 01')).doc;
    const [a, b] = d.children as CspElement[];
    expect(a!.children).toBe(b!.children);
    expect(Object.isFrozen(a!.children)).toBe(true);
    expect(Object.isFrozen(a!.attributes)).toBe(true);
  });
});

describe('a sink that takes printable ASCII as bytes (DecodeSink.asciiText)', () => {
  /** Records what the decoder hands a sink, asciiText included (as its text). */
  function calls(bytes: Uint8Array, withAscii: boolean): string[] {
    const seen: string[] = [];
    const sink: DecodeSink<string[]> = {
      start: (name) => seen.push(`<${name}>`),
      text: (text) => seen.push(`text ${text}`),
      bytes: () => seen.push('bytes'),
      end: () => seen.push('end'),
      result: () => seen,
      ...(withAscii
        ? {
            asciiText: (b: Uint8Array, start: number, end: number) =>
              seen.push(`ascii ${Buffer.from(b.subarray(start, end)).toString('latin1')}`),
          }
        : {}),
    };
    return decodeWith(bytes, registry, sink).result;
  }

  test('gets the whole content of an element when it is one inline string of printable ASCII; every other text comes as text', () => {
    // <Description>a&b</Description>, then "x" + ENTITY é, then a non-ASCII inline string, then an empty one
    const bytes = doc(
      0x49, // <WV-CSP-Message> (token 0x09, with content)
      DESCRIPTION,
      0x03,
      ...utf8('a&b'),
      0x00,
      0x01,
      DESCRIPTION,
      0x03,
      ...utf8('x'),
      0x00,
      0x02,
      0x81,
      0x69,
      0x01,
      DESCRIPTION,
      0x03,
      ...utf8('é'),
      0x00,
      0x01,
      DESCRIPTION,
      0x03,
      0x00,
      0x01,
      0x01,
    );
    expect(calls(bytes, true)).toEqual([
      '<WV-CSP-Message>',
      '<Description>',
      'ascii a&b',
      'end',
      '<Description>',
      'text xé',
      'end',
      '<Description>',
      'text é',
      'end',
      '<Description>',
      'end',
      'end',
    ]);
    // without the method, the same text arrives as text
    expect(calls(bytes, false)).toEqual([
      '<WV-CSP-Message>',
      '<Description>',
      'text a&b',
      'end',
      '<Description>',
      'text xé',
      'end',
      '<Description>',
      'text é',
      'end',
      '<Description>',
      'end',
      'end',
    ]);
    expect(decodeToXml(bytes, registry, { declaration: false }).xml).toBe(toXml(decode(bytes).doc, { declaration: false, indent: '' }));
  });
});
