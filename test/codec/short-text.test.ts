/**
 * Texts up to 64 bytes are decoded by the engine's own UTF-8 loop (text.ts `shortUtf8`), longer
 * ones by TextDecoder. Both must give the same text, and refuse the same bytes at the same offset:
 * checked here against TextDecoder and the XML character rule on texts of every length around the
 * boundaries, of characters of every UTF-8 length, and with the characters XML forbids (which valid
 * UTF-8 can carry: C0 controls, U+FFFE, U+FFFF). Invalid UTF-8 is utf8-offsets.test.ts's.
 */
import { expect, test } from 'vitest';
import { int, prng } from '../../bench/fuzz-lib.js';
import { decode, expectWbxmlError as error } from '../support/codec.js';

const CHARACTERS = [
  'a',
  ' ',
  '\t',
  '\n',
  '\r',
  'é',
  'ß',
  '߿',
  'ࠀ',
  '€',
  '中',
  '\uD7FF',
  '\uE000',
  '\uFDD0',
  '\uFFFD',
  '𐀀',
  '🍜',
  '\u{10FFFF}',
];
const FORBIDDEN = ['\u0001', '\u001F', '\u000B', '\uFFFE', '\uFFFF'];
const utf8 = new TextEncoder();
/** What XML 1.0 forbids among these texts' characters (an independent statement of the rule). */
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/** <Description> (0x52 on page 0 of 1.2) holding `bytes` inline: the text's first byte is at 6. */
function inline(bytes: Uint8Array): Uint8Array {
  return Uint8Array.from([0x03, 0x11, 0x6a, 0x00, 0x52, 0x03, ...bytes, 0x00, 0x01]);
}

test('short and long texts decode as TextDecoder reads them, XML-forbidden characters are bad-text at their byte', () => {
  const rng = prng(1130); // the fuzzer's seeded generator
  const random = (n: number) => int(rng, n);
  let valid = 0;
  let refused = 0;
  for (let round = 0; round < 3000; round++) {
    // 1 to 80 bytes: both sides of 12 (the += loop) and of 64 (the loop's limit)
    const target = 1 + random(80);
    let text = '';
    while (utf8.encode(text).length < target) text += CHARACTERS[random(CHARACTERS.length)]!;
    if (random(4) === 0) {
      const at = random(text.length + 1);
      text = text.slice(0, at) + FORBIDDEN[random(FORBIDDEN.length)]! + text.slice(at);
    }
    const bytes = utf8.encode(text);
    const bad = text.search(XML_FORBIDDEN);
    if (bad < 0) {
      const doc = decode(inline(bytes)).doc;
      expect(doc.children, text).toEqual([text]);
      valid++;
    } else {
      const e = error(() => decode(inline(bytes)));
      expect([e.code, e.offset], text).toEqual(['bad-text', 6 + utf8.encode(text.slice(0, bad)).length]);
      refused++;
    }
  }
  expect(valid).toBeGreaterThan(1500);
  expect(refused).toBeGreaterThan(500);
});

test('printable ASCII texts that share everything the text cache hashes (length, first, middle and last byte) decode each as itself', () => {
  // text.ts keeps the short ASCII texts made last by a hash of those four; these pairs collide, and
  // each decode must still give its own text (also right after the other filled the slot).
  const pairs = [
    ['a1m2z', 'a3m4z'],
    ['Xy', 'Xy'],
    ['MOBILE_PHONE', 'MOBxLE_PHONE'],
    ['0123456789abcdefghijklmnopqrstuv', '0!23456789abcdefghijklmnopqrstuv'], // 32 bytes, the longest cached
  ];
  for (const [a, b] of pairs) {
    for (const text of [a!, b!, a!, b!, a!]) {
      expect(decode(inline(utf8.encode(text))).doc.children).toEqual([text]);
    }
  }
  // Two texts of one collision class in one element's mixed content, and in one document.
  const twice = Uint8Array.from([
    0x03,
    0x11,
    0x6a,
    0x00,
    0x52,
    0x03,
    ...utf8.encode('a1m2z'),
    0x00,
    0x02,
    0x20,
    0x03,
    ...utf8.encode('a3m4z'),
    0x00,
    0x01,
  ]);
  expect(decode(twice).doc.children).toEqual(['a1m2z a3m4z']);
});
