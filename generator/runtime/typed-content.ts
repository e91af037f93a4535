/**
 * The two CSP data types carried as OPAQUE (WV-CSP WBXML, "Integer" and "Date and Time"):
 *
 * - integers: unsigned, big-endian, in the fewest bytes (1-4); zero is one byte `00` (what AOSP
 *   sends; libwbxml's zero-length `C3 00` is accepted when decoding, tshark flags it);
 * - date-times: 6 bytes `00YYYYYY YYYYYYMM MMDDDDDh hhhhmmmm mmssssss` then the zone letter or 0.
 *
 * Text is the tree's representation of both, so these functions convert text <-> bytes.
 */
import { badOpaque, badValue } from './errors.js';
import { describe } from './options.js';
import { type ContentKind, DATE_TIME, INTEGER, PLAIN } from './content-kind.js';
import type { CspTables } from './tables.js';

const MAX_UINT32 = 0xffffffff;

/** The content type of an element, by the tables' typed-element sets; the encoder and the decoder both ask here. */
export function contentKind(tables: CspTables, name: string): ContentKind {
  return tables.integerElements.has(name) ? INTEGER : tables.dateTimeElements.has(name) ? DATE_TIME : PLAIN;
}

/**
 * The OPAQUE bytes of an integer element's text, or a `bad-value` error (never a silent 0).
 * Decimal, or hexadecimal with `0x` as libwbxml accepts (its test messages send `0x23829381`; the
 * value decodes as decimal, which is what libwbxml's tests expect back).
 */
export function integerBytes(text: string, at: { where(): { path: string } }): Uint8Array {
  const v = parseUint32(text);
  if (v < 0) {
    throw badValue(`${describe(text)} is not an unsigned 32-bit integer; this element is an OPAQUE integer`, at.where());
  }
  const n = v > 0xffffff ? 4 : v > 0xffff ? 3 : v > 0xff ? 2 : 1;
  const out = new Uint8Array(n);
  for (let i = n - 1, x = v; i >= 0; i--, x = Math.floor(x / 256)) out[i] = x % 256;
  return out;
}

/**
 * The value of `text` without surrounding white space (what `trim` removes) — 1-10 decimal digits,
 * or `0x`/`0X` and 1-8 hex digits — when it is at most 2^32-1; else -1. (A loop: a regular
 * expression per integer cost 5-8 % of encoding a small message.)
 */
function parseUint32(untrimmed: string): number {
  const text = untrimmed.trim();
  const n = text.length;
  const hex = n > 2 && text.charCodeAt(0) === 0x30 && (text.charCodeAt(1) | 0x20) === 0x78;
  const base = hex ? 16 : 10;
  const first = hex ? 2 : 0;
  if (n === 0 || n - first > (hex ? 8 : 10)) return -1;
  let v = 0;
  for (let i = first; i < n; i++) {
    const c = text.charCodeAt(i);
    const lower = c | 0x20;
    // a digit's value, a letter a-f/A-F as 10-15 (too much for base 10), anything else too much
    const d = c >= 0x30 && c <= 0x39 ? c - 0x30 : lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : base;
    if (d >= base) return -1;
    v = v * base + d;
  }
  return v > MAX_UINT32 ? -1 : v;
}

/** The decimal text of an OPAQUE integer (0-4 bytes). */
export function integerText(bytes: Uint8Array, start: number, length: number): string {
  if (length > 4) {
    throw badOpaque(`an OPAQUE integer of ${length} bytes; CSP integers have at most 4`, start);
  }
  let v = 0;
  for (let i = 0; i < length; i++) v = v * 256 + bytes[start + i]!;
  return String(v);
}

// The compact form the 6-byte encoding can carry exactly: YYYYMMDDThhmmss plus an optional zone
// letter (J is not a zone: it means "local time" in the military alphabet; libwbxml refuses it too).
const COMPACT_DATE_TIME = /^([0-9]{4})([0-9]{2})([0-9]{2})T([0-9]{2})([0-9]{2})([0-9]{2})([A-IK-Z]?)$/;

/**
 * The 6 OPAQUE bytes of a date-time text, or `undefined` when the text is not in the compact form
 * with valid fields: such a text (ISO 8601 with separators, no seconds, a numeric offset) is sent as
 * a string, which the spec allows, so that it round-trips unchanged.
 */
export function dateTimeBytes(text: string): Uint8Array | undefined {
  const m = COMPACT_DATE_TIME.exec(text);
  if (!m) return undefined;
  // (indexed, not destructured: a replaced Array.prototype[Symbol.iterator] must not change the bytes)
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  if (!validFields(year, month, day, hour, minute, second)) return undefined;
  const zone = m[7] ? m[7].charCodeAt(0) : 0;
  // 40 bits do not fit a 32-bit int: build the high 8 bits and the low 32 bits separately.
  const high = (year >> 6) & 0x3f; // 00YYYYYY
  const low = (((year & 0x3f) << 26) | (month << 22) | (day << 17) | (hour << 12) | (minute << 6) | second) >>> 0;
  const out = new Uint8Array(6);
  out[0] = high;
  out[1] = low >>> 24;
  out[2] = (low >>> 16) & 0xff;
  out[3] = (low >>> 8) & 0xff;
  out[4] = low & 0xff;
  out[5] = zone;
  return out;
}

/** The compact text of 6 OPAQUE date-time bytes, every field kept (seconds included, no added zone). */
export function dateTimeText(bytes: Uint8Array, start: number, length: number): string {
  if (length !== 6) {
    throw badOpaque(`an OPAQUE date-time of ${length} bytes; it must be 6`, start);
  }
  const b0 = bytes[start]!;
  const low = ((bytes[start + 1]! << 24) | (bytes[start + 2]! << 16) | (bytes[start + 3]! << 8) | bytes[start + 4]!) >>> 0;
  const zone = bytes[start + 5]!;
  const year = ((b0 & 0x3f) << 6) | (low >>> 26);
  const month = (low >>> 22) & 0x0f;
  const day = (low >>> 17) & 0x1f;
  const hour = (low >>> 12) & 0x1f;
  const minute = (low >>> 6) & 0x3f;
  const second = low & 0x3f;
  if ((b0 & 0xc0) !== 0 || !validFields(year, month, day, hour, minute, second)) {
    throw badOpaque('an OPAQUE date-time with out-of-range fields', start);
  }
  if (zone !== 0 && !(zone >= 0x41 && zone <= 0x5a && zone !== 0x4a)) {
    throw badOpaque(
      `an OPAQUE date-time with time zone byte 0x${zone.toString(16).padStart(2, '0')}; it must be a letter A-Z (not J) or 0`,
      start + 5,
    );
  }
  return `${pad(year, 4)}${pad(month, 2)}${pad(day, 2)}T${pad(hour, 2)}${pad(minute, 2)}${pad(second, 2)}${zone ? String.fromCharCode(zone) : ''}`;
}

/**
 * The field ranges of the date-time encoding. Second 60 is a leap second (`23:59:60`): valid
 * ISO 8601, written by libwbxml and read by tshark, so it is accepted both ways. (The day is not
 * checked against the month: the 6 bytes carry 1-31 for any month, and changing it would change data.)
 */
function validFields(year: number, month: number, day: number, hour: number, minute: number, second: number): boolean {
  return year <= 4095 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 60;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
