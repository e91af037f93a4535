/**
 * The codec fuzzer, shared by the CI-sized test (test/fuzz/fuzz.test.ts) and the long runs
 * (`npm run fuzz -- --cases N --seed S`): seeded, so every failure can be replayed. It takes the
 * codec to test as an argument (the bench passes the generated one, the test the one of
 * test/support/codec.ts).
 *
 * Three kinds of cases:
 * - mutation: a real message (AOSP's vectors, libwbxml's messages encoded for each version) changed
 *   by one to three byte-level mutators — bit flips, byte sets, truncations, insertions, deletions,
 *   huge mb_u_int32 lengths, deep nesting, bad UTF-8, unknown pages and tokens, bad string-table
 *   references, splices of two messages;
 * - structure: a valid token stream generated from a version's tables — tags of every code page,
 *   LITERAL tags and attributes, attribute start tokens with values made of every kind of piece,
 *   STR_I, STR_T into (and into the middle of) a string table, ENTITY, EXT_T_0, OPAQUE integers,
 *   date-times (leap seconds included) and bytes, deep and wide trees, many references to one big
 *   table entry — then, half of the time, mutated (the byte mutators, or a slice repeated many
 *   times);
 * - round trip: a random valid tree built from the tables, encoded, decoded and compared; also
 *   written as XML text and parsed back (and, as many, limit symmetry: the same under tight limits);
 * - hostile tree: a seed message's tree with getters, proxies, cycles, holes, huge strings and
 *   nested calls, under polluted prototypes, handed to encode and toXml (runHostileTreeCase says
 *   what passes).
 *
 * A decode case passes when `decode` and `decodeToXml` both end in a result or both in the same
 * `WbxmlError` (code and offset, the offset inside the input); when they decode, `decodeToXml`
 * writes byte for byte what `toXml(decode())` writes, and that XML text parses. In resource mode
 * each of `decode` and `decodeToXml` must also stay within the documented bounds on allocated
 * bytes and on time (RESOURCE_BOUNDS, the README's resource model).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import type * as Generated from '../generated/index.js';
import type * as XmlText from '../generator/xml.js';

/** The codec under test: the generated index plus XML text input. */
export type Codec = Pick<typeof Generated, 'decode' | 'decodeToXml' | 'encode' | 'registry' | 'toXml' | 'WbxmlError'> &
  Pick<typeof XmlText, 'encodeXml' | 'fromXml'>;
type CspElement = Generated.CspElement;
type CspNode = Generated.CspNode;
type CspTables = Generated.CspTables;
/** Limits, mutable while a case picks them. */
type Limits = { -readonly [K in keyof Generated.Limits]?: Generated.Limits[K] };

/**
 * The messages mutations start from: AOSP's WBXML vectors, and libwbxml's 116 test messages
 * encoded as CSP 1.1, 1.2 and 1.3 (namespaces rewritten).
 */
export function loadSeeds(codec: Codec, vectorsDir: string): Uint8Array[] {
  const seeds: Uint8Array[] = [];
  const aosp = join(vectorsDir, 'aosp-im-libwbxml');
  for (const f of readdirSync(aosp)
    .filter((f) => f.endsWith('.wbxml'))
    .sort())
    seeds.push(new Uint8Array(readFileSync(join(aosp, f))));
  const wv = join(vectorsDir, 'libwbxml-wv');
  const v11 = codec.registry[0]!.namespaces;
  for (const f of readdirSync(wv)
    .filter((f) => f.endsWith('.xml'))
    .sort()) {
    const text = readFileSync(join(wv, f), 'utf8').replace(/<!DOCTYPE[^>]*>/, '');
    for (const t of codec.registry) {
      const ns = t.namespaces;
      seeds.push(
        codec.encodeXml(text.replaceAll(v11.csp, ns.csp).replaceAll(v11.trc, ns.trc).replaceAll(v11.pa, ns.pa), codec.registry).bytes,
      );
    }
  }
  return seeds;
}

/** mulberry32: small, fast, good enough to spread mutations; the same seed gives the same cases. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rng = () => number;
export const int = (rng: Rng, n: number): number => Math.floor(rng() * n);
export const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[int(rng, xs.length)]!;

type Mutator = (rng: Rng, b: Uint8Array, seeds: readonly Uint8Array[]) => Uint8Array;

function splice(b: Uint8Array, at: number, remove: number, insert: ArrayLike<number>): Uint8Array {
  at = Math.min(at, b.length);
  remove = Math.min(remove, b.length - at);
  const out = new Uint8Array(b.length - remove + insert.length);
  out.set(b.subarray(0, at), 0);
  out.set(insert, at);
  out.set(b.subarray(at + remove), at + insert.length);
  return out;
}

/** Interesting bytes: the global tokens, tag bytes with flags, mb_u_int32 continuation bytes. */
const MAGIC = [0x00, 0x01, 0x02, 0x03, 0x04, 0x40, 0x43, 0x44, 0x80, 0x83, 0x84, 0xc3, 0xc4, 0xff, 0x7f, 0x49, 0xc9, 0x6d];

export const MUTATORS: Readonly<Record<string, Mutator>> = {
  bitFlip: (rng, b) => {
    const m = b.slice();
    if (m.length > 0) m[int(rng, m.length)]! ^= 1 << int(rng, 8);
    return m;
  },
  setByte: (rng, b) => {
    const m = b.slice();
    if (m.length > 0) m[int(rng, m.length)] = rng() < 0.5 ? pick(rng, MAGIC) : int(rng, 256);
    return m;
  },
  truncate: (rng, b) => b.slice(0, int(rng, b.length + 1)),
  insert: (rng, b) =>
    splice(
      b,
      int(rng, b.length + 1),
      0,
      Array.from({ length: 1 + int(rng, 8) }, () => (rng() < 0.5 ? pick(rng, MAGIC) : int(rng, 256))),
    ),
  remove: (rng, b) => {
    const at = int(rng, b.length + 1);
    return splice(b, at, Math.min(1 + int(rng, 8), b.length - at), []);
  },
  hugeLength: (rng, b) =>
    // OPAQUE, STR_T, a string table or ENTITY with a length/index near 2^32 or over it
    splice(
      b,
      int(rng, b.length + 1),
      0,
      pick(rng, [
        [0xc3, 0x8f, 0xff, 0xff, 0xff, 0x7f],
        [0x83, 0x8f, 0xff, 0xff, 0xff, 0x7f],
        [0x02, 0x8f, 0xff, 0xff, 0xff, 0x7f],
        [0xc3, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
        [0xc3, 0x84, 0x80, 0x80, 0x80, 0x00],
      ]),
    ),
  deepNesting: (rng, b) =>
    splice(b, Math.min(4 + int(rng, 4), b.length), 0, new Array<number>(500 + int(rng, 5000)).fill(pick(rng, [0x6d, 0x49, 0x44, 0x00]))),
  badUtf8: (rng, b) =>
    splice(b, int(rng, b.length + 1), 0, [
      0x03,
      ...pick(rng, [
        [0xc3, 0x28],
        [0xe2, 0x82],
        [0xed, 0xa0, 0x80],
        [0xf4, 0x90, 0x80, 0x80],
        [0xc0, 0xaf],
        [0xff],
        [0x01],
        [0xef, 0xbf, 0xbe],
      ]),
      0x00,
    ]),
  unknownPage: (rng, b) => splice(b, int(rng, b.length + 1), 0, [0x00, int(rng, 256), 0x40 | int(rng, 64)]),
  unknownValue: (rng, b) => splice(b, int(rng, b.length + 1), 0, [0x80, 0x80 | int(rng, 128), int(rng, 128)]),
  badStringRef: (rng, b) => splice(b, int(rng, b.length + 1), 0, [pick(rng, [0x83, 0x04, 0x44, 0x84, 0xc4]), int(rng, 128)]),
  spliceTwo: (rng, b, seeds) => {
    const other = pick(rng, seeds);
    return splice(b, int(rng, b.length + 1), int(rng, 4), other.subarray(int(rng, other.length)));
  },
};

const MUTATOR_NAMES = Object.keys(MUTATORS);

/** Mutation case `index` of a run: 1-3 mutators applied to one seed message. */
export function mutationCase(seed: number, index: number, seeds: readonly Uint8Array[]): { input: Uint8Array; mutators: string[] } {
  const rng = prng((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  let b = pick(rng, seeds);
  const mutators: string[] = [];
  const n = 1 + int(rng, 3);
  for (let i = 0; i < n; i++) {
    const name = pick(rng, MUTATOR_NAMES);
    mutators.push(name);
    b = MUTATORS[name]!(rng, b, seeds);
  }
  return { input: b, mutators };
}

// ---- structure-aware inputs: valid token streams from the tables --------------------------------

/** Tokens of WBXML 1.3 (WAP-192-WBXML 7.1), spelled out here so that the generator does not share the engine's constants. */
const SWITCH_PAGE = 0x00;
const END = 0x01;
const ENTITY = 0x02;
const STR_I = 0x03;
const LITERAL = 0x04;
const EXT_T_0 = 0x80;
const STR_T = 0x83;
const OPAQUE = 0xc3;

/** A growable byte buffer (arrays of numbers are too slow for documents of hundreds of KB). */
class Bytes {
  buf = new Uint8Array(256);
  length = 0;
  push(...bytes: number[]): void {
    for (const b of bytes) this.byte(b);
  }
  byte(b: number): void {
    if (this.length === this.buf.length) this.room(1);
    this.buf[this.length++] = b;
  }
  append(bytes: Uint8Array): void {
    this.room(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }
  /** `b` repeated `times` times. */
  repeat(b: number, times: number): void {
    this.room(times);
    this.buf.fill(b, this.length, this.length + times);
    this.length += times;
  }
  done(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
}

function mb(v: number, out: Bytes): void {
  if (v < 0x80) {
    out.byte(v);
    return;
  }
  const tmp = [v & 0x7f];
  for (v = Math.floor(v / 128); v > 0; v = Math.floor(v / 128)) tmp.push((v & 0x7f) | 0x80);
  for (let i = tmp.length - 1; i >= 0; i--) out.byte(tmp[i]!);
}

const utf8 = new TextEncoder();

/** Text pieces: markup characters, non-ASCII, astral, XML white space, now and then a character XML forbids. */
const PIECES = [
  'a',
  'Z',
  '0',
  ' ',
  '-',
  '@',
  '.',
  'õ',
  'ß',
  '日',
  '🚀',
  '&',
  '<',
  '>',
  '"',
  "'",
  '\u00a0',
  '\t',
  '\n',
  '\r',
  '\ufeff',
  '&amp;',
];
const FORBIDDEN = ['\u0001', '\u001f', '\ufffe', '\uffff', '\u000b'];

function genText(rng: Rng): string {
  let s = '';
  const n = rng() < 0.05 ? 50 + int(rng, 400) : 1 + int(rng, 12);
  for (let i = 0; i < n; i++) s += rng() < 0.003 ? pick(rng, FORBIDDEN) : pick(rng, PIECES);
  return s;
}

function genName(rng: Rng): string {
  return pick(rng, ['X-Ext', 'x:y', 'Ünï', '_a.b-c', 'APIClient', 'a']) + (rng() < 0.5 ? String(int(rng, 9)) : '');
}

/** An ENTITY code point: mostly characters XML allows, some it forbids, some that are not characters. */
function genEntity(rng: Rng): number {
  const r = rng();
  if (r < 0.6) return 0x20 + int(rng, 0x60);
  if (r < 0.8) return 0xa0 + int(rng, 0xd000);
  if (r < 0.9) return 0x10000 + int(rng, 0x100000);
  return pick(rng, [0x00, 0x01, 0x09, 0x0a, 0x0d, 0x1f, 0xd800, 0xdfff, 0xfffe, 0xffff, 0x110000]);
}

interface Generation {
  readonly rng: Rng;
  readonly t: CspTables;
  readonly out: Bytes;
  /** Every tag of the version: [page, token, name]. */
  readonly tags: readonly (readonly [number, number, string])[];
  readonly values: readonly number[];
  /** String-table entries: their offset, and whether the entry is an XML name. */
  readonly entries: readonly { readonly offset: number; readonly length: number; readonly name: boolean }[];
  /** The public id does not name the version: the root must have its xmlns. */
  readonly unknownId: boolean;
  page: number;
  budget: number;
}

const tagCache = new WeakMap<CspTables, (readonly [number, number, string])[]>();

function tagsOf(t: CspTables): (readonly [number, number, string])[] {
  let tags = tagCache.get(t);
  if (!tags) {
    tags = [];
    for (let page = 0; page < t.tagPages.length; page++) {
      const slots = t.tagPages[page];
      if (slots) for (let token = 5; token < slots.length; token++) if (slots[token]) tags.push([page, token, slots[token]!]);
    }
    tagCache.set(t, tags);
  }
  return tags;
}

/**
 * A WBXML document made token by token from the tables of `t`: mostly valid, with every kind of
 * token the decoder reads (see the file comment), and now and then a hostile shape — thousands of
 * references to one big string-table entry, a very wide or very deep tree.
 */
export function generateDocument(rng: Rng, t: CspTables): Uint8Array {
  // The string table: names for LITERAL, texts for STR_T, the public id text, sometimes a big entry.
  const table = new Bytes();
  const entries: { offset: number; length: number; name: boolean }[] = [];
  const addEntry = (s: string, name: boolean): number => {
    const offset = table.length;
    const b = utf8.encode(s); // no U+0000 in the pieces: no NUL inside an entry
    table.append(b);
    table.byte(0);
    entries.push({ offset, length: b.length, name });
    return offset;
  };
  const publicIdEntry = addEntry(rng() < 0.5 ? t.publicIdText : pick(rng, [t.publicIdText, ...t.otherPublicIdTexts]), false);
  const n = int(rng, 6);
  for (let i = 0; i < n; i++) addEntry(rng() < 0.4 ? genName(rng) : genText(rng), false);
  for (let i = 0; i < 2; i++) addEntry(genName(rng), true);
  if (rng() < 0.08) addEntry('A'.repeat(1000 + int(rng, 30000)), false);

  const out = new Bytes();
  out.push(rng() < 0.9 ? 0x03 : int(rng, 4));
  const id = rng();
  if (id < 0.75) mb(t.publicId, out);
  else if (id < 0.88) {
    out.push(0x00);
    mb(publicIdEntry, out);
  } else out.byte(0x01); // unknown: the root xmlns decides
  out.push(0x6a);
  mb(table.length, out);
  out.append(table.done());

  const g: Generation = {
    rng,
    t,
    out,
    tags: tagsOf(t),
    values: [...t.valueNames.keys()],
    entries,
    unknownId: id >= 0.88,
    page: 0,
    budget: 2000 + int(rng, 6000),
  };
  const shape = rng();
  if (shape < 0.03) {
    // many references to the biggest entry: a string-table amplification attempt
    const big = entries.reduce((a, b) => (b.length > a.length ? b : a));
    openTag(g, t.tagByName.get(t.rootElement)!, true, true);
    openTag(g, t.tagByName.get('Description') ?? t.tagByName.get('Session')!, true, false);
    const refs = 200 + int(rng, 20000);
    for (let i = 0; i < refs; i++) {
      out.push(STR_T);
      mb(big.offset + (rng() < 0.1 ? int(rng, big.length) : 0), out);
    }
    out.push(END, END);
  } else if (shape < 0.05) {
    // a deep chain of one element
    const depth = 100 + int(rng, 300);
    const code = pick(rng, g.tags);
    openTag(g, t.tagByName.get(t.rootElement)!, true, true);
    for (let i = 0; i < depth; i++) openTag(g, (code[0] << 8) | code[1], true, false);
    for (let i = 0; i <= depth; i++) out.push(END);
  } else if (shape < 0.07) {
    // a wide element: thousands of empty children
    openTag(g, t.tagByName.get(t.rootElement)!, true, true);
    const width = 1000 + int(rng, 20000);
    const code = pick(rng, g.tags);
    openTag(g, (code[0] << 8) | code[1], false, false);
    out.repeat(code[1], width - 1);
    out.push(END);
  } else element(g, 0, true);
  return out.done();
}

/** A tag byte (with SWITCH_PAGE first if needed); attributes are written by the caller if `attributes`. */
function openTag(g: Generation, code: number, content: boolean, xmlns: boolean): void {
  const page = code >> 8;
  if (page !== g.page) {
    g.out.push(SWITCH_PAGE, page);
    g.page = page;
  }
  g.out.push((code & 0x3f) | (content ? 0x40 : 0) | (xmlns ? 0x80 : 0));
  if (xmlns) rootXmlns(g);
}

/** The root's xmlns: the attribute start token of the CSP namespace's prefix, the rest inline; then END. */
function rootXmlns(g: Generation): void {
  const ns = g.t.namespaces.csp;
  const start = g.t.attributeStarts
    .filter((a) => a.name === 'xmlns' && ns.startsWith(a.valuePrefix))
    .reduce((a, b) => (b.valuePrefix.length > a.valuePrefix.length ? b : a));
  g.out.byte(start.token);
  g.out.push(STR_I, ...utf8.encode(ns.slice(start.valuePrefix.length)), 0x00, END);
}

function element(g: Generation, depth: number, root: boolean): void {
  const { rng, t, out } = g;
  g.budget--;
  let name: string;
  const literal = !root && rng() < 0.05;
  const hasAttributes = root ? g.unknownId || rng() < 0.85 : rng() < 0.1;
  const hasContent = rng() < 0.8;
  const flags = (hasContent ? 0x40 : 0) | (hasAttributes ? 0x80 : 0);
  if (literal) {
    const e = pick(
      rng,
      g.entries.filter((x) => x.name),
    );
    out.push(LITERAL | flags);
    mb(e.offset, out);
    name = '';
  } else {
    const [page, token, n] = root
      ? [t.tagByName.get(t.rootElement)! >> 8, t.tagByName.get(t.rootElement)! & 0x3f, t.rootElement]
      : pick(rng, g.tags);
    if (page !== g.page) {
      out.push(SWITCH_PAGE, page);
      g.page = page;
    }
    out.push(token | flags);
    name = n;
  }
  if (hasAttributes) attributes(g, root);
  if (!hasContent) return;
  if (t.integerElements.has(name)) {
    if (rng() < 0.85) {
      const bytes = 1 + int(rng, 4);
      out.push(OPAQUE, bytes);
      for (let i = 0; i < bytes; i++) out.push(int(rng, 256));
    } else {
      out.push(STR_I, ...utf8.encode(String(int(rng, 100000))), 0x00);
    }
    if (rng() < 0.03)
      out.push(
        ...pick(rng, [
          [STR_I, 0x35, 0x00],
          [OPAQUE, 0x01, 0x35],
        ]),
      ); // a second piece: an error
  } else if (t.dateTimeElements.has(name)) {
    if (rng() < 0.85) {
      const y = int(rng, 4096);
      const low =
        (((y & 0x3f) << 26) |
          ((1 + int(rng, 12)) << 22) |
          ((1 + int(rng, 31)) << 17) |
          (int(rng, 24) << 12) |
          (int(rng, 60) << 6) |
          (rng() < 0.1 ? 60 : int(rng, 60))) >>>
        0;
      out.push(OPAQUE, 6, y >> 6, low >>> 24, (low >>> 16) & 0xff, (low >>> 8) & 0xff, low & 0xff, rng() < 0.5 ? 0 : 0x41 + int(rng, 26));
    } else out.push(STR_I, ...utf8.encode('2001-10-19T09:50:31Z'), 0x00);
  } else {
    const children = depth > 12 || g.budget <= 0 ? 0 : int(rng, 5);
    for (let i = 0; i < children; i++) {
      if (rng() < 0.45) element(g, depth + 1, false);
      else content(g);
    }
  }
  out.push(END);
}

/** One piece of text content (or of an attribute value when `attribute`). */
function content(g: Generation, attribute = false): void {
  const { rng, out } = g;
  const r = rng();
  if (r < 0.35) {
    out.byte(STR_I);
    out.append(utf8.encode(genText(rng))); // no U+0000 in the pieces
    out.byte(0x00);
  } else if (r < 0.55) {
    const e = pick(rng, g.entries);
    out.push(STR_T);
    // mostly the start of an entry; sometimes its middle (valid WBXML), which may split a UTF-8 sequence
    mb(e.offset + (rng() < 0.15 ? int(rng, e.length + 1) : 0), out);
  } else if (r < 0.7) {
    out.push(ENTITY);
    mb(genEntity(rng), out);
  } else if (r < 0.9) {
    out.push(EXT_T_0);
    mb(rng() < 0.97 ? pick(rng, g.values) : int(rng, 512), out);
  } else if (!attribute) {
    const n = int(rng, 12);
    out.push(OPAQUE);
    mb(n, out);
    for (let i = 0; i < n; i++) out.push(rng() < 0.7 ? 0x20 + int(rng, 0x5f) : int(rng, 256));
  }
}

function attributes(g: Generation, root: boolean): void {
  const { rng, t, out } = g;
  if (root) {
    rootXmlns(g);
    return;
  }
  const n = 1 + int(rng, 3);
  const names = new Set<string>();
  for (let i = 0; i < n; i++) {
    // distinct names (a repeated one is an error the mutations reach anyway)
    if (rng() < 0.7) {
      const start = pick(rng, t.attributeStarts);
      if (names.has(start.name)) continue;
      names.add(start.name);
      out.byte(start.token);
    } else {
      const e = pick(
        rng,
        g.entries.filter((e) => e.name),
      );
      if (names.has(`#${e.offset}`)) continue;
      names.add(`#${e.offset}`);
      out.byte(LITERAL);
      mb(e.offset, out);
    }
    const pieces = int(rng, 4);
    for (let k = 0; k < pieces; k++) content(g, true);
  }
  out.byte(END);
}

/** Repeats one slice of the input many times: more of the same structure, or a burst of one token. */
function repeatSlice(rng: Rng, b: Uint8Array): Uint8Array {
  if (b.length < 8) return b;
  const at = 4 + int(rng, b.length - 4);
  const len = 1 + int(rng, Math.min(16, b.length - at));
  const times = 10 + int(rng, 5000);
  const slice = b.subarray(at, at + len);
  const rep = new Uint8Array(len * times);
  for (let i = 0; i < times; i++) rep.set(slice, i * len);
  return splice(b, at, 0, rep);
}

/** Structure case `index` of a run: a generated document, mutated half of the time. */
export function structureCase(
  codec: Codec,
  seed: number,
  index: number,
  seeds: readonly Uint8Array[],
): { input: Uint8Array; mutators: string[] } {
  const rng = prng((seed ^ Math.imul(index + 1, 0xc2b2ae35)) >>> 0);
  let b = generateDocument(rng, pick(rng, codec.registry));
  const mutators: string[] = ['generated'];
  const r = rng();
  if (r < 0.1) {
    mutators.push('repeatSlice');
    b = repeatSlice(rng, b);
  } else if (r < 0.5) {
    const name = pick(rng, MUTATOR_NAMES);
    mutators.push(name);
    b = MUTATORS[name]!(rng, b, seeds);
  }
  return { input: b, mutators };
}

// ---- running a decode case ---------------------------------------------------------------------

export interface CaseResult {
  /** `ok`, a WbxmlError code, or `failure`. */
  readonly outcome: string;
  readonly ms: number;
  readonly failure?: string;
  /** Resource mode: what each API used, when it could be measured. */
  readonly resources?: readonly Measure[];
}

/** What one call used. `bytes` is undefined when a garbage collection ran during the call (not measurable). */
export interface Measure {
  readonly api: 'decode' | 'decodeToXml';
  readonly inputBytes: number;
  readonly bytes: number | undefined;
  readonly ms: number;
}

/** The bound a single case must end within, whatever its size; a hang would show as a case far over it. */
export const CASE_TIME_LIMIT_MS = 1000;

/**
 * The documented bounds (README, "Resource model"): the bytes a call may allocate (heap and typed
 * arrays, garbage included), as `perByte × n + base` for an input of n bytes, and the time it may
 * take, as `msPerMB × n/1e6 + baseMs`. The memory bounds are the model's constants (the worst
 * shapes measured: about 95 bytes per input byte for a tree, 170 for XML text). The time bound is
 * loose — ten microseconds per input byte, a thousand times the usual speed, since the XML text of
 * a hostile message can be 80 times its size — so that it catches a superlinear path, not a busy
 * machine.
 */
export const RESOURCE_BOUNDS = {
  decode: { perByte: 160, base: 2 * 1024 * 1024 },
  decodeToXml: { perByte: 400, base: 2 * 1024 * 1024 },
  msPerMB: 10_000,
  baseMs: 100,
} as const;

/** The bound of `api` for an input of `n` bytes. */
export function memoryBound(api: Measure['api'], n: number): number {
  const b = RESOURCE_BOUNDS[api];
  return b.perByte * n + b.base;
}

export function timeBound(n: number): number {
  return (RESOURCE_BOUNDS.msPerMB * n) / 1e6 + RESOURCE_BOUNDS.baseMs;
}

let gcFunction: ((options?: { type?: 'major' | 'minor' }) => void) | undefined;

/** `gc()`, also where node runs without --expose-gc (vitest): the flag can be set at run time. */
function gc(type: 'major' | 'minor'): void {
  if (!gcFunction) {
    const g = (globalThis as { gc?: typeof gcFunction }).gc;
    if (g) gcFunction = g;
    else {
      v8.setFlagsFromString('--expose-gc');
      gcFunction = vm.runInNewContext('gc') as typeof gcFunction;
    }
  }
  gcFunction!({ type });
}

/** Memory in use: per heap space (new, old, large objects...), and outside the heap (ArrayBuffer contents). */
function heapSpaces(): number[] {
  const used = v8.getHeapSpaceStatistics().map((s) => s.space_used_size);
  used.push(v8.getHeapStatistics().external_memory);
  return used;
}

/** What `f` returned or threw, the bytes it allocated (undefined: not measurable) and its time. */
interface Measured<T> {
  readonly value?: T;
  readonly error?: unknown;
  readonly bytes: number | undefined;
  readonly ms: number;
}

/**
 * Runs `f` and measures the memory it allocates: the growth of the heap and of the memory outside it
 * (typed arrays), valid when no collection ran during the call (nothing shrank). Before the call the young generation is emptied if it is half
 * full, so that small calls fit. A call that was collected during, or that took longer than
 * `msLimit` (a busy machine, a collection), is run again after a full collection, up to twice; the
 * time is the best of the runs. If every run was collected during, `bytes` is undefined: the call
 * allocated more than the young generation holds (`npm run fuzz` runs node with a big one).
 */
function measure<T>(f: () => T, msLimit: number): Measured<T> {
  let bytes: number | undefined;
  let value: T | undefined;
  let error: unknown;
  let threw = false;
  let ms = Infinity;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (attempt > 0) gc('major');
    else {
      const young = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
      if (young && young.space_available_size < young.space_used_size) gc('minor');
    }
    const before = heapSpaces();
    const t0 = performance.now();
    try {
      value = f();
      threw = false;
    } catch (e) {
      error = e;
      threw = true;
    }
    const took = performance.now() - t0;
    const after = heapSpaces();
    let grew = 0;
    let shrank = false;
    for (let i = 0; i < before.length; i++) {
      const d = after[i]! - before[i]!;
      if (d < 0) shrank = true;
      grew += d;
    }
    if (!shrank) bytes = grew;
    ms = Math.min(ms, took);
    if (bytes !== undefined && ms <= msLimit) break;
  }
  return threw ? { error, bytes, ms } : { value: value as T, bytes, ms };
}

/** Decodes `input` both ways (see the file comment); anything but agreeing results or WbxmlErrors is a failure. */
export function runDecodeCase(codec: Codec, input: Uint8Array, options: { resources?: boolean } = {}): CaseResult {
  const t0 = performance.now();
  const resources: Measure[] = [];
  const attempt = <T>(api: Measure['api'], f: () => T): { value?: T; error?: unknown } => {
    if (!options.resources) {
      try {
        return { value: f() };
      } catch (error) {
        return { error };
      }
    }
    const m = measure(f, timeBound(input.length));
    resources.push({ api, inputBytes: input.length, bytes: m.bytes, ms: m.ms });
    return 'error' in m ? { error: m.error } : { value: m.value as T };
  };
  const tree = attempt('decode', () => codec.decode(input));
  const xml = attempt('decodeToXml', () => codec.decodeToXml(input, codec.registry));
  const ms = () => performance.now() - t0;
  const fail = (failure: string): CaseResult => ({ outcome: 'failure', ms: ms(), failure, resources });
  const describe = (e: unknown): string =>
    e instanceof codec.WbxmlError
      ? `WbxmlError ${e.code} at ${e.offset}: ${e.message}`
      : e instanceof Error
        ? `${e.name}: ${e.message}\n${e.stack}`
        : String(e);
  for (const r of [tree, xml]) {
    if ('error' in r) {
      const e = r.error;
      if (
        !(e instanceof codec.WbxmlError) ||
        typeof e.code !== 'string' ||
        e.offset === undefined ||
        e.offset < 0 ||
        e.offset > input.length
      ) {
        return fail(`not a WbxmlError with an offset in the input: ${describe(e)}`);
      }
    }
  }
  let outcome: string;
  if ('error' in tree || 'error' in xml) {
    if (!('error' in tree && 'error' in xml)) {
      return fail(
        `decode and decodeToXml disagree: ${'error' in tree ? describe(tree.error) : 'ok'} / ${'error' in xml ? describe(xml.error) : 'ok'}`,
      );
    }
    const a = tree.error as Generated.WbxmlError;
    const b = xml.error as Generated.WbxmlError;
    if (a.code !== b.code || a.offset !== b.offset) return fail(`decode and decodeToXml fail differently: ${describe(a)} / ${describe(b)}`);
    outcome = a.code;
  } else {
    outcome = 'ok';
    const written = xml.value!.xml;
    let again: string;
    try {
      again = codec.toXml(tree.value!.doc, { indent: '' });
    } catch (e) {
      return fail(`toXml of a decoded tree fails: ${describe(e)}`);
    }
    if (again !== written) return fail(`decodeToXml and toXml(decode()) differ:\n${written}\n${again}`);
    try {
      codec.fromXml(written);
    } catch (e) {
      return fail(`the XML text decodeToXml wrote does not parse: ${describe(e)}\n${written}`);
    }
  }
  const total = ms();
  if (total > CASE_TIME_LIMIT_MS) return fail(`took ${total.toFixed(0)} ms`);
  for (const m of resources) {
    if (m.bytes !== undefined && m.bytes > memoryBound(m.api, m.inputBytes)) {
      return fail(
        `${m.api} allocated ${m.bytes} bytes for ${m.inputBytes} input bytes, over the bound ${memoryBound(m.api, m.inputBytes)}`,
      );
    }
    if (m.ms > timeBound(m.inputBytes))
      return fail(`${m.api} took ${m.ms.toFixed(1)} ms for ${m.inputBytes} input bytes, over ${timeBound(m.inputBytes)} ms`);
  }
  return { outcome, ms: total, resources };
}

/**
 * Resource figures over many cases: the worst amplification (allocated bytes per input byte,
 * among inputs of at least 4 KB, where the fixed base no longer dominates), the case closest to its
 * bound, the slowest per byte.
 */
export class ResourceStats {
  measured = 0;
  unmeasured = 0;
  worst: { api: string; perByte: number; bytes: number; inputBytes: number; where: string } | undefined;
  closest: { api: string; share: number; bytes: number; inputBytes: number; where: string } | undefined;
  slowest: { api: string; usPerByte: number; ms: number; inputBytes: number; where: string } | undefined;

  add(r: CaseResult, where: string): void {
    for (const m of r.resources ?? []) {
      if (m.bytes === undefined) {
        this.unmeasured++;
        continue;
      }
      this.measured++;
      const perByte = m.bytes / m.inputBytes;
      if (m.inputBytes >= 4096 && (!this.worst || perByte > this.worst.perByte))
        this.worst = { api: m.api, perByte, bytes: m.bytes, inputBytes: m.inputBytes, where };
      const share = m.bytes / memoryBound(m.api, m.inputBytes);
      if (!this.closest || share > this.closest.share)
        this.closest = { api: m.api, share, bytes: m.bytes, inputBytes: m.inputBytes, where };
      const us = (m.ms * 1000) / Math.max(m.inputBytes, 1);
      if (m.inputBytes >= 4096 && (!this.slowest || us > this.slowest.usPerByte))
        this.slowest = { api: m.api, usPerByte: us, ms: m.ms, inputBytes: m.inputBytes, where };
    }
  }

  report(): string[] {
    const lines = [
      `resources: ${this.measured} calls measured, ${this.unmeasured} not measurable (a collection ran during the call, or it failed)`,
    ];
    if (this.worst)
      lines.push(
        `  worst amplification (inputs ≥ 4 KB): ${this.worst.api} ${this.worst.perByte.toFixed(1)} bytes allocated per input byte (${this.worst.bytes} for ${this.worst.inputBytes}, ${this.worst.where})`,
      );
    if (this.closest)
      lines.push(
        `  closest to its bound: ${this.closest.api} ${(this.closest.share * 100).toFixed(1)} % of ${RESOURCE_BOUNDS[this.closest.api as Measure['api']].perByte} × n + ${RESOURCE_BOUNDS.decode.base} (${this.closest.bytes} bytes for ${this.closest.inputBytes}, ${this.closest.where})`,
      );
    if (this.slowest)
      lines.push(
        `  slowest per byte (inputs ≥ 4 KB): ${this.slowest.api} ${this.slowest.usPerByte.toFixed(3)} µs per input byte (${this.slowest.ms.toFixed(1)} ms for ${this.slowest.inputBytes}, ${this.slowest.where})`,
      );
    return lines;
  }
}

// ---- random valid trees ------------------------------------------------------------------------

const TEXT_ALPHABET = [
  'a',
  'Z',
  '0',
  ' ',
  '-',
  '@',
  '.',
  'õ',
  'ß',
  '日',
  '本',
  '🚀',
  '&',
  '<',
  '>',
  '"',
  "'",
  '\u00a0',
  '\t',
  '\n',
  '\ufeff',
];

function randomText(rng: Rng): string {
  let s = '';
  const n = 1 + int(rng, 12);
  for (let i = 0; i < n; i++) s += pick(rng, TEXT_ALPHABET);
  // a text made only of white space next to elements would be indentation in XML text
  return s.trim() === '' ? `x${s}` : s;
}

/** A random tree that the codec must give back exactly (canonical: one non-empty text per element, decimal integers). */
export function randomTree(rng: Rng, t: CspTables): CspElement {
  const names = [...t.tagByName.keys()];
  const values = [...t.valueTokens.keys()];
  const build = (depth: number): CspElement => {
    const r = rng();
    const name = r < 0.05 ? `X-Literal${int(rng, 5)}` : pick(rng, names);
    const attributes: Record<string, string> = {};
    if (rng() < 0.1)
      attributes['xmlns'] = rng() < 0.7 ? `${pick(rng, t.attributeStarts).valuePrefix}${t.version}` : `urn:x-${int(rng, 99)}`;
    if (rng() < 0.03) attributes['x-attr'] = randomText(rng);
    let children: CspNode[] = [];
    if (t.integerElements.has(name)) children = rng() < 0.9 ? [String(int(rng, 2) ? int(rng, 300) : Math.floor(rng() * 0xffffffff))] : [];
    else if (t.dateTimeElements.has(name)) {
      const p = (n: number, w: number) => String(n).padStart(w, '0');
      const compact = `${p(1 + int(rng, 4095), 4)}${p(1 + int(rng, 12), 2)}${p(1 + int(rng, 31), 2)}T${p(int(rng, 24), 2)}${p(int(rng, 60), 2)}${p(int(rng, 61), 2)}`;
      children = [
        rng() < 0.5
          ? `${compact}${pick(rng, ['', 'Z', 'A', 'M'])}`
          : pick(rng, ['2001-10-19T09:50:31Z', '20011019T0950', compact + '+01:00']),
      ];
    } else if (depth < 6 && rng() < 0.5) {
      const n = 1 + int(rng, 4);
      for (let i = 0; i < n; i++) children.push(build(depth + 1));
    } else if (rng() < 0.4) children = [pick(rng, values)];
    else if (rng() < 0.5) children = [randomText(rng)];
    else if (rng() < 0.1) children = [new Uint8Array(Array.from({ length: int(rng, 8) }, () => int(rng, 256)))];
    return { name, attributes, children };
  };
  const root = build(0);
  return { name: t.rootElement, attributes: { xmlns: t.namespaces.csp }, children: [root] };
}

/** A tree as a comparable string (attribute objects may or may not have a prototype). */
export function canonical(node: CspNode): string {
  if (typeof node === 'string') return JSON.stringify(node);
  if (node instanceof Uint8Array) return `bytes(${Array.from(node).join(',')})`;
  const attrs = Object.keys(node.attributes)
    .sort()
    .map((k) => `${JSON.stringify(k)}=${JSON.stringify(node.attributes[k])}`)
    .join(' ');
  return `<${node.name} ${attrs}>[${node.children.map(canonical).join(',')}]`;
}

/** Round-trip case `index`: tree → WBXML → tree, and tree → XML text → tree. */
export function runRoundTripCase(codec: Codec, seed: number, index: number): CaseResult & { input?: Uint8Array } {
  const rng = prng((seed ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
  const t = pick(rng, codec.registry);
  const tree = randomTree(rng, t);
  const t0 = performance.now();
  let bytes: Uint8Array | undefined;
  try {
    bytes = codec.encode(tree, { version: t.version });
    const back = codec.decode(bytes).doc;
    if (canonical(back) !== canonical(tree))
      return {
        outcome: 'failure',
        ms: performance.now() - t0,
        failure: `WBXML round trip differs:\n${canonical(tree)}\n${canonical(back)}`,
        input: bytes,
      };
    // XML text carries no raw bytes: compare trees without OPAQUE binary children
    if (!hasBytes(tree)) {
      const again = codec.fromXml(codec.toXml(tree)).doc;
      if (canonical(again) !== canonical(tree))
        return {
          outcome: 'failure',
          ms: performance.now() - t0,
          failure: `XML text round trip differs:\n${canonical(tree)}\n${canonical(again)}`,
          input: bytes,
        };
    }
  } catch (e) {
    return {
      outcome: 'failure',
      ms: performance.now() - t0,
      failure: `${(e as Error).name}: ${(e as Error).message}\n${canonical(tree)}`,
      ...(bytes ? { input: bytes } : {}),
    };
  }
  return { outcome: 'ok', ms: performance.now() - t0 };
}

const LIMIT_NAMES = [
  'maxStringLength',
  'maxDepth',
  'maxElements',
  'maxDocumentSize',
  'maxStringTableSize',
  'maxTextBytes',
  'maxTextExpansion',
] as const;

/**
 * Limit-symmetry case `index`: a random valid tree encoded under tight limits. When the encoder
 * accepts it, a decoder with the same limits must accept its bytes and give the tree back: the
 * encoder must not write what a peer with its own limits refuses (a literal name longer than
 * maxStringLength, a string table over maxStringTableSize and non-ASCII text measured in UTF-16
 * code units once slipped through). An encoder refusal must be a `limit` error. Half of the cases
 * sit on a boundary: the smallest value of one limit with which a decoder reads the document, or
 * one less (where the encoder must refuse); the others draw several small limits at random.
 */
export function runLimitSymmetryCase(codec: Codec, seed: number, index: number): CaseResult & { input?: Uint8Array } {
  const rng = prng((seed ^ Math.imul(index + 1, 0x27d4eb2f)) >>> 0);
  const t = pick(rng, codec.registry);
  const tree = randomTree(rng, t);
  const limits: Limits = {};
  const t0 = performance.now();
  if (rng() < 0.5) {
    const name = pick(rng, LIMIT_NAMES);
    const plain = codec.encode(tree, { version: t.version });
    const reads = (v: number) => {
      try {
        codec.decode(plain, { [name]: v });
        return true;
      } catch {
        return false;
      }
    };
    let hi = 1;
    while (!reads(hi)) hi *= 2;
    let lo = 0;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (reads(mid)) hi = mid;
      else lo = mid + 1;
    }
    limits[name] = Math.max(0, lo - int(rng, 2));
  } else {
    if (rng() < 0.5) limits.maxStringLength = 1 + int(rng, 16);
    if (rng() < 0.3) limits.maxDepth = 1 + int(rng, 8);
    if (rng() < 0.3) limits.maxElements = 1 + int(rng, 20);
    if (rng() < 0.3) limits.maxDocumentSize = 4 + int(rng, 200);
    if (rng() < 0.3) limits.maxStringTableSize = int(rng, 40);
    if (rng() < 0.3) limits.maxTextBytes = int(rng, 60);
    if (rng() < 0.2) limits.maxTextExpansion = int(rng, 3);
  }
  const described = `limits ${JSON.stringify(limits)}\n${canonical(tree)}`;
  let bytes: Uint8Array;
  try {
    bytes = codec.encode(tree, { version: t.version, ...limits });
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    return code === 'limit'
      ? { outcome: 'limit', ms: performance.now() - t0 }
      : { outcome: 'failure', ms: performance.now() - t0, failure: `encode threw ${String(code)}: ${(e as Error).message}\n${described}` };
  }
  try {
    const back = codec.decode(bytes, limits).doc;
    if (canonical(back) !== canonical(tree))
      return {
        outcome: 'failure',
        ms: performance.now() - t0,
        failure: `the tree came back different\n${described}\n${canonical(back)}`,
        input: bytes,
      };
  } catch (e) {
    return {
      outcome: 'failure',
      ms: performance.now() - t0,
      failure: `encode accepted the tree, decode with the same limits refused it: ${(e as Error).message}\n${described}`,
      input: bytes,
    };
  }
  return { outcome: 'ok', ms: performance.now() - t0 };
}

function hasBytes(el: CspElement): boolean {
  return el.children.some((c) => c instanceof Uint8Array || (typeof c === 'object' && hasBytes(c)));
}

export function toHex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

export function fromHex(s: string): Uint8Array {
  const clean = s.replace(/#.*$/gm, '').replace(/\s+/g, '');
  return new Uint8Array(clean.match(/../g)?.map((h) => parseInt(h, 16)) ?? []);
}

// ---- hostile trees -----------------------------------------------------------------------------

/** What a case's own getters and traps throw: it may pass through the engine unchanged (documented). */
export class HostileMarker extends Error {
  constructor(where: string) {
    super(`hostile marker: ${where}`);
    this.name = 'HostileMarker';
  }
}

/** What a polluted prototype holds (and what a tree hides: inherited, non-enumerable, symbol keys): must never show up in what the engine writes. */
const POLLUTED = 'POLLUTED-by-fuzz';
/** What a getter answers after its first answer: shows up only when the engine reads a part twice (the expected tree catches that). */
const LATER = 'LATER-answer';

/** One hostile-tree case as it was built: the tree, the tree the engine should see, what to call. */
interface HostileCase {
  /** The hostile tree. */
  tree: unknown;
  /**
   * The tree the engine should see, as plain objects and arrays: each getter's first answer, own
   * enumerable string keys only; built from the same parts (so a cycle or a hole is there too).
   */
  expected: unknown;
  /** The mutations applied, for the failure message. */
  mutations: string[];
  /** A getter or trap that throws a HostileMarker is in the tree. */
  throws: boolean;
  /** A trap that throws a HostileMarker may be asked (a marker may come out), or may not. */
  mayThrow: boolean;
  /** A subtree is walked more than once (shared, or in a cycle): its getters answer again at each visit. */
  shared: boolean;
  /** A getter, a proxy or a nested call is in the tree. */
  fickle: boolean;
  /** The root has a getter or is a proxy: `encode` without a version reads it twice (tablesFor, then the walk). */
  rootFickle: boolean;
  /** A children array has holes: they read what Array.prototype has at their index (JavaScript's rule). */
  holes: boolean;
  /** The answers of a proxy's traps cannot be told from the first answers (a length that changes): only crash and pollution checks. */
  unpredictable: boolean;
  /** Nested calls made from getters: each result must be what the call gives on its own. */
  nested: { what: string; got: () => string; want: string }[];
}

/** Bytes as a string of one character per byte (compared and searched fast, also when they are MBs). */
const latin1 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.length).toString('latin1');

/** The calls a hostile case makes, each with the text its output is compared by. */
const HOSTILE_CALLS: readonly { name: string; run: (codec: Codec, tree: unknown, version: string) => string }[] = [
  { name: 'encode (version from xmlns)', run: (c, t) => latin1(c.encode(t as CspElement)) },
  { name: 'encode (version named)', run: (c, t, v) => latin1(c.encode(t as CspElement, { version: v })) },
  { name: 'toXml', run: (c, t) => c.toXml(t as CspElement) },
  { name: 'toXml (one line)', run: (c, t) => c.toXml(t as CspElement, { indent: '' }) },
  {
    name: 'toXml (doctype)',
    run: (c, t) => c.toXml(t as CspElement, { doctypePublicId: '-//OMA//DTD WV-CSP 1.3//EN' }),
  },
];

/** A plain copy of a decoded tree (attributes as `{}` objects, as a hand-built tree has them). */
function plainCopy(node: CspNode): CspNode {
  if (typeof node === 'string' || node instanceof Uint8Array) return node;
  const attributes: Record<string, string> = {};
  for (const k of Object.keys(node.attributes)) attributes[k] = node.attributes[k]!;
  return { name: node.name, attributes, children: node.children.map(plainCopy) };
}

/**
 * Defines `key` on `target` as a getter: the first read answers `first`, later reads `later`
 * (or throw a marker when `later` is THROW_LATER); the expected tree keeps `first`.
 */
function fickle(target: object, key: PropertyKey, first: unknown, later: unknown): void {
  let reads = 0;
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get: () => (reads++ === 0 ? first : later),
  });
}

/** What a second read of a name, children or attributes answers in a fickle getter. */
function laterAnswer(rng: Rng, prop: 'name' | 'children' | 'attributes', ctx: { tree?: unknown }): unknown {
  const common = [undefined, null, 5, 'abc', {}, Symbol('x')];
  switch (prop) {
    case 'name':
      return pick(rng, [...common, 'Session', 'X-Other', '1bad', 'a'.repeat(70_000)]);
    case 'children':
      return pick(rng, [...common, [], ['text'], [{ name: 'Evil', attributes: {}, children: [] }], [ctx.tree], [5]]);
    default:
      return pick(rng, [...common, { evil: 'x' }, { xmlns: 'urn:evil' }, { a: 5 }]);
  }
}

/**
 * Hostile-tree case `index`: a real message's tree (one of the seed messages, decoded) with one to
 * four hostile mutations, handed to one of encode (its version chosen from the root's xmlns by
 * tablesFor, or named) and toXml (indented, one line, with a DOCTYPE), under a polluted
 * Object.prototype or Array.prototype half of the time (restored after the call). The oracle: the
 * call gives exactly what it gives for the expected tree (the first answer of every getter, own
 * enumerable string keys; computed without hostility), or a WbxmlError (of the same code when the
 * expected tree is refused too), or a marker error the case's own getter threw; never another
 * error, never a polluted key or value in the output, never a nested call (encode, toXml or decode
 * in a getter) that gives something else than on its own.
 */
export function runHostileTreeCase(codec: Codec, seed: number, index: number, seeds: readonly Uint8Array[]): CaseResult {
  const rng = prng((seed ^ Math.imul(index + 1, 0x165667b1)) >>> 0);
  const t0 = performance.now();
  const seedBytes = pick(rng, seeds);
  let source: CspElement;
  let version: string;
  try {
    ({ doc: source, version } = codec.decode(seedBytes));
  } catch {
    return { outcome: 'seed refused', ms: performance.now() - t0 };
  }
  const c = buildHostile(codec, rng, plainCopy(source) as CspElement, seeds);
  const call = pick(rng, HOSTILE_CALLS);
  const pollution = rng() < 0.5 ? pick(rng, POLLUTIONS) : undefined;
  // A hole reads Array.prototype's entry at its index (JavaScript's rule, left to the caller as a
  // polluted option is: a tree with holes is wrong anyway): the output is not compared then, but
  // is still checked for crashes.
  // Known and left (README, Hostile callers): `encode` without a version asks tablesFor for the
  // version, which reads the root, and then walks it: a root getter answers twice.
  if (c.rootFickle && call.name === 'encode (version from xmlns)') c.unpredictable = c.mayThrow = true;
  const holeReadsPollution = c.holes && pollution !== undefined && /\[\d\]|\.0$/.test(pollution.name);
  const described = () =>
    `${call.name} of a ${version} tree, mutations ${c.mutations.join(', ')}${pollution ? `, polluted ${pollution.name}` : ''}`;

  // The reference: the same call on the expected tree, with no hostility.
  let want: { ok: string } | { code: string } | { other: string };
  try {
    want = { ok: call.run(codec, c.expected, version) };
  } catch (e) {
    want = e instanceof codec.WbxmlError ? { code: e.code } : { other: `${(e as Error).name}: ${(e as Error).message}` };
  }
  if ('other' in want)
    return { outcome: 'failure', ms: performance.now() - t0, failure: `the plain tree threw ${want.other} (${described()})` };

  let got: { ok: string } | { error: unknown };
  const restore = pollution?.apply();
  try {
    got = { ok: call.run(codec, c.tree, version) };
  } catch (e) {
    got = { error: e };
  } finally {
    restore?.();
  }
  const ms = performance.now() - t0;
  const fail = (why: string): CaseResult => ({ outcome: 'failure', ms, failure: `${why} (${described()})` });
  for (const n of c.nested) {
    const g = n.got();
    if (g !== n.want) return fail(`a nested ${n.what} gave ${g.slice(0, 200)} where on its own it gives ${n.want.slice(0, 200)}`);
  }
  if ('error' in got) {
    const e = got.error;
    if (e instanceof HostileMarker) {
      return c.throws || c.mayThrow || pollution?.throws
        ? { outcome: 'marker', ms }
        : fail(`a marker error came out of a case without a throwing getter`);
    }
    if (!(e instanceof codec.WbxmlError)) return fail(`threw ${(e as Error)?.name}: ${(e as Error)?.message}\n${(e as Error)?.stack}`);
    if ('code' in want && want.code !== e.code && !c.throws && !c.unpredictable && !holeReadsPollution)
      return fail(`threw ${e.code} (${e.message}) where the expected tree gives ${want.code}`);
    return { outcome: e.code, ms };
  }
  if (holeReadsPollution) return { outcome: 'ok (a hole read the prototype)', ms };
  if (got.ok.includes(POLLUTED)) return fail('the output holds a polluted value');
  if (c.unpredictable) return { outcome: 'ok (unchecked)', ms };
  if (!('ok' in want)) return fail(`succeeded where the expected tree gives ${want.code}:\n${got.ok.slice(0, 400)}`);
  if (got.ok !== want.ok) {
    let at = 0;
    while (got.ok[at] === want.ok[at]) at++;
    const around = (x: string) => JSON.stringify(x.slice(Math.max(0, at - 40), at + 80));
    return fail(`output differs from the expected tree's at ${at}:\n${around(got.ok)}\n${around(want.ok)}`);
  }
  return { outcome: 'ok', ms };
}

/** Ways to pollute the shared prototypes for one call; each returns its undo. */
const POLLUTIONS: readonly { name: string; apply: () => () => void; throws?: true }[] = [
  ...['polluted', 'xmlns', 'attributes', 'length', '0'].map((key) => ({
    name: `Object.prototype.${key}`,
    apply: () => definedOn(Object.prototype, key, key === 'attributes' ? { [POLLUTED]: POLLUTED } : POLLUTED),
  })),
  ...['0', '1', '2'].map((key) => ({
    name: `Array.prototype[${key}]`,
    apply: () => definedOn(Array.prototype, key, POLLUTED),
  })),
  {
    name: 'Array.prototype[1] (an element)',
    apply: () => definedOn(Array.prototype, '1', { name: POLLUTED, attributes: {}, children: [] }),
  },
  {
    name: 'Array.prototype[Symbol.iterator] (empty)',
    apply: () =>
      definedOn(Array.prototype, Symbol.iterator, function* () {
        /* nothing */
      }),
  },
  {
    name: 'Array.prototype[Symbol.iterator] (throws)',
    throws: true,
    apply: () =>
      definedOn(Array.prototype, Symbol.iterator, () => {
        throw new HostileMarker('Array.prototype[Symbol.iterator]');
      }),
  },
];

/** Sets `target[key]` as plain assignment would (writable, enumerable); the undo puts back what was there. */
function definedOn(target: object, key: PropertyKey, value: unknown): () => void {
  const before = Object.getOwnPropertyDescriptor(target, key);
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  return () => {
    if (before) Object.defineProperty(target, key, before);
    else Reflect.deleteProperty(target, key);
  };
}

/** Element mutations: each takes the element built so far (hostile and expected) and changes both. */
type Mutation = (
  rng: Rng,
  h: Record<PropertyKey, unknown>,
  e: Record<string, unknown>,
  c: HostileCase,
  ctx: { codec: Codec; seeds: readonly Uint8Array[]; ancestors: { h: unknown; e: unknown }[] },
) => Record<PropertyKey, unknown>;

const ELEMENT_PROPS = ['name', 'children', 'attributes'] as const;

const MUTATIONS: Readonly<Record<string, Mutation>> = {
  fickleProp(rng, h, _e, _c, ctx) {
    const prop = pick(rng, ELEMENT_PROPS);
    fickle(h, prop, h[prop], laterAnswer(rng, prop, { tree: ctx.ancestors[0]?.h }));
    return h;
  },
  throwingProp(rng, h, _e, c) {
    const prop = pick(rng, ELEMENT_PROPS);
    Object.defineProperty(h, prop, {
      enumerable: true,
      get: () => {
        throw new HostileMarker(prop);
      },
    });
    c.throws = true;
    return h;
  },
  fickleAttributeValue(rng, h, e, c) {
    const attrs = h['attributes'] as Record<string, unknown>;
    const key = pick(rng, ['a', 'xmlns', ...Object.keys(attrs)]);
    const first =
      rng() < 0.8 ? (typeof attrs[key] === 'string' ? attrs[key] : 'v') : pick(rng, [5, null, undefined, {}, 'x'.repeat(300_000)]);
    const later = pick(rng, [5, null, undefined, 'other', LATER, THROW]);
    let reads = 0;
    Object.defineProperty(attrs, key, {
      enumerable: true,
      configurable: true,
      get: () => {
        if (reads++ === 0) return first;
        if (later === THROW) throw new HostileMarker(`attribute ${key}`);
        return later;
      },
    });
    (e['attributes'] as Record<string, unknown>)[key] = first;
    void c;
    return h;
  },
  throwingAttributeValue(_rng, h, _e, c) {
    Object.defineProperty(h['attributes'] as object, 'a', {
      enumerable: true,
      get: () => {
        throw new HostileMarker('attribute a');
      },
    });
    c.throws = true;
    return h;
  },
  hiddenAttributes(rng, h) {
    // non-enumerable and symbol keys: not attributes
    const attrs = h['attributes'] as Record<PropertyKey, unknown>;
    Object.defineProperty(attrs, 'hidden', { value: POLLUTED, enumerable: false });
    attrs[Symbol(POLLUTED)] = POLLUTED;
    if (rng() < 0.5) Object.defineProperty(attrs, Symbol.iterator, { value: POLLUTED, enumerable: true });
    return h;
  },
  inheritedAttributes(rng, h, e) {
    // a class instance: what its prototype has is not its own
    class Attrs {
      declare readonly fromClass: string;
    }
    Object.defineProperty(Attrs.prototype, 'inherited', { value: POLLUTED, enumerable: true });
    const attrs = new Attrs() as unknown as Record<string, unknown>;
    const own = h['attributes'] as Record<string, unknown>;
    for (const k of Object.keys(own)) attrs[k] = own[k];
    if (rng() < 0.5) attrs['own'] = 'yes';
    const expected: Record<string, unknown> = {};
    for (const k of Object.keys(attrs)) expected[k] = attrs[k];
    h['attributes'] = attrs;
    e['attributes'] = expected;
    return h;
  },
  classElement(_rng, h) {
    // an element whose parts are getters of its class (read like any property)
    const parts = { name: h['name'], attributes: h['attributes'], children: h['children'] };
    class El {
      get name() {
        return parts.name;
      }
      get attributes() {
        return parts.attributes;
      }
      get children() {
        return parts.children;
      }
    }
    return new El() as unknown as Record<PropertyKey, unknown>;
  },
  frozen(rng, h) {
    const f = rng() < 0.5 ? Object.freeze : Object.seal;
    f(h['attributes'] as object);
    f(h['children'] as object);
    return f(h);
  },
  nonStringName(rng, h, e) {
    const v = pick(rng, [5, null, undefined, Symbol('n'), new String('Session'), { toString: () => 'Session' }, ['Session']]);
    h['name'] = e['name'] = v;
    return h;
  },
  hugeName(rng, h, e) {
    h['name'] = e['name'] = `${pick(rng, ['X', 'Session'])}${'a'.repeat(pick(rng, [1000, 70_000, 1_100_000]))}`;
    return h;
  },
  hugeText(rng, h, e) {
    const s = pick(rng, ['a', '日', '🚀', '<&>']).repeat(pick(rng, [1000, 300_000]));
    (h['children'] as unknown[]).push(s);
    (e['children'] as unknown[]).push(s);
    return h;
  },
  nonStringAttribute(rng, h, e) {
    const v = pick(rng, [5, null, undefined, true, new String('v'), { toString: () => 'v' }, Symbol('v'), 10n]);
    (h['attributes'] as Record<string, unknown>)['a'] = v;
    (e['attributes'] as Record<string, unknown>)['a'] = v;
    return h;
  },
  oddAttributeName(rng, h, e) {
    const k = pick(rng, ['__proto__', 'constructor', '1', '', 'a b', 'xmlns:x', 'toString', 'hasOwnProperty']);
    Object.defineProperty(h['attributes'], k, { value: 'v', enumerable: true, writable: true, configurable: true });
    Object.defineProperty(e['attributes'], k, { value: 'v', enumerable: true, writable: true, configurable: true });
    void rng;
    return h;
  },
  sparseChildren(rng, h, e) {
    const hc = h['children'] as unknown[];
    const ec = e['children'] as unknown[];
    const at = int(rng, hc.length + 2);
    hc.length = Math.max(hc.length, at + 1);
    ec.length = hc.length;
    if (at + 1 < hc.length) {
      delete hc[at];
      delete ec[at];
    }
    return h;
  },
  arrayLikeChildren(_rng, h, e) {
    const hc = h['children'] as unknown[];
    const like: Record<string, unknown> = { length: hc.length };
    hc.forEach((v, i) => {
      like[i] = v;
    });
    h['children'] = like;
    e['children'] = like;
    return h;
  },
  childrenProxy(rng, h, e, c) {
    const hc = h['children'] as unknown[];
    const kind = pick(rng, ['longer', 'shorter', 'changing', 'index getter', 'throws']);
    const real = hc.length;
    const shown = kind === 'longer' ? real + 1 + int(rng, 3) : kind === 'shorter' ? int(rng, real + 1) : real;
    let lengthReads = 0;
    const readsAt = new Map<PropertyKey, number>();
    const later = { name: 'Evil', attributes: { evil: LATER }, children: [] };
    h['children'] = new Proxy(hc, {
      get(target, key, receiver) {
        if (key === 'length') {
          if (kind === 'changing') return real + (lengthReads++ % 3) - 1;
          return shown;
        }
        if (kind === 'throws' && key === String(real - 1)) throw new HostileMarker('children proxy');
        if (kind === 'index getter' && typeof key === 'string' && /^\d+$/.test(key)) {
          const n = readsAt.get(key) ?? 0;
          readsAt.set(key, n + 1);
          if (n > 0) return later;
        }
        return Reflect.get(target, key, receiver);
      },
    });
    const ec = e['children'] as unknown[];
    if (kind === 'longer') {
      ec.length = shown;
      c.holes = true; // (past the real length, as a hole: what Array.prototype has there)
    } else if (kind === 'shorter') ec.length = shown;
    else if (kind === 'changing') c.unpredictable = c.holes = true;
    else if (kind === 'throws' && real > 0) c.throws = true;
    return h;
  },
  attributesProxy(rng, h, e, c) {
    const attrs = h['attributes'] as Record<string, unknown>;
    const kind = pick(rng, ['ghost key', 'symbol keys', 'ownKeys throws', 'value changes', 'has lies']);
    const expected = e['attributes'] as Record<string, unknown>;
    let reads = 0;
    h['attributes'] = new Proxy(attrs, {
      ownKeys(target) {
        if (kind === 'ownKeys throws') throw new HostileMarker('ownKeys');
        const keys = Reflect.ownKeys(target);
        // (concat, not spread: the traps run while Array.prototype's iterator may be replaced)
        if (kind === 'ghost key') return keys.concat(['ghost']);
        if (kind === 'symbol keys') return ([Symbol('s')] as (string | symbol)[]).concat(keys);
        return keys;
      },
      get(target, key, receiver) {
        if (kind === 'value changes' && typeof key === 'string' && Object.hasOwn(target, key) && reads++ > 0) return LATER;
        return Reflect.get(target, key, receiver);
      },
      has(target, key) {
        return kind === 'has lies' ? true : Reflect.has(target, key);
      },
    });
    if (kind === 'ownKeys throws' && Object.keys(attrs).length >= 0) c.throws = true;
    void expected;
    return h;
  },
  elementProxy(rng, h, _e, c) {
    const kind = pick(rng, ['plain', 'second read differs', 'has lies', 'getPrototypeOf throws']);
    const reads = new Map<PropertyKey, number>();
    if (kind === 'getPrototypeOf throws') c.mayThrow = true; // (asked by instanceof, not always)
    return new Proxy(h, {
      get(target, key, receiver) {
        const n = reads.get(key) ?? 0;
        reads.set(key, n + 1);
        if (kind === 'second read differs' && n > 0 && key === 'children') return [LATER];
        return Reflect.get(target, key, receiver);
      },
      has(target, key) {
        return kind === 'has lies' ? !Reflect.has(target, key) : Reflect.has(target, key);
      },
      getPrototypeOf(target) {
        if (kind === 'getPrototypeOf throws') throw new HostileMarker('getPrototypeOf');
        return Reflect.getPrototypeOf(target);
      },
    });
  },
  sharedSubtree(rng, h, e) {
    const hc = h['children'] as unknown[];
    const ec = e['children'] as unknown[];
    // (isView, not instanceof: a proxy child's getPrototypeOf trap may throw)
    const i = hc.findIndex((x) => typeof x === 'object' && x !== null && !ArrayBuffer.isView(x));
    if (i < 0) return h;
    const times = pick(rng, [2, 3, 50]);
    for (let k = 0; k < times; k++) {
      hc.push(hc[i]);
      ec.push(ec[i]);
    }
    return h;
  },
  cycle(rng, h, e, _c, ctx) {
    // a chain of 0–60 elements, the last of which contains an ancestor (or this element)
    const depth = int(rng, 61);
    const path = [...ctx.ancestors, { h, e }];
    const target = pick(rng, path);
    let innerH: Record<string, unknown> = { name: 'Chain', attributes: {}, children: [target.h] };
    let innerE: Record<string, unknown> = { name: 'Chain', attributes: {}, children: [target.e] };
    for (let i = 0; i < depth; i++) {
      innerH = { name: 'Chain', attributes: {}, children: [innerH] };
      innerE = { name: 'Chain', attributes: {}, children: [innerE] };
    }
    (h['children'] as unknown[]).push(innerH);
    (e['children'] as unknown[]).push(innerE);
    return h;
  },
  nestedCall(rng, h, e, c, ctx) {
    const { codec, seeds } = ctx;
    const bytes = pick(rng, seeds);
    let inner: CspElement;
    try {
      inner = codec.decode(bytes).doc;
    } catch {
      return h;
    }
    const what = pick(rng, ['encode', 'toXml', 'decode']);
    const run = (): string => {
      try {
        if (what === 'encode') return latin1(codec.encode(inner));
        if (what === 'toXml') return codec.toXml(inner);
        return canonical(codec.decode(bytes).doc);
      } catch (err) {
        if (err instanceof HostileMarker) return 'marker';
        return err instanceof codec.WbxmlError ? `WbxmlError ${err.code}` : `${(err as Error).name}: ${(err as Error).message}`;
      }
    };
    const want = run();
    const results: string[] = [];
    const prop = pick(rng, ['name', 'children', 'attributes', 'attribute'] as const);
    const holder = prop === 'attribute' ? (h['attributes'] as Record<string, unknown>) : h;
    const key = prop === 'attribute' ? 'a' : prop;
    const value = prop === 'attribute' ? 'v' : h[prop];
    if (prop === 'attribute') (e['attributes'] as Record<string, unknown>)['a'] = 'v';
    Object.defineProperty(holder, key, {
      enumerable: true,
      configurable: true,
      get: () => {
        results.push(run());
        return value;
      },
    });
    c.nested.push({
      what,
      want,
      // every nested call gives what the call gives on its own (a polluted prototype may make it a WbxmlError)
      got: () => results.find((r) => r !== want && !r.startsWith('WbxmlError') && r !== 'marker') ?? want,
    });
    return h;
  },
};
const MUTATION_NAMES = Object.keys(MUTATIONS);
const THROW = Symbol('throw');

/** Builds the hostile tree and its expected twin from a plain tree, mutating about `n` elements. */
function buildHostile(codec: Codec, rng: Rng, plain: CspElement, seeds: readonly Uint8Array[]): HostileCase {
  const c: HostileCase = {
    tree: undefined,
    expected: undefined,
    mutations: [],
    throws: false,
    mayThrow: false,
    shared: false,
    fickle: false,
    rootFickle: false,
    holes: false,
    unpredictable: false,
    nested: [],
  };
  let count = 0;
  const countElements = (n: CspNode): void => {
    if (typeof n === 'object' && !(n instanceof Uint8Array)) {
      count++;
      n.children.forEach(countElements);
    }
  };
  countElements(plain);
  const wanted = 1 + int(rng, 4);
  const p = Math.min(1, wanted / count);
  const ancestors: { h: unknown; e: unknown }[] = [];
  const build = (node: CspNode): { h: unknown; e: unknown } => {
    if (typeof node === 'string' || node instanceof Uint8Array) return { h: node, e: node };
    let h: Record<PropertyKey, unknown> = { name: node.name, attributes: { ...node.attributes }, children: [] };
    const e: Record<string, unknown> = { name: node.name, attributes: { ...node.attributes }, children: [] };
    const pair = { h: h as unknown, e: e as unknown };
    ancestors.push(pair);
    for (const child of node.children) {
      const b = build(child);
      (h['children'] as unknown[]).push(b.h);
      (e['children'] as unknown[]).push(b.e);
    }
    ancestors.pop();
    if (rng() < p) {
      const m = pick(rng, MUTATION_NAMES);
      c.mutations.push(`${m} at <${node.name}>`);
      h = MUTATIONS[m]!(rng, h, e, c, { codec, seeds, ancestors });
      if (m === 'sharedSubtree' || m === 'cycle') c.shared = true;
      else if (/fickle|Proxy|nested|throwing|classElement/.test(m)) {
        c.fickle = true;
        if (ancestors.length === 0) c.rootFickle = true;
      }
      if (m === 'sparseChildren') c.holes = true;
      // the children array of an ancestor holds this element: put the mutated one there
      pair.h = h;
    }
    return pair;
  };
  const root = build(plain);
  // A getter in a subtree walked twice answers again at the second visit: no single first answer.
  if (c.shared && c.fickle) c.unpredictable = c.mayThrow = true;
  c.tree = root.h;
  c.expected = root.e;
  return c;
}
