/**
 * The resource model through the public API: every limit is a `limit` WbxmlError at the byte (or
 * element path) where it is reached, string-table references are charged every time, options are
 * checked (`bad-option`), and the shapes that used to crash or stall the process end in a typed
 * error. (What each call allocates is measured by the fuzzer: test/fuzz, bench/fuzz-lib.ts.)
 */
import { describe, expect, test } from 'vitest';
import {
  DEFAULT_LIMITS,
  decode,
  decodeToXml,
  encode,
  encodeXml,
  fromHex,
  fromXml,
  registry,
  toXml,
  type CspElement,
  expectWbxmlError as error,
  el,
} from '../support/codec.js';

/** mb_u_int32 */
function mb(v: number): number[] {
  const out = [v & 0x7f];
  for (v = Math.floor(v / 128); v > 0; v = Math.floor(v / 128)) out.unshift((v & 0x7f) | 0x80);
  return out;
}

/** A CSP 1.2 document: header, string table, body. */
function doc(table: readonly number[], body: readonly number[]): Uint8Array {
  return new Uint8Array([0x03, 0x11, 0x6a, ...mb(table.length), ...table, ...body]);
}

const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));
const DESCRIPTION = 0x52; // Description, with content
const SESSION = 0x6d; // Session, with content
const EMPTY_SESSION = 0x2d; // Session, no content

/** `<Description>` holding `refs` STR_T references to index 0 of `table`. */
function references(table: number[], refs: number): Uint8Array {
  const body = [DESCRIPTION];
  for (let i = 0; i < refs; i++) body.push(0x83, 0x00);
  body.push(0x01);
  return doc(table, body);
}

describe('string-table references: each one counts against the text budget', () => {
  test('the 45 KB bomb of the issue (a 32 KB entry referenced 5,000 times) is a limit error at once, both ways', () => {
    const table = [...new Array<number>(32 * 1024).fill(0x41), 0x00];
    const bomb = references(table, 5000);
    const budget = DEFAULT_LIMITS.maxTextExpansion * bomb.length + 64 * 1024;
    // the text budget is reached at the reference that passes it: 749,968 bytes allow 22 references of 32 KB
    const first = Math.floor(budget / (32 * 1024)) + 1;
    const at = 3 + 3 + table.length + 1 + (first - 1) * 2; // header (3), table length (3), table, Description, earlier refs
    for (const f of [() => decode(bomb), () => decodeToXml(bomb, registry)]) {
      const e = error(f);
      expect([e.code, e.offset]).toEqual(['limit', at]);
      expect(e.message).toMatch(
        /bytes of text: 65536 \+ maxTextExpansion \(16\) per input byte \(string-table references count every time\)/,
      );
    }
  });

  test('maxTextBytes: a budget met exactly decodes, one byte more is refused at the reference', () => {
    const table = [...ascii('hello'), 0x00];
    expect(decode(references(table, 20), { maxTextBytes: 100 }).doc.children).toEqual(['hello'.repeat(20)]);
    const e = error(() => decode(references(table, 21), { maxTextBytes: 100 }));
    expect([e.code, e.offset]).toEqual(['limit', 3 + 1 + 6 + 1 + 20 * 2]);
    expect(e.message).toMatch(/more than maxTextBytes \(100\)/);
  });

  test('maxTextExpansion: the budget is per input byte, string-table references included', () => {
    const table = [...ascii('x'.repeat(1000)), 0x00];
    const bytes = references(table, 100); // 1,208 bytes that decode to 100,000: more than 16 × 1,208 + 65,536
    expect(bytes).toHaveLength(1208);
    expect(error(() => decode(bytes)).code).toBe('limit');
    expect(decode(bytes, { maxTextExpansion: 30 }).doc.children[0]).toHaveLength(100_000);
    expect(decode(references(table, 60)).doc.children[0]).toHaveLength(60_000); // 808 bytes: within 16 × 808 + 65,536
  });

  test('inline strings, value tokens, entities, OPAQUE, attribute values and literal names count too', () => {
    const cases: [string, Uint8Array][] = [
      ['STR_I', doc([], [DESCRIPTION, 0x03, ...ascii('abcdefghijk'), 0x00, 0x01])],
      ['EXT_T_0', doc([], [DESCRIPTION, 0x80, 0x11, 0x80, 0x11, 0x80, 0x11, 0x01])], // Inband ×3
      ['ENTITY', doc([], [DESCRIPTION, ...Array.from({ length: 11 }, () => [0x02, 0x61]).flat(), 0x01])],
      ['OPAQUE', doc([], [0x4d, 0xc3, 0x0b, ...new Array<number>(11).fill(0x41), 0x01])],
      ['attribute value', doc([], [0xc9, 0x05, 0x03, ...ascii('abc'), 0x00, 0x01, 0x01])], // xmlns prefix + "abc"
      ['literal name', doc([...ascii('LongLiteralName'), 0x00], [0x04, 0x00])],
    ];
    for (const [what, bytes] of cases) {
      expect(() => decode(bytes), what).not.toThrow();
      expect(error(() => decode(bytes, { maxTextBytes: 10 })).code, what).toBe('limit');
    }
  });

  test('a reference into the middle of a string is the text from there (WBXML allows it; libwbxml reads it)', () => {
    const bytes = doc([...ascii('hello'), 0x00, ...ascii('ab')], [DESCRIPTION, 0x83, 0x02, 0x01]);
    expect(decode(bytes).doc.children).toEqual(['llo']);
    expect(decodeToXml(bytes, registry, { declaration: false }).xml).toBe('<Description>llo</Description>');
  });

  test('a reference into the middle of a UTF-8 sequence is bad-text at that byte', () => {
    const table = [0x61, 0xc3, 0xa9, 0x00]; // "aé"
    const e = error(() => decode(doc(table, [DESCRIPTION, 0x83, 0x02, 0x01])));
    expect([e.code, e.offset]).toEqual(['bad-text', 3 + 1 + 2]); // the table starts at byte 4
  });
});

describe('limits: a limit error at the byte or element where it is reached', () => {
  test('maxElements: decode, decodeToXml, encode and toXml count every element', () => {
    const body = [SESSION, ...new Array<number>(9).fill(EMPTY_SESSION), 0x01]; // 10 elements
    const bytes = doc([], body);
    expect(decode(bytes, { maxElements: 10 }).doc.children).toHaveLength(9);
    for (const f of [() => decode(bytes, { maxElements: 9 }), () => decodeToXml(bytes, registry, { maxElements: 9 })]) {
      const e = error(f);
      expect([e.code, e.offset]).toEqual(['limit', 4 + 9]); // the 10th element's tag
    }
    const tree = decode(bytes).doc;
    expect(error(() => encode(tree, { version: '1.2', maxElements: 9 })).code).toBe('limit');
    expect(error(() => toXml(tree, { maxElements: 9 })).code).toBe('limit');
    expect(toXml(tree, { maxElements: 10, indent: '' })).toContain('<Session/>');
  });

  test('a tree that shares one subtree is counted (and would be written) once per place: no exponential blow-up', () => {
    let shared: CspElement = el('Session');
    for (let i = 0; i < 40; i++) shared = el('Session', [shared, shared]); // 2^41 - 1 elements as written
    const root = el('WV-CSP-Message', [shared], { xmlns: 'http://www.openmobilealliance.org/DTD/WV-CSP1.2' });
    expect(error(() => encode(root, { maxElements: 10_000 })).message).toMatch(/more than maxElements \(10000\)/);
    expect(error(() => toXml(root, { maxElements: 10_000 })).message).toMatch(/more than maxElements \(10000\)/);
  });

  test('maxStringTableSize: at the string table length', () => {
    const bytes = doc([...ascii('abcdefghij'), 0x00], [DESCRIPTION, 0x83, 0x00, 0x01]);
    expect(decode(bytes, { maxStringTableSize: 11 }).doc.children).toEqual(['abcdefghij']);
    const e = error(() => decode(bytes, { maxStringTableSize: 10 }));
    expect([e.code, e.offset]).toEqual(['limit', 3]);
  });

  test('maxDocumentSize: 16 MiB by default, for decoding and encoding', () => {
    expect(DEFAULT_LIMITS.maxDocumentSize).toBe(16 * 1024 * 1024);
    const big = new Uint8Array(DEFAULT_LIMITS.maxDocumentSize + 1);
    expect([error(() => decode(big)).code, error(() => decode(big)).offset]).toEqual(['limit', 0]);
    const text = 'x'.repeat(1000);
    const tree = el('WV-CSP-Message', [el('Description', [text])]);
    const e = error(() => encode(tree, { version: '1.2', maxDocumentSize: 500 }));
    expect(e.code).toBe('limit');
    expect(e.path).toBe('/'); // found when the document is put together; a buffer outgrowing the limit names the element
  });

  test('maxDepth counts every element, content or not', () => {
    const bytes = doc([], [SESSION, SESSION, EMPTY_SESSION, 0x01, 0x01]); // depth 3
    expect(decode(bytes, { maxDepth: 3 }).doc.name).toBe('Session');
    expect([error(() => decode(bytes, { maxDepth: 2 })).code, error(() => decode(bytes, { maxDepth: 2 })).offset]).toEqual(['limit', 6]);
  });

  test('maxTextBytes bounds what encode and toXml write (a shared big text counts each time)', () => {
    const text = 'x'.repeat(1000);
    const tree = el('WV-CSP-Message', [el('Description', [text]), el('Description', [text])]);
    expect(() => toXml(tree, { maxTextBytes: 2000 })).not.toThrow();
    expect(error(() => toXml(tree, { maxTextBytes: 1999 })).path).toBe('/WV-CSP-Message/Description');
    expect(error(() => encode(tree, { version: '1.2', maxTextBytes: 1999 })).code).toBe('limit');
  });

  test('the default limits', () => {
    expect(DEFAULT_LIMITS).toEqual({
      maxDocumentSize: 16 * 1024 * 1024,
      maxDepth: 256,
      maxElements: 1_000_000,
      maxStringLength: 16 * 1024 * 1024,
      maxStringTableSize: 1024 * 1024,
      maxTextBytes: 32 * 1024 * 1024,
      maxTextExpansion: 16,
    });
    expect(Object.isFrozen(DEFAULT_LIMITS)).toBe(true);
  });
});

describe('options are checked: a bad-option WbxmlError, never silently a default', () => {
  const bytes = fromHex('03 11 6a 00 49 01');
  const tree = el('WV-CSP-Message', [], { xmlns: 'http://www.openmobilealliance.org/DTD/WV-CSP1.2' });
  const calls: [string, (o: object) => unknown][] = [
    ['decode', (o) => decode(bytes, o)],
    ['decodeToXml', (o) => decodeToXml(bytes, registry, o)],
    ['encode', (o) => encode(tree, o)],
    ['toXml', (o) => toXml(tree, o)],
    ['fromXml', (o) => fromXml('<a/>', o)],
    ['encodeXml', (o) => encodeXml('<WV-CSP-Message xmlns="http://www.openmobilealliance.org/DTD/WV-CSP1.2"/>', registry, o)],
  ];
  test.each(calls)('%s: every limit must be an integer ≥ 0 (or Infinity)', (_name, call) => {
    for (const name of Object.keys(DEFAULT_LIMITS)) {
      for (const v of [Number.NaN, -1, '5', null, true]) {
        const e = error(() => call({ [name]: v }));
        expect(e.code, `${name}: ${String(v)}`).toBe('bad-option');
        expect(e.message).toContain(`option ${name} is`);
      }
      if (name !== 'maxTextExpansion') expect(error(() => call({ [name]: 1.5 })).code).toBe('bad-option');
      expect(() => call({ [name]: Number.POSITIVE_INFINITY })).not.toThrow();
    }
  });

  test('the other options', () => {
    expect(error(() => decode(bytes, 5 as never)).code).toBe('bad-option');
    expect(error(() => decode(bytes, { version: 12 } as never)).code).toBe('bad-option');
    expect(error(() => decode('03 11' as never)).code).toBe('bad-option');
    expect(error(() => encode(tree, { publicId: 'txt' } as never)).code).toBe('bad-option');
    expect(error(() => encode(tree, { valueTokensFrom: {} } as never)).code).toBe('bad-option');
    expect(error(() => encode(tree, { version: 1.2 } as never)).code).toBe('bad-option');
    expect(error(() => toXml(tree, { indent: 'x' })).code).toBe('bad-option');
    expect(error(() => toXml(tree, { indent: 2 } as never)).code).toBe('bad-option');
    expect(error(() => toXml(tree, { declaration: 'yes' } as never)).code).toBe('bad-option');
    expect(error(() => toXml(tree, { doctypePublicId: 'a" SYSTEM "x' })).code).toBe('bad-option');
    expect(error(() => decodeToXml(bytes, registry, { declaration: 1 } as never)).code).toBe('bad-option');
    expect(toXml(tree, { indent: '\t', doctypePublicId: '-//OMA//DTD WV-CSP 1.2//EN' })).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE WV-CSP-Message PUBLIC "-//OMA//DTD WV-CSP 1.2//EN" "">\n' +
        '<WV-CSP-Message xmlns="http://www.openmobilealliance.org/DTD/WV-CSP1.2"/>\n',
    );
  });
});
