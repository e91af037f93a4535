/**
 * Interop with the peers: libwbxml (wbxml2xml / xml2wbxml) and tshark's WV-CSP dissector.
 * Our WBXML must mean the same to them as to us, and libwbxml's WBXML must decode with ours.
 * "The same" is compared at the level of meaning, with libwbxml's documented bugs
 * (../shared/notes/imps-wbxml-facts.md, toolchain.md §3) normalised rather than copied:
 * it drops xmlns, adds `Z` to zone-less date-times and drops `:00` seconds when decoding.
 * In CI (CI=true) a missing peer fails these tests instead of skipping them.
 */
import { describe, expect, test } from 'vitest';
import { peerRequired, tsharkDecode, wbxml2xml, xml2wbxml, type TsharkEvent } from '../support/peers.js';
import {
  decode,
  encode,
  fromXml,
  libwbxmlMessages,
  randMessages,
  registry,
  type CspElement,
  type CspNode,
  type CspTables,
} from '../support/codec.js';

const tables = (v: string): CspTables => registry.find((r) => r.version === v)!;

/** A 1.1 message re-labelled as another version (its namespaces rewritten, DOCTYPE dropped). */
function relabel(text: string, v: string): string {
  const from = tables('1.1').namespaces;
  const to = tables(v).namespaces;
  return text
    .replaceAll(from.csp, to.csp)
    .replaceAll(from.trc, to.trc)
    .replaceAll(from.pa, to.pa)
    .replace(/<!DOCTYPE[^>]*>/, '');
}

/** Messages whose every element the version has a tag for (peers show LITERAL tags differently). */
function allTagged(doc: CspElement, t: CspTables): boolean {
  return t.tagByName.has(doc.name) && doc.children.every((c) => typeof c === 'string' || c instanceof Uint8Array || allTagged(c, t));
}

/** Tag names libwbxml's tables spell differently for the same token (facts b4): its name → the spec's. */
const LIBWBXML_SPELLING = { PreferredContent: 'ReferredContent', PreferredvCard: 'ReferredvCard', 'Extended-Data': 'ExtendedData' };
const LIBWBXML_NAMES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  // libwbxml's 1.1 table already has the 1.2 name of 0x06/0x06
  '1.1': { ...LIBWBXML_SPELLING, 'BlockEntity-Request': 'BlockUser-Request' },
  '1.2': LIBWBXML_SPELLING,
};

const HEX_INT = /^0x[0-9a-f]+$/i;

/** The meaning of a tree for comparison with libwbxml: no xmlns, canonical date-times and integers. */
function meaning(el: CspElement, t: CspTables): unknown {
  const children = el.children
    .filter((c) => typeof c !== 'string' || c.trim() !== '')
    .map((c: CspNode) => {
      if (typeof c !== 'string') return c instanceof Uint8Array ? Array.from(c) : meaning(c, t);
      // libwbxml trims leading and trailing white space of every text
      c = c.trim();
      if (t.dateTimeElements.has(el.name)) return canonicalDateTime(c);
      if (t.integerElements.has(el.name) && HEX_INT.test(c.trim())) return String(Number(c.trim()));
      return c;
    });
  const attributes = Object.fromEntries(Object.entries(el.attributes).filter(([k]) => k !== 'xmlns'));
  return { name: LIBWBXML_NAMES[t.version]?.[el.name] ?? el.name, attributes, children };
}

/** libwbxml decodes a zone-less date-time with an added Z and drops :00 seconds: compare digits with seconds. */
function canonicalDateTime(s: string): string {
  const m = /^(\d{8}T\d{4})(\d{2})?(Z?)$/.exec(s);
  return m ? `${m[1]}${m[2] ?? '00'}` : s;
}

describe.runIf(peerRequired('wbxml2xml'))('libwbxml', () => {
  test.each([
    ['1.1', 'CSP11'],
    ['1.2', 'CSP12'],
  ] as const)('wbxml2xml -l %s… reads our WBXML of the 116 libwbxml messages and the handset captures as we wrote them', (v, lang) => {
    const t = tables(v);
    const docs = [...libwbxmlMessages().map(([, x]) => x), ...randMessages()]
      .map((text) => fromXml(relabel(text, v)).doc)
      .filter((doc) => allTagged(doc, t));
    expect(docs.length).toBeGreaterThan(100);
    // One batch: libwbxml reads each document in its own wbxml2xml process (see support/peers.ts).
    const results = wbxml2xml(
      docs.map((doc) => encode(doc)),
      lang,
    );
    docs.forEach((doc, i) => {
      const r = results[i]!;
      expect(r.status, r.stderr).toBe(0);
      expect(meaning(fromXml(r.output).doc, t)).toEqual(meaning(doc, t));
    });
  });

  test.each([
    ['1.1', 0x10],
    ['1.2', '-//OMA//DTD WV-CSP 1.2//EN'],
  ] as const)(
    'our decoder reads what xml2wbxml writes for the 116 libwbxml messages as CSP %s (public id %s, C3 00 zero, strings for zoned date-times)',
    (v, publicId) => {
      const t = tables(v);
      const messages = libwbxmlMessages();
      // libwbxml needs the DOCTYPE to pick the language; for 1.2 it writes the public id as text.
      const inputs = messages.map(([, text]) =>
        v === '1.1'
          ? text
          : relabel(text, v).replace('<WV-CSP-Message', `<!DOCTYPE WV-CSP-Message PUBLIC "${t.publicIdText}" "">\n<WV-CSP-Message`),
      );
      const results = xml2wbxml(inputs);
      messages.forEach(([name], i) => {
        const r = results[i]!;
        expect(r.status, `${name}: ${r.stderr}`).toBe(0);
        const back = decode(r.bytes);
        expect(back.version, name).toBe(v);
        expect(back.publicId, name).toBe(publicId);
        expect(meaning(back.doc, t), name).toEqual(meaning(fromXml(inputs[i]!).doc, t));
      });
    },
  );
});

/** Our tree as the events tshark prints: element open/close, attributes, texts, integers, date-times. */
function events(el: CspElement, t: CspTables, out: string[] = []): string[] {
  out.push(`<${el.name}>`);
  const attrs = Object.entries(el.attributes);
  if (attrs.length > 0) out.push(`@${attrs.map(([k, v]) => `${k}${v}`).join('')}`);
  for (const c of el.children) {
    if (typeof c === 'string') {
      if (t.integerElements.has(el.name)) out.push(`#${Number(c.trim())}`);
      else if (t.dateTimeElements.has(el.name) && /^\d{8}T\d{6}[A-Z]?$/.test(c)) out.push(`@${c.slice(0, 15)}`);
      else out.push(`"${tsharkEscape(c)}`);
    } else if (c instanceof Uint8Array) out.push(`bytes`);
    else events(c, t, out);
  }
  out.push(`</${el.name}>`);
  return out;
}

function integerLength(v: number): number {
  let n = 1;
  while (v > 0xff) {
    v = Math.floor(v / 256);
    n++;
  }
  return n;
}

/** tshark prints control characters C-escaped (backslashes as they are). */
function tsharkEscape(s: string): string {
  return s.replace(/[\n\r\t]/g, (c) => ({ '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c]!);
}

function tsharkEvents(frame: readonly TsharkEvent[]): string[] {
  const out: string[] = [];
  for (const e of frame) {
    if (e.kind === 'open') out.push(`<${e.name}>`);
    else if (e.kind === 'close') out.push(`</${e.name}>`);
    else if (e.kind === 'attr') {
      const text = e.text.replace(/['\s=]/g, '');
      if (out[out.length - 1]?.startsWith('@')) out[out.length - 1] += text;
      else out.push(`@${text}`);
    } else if (e.kind === 'value' || e.kind === 'string') {
      if (out[out.length - 1]?.startsWith('"')) out[out.length - 1] += e.text;
      else out.push(`"${e.text}`);
    } else if (e.kind === 'integer') out.push(`#${e.value}`);
    else if (e.kind === 'datetime') out.push(`@${e.text.replace(/[-:]/g, '').slice(0, 15)}`);
    else {
      // An element tshark's tables do not type as integer (the peers disagree on a few, e.g. SearchLimit
      // in 1.1): it shows the OPAQUE bytes unparsed; the byte count is still checked.
      const opaque = /OPAQUE.*\((\d+) bytes of unparsed opaque data\)/.exec(e.text);
      out.push(opaque ? `#bytes:${opaque[1]}` : `?${e.text}`);
    }
  }
  return out;
}

const TSHARK_VERSIONS = ['1.1', '1.2', '1.3'];
let tsharkRun: { docs: CspElement[][]; frames: TsharkEvent[][] } | undefined;

/** Our WBXML of every message in every version, decoded by one tshark run (its start-up is most of its cost). */
function tsharkFrames(): { docs: CspElement[][]; frames: TsharkEvent[][] } {
  if (tsharkRun) return tsharkRun;
  const docs = TSHARK_VERSIONS.map((v) =>
    [...libwbxmlMessages().map(([, x]) => x), ...randMessages()]
      .map((x) => fromXml(relabel(x, v)).doc)
      .filter((d) => allTagged(d, tables(v))),
  );
  return (tsharkRun = { docs, frames: tsharkDecode(docs.flat().map((d) => encode(d))) });
}

describe.runIf(peerRequired('tshark'))('tshark', () => {
  test.each(TSHARK_VERSIONS)('tshark decodes our CSP %s WBXML to the same elements and values', (v) => {
    const t = tables(v);
    const run = tsharkFrames();
    expect(run.frames).toHaveLength(run.docs.flat().length);
    const k = TSHARK_VERSIONS.indexOf(v);
    const docs = run.docs[k]!;
    expect(docs.length).toBeGreaterThan(100);
    const first = run.docs.slice(0, k).flat().length;
    const frames = run.frames.slice(first, first + docs.length);
    docs.forEach((doc, i) => {
      const theirs = tsharkEvents(frames[i]!);
      const ours = events(doc, t).map((e, k) =>
        theirs[k]?.startsWith('#bytes:') && e.startsWith('#') ? `#bytes:${integerLength(Number(e.slice(1)))}` : e,
      );
      expect(theirs, `message ${i}`).toEqual(ours);
    });
  });
});
