/**
 * Hostile-input audit of the engine after the size refactor (issue 13): what the callers of the
 * public API can hand it on purpose — options objects and trees built to break it, and an
 * Object.prototype that someone else's code has polluted. Each case ends in a `WbxmlError` or in
 * the same bytes/text as without the hostility, never in a TypeError or in silently altered data.
 */
import { describe, expect, test } from 'vitest';
import {
  decode as decodeWith,
  decodeWith as decodeWithSink,
  encode as encodeWith,
  readXml,
  tablesFor,
} from '../../generator/runtime/index.js';
import {
  csp13,
  decodeToXml,
  el,
  encode,
  encodeXml,
  expectWbxmlError as error,
  fromXml,
  registry,
  toXml,
  WbxmlError,
} from '../support/codec.js';

const NS13 = 'http://www.openmobilealliance.org/DTD/IMPS-CSP1.3';

/** A 1.3 message whose elements have plain `{}` attribute objects (as a hand-built tree has). */
const message = el('WV-CSP-Message', [el('Session', [el('SessionDescriptor', [el('SessionType', ['Inband'])]), el('Foo-Bar', ['x'])])], {
  xmlns: NS13,
});

/** Runs `f` with `Object.prototype[key]` set (enumerable, as `Object.prototype.x = …` does), then removes it. */
function polluted<T>(key: string, value: unknown, f: () => T): T {
  (Object.prototype as Record<string, unknown>)[key] = value;
  try {
    return f();
  } finally {
    delete (Object.prototype as Record<string, unknown>)[key];
  }
}

describe('a polluted Object.prototype adds nothing to what is written', () => {
  test('encode and toXml write only the own attributes of a hand-built tree', () => {
    const bytes = encode(message);
    const xml = toXml(message);
    for (const key of ['polluted', 'xmlns']) {
      expect(polluted(key, 'x', () => encode(message))).toEqual(bytes);
      expect(polluted(key, 'x', () => toXml(message))).toBe(xml);
      expect(polluted(key, 'x', () => csp13.encode(message))).toEqual(bytes);
    }
    expect(polluted('polluted', 'x', () => encodeXml(xml, registry)).bytes).toEqual(bytes);
  });
});

describe('valueTokensFrom that is not the tables of a version', () => {
  test('is a bad-option error, never a TypeError', () => {
    for (const from of [
      { valueTokens: new Map() },
      { valueTokens: new Map(), valueNames: new Map() },
      { valueTokens: new Map([['Inband', 5]]) },
      { ...csp13.tables, tagByName: undefined },
      { ...csp13.tables, attributeStarts: 'x' },
    ]) {
      expect(error(() => encode(message, { valueTokensFrom: from as never })).code).toBe('bad-option');
    }
  });

  test('is read once: a getter cannot pass the check with tables and then give something else', () => {
    let reads = 0;
    const options = {
      get valueTokensFrom() {
        return reads++ === 0 ? csp13.tables : { valueTokens: new Map() };
      },
    };
    // the tables read at the check are the tables used
    expect(encode(message, options as never)).toEqual(encode(message));
  });
});

describe('tables that are not the tables of a version', () => {
  test('encode says so (bad-option), never a TypeError', () => {
    for (const tables of [{ tagByName: new Map() }, { ...csp13.tables, integerElements: undefined }, { ...csp13.tables, valueNames: [] }]) {
      expect(error(() => encodeWith(message, tables as never)).code).toBe('bad-option');
    }
  });
});

describe('a registry that is not tables of versions', () => {
  test('decode, decodeToXml, encodeXml and fromXml say so (bad-option), never a TypeError', () => {
    const bytes = encode(message);
    const xml = toXml(message);
    for (const reg of [
      [null],
      [{}],
      Object.assign(new Array(2), { 1: csp13.tables }), // a hole first
      [{ ...csp13.tables, attributeStarts: undefined }],
      [{ ...csp13.tables, namespaces: null }],
    ]) {
      const r = reg as never;
      expect(error(() => decodeWith(bytes, r)).code).toBe('bad-option');
      expect(error(() => decodeToXml(bytes, r)).code).toBe('bad-option');
      expect(error(() => encodeXml(xml, r)).code).toBe('bad-option');
      expect(error(() => fromXml(xml, r)).code).toBe('bad-option');
      expect(error(() => tablesFor(message, r)).code).toBe('bad-option');
    }
  });
});

test('an attributes object put on Object.prototype is not written for elements that have none of their own', () => {
  const bare = { name: 'WV-CSP-Message', children: [{ name: 'Session', children: [] }] } as never;
  const withEmpty = el('WV-CSP-Message', [el('Session', [])]);
  const bytes = encode(withEmpty, { version: '1.3' });
  const xml = toXml(withEmpty);
  expect(polluted('attributes', { injected: 'yes' }, () => encode(bare, { version: '1.3' }))).toEqual(bytes);
  expect(polluted('attributes', { injected: 'yes' }, () => toXml(bare))).toBe(xml);
  expect(polluted('attributes', { xmlns: registry[0]!.namespaces.csp }, () => error(() => encode(bare)).code)).toBe('unknown-version');
});

test('a polluted Object.prototype.xmlns does not choose the version of a tree without one', () => {
  const noXmlns = el('WV-CSP-Message', [el('Session', [])]);
  const ns11 = registry[0]!.namespaces.csp;
  expect(polluted('xmlns', ns11, () => error(() => encode(noXmlns))).code).toBe('unknown-version');
  expect(polluted('xmlns', ns11, () => error(() => tablesFor(noXmlns, registry))).code).toBe('unknown-version');
});

test('an encode inside an encode (a getter of the tree encodes) leaves both documents whole', () => {
  const inner = el('WV-CSP-Message', [el('Session', ['inner text, longer than the outer one'])], { xmlns: NS13 });
  const innerBytes = encode(inner);
  let nested: Uint8Array | undefined;
  const attributes = {};
  Object.defineProperty(attributes, 'a', {
    enumerable: true,
    get() {
      nested = encode(inner);
      return 'v';
    },
  });
  const hostile = el('WV-CSP-Message', [{ name: 'Session', attributes, children: ['outer'] }, el('Foo', ['x'])], { xmlns: NS13 });
  const plain = el('WV-CSP-Message', [el('Session', ['outer'], { a: 'v' }), el('Foo', ['x'])], { xmlns: NS13 });
  expect(encode(hostile)).toEqual(encode(plain));
  expect(nested).toEqual(innerBytes);
  // and through the XML reader's encoder: a getter cannot reach it, but the shared buffers must be back
  expect(encodeXml(toXml(plain), registry).bytes).toEqual(encode(plain));
});

test('decodeWith and readXml refuse a sink or handler without its methods (bad-option), never a TypeError', () => {
  const bytes = encode(message);
  const noop = () => {};
  const sink = { start: noop, text: noop, bytes: noop, end: noop, result: () => 1 };
  expect(decodeWithSink(bytes, registry, sink).result).toBe(1);
  for (const partial of [{}, { ...sink, result: undefined }, { ...sink, end: 5 }]) {
    expect(error(() => decodeWithSink(bytes, registry, partial as never)).code).toBe('bad-option');
  }
  const handler = { start: noop, text: noop, end: noop };
  readXml('<a/>', handler);
  for (const partial of [{}, { ...handler, text: undefined }, { ...handler, doctype: 'x' }]) {
    expect(error(() => readXml('<!DOCTYPE a PUBLIC "x" ""><a/>', partial as never)).code).toBe('bad-option');
  }
});

test('a Uint8Array whose buffer was transferred (detached) is an empty input, never a TypeError', () => {
  const detached = new TextEncoder().encode(toXml(message));
  structuredClone(detached.buffer, { transfer: [detached.buffer] });
  expect(detached.length).toBe(0);
  expect(error(() => fromXml(detached)).code).toBe('bad-xml');
  expect(error(() => encodeXml(detached, registry)).code).toBe('bad-xml');
  expect(error(() => decodeWith(detached, registry)).code).toBe('truncated');
});

describe('a tree whose getters answer differently each time they are asked', () => {
  /** `message` with the first child element's `prop` a getter: `first` at the first read, `later` after. */
  function fickle(prop: 'name' | 'children' | 'attributes', first: unknown, later: unknown, atRoot: boolean) {
    let reads = 0;
    const target = { name: atRoot ? 'WV-CSP-Message' : 'Session', attributes: atRoot ? { xmlns: NS13 } : {}, children: [] };
    Object.defineProperty(target, prop, { get: () => (reads++ === 0 ? first : later), enumerable: true });
    return atRoot ? target : el('WV-CSP-Message', [target as never], { xmlns: NS13 });
  }
  const cases: [prop: 'name' | 'children' | 'attributes', first: unknown, later: unknown][] = [
    ['children', [], null],
    ['children', [], 'abc'],
    ['name', 'Session', undefined],
    ['name', 'Session', 5],
    ['attributes', {}, null],
  ];
  // Each part is read once per walk and what was checked is what is written: the same document as
  // with the first answer, or a WbxmlError; before, a second read reached the writer unchecked
  // (toXml: `TypeError: Cannot read properties of null`).
  test.each(cases)('%s: %o, then %o', (prop, first, later) => {
    for (const atRoot of [false, true]) {
      for (const write of [(t: never) => toXml(t), (t: never) => encode(t, { version: '1.3' })]) {
        let out: unknown;
        try {
          out = write(fickle(prop, first, later, atRoot) as never);
        } catch (e) {
          expect(e, `${prop} at ${atRoot ? 'the root' : 'a child'}`).toBeInstanceOf(WbxmlError);
          continue;
        }
        // No error: what was written is the document of the first answers.
        const steady = fickle(prop, first, first, atRoot);
        expect(out).toEqual(write(steady as never));
      }
    }
  });
});
