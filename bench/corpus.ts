/**
 * The messages of the codec benchmark, by size class (the size of a class is its WBXML size):
 *
 * - `login`: the Login-Request/-Response messages of libwbxml's CSP test suite and interVillage's
 *   handset capture (real messages, 118-207 bytes of WBXML);
 * - `1kb`: libwbxml's PresenceNotification-Request (a real message, ~1 KB of WBXML);
 * - `list-1kb`, `70kb`, `1mb`, `10mb`: a synthetic but realistic contact list with presence (a
 *   GetPresence-Response with one Presence per contact, modelled on libwbxml's own
 *   GetPresence-Response: user id, online status, availability, status text, client info, alias;
 *   names and status texts in several scripts). `list-1kb` has the same shape at 1 KB, for the
 *   time-per-KB check.
 *
 * Each message exists in every version (namespaces and DOCTYPE relabelled from CSP 1.1), as
 * UTF-8 XML text with a DOCTYPE (libwbxml picks its language from it) and as WBXML (filled in by the
 * caller: libwbxml's own output where libwbxml has the version, so that both decoders read bytes
 * libwbxml wrote; ours for CSP 1.3).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encode, registry, toXml, type CspElement, type CspNode, type CspTables } from '../generated/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const vectors = join(root, 'test/fixtures/shared/imps-vectors');

export const SIZE_CLASSES = ['login', '1kb', 'list-1kb', '70kb', '1mb', '10mb'] as const;
export type SizeClass = (typeof SIZE_CLASSES)[number];

export const CLASS_LABEL: Record<SizeClass, string> = {
  login: 'login, ~200 B',
  '1kb': 'presence, ~1 KB',
  'list-1kb': 'contact list, 1 KB',
  '70kb': 'contact list, ~70 KB',
  '1mb': 'contact list, ~1 MB',
  '10mb': 'contact list, ~10 MB',
};

export interface Message {
  readonly name: string;
  /** UTF-8 XML text, with an XML declaration and a DOCTYPE naming the version's public id. */
  readonly xml: Uint8Array;
}

export const tablesOf = (version: string): CspTables => registry.find((r) => r.version === version)!;

/** libwbxml knows the 1.1 public id as "-//OMA//DTD WV-CSP 1.1//EN" (ours lists it as another 1.1 text). */
function doctypeId(version: string): string {
  return version === '1.1' ? '-//OMA//DTD WV-CSP 1.1//EN' : tablesOf(version).publicIdText;
}

/** A CSP 1.1 message as `version`: namespaces and DOCTYPE rewritten, the body kept byte for byte. */
function relabel(text11: string, version: string): string {
  const from = tablesOf('1.1').namespaces;
  const to = tablesOf(version).namespaces;
  const body = text11
    .replace(/<\?xml[^>]*\?>\s*/, '')
    .replace(/<!DOCTYPE[^>]*>\s*/, '')
    .replaceAll(from.csp, to.csp)
    .replaceAll(from.trc, to.trc)
    .replaceAll(from.pa, to.pa);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE WV-CSP-Message PUBLIC "${doctypeId(version)}" "http://www.openmobilealliance.org/DTD/WV-CSP.DTD">\n${body}`;
}

const utf8 = new TextEncoder();

function libwbxmlMessage(file: string): string {
  return readFileSync(join(vectors, 'libwbxml-wv', file), 'utf8');
}

function interVillage(): string[] {
  const text = readFileSync(join(vectors, 'intervillage/rand.xml'), 'utf8');
  return [...text.matchAll(/<WV-CSP-Message[\s>][\s\S]*?<\/WV-CSP-Message>/g)].map((m) => m[0]);
}

/** The real messages of a small class, as CSP 1.1 text. */
function realMessages(c: 'login' | '1kb'): { name: string; text: string }[] {
  if (c === '1kb') return [{ name: 'wv-040.xml (PresenceNotification-Request)', text: libwbxmlMessage('wv-040.xml') }];
  const logins = readdirSync(join(vectors, 'libwbxml-wv'))
    .filter((f) => f.endsWith('.xml'))
    .sort()
    .map((f) => ({ name: f, text: libwbxmlMessage(f) }))
    .filter((m) => /<Login-(Request|Response)>/.test(m.text));
  const iv = interVillage()
    .map((text, i) => ({ name: `rand.xml #${i + 1}`, text }))
    .filter((m) => /<Login-(Request|Response)>/.test(m.text));
  return [...logins, ...iv];
}

// ---- the synthetic contact list ------------------------------------------------------------------

const FIRST = ['Anna', 'Jürgen', 'Zoë', 'Łukasz', 'Søren', 'Mei', 'Aarav', 'Fatima', 'José', 'Olga', '李雷', 'Ngozi', 'Ines', 'Kenji'];
const LAST = ['Virtanen', 'Groß', 'Nowak', 'Sørensen', 'Ivanova', 'García', 'Okafor', 'Tanaka', 'Smith', 'Dubois', '韩梅梅'];
const STATUS = [
  'At the gym until 7',
  'In a meeting',
  'Driving — call later',
  'Out for lunch 🍜',
  'Working from home',
  'Back on Monday',
  'Не беспокоить',
  'On holiday in Lisboa ☀️',
];
const AVAILABILITY = ['AVAILABLE', 'DISCREET', 'NOT_AVAILABLE'];
const MAKERS: [string, string][] = [
  ['Nokia', '6600'],
  ['Sony Ericsson', 'P900'],
  ['Motorola', 'V600'],
  ['Siemens', 'S65'],
];

const el = (name: string, children: CspNode[] = [], attributes: Record<string, string> = {}): CspElement => ({
  name,
  attributes,
  children,
});
const qualified = (name: string, ...children: CspElement[]): CspElement => el(name, [el('Qualifier', ['T']), ...children]);

function presence(i: number, pa: string): CspElement {
  const first = FIRST[i % FIRST.length]!;
  const last = LAST[(i * 7) % LAST.length]!;
  const [maker, model] = MAKERS[i % MAKERS.length]!;
  const online = i % 3 !== 0;
  return el('Presence', [
    el('UserID', [`wv:${first.toLowerCase()}.${i}@imps.example.com`]),
    el(
      'PresenceSubList',
      [
        qualified('OnlineStatus', el('PresenceValue', [online ? 'T' : 'F'])),
        qualified('UserAvailability', el('PresenceValue', [AVAILABILITY[i % AVAILABILITY.length]!])),
        ...(i % 2 === 0 ? [qualified('StatusText', el('PresenceValue', [STATUS[(i >> 1) % STATUS.length]!]))] : []),
        qualified('ClientInfo', el('ClientType', ['MOBILE_PHONE']), el('DevManufacturer', [maker]), el('Model', [model])),
        qualified('Alias', el('PresenceValue', [`${first} ${last}`])),
      ],
      { xmlns: pa },
    ),
  ]);
}

/** The contact list as CSP 1.1, with about `wbxmlBytes` bytes of WBXML. */
function contactList(wbxmlBytes: number): CspElement {
  const ns = tablesOf('1.1').namespaces;
  const entries: CspNode[] = [el('Result', [el('Code', ['200']), el('Description', ['Successfully completed.'])])];
  const doc = el(
    'WV-CSP-Message',
    [
      el('Session', [
        el('SessionDescriptor', [el('SessionType', ['Inband']), el('SessionID', ['im.example.com#48815@imps.example.com'])]),
        el('Transaction', [
          el('TransactionDescriptor', [el('TransactionMode', ['Response']), el('TransactionID', ['IMApp01#12345@NOK6600'])]),
          el('TransactionContent', [el('GetPresence-Response', entries)], { xmlns: ns.trc }),
        ]),
      ]),
    ],
    { xmlns: ns.csp },
  );
  const size = () => encode(doc, { version: '1.1' }).length;
  const empty = size();
  // The entries differ a little in size: measure 64 of them, then add as many as the target needs.
  for (let i = 0; i < 64; i++) entries.push(presence(i, ns.pa));
  const perEntry = (size() - empty) / 64;
  const count = Math.max(1, Math.round((wbxmlBytes - empty) / perEntry));
  entries.length = 1;
  for (let i = 0; i < count; i++) entries.push(presence(i, ns.pa));
  return doc;
}

const SYNTHETIC_BYTES: Record<'list-1kb' | '70kb' | '1mb' | '10mb', number> = {
  'list-1kb': 1024,
  '70kb': 70 * 1024,
  '1mb': 1024 * 1024,
  '10mb': 10 * 1024 * 1024,
};

/** The messages of a class in a version, as UTF-8 XML text with a DOCTYPE. */
export function messages(c: SizeClass, version: string): Message[] {
  if (c === 'login' || c === '1kb') return realMessages(c).map((m) => ({ name: m.name, xml: utf8.encode(relabel(m.text, version)) }));
  const doc = contactList(SYNTHETIC_BYTES[c]);
  // Indented like the real messages of the corpus. (The 10 MB list has more elements and text than
  // the default limits allow: what a server accepting it would set, as bench/ours.ts does.)
  const unlimited = { maxElements: Number.POSITIVE_INFINITY, maxTextBytes: Number.POSITIVE_INFINITY };
  return [{ name: `synthetic contact list (${c})`, xml: utf8.encode(relabel(toXml(doc, unlimited), version)) }];
}
