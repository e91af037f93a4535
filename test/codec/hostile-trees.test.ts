/**
 * Regressions found by the hostile-tree fuzz cases (bench/fuzz-lib.ts `runHostileTreeCase`): trees
 * and prototypes built to break `encode` and `toXml`. Each call writes what it writes for the tree
 * of the first answers (own enumerable string keys), or throws a `WbxmlError` — never a TypeError
 * from inside the engine, never a polluted value, never the second answer of a getter.
 */
import { describe, expect, test } from 'vitest';
import { decode as decodeWith, encode as encodeWith } from '../../generator/runtime/index.js';
import { type CspElement, type CspTables, decode, el, encode, fromXml, registry, toXml, WbxmlError } from '../support/codec.js';

const NS13 = 'http://www.openmobilealliance.org/DTD/IMPS-CSP1.3';

const message = (): CspElement =>
  el('WV-CSP-Message', [el('Session', [el('SessionDescriptor', [el('SessionType', ['Inband'])]), el('Foo-Bar', ['x'])])], {
    xmlns: NS13,
  });

/** Runs `f` with `target[key]` set (enumerable, as plain assignment does), then puts back what was there. */
function polluted<T>(target: object, key: PropertyKey, value: unknown, f: () => T): T {
  const before = Object.getOwnPropertyDescriptor(target, key);
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  try {
    return f();
  } finally {
    if (before) Object.defineProperty(target, key, before);
    else Reflect.deleteProperty(target, key);
  }
}

const writers = {
  encode: (t: CspElement) => Array.from(encode(t, { version: '1.3' })).join(','),
  toXml: (t: CspElement) => toXml(t),
  'toXml one line': (t: CspElement) => toXml(t, { indent: '' }),
  'toXml with a DOCTYPE': (t: CspElement) => toXml(t, { doctypePublicId: '-//OMA//DTD WV-CSP 1.3//EN' }),
};

describe('a polluted Array.prototype changes nothing in what is written', () => {
  // Before: the walk of toXml kept its frames in an array and took `frames[1]` (Array.prototype's)
  // for an existing frame — a TypeError for a string, and for an object a shared frame that
  // scrambled the document.
  test.each([
    ['a string', 'POLLUTED'],
    ['an element', { name: 'POLLUTED', attributes: {}, children: [] }],
  ])('Array.prototype[1] is %s', (_what, value) => {
    for (const [name, write] of Object.entries(writers)) {
      const want = write(message());
      expect(
        polluted(Array.prototype, '1', value, () => write(message())),
        name,
      ).toBe(want);
    }
  });

  // Before: tablesFor looked a named version up with for-of, which an Array.prototype iterator
  // that yields nothing turns into `unknown-version`; a long toXml text lost its chunks the same way.
  test('Array.prototype[Symbol.iterator] that yields nothing', () => {
    const long = el('WV-CSP-Message', [el('Session', ['x'.repeat(300_000)])], { xmlns: NS13 });
    // (bytes compared as latin1 text: a deep equality of 300 KB arrays takes seconds)
    const text = (b: Uint8Array) => Buffer.from(b).toString('latin1');
    const write = () => [text(encode(long, { version: '1.3' })), toXml(long), text(toXml(long, { output: 'bytes' }))];
    const want = write();
    const empty = function* () {};
    const got = polluted(Array.prototype, Symbol.iterator, empty, write);
    expect(got[0] === want[0] && got[1] === want[1] && got[2] === want[2]).toBe(true);
  });
});

test('Object.prototype.children does not make a Uint8Array child an element', () => {
  // Before: a child was taken for an element when its `children` (inherited too) was an array.
  const withBytes = el('WV-CSP-Message', [el('Session', [new Uint8Array([1, 2, 3])])], { xmlns: NS13 });
  const want = encode(withBytes, { version: '1.3' });
  expect(polluted(Object.prototype, 'children', [], () => encode(withBytes, { version: '1.3' }))).toEqual(want);
  expect(polluted(Object.prototype, 'children', [], () => toXml(el('a', [new Uint8Array([0x41])])))).toBe(toXml(el('a', ['A'])));
});

describe('each part of the tree is read once per walk', () => {
  /** Defines `key` on `target` as a getter answering `first`, then `later`. */
  function fickle<T extends object>(target: T, key: PropertyKey, first: unknown, later: unknown): T {
    let reads = 0;
    Object.defineProperty(target, key, { enumerable: true, get: () => (reads++ === 0 ? first : later) });
    return target;
  }
  const later = el('Later', [], { evil: 'LATER' });

  /** Writes `hostile` and the plain tree of first answers; both must be the same, or the first a WbxmlError. */
  function same(hostile: () => CspElement, plain: CspElement) {
    for (const [name, write] of Object.entries(writers)) {
      let got: string;
      try {
        got = write(hostile());
      } catch (e) {
        expect(e, name).toBeInstanceOf(WbxmlError);
        continue;
      }
      expect(got, name).toBe(write(plain));
    }
  }

  // Before: the walk looked at a child's `children` to tell an element, and readElement read it again.
  test("a child's children: the second answer is another array", () => {
    const plain = el('WV-CSP-Message', [el('Session', ['first'])], { xmlns: NS13 });
    same(
      () =>
        el('WV-CSP-Message', [fickle({ name: 'Session', attributes: {} } as CspElement, 'children', ['first'], [later])], { xmlns: NS13 }),
      plain,
    );
  });

  // Before: toXml's indentation looked at every child, and the walk read each again.
  test('a children array whose entries answer differently on a second read', () => {
    const plain = message();
    same(() => {
      const m = message();
      const session = m.children[0] as CspElement;
      const children = [...session.children];
      fickle(children, 0, children[0], later);
      return el('WV-CSP-Message', [el('Session', children)], { xmlns: NS13 });
    }, plain);
  });

  // Before: toXml read the root once for the DOCTYPE and again for the walk.
  test('the root name, with a DOCTYPE', () => {
    const plain = message();
    const text = toXml(
      fickle({ attributes: { xmlns: NS13 }, children: plain.children } as unknown as CspElement, 'name', 'WV-CSP-Message', 'Other'),
      { doctypePublicId: '-//OMA//DTD WV-CSP 1.3//EN' },
    );
    expect(text).toBe(toXml(plain, { doctypePublicId: '-//OMA//DTD WV-CSP 1.3//EN' }));
    expect(fromXml(text).doc.name).toBe('WV-CSP-Message');
  });
});

test('an Array.prototype iterator that yields nothing does not change how attributes are written', () => {
  // Before: the encoder looked an attribute's start token up with for-of, so under that iterator
  // it wrote the attribute as a LITERAL, and kept that in its attribute memo for later encodes.
  const ns = (n: number) => el('WV-CSP-Message', [el('Session', [], { xmlns: `${NS13}/x${n}` })], { xmlns: NS13 });
  const want = encode(ns(0), { version: '1.3' });
  for (let n = 1; n <= 4; n++) encode(ns(n), { version: '1.3' }); // (out of the memo)
  const empty = function* () {};
  expect(polluted(Array.prototype, Symbol.iterator, empty, () => encode(ns(0), { version: '1.3' }))).toEqual(want);
  for (let n = 1; n <= 4; n++) encode(ns(n), { version: '1.3' });
  expect(encode(ns(0), { version: '1.3' })).toEqual(want);
});

// Found by the hostile-tree cases' nested decode calls.
describe('decode under a polluted Array.prototype', () => {
  const bytes = () => encode(message(), { version: '1.3' });
  test('Array.prototype[0] is a string: decode gives the same tree (was a TypeError in its frame stack)', () => {
    const want = bytes();
    const doc = polluted(Array.prototype, '0', 'POLLUTED', () => decode(want).doc);
    expect(toXml(doc)).toBe(toXml(message()));
  });
  test('Array.prototype[Symbol.iterator] yields nothing: decode still finds the version by public id', () => {
    const want = bytes();
    const empty = function* () {};
    expect(polluted(Array.prototype, Symbol.iterator, empty, () => decode(want).version)).toBe('1.3');
  });
  test('a lookup first built under a replaced iterator is not kept wrong for later calls', () => {
    // A copy of the 1.3 tables is a new key for the engine's lookup caches: its lookups are built
    // here, under the pollution, and kept for the calls after it.
    const t13 = registry.find((t) => t.version === '1.3')!;
    const forDecode: CspTables = { ...t13 };
    const forEncode: CspTables = { ...t13 };
    const doc = message();
    const want = encodeWith(doc, t13);
    const empty = function* () {};
    // (what the polluted calls themselves give is the other tests' business: here, what they leave)
    const attempt = (f: () => unknown): void => {
      try {
        f();
      } catch {}
    };
    attempt(() => polluted(Array.prototype, Symbol.iterator, empty, () => decodeWith(want, [forDecode])));
    attempt(() => polluted(Array.prototype, Symbol.iterator, empty, () => encodeWith(doc, forEncode)));
    expect(toXml(decodeWith(want, [forDecode]).doc)).toBe(toXml(doc));
    expect(encodeWith(doc, forEncode)).toEqual(want);
  });
});
