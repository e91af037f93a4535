/**
 * The `into` option of the four conversions that return bytes (`encode`, `encodeXml`, `toXml` and
 * `decodeToXml` with `output: 'bytes'`): the result is written into the caller's array when it fits
 * and returned as a view of it — the same bytes as without the option, for every message of the
 * shared corpora and every version — and a fresh array when it does not fit; a wrong `into` is a
 * `bad-option` error.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  AOSP,
  decode,
  decodeToXml,
  el,
  encode,
  encodeXml,
  expectWbxmlError,
  fromXml,
  hex,
  libwbxmlMessages,
  randMessages,
  registry,
  toXml,
  type CspElement,
  type ToXmlOptions,
} from '../support/codec.js';

const VERSIONS = ['1.1', '1.2', '1.3'] as const;

/** Every XML message of the shared vectors: libwbxml's 116, interVillage's captures, AOSP's encoder inputs. */
const CORPUS: [string, string][] = [
  ...libwbxmlMessages(),
  ...randMessages().map((x, i): [string, string] => [`rand.xml #${i + 1}`, x]),
  ...readdirSync(AOSP)
    .filter((f) => f.endsWith('_xml.xml'))
    .sort()
    .map((f): [string, string] => [f, readFileSync(join(AOSP, f), 'utf8')]),
];

/** The result bytes as hex, or the error code: what a conversion gives, compared with and without `into`. */
function outcome(f: () => Uint8Array): string {
  try {
    return hex(f());
  } catch (e) {
    return `error ${(e as { code?: string }).code}`;
  }
}

/**
 * A scratch array at byte 8 of a larger buffer, with guard bytes on both sides: the view must start
 * at its offset, and nothing outside it may be written.
 */
function scratch(length: number): { into: Uint8Array; guards: () => boolean } {
  const whole = new Uint8Array(length + 16).fill(0xee);
  const into = whole.subarray(8, 8 + length);
  return { into, guards: () => whole.subarray(0, 8).every((b) => b === 0xee) && whole.subarray(8 + length).every((b) => b === 0xee) };
}

/** `r` is a view of the first bytes of `into`. */
function expectView(r: Uint8Array, into: Uint8Array): void {
  // (booleans: a failing toBe on two buffers would print megabytes)
  expect(r.buffer === into.buffer, 'a view of into').toBe(true);
  expect(r.byteOffset).toBe(into.byteOffset);
  expect(r.length).toBeLessThanOrEqual(into.length);
}

/** `r` is an array of its own, not a view of `into`. */
function expectFresh(r: Uint8Array, into: Uint8Array): void {
  expect(r.buffer !== into.buffer, 'a fresh array').toBe(true);
}

describe('the same bytes as without into, written into it', () => {
  // One array reused for every call: each result is checked before the next overwrites it.
  const { into, guards } = scratch(1 << 20);

  test.each(CORPUS)('%s: encode, encodeXml, toXml, decodeToXml in every version', (_name, xml) => {
    const tree = fromXml(xml).doc;
    const bytes = new TextEncoder().encode(xml);
    for (const version of VERSIONS) {
      const plain = outcome(() => encode(tree, { version }));
      expect(outcome(() => encode(tree, { version, into }))).toBe(plain);
      if (plain.startsWith('error')) continue;
      expectView(encode(tree, { version, into }), into);
      expectView(encode(tree, { version, publicId: 'text', into }), into);

      const fromText = encodeXml(xml, registry, { version, into }).bytes;
      expectView(fromText, into);
      expect(hex(fromText)).toBe(hex(encodeXml(xml, registry, { version }).bytes));
      const fromBytes = encodeXml(bytes, registry, { version, into }).bytes;
      expectView(fromBytes, into);
      expect(hex(fromBytes)).toBe(plain);

      const wbxml = encode(tree, { version });
      const xmlBytes = decodeToXml(wbxml, registry, { output: 'bytes', into }).xml;
      expectView(xmlBytes, into);
      expect(hex(xmlBytes)).toBe(hex(decodeToXml(wbxml, registry, { output: 'bytes' }).xml));
    }
    for (const options of [{}, { indent: '' }, { indent: '\t', declaration: false, doctypePublicId: '-//OMA//DTD WV-CSP 1.1//EN' }]) {
      const text = toXml(tree, { ...options, output: 'bytes', into });
      expectView(text, into);
      expect(hex(text)).toBe(hex(toXml(tree, { ...options, output: 'bytes' })));
    }
    expect(guards()).toBe(true);
  });
});

/** A resizable ArrayBuffer (ES2024; the tests' lib is ES2022). */
type Resizable = ArrayBuffer & { resize(n: number): void };
const resizable = (n: number): Resizable =>
  new (ArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => Resizable)(n, { maxByteLength: n });

/** A login request (libwbxml's wv-003.xml, CSP 1.1). */
const LOGIN = fromXml(CORPUS.find(([name]) => name === 'wv-003.xml')![1]).doc;

describe('when the result does not fit', () => {
  test('an array one byte too small gives a fresh array with the same bytes; one of exactly the size, a view', () => {
    const wbxml = encode(LOGIN);
    const text = toXml(LOGIN, { output: 'bytes' });
    const conversions: [string, (into: Uint8Array) => Uint8Array, Uint8Array][] = [
      ['encode', (into) => encode(LOGIN, { into }), wbxml],
      ['encodeXml', (into) => encodeXml(text, registry, { into }).bytes, wbxml],
      ['toXml', (into) => toXml(LOGIN, { output: 'bytes', into }), text],
      [
        'decodeToXml',
        (into) => decodeToXml(wbxml, registry, { output: 'bytes', into }).xml,
        decodeToXml(wbxml, registry, { output: 'bytes' }).xml,
      ],
    ];
    for (const [name, convert, expected] of conversions) {
      const small = new Uint8Array(expected.length - 1);
      const fresh = convert(small);
      expectFresh(fresh, small);
      expect(hex(fresh), name).toBe(hex(expected));
      expect(convert(new Uint8Array(0)).buffer.byteLength, name).toBe(expected.length);
      const exact = new Uint8Array(expected.length);
      const view = convert(exact);
      expectView(view, exact);
      expect(view.length, name).toBe(exact.length);
      expect(hex(view), name).toBe(hex(expected));
    }
  });

  test('a string table too big for the room in front of the body (the header written on its own)', () => {
    // Twenty literal names: a string table of a few hundred bytes.
    const names = Array.from({ length: 20 }, (_, i) => `x-unknown-element-${i}`);
    const doc = el(
      'WV-CSP-Message',
      names.map((n) => el(n, ['v'])),
      { xmlns: 'http://www.wireless-village.org/CSP1.1' },
    );
    const plain = encode(doc);
    expect(plain[3]).toBeGreaterThan(0x80); // (the string table length takes two bytes: > 127)
    const into = new Uint8Array(4096);
    const r = encode(doc, { into });
    expectView(r, into);
    expect(hex(r)).toBe(hex(plain));
    const fresh = encode(doc, { into: new Uint8Array(plain.length - 1) });
    expect(hex(fresh)).toBe(hex(plain));
    expect(decode(r).doc).toEqual(decode(plain).doc);
  });

  test('XML text over 4 MB (written in chunks): into when it fits, a fresh array when not', () => {
    const doc = el('WV-CSP-Message', [el('Session', [el('ContentData', ['ab&'.repeat(1_500_000)])])]);
    const plain = toXml(doc, { output: 'bytes' });
    expect(plain.length).toBeGreaterThan(4_194_304 + 1000);
    const into = new Uint8Array(plain.length + 10);
    const r = toXml(doc, { output: 'bytes', into });
    expectView(r, into);
    expect(Buffer.compare(r, plain) === 0).toBe(true);
    const fresh = toXml(doc, { output: 'bytes', into: new Uint8Array(plain.length - 1) });
    expect(fresh.buffer.byteLength).toBe(plain.length);
    expect(Buffer.compare(fresh, plain) === 0).toBe(true);
  });
});

describe('reuse and nesting', () => {
  test('the next conversion into the same array overwrites the last view; a copy keeps it', () => {
    const into = new Uint8Array(1024);
    const a = encode(LOGIN, { into });
    const kept = a.slice();
    const b = toXml(LOGIN, { output: 'bytes', into });
    expect(b.buffer === a.buffer).toBe(true);
    expect(hex(a)).not.toBe(hex(kept)); // (a is a view of into: it now shows the start of the XML text)
    expect(hex(a)).toBe(hex(b.subarray(0, a.length)));
    expect(decode(kept).doc).toEqual(LOGIN);
  });

  test('an encode inside another (a getter of the tree encodes into its own array): both results are right', () => {
    const outer = new Uint8Array(1024);
    const inner = new Uint8Array(1024);
    let innerResult: Uint8Array | undefined;
    const session = el('Session', [el('SessionDescriptor', [el('SessionType', ['Inband'])])]);
    const doc = {
      name: 'WV-CSP-Message',
      attributes: LOGIN.attributes,
      get children(): CspElement[] {
        innerResult = encode(LOGIN, { into: inner });
        toXml(LOGIN, { output: 'bytes', into: inner }); // (writes the XML writer's result over it too)
        innerResult = encode(LOGIN, { into: inner });
        return [session];
      },
    };
    const r = encode(doc, { into: outer });
    expectView(r, outer);
    expectView(innerResult!, inner);
    expect(hex(innerResult!)).toBe(hex(encode(LOGIN)));
    expect(hex(r)).toBe(hex(encode({ name: doc.name, attributes: doc.attributes, children: [session] })));
  });

  test('a toXml inside another into the same array: the outer result is whole (the inner view is overwritten)', () => {
    const into = new Uint8Array(2048);
    let inner: Uint8Array | undefined;
    const doc = {
      name: 'WV-CSP-Message',
      attributes: {},
      get children(): CspElement[] {
        inner = toXml(LOGIN, { output: 'bytes', into });
        return [el('Session')];
      },
    };
    const r = toXml(doc, { output: 'bytes', into });
    expectView(r, into);
    expect(inner!.buffer === into.buffer).toBe(true);
    expect(new TextDecoder().decode(r)).toBe(toXml({ name: 'WV-CSP-Message', attributes: {}, children: [el('Session')] }));
  });

  test('into detached or shrunk by a getter while the tree is read: a fresh array, never a TypeError or lost bytes', () => {
    const detachable = new Uint8Array(1024);
    const shrinkable = new Uint8Array(resizable(1024));
    for (const [into, spoil] of [
      [detachable, () => structuredClone(detachable.buffer, { transfer: [detachable.buffer] })],
      [shrinkable, () => (shrinkable.buffer as Resizable).resize(0)],
    ] as const) {
      let spoiled = false;
      const doc = {
        name: 'WV-CSP-Message',
        attributes: {},
        get children(): CspElement[] {
          if (!spoiled) spoil();
          spoiled = true;
          return LOGIN.children as CspElement[];
        },
      };
      const plain = { name: 'WV-CSP-Message', attributes: {}, children: LOGIN.children };
      expectView(encode(plain, { version: '1.2', into }), into); // (before it is spoiled)
      const r = encode(doc, { version: '1.2', into });
      expectFresh(r, into);
      expect(hex(r)).toBe(hex(encode(plain, { version: '1.2' })));
    }
    const late = new Uint8Array(resizable(2048));
    expectView(toXml(LOGIN, { output: 'bytes', into: late }), late);
    const doc = {
      name: 'WV-CSP-Message',
      attributes: {},
      get children(): CspElement[] {
        (late.buffer as Resizable).resize(10);
        return LOGIN.children as CspElement[];
      },
    };
    const r = toXml(doc, { output: 'bytes', into: late });
    expectFresh(r, late);
    expect(hex(r)).toBe(hex(toXml({ name: 'WV-CSP-Message', attributes: {}, children: LOGIN.children }, { output: 'bytes' })));
  });
});

describe('hostile and wrong arrays', () => {
  test('a subclass of Uint8Array whose methods and getters lie: none is called, the result is a plain view of its memory', () => {
    const calls: string[] = [];
    class Lying extends Uint8Array {}
    const lie = (name: string, value: unknown) => () => {
      calls.push(name);
      return value;
    };
    Object.defineProperty(Lying, Symbol.species, { get: lie('species', Uint8Array) });
    Object.defineProperty(Lying.prototype, 'length', { get: lie('length', 1_000_000) });
    Object.defineProperty(Lying.prototype, 'byteOffset', { get: lie('byteOffset', 3) });
    Object.defineProperty(Lying.prototype, 'buffer', { get: lie('buffer', new ArrayBuffer(8)) });
    Object.defineProperty(Lying.prototype, 'set', { value: lie('set', undefined) });
    Object.defineProperty(Lying.prototype, 'subarray', { value: lie('subarray', new Uint8Array(0)) });
    const into = new Lying(new ArrayBuffer(2048), 16, 1024);
    const r = encode(LOGIN, { into });
    expect(calls).toEqual([]);
    expect(Object.getPrototypeOf(r)).toBe(Uint8Array.prototype);
    const memory = Reflect.apply(Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), 'buffer')!.get!, into, []);
    expect(r.buffer === memory).toBe(true);
    expect(r.byteOffset).toBe(16);
    expect(hex(r)).toBe(hex(encode(LOGIN)));
    // A Buffer (a Uint8Array subclass) is an array like any other.
    const buffer = Buffer.alloc(2048);
    const t = toXml(LOGIN, { output: 'bytes', into: buffer });
    expect(t.buffer === buffer.buffer).toBe(true);
    expect(t.byteOffset).toBe(buffer.byteOffset);
  });

  test('the option is read once (a getter that answers differently the second time)', () => {
    const into = new Uint8Array(1024);
    let reads = 0;
    const options = {
      output: 'bytes' as const,
      get into(): Uint8Array {
        return reads++ === 0 ? into : ([] as unknown as Uint8Array);
      },
    };
    expectView(toXml(LOGIN, options), into);
    expect(reads).toBe(1);
    reads = 0;
    expectView(encode(LOGIN, options), into);
    expect(reads).toBe(1);
  });

  test('not a Uint8Array: bad-option, naming the option', () => {
    const real = new Uint8Array(64);
    const notArrays: unknown[] = [
      [1, 2, 3],
      new ArrayBuffer(64),
      new Uint16Array(64),
      new Uint8ClampedArray(64),
      new DataView(new ArrayBuffer(64)),
      Object.create(Uint8Array.prototype), // (instanceof says yes; it has no bytes)
      new Proxy(real, {}),
      'bytes',
      null,
      5,
    ];
    const text = toXml(LOGIN);
    const wbxml = encode(LOGIN);
    for (const into of notArrays) {
      const u = into as Uint8Array;
      for (const f of [
        () => encode(LOGIN, { into: u }),
        () => encodeXml(text, registry, { into: u }),
        () => toXml(LOGIN, { output: 'bytes', into: u }),
        () => decodeToXml(wbxml, registry, { output: 'bytes', into: u }),
      ]) {
        const e = expectWbxmlError(f);
        expect(e.code).toBe('bad-option');
        expect(e.message).toMatch(/option into .*must be a Uint8Array/);
      }
    }
  });

  test('a detached array: bad-option', () => {
    const into = new Uint8Array(64);
    structuredClone(into.buffer, { transfer: [into.buffer] });
    for (const f of [
      () => encode(LOGIN, { into }),
      () => encodeXml(toXml(LOGIN), registry, { into }),
      () => toXml(LOGIN, { output: 'bytes', into }),
      () => decodeToXml(encode(LOGIN), registry, { output: 'bytes', into }),
    ]) {
      const e = expectWbxmlError(f);
      expect(e.code).toBe('bad-option');
      expect(e.message).toContain('detached');
    }
    // (an empty array that is not detached is only too small)
    expect(hex(encode(LOGIN, { into: new Uint8Array(0) }))).toBe(hex(encode(LOGIN)));
  });

  test('an array that shares a byte with the input of encodeXml or decodeToXml: bad-option; beside it in the same buffer: fine', () => {
    const xml = new TextEncoder().encode(toXml(LOGIN));
    const wbxml = encode(LOGIN);
    const xmlBuffer = new Uint8Array(xml.length + 4096);
    xmlBuffer.set(xml, 100);
    const xmlIn = xmlBuffer.subarray(100, 100 + xml.length);
    const wbxmlBuffer = new Uint8Array(wbxml.length + 8192);
    wbxmlBuffer.set(wbxml, 100);
    const wbxmlIn = wbxmlBuffer.subarray(100, 100 + wbxml.length);
    for (const [input, buffer, convert] of [
      [xmlIn, xmlBuffer, (into: Uint8Array) => encodeXml(xmlIn, registry, { into }).bytes],
      [wbxmlIn, wbxmlBuffer, (into: Uint8Array) => decodeToXml(wbxmlIn, registry, { output: 'bytes', into }).xml],
    ] as const) {
      const end = 100 + input.length;
      for (const into of [input, buffer, buffer.subarray(0, 101), buffer.subarray(end - 1), buffer.subarray(50, end + 10)]) {
        const e = expectWbxmlError(() => convert(into));
        expect(e.code).toBe('bad-option');
        expect(e.message).toContain('shares bytes with the input');
      }
      const before = buffer.subarray(96, 100);
      const after = buffer.subarray(end);
      const saved = hex(input);
      expect(convert(after).buffer === buffer.buffer).toBe(true);
      expectFresh(convert(before), buffer); // (too small: a fresh array, the input untouched)
      expect(hex(input)).toBe(saved);
    }
  });

  test('into without output bytes: bad-option (the text is a string), and a type error', () => {
    const into = new Uint8Array(1024);
    const wbxml = encode(LOGIN);
    for (const f of [
      // @ts-expect-error into needs output: 'bytes'
      () => toXml(LOGIN, { into }),
      // @ts-expect-error into needs output: 'bytes'
      () => toXml(LOGIN, { output: 'string', into }),
      // @ts-expect-error into needs output: 'bytes'
      () => decodeToXml(wbxml, registry, { into }),
      // @ts-expect-error into needs output: 'bytes'
      () => decodeToXml(wbxml, registry, { output: 'string', into }),
    ]) {
      const e = expectWbxmlError(f);
      expect(e.code).toBe('bad-option');
      expect(e.message).toContain("option into needs output: 'bytes'");
    }
    expect(into.every((b) => b === 0)).toBe(true);
    // `into: undefined` is no option at all (at run time: the types do not name it for a string).
    expect(typeof toXml(LOGIN, { into: undefined } as ToXmlOptions)).toBe('string');
    // Options typed as the whole ToXmlOptions still compile, as before the option.
    const options: ToXmlOptions = { indent: '' };
    expect(typeof toXml(LOGIN, options)).toBe('string');
  });

  test('limits hold with into: maxDocumentSize refuses a document that would fit into', () => {
    const into = new Uint8Array(1 << 16);
    const size = encode(LOGIN).length;
    const e = expectWbxmlError(() => encode(LOGIN, { into, maxDocumentSize: size - 1 }));
    expect(e.code).toBe('limit');
    expectView(encode(LOGIN, { into, maxDocumentSize: size }), into);
    const x = expectWbxmlError(() => encodeXml(toXml(LOGIN), registry, { into, maxDocumentSize: size - 1 }));
    expect(x.code).toBe('limit');
  });
});
