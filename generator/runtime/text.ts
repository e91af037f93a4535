/**
 * UTF-8 in both directions, and the XML name rule. The engine targets ES2022 without the DOM
 * library, so TextEncoder/TextDecoder are declared here rather than pulled in from lib.dom: they
 * exist in Node and in every browser.
 */
import { type WbxmlError, wbxmlError } from './errors.js';

declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
  encodeInto(source: string, destination: Uint8Array): { read: number; written: number };
}

// fatal: invalid UTF-8 is an error, never U+FFFD; ignoreBOM: a leading U+FEFF is content, not a mark.
const utf8Decoder = /*@__PURE__*/ new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
export const utf8Encoder = /*@__PURE__*/ new TextEncoder();

/**
 * Decodes `bytes[start, end)` as UTF-8 text for an XML document: invalid UTF-8, or a character
 * XML 1.0 forbids (see {@link forbiddenCharAt}), is a `bad-text` error at its byte.
 */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  // Up to 12 characters, += gives a flat string (V8 makes ropes from 13 on) and beats a
  // TextDecoder call; up to SHORT_TEXT bytes, a loop of our own and one fromCharCode call do;
  // longer strings take TextDecoder, which also validates.
  if (end - start <= 12) {
    let s = '';
    for (let i = start; i < end; i++) {
      const b = bytes[i]!;
      if (b >= 0x80) return shortUtf8(bytes, start, end) ?? decodeSlow(bytes, start, end);
      if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) throw forbidden(b, i);
      s += String.fromCharCode(b);
    }
    return s;
  }
  if (end - start <= SHORT_TEXT) return shortUtf8(bytes, start, end) ?? decodeSlow(bytes, start, end);
  return decodeSlow(bytes, start, end);
}

/**
 * Up to this many bytes a text is decoded by a loop here, not by a TextDecoder call: a call with
 * its `subarray` costs more than the loop for a name, an id or a status text (most CSP texts).
 */
const SHORT_TEXT = 64;

/**
 * `bytes[start, end)` as text when it is valid UTF-8 of characters XML allows; undefined otherwise,
 * and then {@link decodeSlow} says what is wrong, and where (the same error either way).
 */
function shortUtf8(bytes: Uint8Array, start: number, end: number): string | undefined {
  const units: number[] = [];
  for (let i = start; i < end; ) {
    let cp = bytes[i++]!;
    if (cp < 0x20 && cp !== 0x09 && cp !== 0x0a && cp !== 0x0d) return undefined;
    if (cp >= 0x80) {
      // n continuation bytes after a lead byte C2-F4 (C0, C1 and F5-FF lead only overlong or too big sequences)
      const n = cp < 0xc2 || cp > 0xf4 ? 0 : cp < 0xe0 ? 1 : cp < 0xf0 ? 2 : 3;
      if (n === 0 || i + n > end) return undefined;
      cp &= 0x3f >> n;
      for (const last = i + n; i < last; i++) {
        const c = bytes[i]!;
        if ((c & 0xc0) !== 0x80) return undefined;
        cp = (cp << 6) | (c & 0x3f);
      }
      // (overlong, above U+10FFFF, a surrogate, or U+FFFE/U+FFFF, which XML forbids)
      if (
        cp < (n === 1 ? 0x80 : n === 2 ? 0x800 : 0x10000) ||
        cp > 0x10ffff ||
        (cp >= 0xd800 && cp <= 0xdfff) ||
        cp === 0xfffe ||
        cp === 0xffff
      ) {
        return undefined;
      }
      if (cp >= 0x10000) {
        units.push(0xd7c0 + (cp >> 10));
        cp = 0xdc00 + (cp & 0x3ff);
      }
    }
    units.push(cp);
  }
  return String.fromCharCode.apply(null, units);
}

/**
 * `bytes[start, end)` known to be printable ASCII (0x20-0x7F): decodeUtf8 without its checks.
 * A text of 2-{@link CACHED_TEXT} bytes is looked up in a small cache of the texts made last (see
 * {@link textCache}) before a new string is made.
 */
export function asciiText(bytes: Uint8Array, start: number, end: number): string {
  const n = end - start;
  if (n <= CACHED_TEXT) {
    if (n < 2) return n === 0 ? '' : String.fromCharCode(bytes[start]!);
    const cache = (textCache ??= emptyTextCache());
    const slot = (n * 31 + bytes[start]! * 7 + bytes[end - 1]! + bytes[start + (n >> 1)]! * 3) & (TEXT_CACHE_SIZE - 1);
    const known = cache[slot]!;
    if (known.length === n) {
      let i = 0;
      while (i < n && known.charCodeAt(i) === bytes[start + i]) i++;
      if (i === n) return known;
    }
    const text = n <= 12 ? concatAscii(bytes, start, end) : unitsAscii(bytes, start, end);
    // Kept only when the text that missed in this slot last was this one too (see textSeen).
    let h = n;
    for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
    const seen = (textSeen ??= new Int32Array(TEXT_CACHE_SIZE));
    if (seen[slot] === h) cache[slot] = text;
    else seen[slot] = h;
    return text;
  }
  if (n <= SHORT_TEXT) return unitsAscii(bytes, start, end);
  return utf8Decoder.decode(bytes.subarray(start, end));
}

/**
 * The printable ASCII texts of up to this many bytes seen twice last (see {@link textSeen}), by a
 * hash of their length and three of their bytes (a later text with the same hash replaces an
 * earlier one). A decoded message
 * repeats its short texts (a contact list's client types, availability, producer names: 665
 * distinct texts among 5,803 in the 70 KB list), and a string already made costs neither the
 * allocations of making it (a `+=` string per character) nor, since the tree holds one string
 * where it held many, the garbage collector's copying of it: strings cannot change, so sharing
 * one is invisible to the caller. Made at the first use; holds at most 512 short strings.
 */
const CACHED_TEXT = 32;
const TEXT_CACHE_SIZE = 512;
let textCache: string[] | undefined;
/**
 * Per slot, a hash of the length and every byte of the text that missed there last: a text goes
 * into the cache at its second miss in a row in its slot, so a text seen once (a session id, a
 * transaction id, a password) is never stored. Storing a new string into the long-lived cache
 * costs a write barrier and keeps the string alive through the next scavenges, which copy and
 * then promote it: on a stream of distinct logins, caching every text made decoding 5-15 %
 * slower than no cache at all (measured with the ids changed per call).
 * Text repeated within a message or from message to message is cached as before from its second
 * sighting on. (An Int32Array: no string is kept for it, and a store needs no barrier.)
 */
let textSeen: Int32Array | undefined;

/** Every slot an own '' (a loop, not `fill`: a hole or a replaced Array.prototype.fill would let an index read reach Array.prototype). */
function emptyTextCache(): string[] {
  const cache = new Array<string>(TEXT_CACHE_SIZE);
  for (let i = 0; i < TEXT_CACHE_SIZE; i++) cache[i] = '';
  return cache;
}

/** Up to 12 characters, += gives a flat string (V8 makes ropes from 13 on) and beats a TextDecoder call. */
function concatAscii(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

/** Up to {@link SHORT_TEXT} bytes: one fromCharCode call over the code units, not a TextDecoder call and its `subarray`. */
function unitsAscii(bytes: Uint8Array, start: number, end: number): string {
  const units = new Array<number>(end - start);
  for (let i = start; i < end; i++) units[i - start] = bytes[i]!;
  return String.fromCharCode.apply(null, units);
}

function decodeSlow(bytes: Uint8Array, start: number, end: number): string {
  let s: string;
  try {
    s = utf8Decoder.decode(bytes.subarray(start, end));
  } catch {
    throw wbxmlError('bad-text', 'invalid UTF-8 in a string', invalidUtf8At(bytes, start, end));
  }
  if (FORBIDDEN_IN_UTF8.test(s)) {
    const i = forbiddenCharAt(s);
    throw forbidden(s.charCodeAt(i), start + utf8Encoder.encode(s.slice(0, i)).length);
  }
  return s;
}

/** Not fatal: invalid UTF-8 becomes U+FFFD. Made by the first call of {@link invalidUtf8At} (an error path). */
let lenientDecoder: TextDecoder | undefined;

/**
 * Where the first invalid UTF-8 sequence of `bytes[start, end)` starts (bytes a fatal decoder has
 * refused). A lenient decoder reads up to it faithfully and writes U+FFFD for it: the first U+FFFD
 * whose bytes are not EF BF BD (U+FFFD sent as such) is the place, at the UTF-8 length of the text
 * before it. (The decoder's check, not a validator of its own: what the codec's bundle carries is
 * smaller; issue 13. Linear: each part of the text is encoded once.)
 */
function invalidUtf8At(bytes: Uint8Array, start: number, end: number): number {
  const s = (lenientDecoder ??= new TextDecoder('utf-8', { ignoreBOM: true })).decode(bytes.subarray(start, end));
  let at = start;
  for (let from = 0; ; ) {
    const i = s.indexOf('\uFFFD', from);
    if (i < 0) return at; // (not reached for bytes a fatal decoder refused)
    at += utf8Encoder.encode(s.slice(from, i)).length;
    if (at + 2 >= end || bytes[at] !== 0xef || bytes[at + 1] !== 0xbf || bytes[at + 2] !== 0xbd) return at;
    at += 3;
    from = i + 1;
  }
}

/** Characters XML 1.0 forbids that valid UTF-8 can carry (a lone surrogate cannot be valid UTF-8). */
const FORBIDDEN_IN_UTF8 = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function forbidden(c: number, offset: number): WbxmlError {
  return wbxmlError('bad-text', `the character ${codePoint(c)} in a text; XML 1.0 does not allow it, so no CSP document holds it`, offset);
}

/** `U+0001` */
export function codePoint(c: number): string {
  return `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** True when `cp` is a character XML 1.0 allows (the `Char` production). */
export function isXmlChar(cp: number): boolean {
  return cp >= 0x20
    ? cp <= 0xd7ff || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff)
    : cp === 0x09 || cp === 0x0a || cp === 0x0d;
}

/**
 * Index of the first UTF-16 unit of `s` that XML 1.0 forbids — U+0000, a C0 control other than
 * tab/LF/CR, U+FFFE, U+FFFF, a lone surrogate — or -1 when there is none.
 */
export function forbiddenCharAt(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0xd800) continue;
    if (c < 0x20) {
      if (c === 0x09 || c === 0x0a || c === 0x0d) continue;
      return i;
    }
    if (c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
      return i;
    }
    if (c <= 0xdfff || c >= 0xfffe) return i;
  }
  return -1;
}

/** True when `bytes` are valid UTF-8 (checked without a decoder: a fatal TextDecoder would throw, and an exception costs a stack trace). */
export function isUtf8(bytes: Uint8Array): boolean {
  return firstInvalidUtf8(bytes, 0, bytes.length) < 0;
}

/** Offset (relative to start) of the first byte of the first invalid UTF-8 sequence, or -1 when there is none. */
function firstInvalidUtf8(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const b = bytes[i]!;
    let need = 0;
    let min = 0;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i - start;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (i + k >= end || c === undefined || (c & 0xc0) !== 0x80) return i - start;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i - start;
    i += need + 1;
  }
  return -1;
}

/**
 * XML 1.0 (5th edition) Name: the decoder checks literal names from the string table with it, the
 * encoder checks names it has to send as LITERAL, so that a decoded tree can always be written as XML.
 * A Name is a NameStartChar and then NameChars; NameChar is NameStartChar plus `-.0-9`, U+00B7,
 * U+0300-U+036F and U+203F-U+2040, so it is written as NameChars whose first is none of those
 * (the start ranges once rather than twice: 0.15 KB less in a bundle; the same on every code point).
 */
const XML_NAME =
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: U+200C-U+200D is a range of the XML Name production, not a joined sequence.
  /^(?![-.0-9\u00B7\u0300-\u036F\u203F-\u2040])[:A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}\-.0-9\u00B7\u0300-\u036F\u203F-\u2040]+$/u;

export function isXmlName(name: string): boolean {
  return XML_NAME.test(name);
}

/** True when every character is ASCII (then its UTF-8 length is its string length). */
export function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** True when `s` is only XML white space (space, tab, CR, LF): indentation between elements. */
export function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}
