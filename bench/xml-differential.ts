/**
 * Our XML reader against saxes (a conformant parser), on the same texts: they must agree on accept
 * or reject, and on the tree of what they accept, but for the documented differences below. Used by
 * test/codec/xml-differential.test.ts (a fixed seed, a few thousand cases) and by hand for long runs:
 * `npm run build && node dist/bench/xml-differential.js --cases 1000000 --seed 1`.
 *
 * The cases: random documents of the kind CSP sends and of the kinds it never does (every construct
 * the reader handles: declaration, DOCTYPE, BOM, attributes, references, CDATA, comments, PIs,
 * CRLF, astral and non-ASCII characters, indentation), then the same mutated (characters that
 * matter to XML inserted, deleted, replaced; pieces duplicated; truncated). Each is read as a
 * string by both, and as UTF-8 bytes by ours too (which must give what the string gives).
 *
 * Allowed differences (the README lists them):
 * - an internal DTD subset with an entity or attribute list declaration: ours refuses it (no entity
 *   expansion, no attribute defaults); saxes reads the subset as opaque text;
 * - the DOCTYPE's grammar (PUBLIC needs a system literal, a public id only PubidChars, spaces
 *   between the parts, well-formed declarations, comments and PIs in the internal subset): ours
 *   checks it, saxes does not;
 * - the public id is normalised (white space collapsed to one space, trimmed), as XML 1.0 says a
 *   public id is before it is matched;
 * - a document declaring a version other than 1.0: ours reads it as XML 1.0 (as XML 1.0 says a
 *   1.0 processor must), saxes applies the rules of XML 1.1;
 * - a lone surrogate (possible only in a string): ours refuses it anywhere (XML's Char excludes
 *   U+D800-U+DFFF), saxes lets it through in attribute values, comments and CDATA sections;
 * - a processing instruction whose target is followed by neither a space nor `?>` (`<?a? b?>`):
 *   ours refuses it as XML's grammar does, saxes reads it;
 * - as bytes, an XML declaration naming an encoding other than UTF-8 is refused (give such a text
 *   as a string, decoded);
 * - the messages (and what is reported first when a text has two errors).
 */
import { fromXml } from '../generator/runtime/xml-reader.js';
import type { CspElement } from '../generator/runtime/tree.js';
import { int, pick, prng as random, type Rng as Random } from './fuzz-lib.js';
import { saxesFromXml } from './saxes-reference.js';

// ---- random: the fuzzer's seeded generator (mulberry32) and helpers -------------------------------

export { random };
export type { Random };

// ---- documents --------------------------------------------------------------------------------------

const NAMES = ['WV-CSP-Message', 'Session', 'UserID', 'a', 'b:c', '_x.y-z', 'Ünïcode', 'Ωmega', 'x\u{10000}y', 'n1', 'PresenceValue', 'é'];
const ATTRIBUTE_NAMES = ['xmlns', 'xmlns:pa', 'id', 'v', 'a-b', 'ñ', '__proto__', 'constructor'];
const TEXT_PIECES = [
  'Inband',
  'T',
  ' ',
  '  ',
  '\n',
  '\n    ',
  '\t',
  '\r\n',
  '\r',
  '&amp;',
  '&lt;',
  '&gt;',
  '&quot;',
  '&apos;',
  '&#10;',
  '&#13;',
  '&#x20;',
  '&#x1F600;',
  '&#65;',
  '&#x9;',
  '>',
  ']',
  ']]',
  "'",
  '"',
  'é',
  '€',
  '😀',
  '中文',
  'wv:user@example.com',
  'a b',
  '\u00a0',
  '\u2028',
];
const WS = [' ', '\n', '\t', '\r\n', '  ', '\n  '];

function text(r: Random, max: number): string {
  let t = '';
  for (let k = int(r, max); k > 0; k--) t += pick(r, TEXT_PIECES);
  return t;
}

function attributeValue(r: Random): string {
  const q = r() < 0.8 ? '"' : "'";
  let v = '';
  for (let k = int(r, 5); k > 0; k--) {
    const p = pick(r, TEXT_PIECES);
    v += p === q ? (q === '"' ? '&quot;' : '&apos;') : p === '>' && r() < 0.5 ? '&gt;' : p;
  }
  return `${q}${v}${q}`;
}

function element(r: Random, depth: number, out: string[]): void {
  const name = pick(r, NAMES);
  out.push('<', name);
  const used = new Set<string>();
  for (let k = int(r, 4); k > 0; k--) {
    const a = pick(r, ATTRIBUTE_NAMES);
    if (used.has(a)) continue;
    used.add(a);
    out.push(pick(r, WS), a, r() < 0.2 ? ' = ' : '=', attributeValue(r));
  }
  if (r() < 0.2) out.push(pick(r, WS));
  if (r() < 0.15) {
    out.push('/>');
    return;
  }
  out.push('>');
  for (let k = depth > 5 ? 0 : int(r, 5); k > 0; k--) {
    const x = r();
    if (x < 0.4) element(r, depth + 1, out);
    else if (x < 0.7) out.push(text(r, 4));
    else if (x < 0.8) out.push(pick(r, WS));
    else if (x < 0.87) out.push(`<![CDATA[${text(r, 3).replaceAll(']]>', ']]&gt;')}]]>`);
    else if (x < 0.94) out.push(`<!--${text(r, 2).replaceAll('--', '- -').replace(/-$/, '- ')}-->`);
    else out.push(`<?pi${r() < 0.5 ? '' : ` ${text(r, 2).replaceAll('?>', '? >')}`}?>`);
  }
  out.push('</', name, r() < 0.1 ? ' ' : '', '>');
}

const DOCTYPES = [
  '<!DOCTYPE WV-CSP-Message PUBLIC "-//OMA//DTD WV-CSP 1.2//EN" "http://www.openmobilealliance.org/DTD/WV-CSP.DTD">',
  '<!DOCTYPE a SYSTEM "a.dtd">',
  '<!DOCTYPE a>',
  '<!DOCTYPE a [ <!ELEMENT a ANY> <!-- c --> <?pi x?> %pe; ]>',
  "<!DOCTYPE a PUBLIC '-//X//Y' 'z' [<!NOTATION n SYSTEM \"u\">]>",
];

/** A random document (well-formed most of the time). */
export function randomDocument(r: Random): string {
  const out: string[] = [];
  if (r() < 0.1) out.push('\uFEFF');
  if (r() < 0.6)
    out.push(
      pick(r, [
        '<?xml version="1.0"?>',
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<?xml version='1.0' encoding='utf-8' standalone='yes'?>",
        '<?xml version="1.0" standalone="no" ?>',
      ]),
    );
  if (r() < 0.5) out.push(pick(r, WS));
  if (r() < 0.15) out.push('<!-- prolog -->', pick(r, WS));
  if (r() < 0.4) out.push(pick(r, DOCTYPES), pick(r, WS));
  if (r() < 0.1) out.push('<?app data?>');
  element(r, 0, out);
  if (r() < 0.3) out.push(pick(r, WS));
  if (r() < 0.1) out.push('<!-- epilog -->');
  return out.join('');
}

const SPECIAL = [
  '<',
  '>',
  '&',
  ';',
  '"',
  "'",
  '/',
  '!',
  '?',
  '-',
  '[',
  ']',
  '=',
  ' ',
  '#',
  'x',
  '\u0000',
  '\u0001',
  '\u001f',
  '\uFFFE',
  '\uD800',
  '\uDC00',
  '\r',
  '\n',
  'é',
  '😀',
  '<!--',
  ']]>',
  '</',
  '&#0;',
  '&#xD800;',
  '<?xml ?>',
  '<!ENTITY e "x">',
];

/** A random document, mutated one to three times. */
export function mutatedDocument(r: Random, base: string): string {
  let t = base;
  for (let k = 1 + int(r, 3); k > 0; k--) {
    const at = int(r, t.length + 1);
    const x = r();
    if (x < 0.3) t = t.slice(0, at) + pick(r, SPECIAL) + t.slice(at);
    else if (x < 0.55) t = t.slice(0, at) + t.slice(at + 1 + int(r, 3));
    else if (x < 0.75) t = t.slice(0, at) + pick(r, SPECIAL) + t.slice(at + 1);
    else if (x < 0.9) {
      const from = int(r, t.length);
      t = t.slice(0, at) + t.slice(from, from + 1 + int(r, 12)) + t.slice(at);
    } else t = t.slice(0, at);
  }
  return t;
}

// ---- comparing ---------------------------------------------------------------------------------------

type Outcome = { ok: true; doc: CspElement; publicId: string | undefined } | { ok: false; message: string; code: string };

function outcome(f: () => { doc: CspElement; doctypePublicId: string | undefined }): Outcome {
  try {
    const r = f();
    return { ok: true, doc: r.doc, publicId: r.doctypePublicId };
  } catch (e) {
    const err = e as { name?: string; code?: string; message?: string };
    if (err?.name !== 'WbxmlError') return { ok: false, code: `not a WbxmlError: ${String(e)}`, message: String(e) };
    return { ok: false, code: err.code!, message: err.message! };
  }
}

/** A plain copy (attribute objects without prototype compare like the others). */
const plain = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

function sameTree(a: CspElement, b: CspElement): boolean {
  return JSON.stringify(plain(a)) === JSON.stringify(plain(b));
}

/** Whether a disagreement is one of the documented ones. */
function allowed(text: string, ours: Outcome): boolean {
  if (/<\?xml[^>]*version\s*=\s*["']1\.(?!0["'])/.test(text)) return true;
  if (!ours.ok && /entity declaration|attribute list declaration/.test(ours.message)) return true;
  if (
    !ours.ok &&
    /DOCTYPE|PUBLIC|SYSTEM|public id|system literal|external id|markup declaration|internal DTD subset|parameter entity/.test(
      ours.message,
    ) &&
    /<!DOCTYPE/.test(text)
  )
    return true;
  if (!ours.ok && inDoctype(text, ours.message)) return true;
  if (!ours.ok && LONE_SURROGATE.test(text)) return true;
  if (!ours.ok && /after the processing instruction target/.test(ours.message)) return true;
  return false;
}

/** Whether the line:column of an error message lies inside the text's DOCTYPE. */
function inDoctype(text: string, message: string): boolean {
  const m = /^XML (\d+):(\d+): /.exec(message);
  const start = text.indexOf('<!DOCTYPE');
  if (!m || start < 0) return false;
  let line = 1;
  let at = 0;
  while (line < Number(m[1]) && at < text.length) {
    const c = text[at++];
    if (c === '\n' || (c === '\r' && text[at] !== '\n')) line++;
  }
  for (let col = 1; col < Number(m[2]) && at < text.length; col++) at += text.codePointAt(at)! > 0xffff ? 2 : 1;
  const subsetEnd = text.indexOf(']>', start);
  const end = subsetEnd >= 0 ? subsetEnd + 2 : text.indexOf('>', start) + 1;
  return at >= start && at <= end;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const normalisePublicId = (id: string | undefined) => id?.replace(/[ \r\n]+/g, ' ').trim();

export interface CaseResult {
  /** undefined when all is well; else what went wrong. */
  readonly failure: string | undefined;
  readonly accepted: boolean;
}

const utf8 = new TextEncoder();

/** Reads `text` with both, and as bytes with ours; says what disagrees. */
export function compare(text: string): CaseResult {
  const ours = outcome(() => fromXml(text));
  const theirs = outcome(() => saxesFromXml(text));
  if (!ours.ok && ours.code.startsWith('not a WbxmlError')) return { failure: `ours threw ${ours.message}`, accepted: false };
  if (!ours.ok && ours.code !== 'bad-xml') return { failure: `ours failed with code ${ours.code}: ${ours.message}`, accepted: false };
  if (!ours.ok && !/^XML \d+:\d+: /.test(ours.message))
    return { failure: `an error without line:column: ${ours.message}`, accepted: false };
  if (ours.ok !== theirs.ok && !allowed(text, ours))
    return {
      failure: ours.ok
        ? `ours accepts, saxes rejects: ${(theirs as { message: string }).message}`
        : `ours rejects (${ours.message}), saxes accepts`,
      accepted: ours.ok,
    };
  if (ours.ok && theirs.ok) {
    if (!sameTree(ours.doc, theirs.doc))
      return {
        failure: `trees differ:\nours:  ${JSON.stringify(plain(ours.doc))}\nsaxes: ${JSON.stringify(plain(theirs.doc))}`,
        accepted: true,
      };
    if (ours.publicId !== normalisePublicId(theirs.publicId))
      return { failure: `public ids differ: ${ours.publicId} / ${theirs.publicId}`, accepted: true };
  }
  // As bytes: the same (a string with a lone surrogate has no UTF-8 form, and bytes must be UTF-8: skipped).
  const encoding = /^\uFEFF?<\?xml[^>]*encoding\s*=\s*["']([^"']*)/.exec(text)?.[1];
  if (!LONE_SURROGATE.test(text) && (encoding === undefined || /^utf-?8$/i.test(encoding))) {
    const bytes = outcome(() => fromXml(utf8.encode(text)));
    if (bytes.ok !== ours.ok)
      return { failure: `as bytes ${bytes.ok ? 'accepted' : `rejected (${bytes.message})`}, as a string not`, accepted: ours.ok };
    if (bytes.ok && ours.ok && !sameTree(bytes.doc, ours.doc)) return { failure: 'as bytes another tree than as a string', accepted: true };
    if (!bytes.ok && !ours.ok && bytes.message.replace(/ \(at byte \d+\)$/, '') !== ours.message)
      return { failure: `as bytes another error: ${bytes.message} / ${ours.message}`, accepted: false };
  }
  return { failure: undefined, accepted: ours.ok };
}

/** Case `i` of a run: a random document, or (two times in three) one mutated. */
export function differentialCase(seed: number, i: number): string {
  const r = random(seed * 1_000_003 + i);
  const doc = randomDocument(r);
  return r() < 0.34 ? doc : mutatedDocument(r, doc);
}

// ---- by hand -----------------------------------------------------------------------------------------

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string, d: number) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : d;
  };
  const cases = arg('--cases', 100_000);
  const seed = arg('--seed', 1);
  let accepted = 0;
  let failures = 0;
  const t0 = performance.now();
  for (let i = 0; i < cases; i++) {
    const text = differentialCase(seed, i);
    const r = compare(text);
    if (r.accepted) accepted++;
    if (r.failure !== undefined) {
      failures++;
      if (failures <= 10) console.log(`case ${i}: ${r.failure}\n  ${JSON.stringify(text)}`);
    }
  }
  console.log(
    `${cases} cases (seed ${seed}) in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${accepted} accepted by both, ${cases - accepted} rejected, ${failures} disagreements outside the documented ones`,
  );
  process.exitCode = failures > 0 ? 1 : 0;
}
