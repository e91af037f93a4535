/**
 * The codec fuzzer, shared by the CI-sized test (test/fuzz/fuzz.test.ts) and the long runs
 * (`npm run fuzz -- --cases N --seed S`): seeded, so every failure can be replayed.
 *
 * Two kinds of cases:
 * - mutation: a real message (AOSP's vectors, libwbxml's messages encoded for each version) changed
 *   by one or more mutators — bit flips, byte sets, truncations, insertions, deletions, huge
 *   mb_u_int32 lengths, deep nesting, bad UTF-8, unknown pages and tokens, bad string-table
 *   references, splices of two messages — then decoded to a tree and to XML text. The case passes
 *   when each ends in a result or a WbxmlError, within the time bound.
 * - round trip: a random valid tree built from the tables (every kind of content), encoded, decoded
 *   and compared; also written as XML text and parsed back.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCodec } from '../generator/api.js';
import { packageRoot } from '../generator/package-root.js';
import { decodeToXml, toXml, WbxmlError, type CspElement, type CspNode, type CspTables } from '../generator/runtime/index.js';
import { encodeXml, fromXml } from '../generator/xml.js';

/** The codec under test: the engine's source with the tables of the shipped spec, built in process. */
const codec = await loadCodec({ cwd: packageRoot() });
if (!codec.ok) throw new Error('fuzz: the shipped spec does not validate (run `imps-tokengen validate`)');
const { registry, encode, decode } = codec;

/**
 * The messages mutations start from: AOSP's WBXML vectors, and libwbxml's 116 test messages
 * encoded as CSP 1.1, 1.2 and 1.3 (namespaces rewritten).
 */
export function loadSeeds(vectorsDir: string): Uint8Array[] {
  const seeds: Uint8Array[] = [];
  const aosp = join(vectorsDir, 'aosp-im-libwbxml');
  for (const f of readdirSync(aosp)
    .filter((f) => f.endsWith('.wbxml'))
    .sort())
    seeds.push(new Uint8Array(readFileSync(join(aosp, f))));
  const wv = join(vectorsDir, 'libwbxml-wv');
  const v11 = registry[0]!.namespaces;
  for (const f of readdirSync(wv)
    .filter((f) => f.endsWith('.xml'))
    .sort()) {
    const text = readFileSync(join(wv, f), 'utf8').replace(/<!DOCTYPE[^>]*>/, '');
    for (const t of registry) {
      const ns = t.namespaces;
      seeds.push(encodeXml(text.replaceAll(v11.csp, ns.csp).replaceAll(v11.trc, ns.trc).replaceAll(v11.pa, ns.pa), registry).bytes);
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
const int = (rng: Rng, n: number): number => Math.floor(rng() * n);
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[int(rng, xs.length)]!;

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
      ...pick(rng, [[0xc3, 0x28], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xc0, 0xaf], [0xff]]),
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

export interface CaseResult {
  /** `ok`, a WbxmlError code, or `failure`. */
  readonly outcome: string;
  readonly ms: number;
  readonly failure?: string;
}

/** The bound a single case must end within; a hang would show as a case far over it. */
export const CASE_TIME_LIMIT_MS = 1000;

/** Decodes `input` both ways; anything but a result or a WbxmlError is a failure. */
export function runDecodeCase(input: Uint8Array): CaseResult {
  const t0 = performance.now();
  let outcome = 'ok';
  let failure: string | undefined;
  for (const f of [() => decode(input), () => decodeToXml(input, registry)]) {
    try {
      f();
    } catch (e) {
      if (e instanceof WbxmlError && typeof e.code === 'string' && (e.offset === undefined || (e.offset >= 0 && e.offset <= input.length)))
        outcome = e.code;
      else {
        outcome = 'failure';
        failure = e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e);
        break;
      }
    }
  }
  const ms = performance.now() - t0;
  if (outcome !== 'failure' && ms > CASE_TIME_LIMIT_MS) return { outcome: 'failure', ms, failure: `took ${ms.toFixed(0)} ms` };
  return failure === undefined ? { outcome, ms } : { outcome, ms, failure };
}

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
      const compact = `${p(1 + int(rng, 4095), 4)}${p(1 + int(rng, 12), 2)}${p(1 + int(rng, 31), 2)}T${p(int(rng, 24), 2)}${p(int(rng, 60), 2)}${p(int(rng, 60), 2)}`;
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
export function runRoundTripCase(seed: number, index: number): CaseResult & { input?: Uint8Array } {
  const rng = prng((seed ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
  const t = pick(rng, registry);
  const tree = randomTree(rng, t);
  const t0 = performance.now();
  let bytes: Uint8Array | undefined;
  try {
    bytes = encode(tree, { version: t.version });
    const back = decode(bytes).doc;
    if (canonical(back) !== canonical(tree))
      return {
        outcome: 'failure',
        ms: performance.now() - t0,
        failure: `WBXML round trip differs:\n${canonical(tree)}\n${canonical(back)}`,
        input: bytes,
      };
    // XML text carries no raw bytes: compare trees without OPAQUE binary children
    if (!hasBytes(tree)) {
      const again = fromXml(toXml(tree)).doc;
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
