/**
 * Invalid UTF-8 in a decoded string is a `bad-text` error at the first byte of the first invalid
 * sequence. Checked against an independent rule: that byte is where the longest prefix that a fatal
 * TextDecoder accepts ends. The strings mix valid characters of every length, U+FFFD sent as it is
 * (EF BF BD, which the engine must tell from a replaced sequence), and every kind of invalid sequence.
 */
import { expect, test } from 'vitest';
import { int, prng } from '../../bench/fuzz-lib.js';
import { decode, expectWbxmlError as error } from '../support/codec.js';

const FRAGMENTS: readonly (readonly number[])[] = [
  [0x61],
  [0x7a, 0x20],
  [0xc3, 0xa9], // é
  [0xe2, 0x82, 0xac], // €
  [0xf0, 0x9f, 0x9a, 0x80], // 🚀
  [0xef, 0xbf, 0xbd], // U+FFFD itself, valid
  [0xc3, 0x28], // bad continuation
  [0xff],
  [0x80], // a lone continuation byte
  [0xc0, 0x80], // overlong
  [0xe0, 0x80, 0x80], // overlong
  [0xf0, 0x80, 0x80, 0x80], // overlong
  [0xed, 0xa0, 0x80], // a surrogate
  [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
  [0xe2, 0x82], // truncated
  [0xf0, 0x9f], // truncated
];

const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
function validPrefixLength(bytes: Uint8Array): number {
  for (let k = bytes.length; k >= 0; k--) {
    try {
      fatal.decode(bytes.subarray(0, k));
      return k;
    } catch {}
  }
  return 0;
}

test('invalid UTF-8 in inline and string-table strings: bad-text at the first invalid byte (1,500 random strings)', () => {
  const rng = prng(20261130); // the fuzzer's seeded generator
  const random = (n: number) => int(rng, n);
  let checked = 0;
  for (let round = 0; round < 1500; round++) {
    const text = [...Array.from({ length: 1 + random(12) }, () => FRAGMENTS[random(FRAGMENTS.length)]!).flat()];
    const bytes = Uint8Array.from(text);
    const valid = validPrefixLength(bytes);
    if (valid === bytes.length) continue;
    checked++;
    // <Description> (0x52 on page 0 of 1.2) with the text inline: its first byte is at 6
    const inline = Uint8Array.from([0x03, 0x11, 0x6a, 0x00, 0x52, 0x03, ...text, 0x00, 0x01]);
    const e = error(() => decode(inline));
    expect([e.code, e.offset], text.map((b) => b.toString(16)).join(' ')).toEqual(['bad-text', 6 + valid]);
    // the same text as the string table's only entry (table at byte 4), referenced by STR_T
    const table = Uint8Array.from([0x03, 0x11, 0x6a, text.length + 1, ...text, 0x00, 0x52, 0x83, 0x00, 0x01]);
    const t = error(() => decode(table));
    expect([t.code, t.offset]).toEqual(['bad-text', 4 + valid]);
  }
  expect(checked).toBeGreaterThan(1000);
});
