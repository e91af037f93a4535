/**
 * What `encode`'s own fast paths must keep: short texts written as UTF-8 by the encoder's scan
 * (byte-identical to TextEncoder, the same errors and string limit as the checked path), the result
 * assembled in front of the body (its own buffer, exact size, whatever the string table), and the
 * attribute-start memo (the same bytes whatever was encoded before).
 */
import { describe, expect, test } from 'vitest';
import { decode, el, encode, expectWbxmlError as error, hex } from '../support/codec.js';

const utf8 = new TextEncoder();
const NS = 'http://www.openmobilealliance.org/DTD/WV-CSP1.2';

/** A message whose `<SessionID>` holds `text` (a plain element, so a whole text that is no value token). */
const withText = (text: string) => el('WV-CSP-Message', [el('Session', [el('SessionDescriptor', [el('SessionID', [text])])])]);

describe('short texts as UTF-8', () => {
  test('1- to 4-byte characters: the bytes TextEncoder gives, and the text back', () => {
    for (const text of ['é', 'aé€😀', '李雷 Łukasz', '\u07ff\u0800\ud7ff\ue000\ufffd', '😀', 'x😀', '\u{10ffff}', 'é'.repeat(255)]) {
      const out = encode(withText(text), { version: '1.2' });
      expect(hex(out)).toContain(hex(new Uint8Array([0x03, ...utf8.encode(text), 0x00])));
      expect(decode(out).doc).toEqual(withText(text));
    }
  });

  test('a lone surrogate, U+FFFE, U+FFFF or a C0 control in a short text: bad-text at the element', () => {
    for (const text of ['a\ud800', '\ud800b', 'a\udc00b', '\udc00\ud800', 'é\ufffe', '\uffff', 'é\u0001']) {
      const e = error(() => encode(withText(text), { version: '1.2' }));
      expect(e.code).toBe('bad-text');
      expect(e.path).toBe('/WV-CSP-Message/Session/SessionDescriptor/SessionID');
    }
  });

  test('maxStringLength counts a short text in UTF-8 bytes, as a decoder does', () => {
    const doc = withText('é'.repeat(10)); // 10 characters, 20 bytes
    expect(() => encode(doc, { version: '1.2', maxStringLength: 20 })).not.toThrow();
    const e = error(() => encode(doc, { version: '1.2', maxStringLength: 19 }));
    expect(e.code).toBe('limit');
    expect(e.message).toMatch(/maxStringLength/);
  });
});

describe('the result', () => {
  test('its own buffer of its exact size, with a small or a large string table', () => {
    const literal = (n: number) => el(`X-${'n'.repeat(40)}-${n}`, ['v']);
    const docs = [
      withText('abc'),
      el('WV-CSP-Message', [literal(1)], { xmlns: NS }), // one literal name: the string table fits in front of the body
      el('WV-CSP-Message', [literal(1), literal(2), literal(3)], { xmlns: NS }), // 150 bytes of string table: it does not
    ];
    for (const doc of docs) {
      for (const publicId of ['numeric', 'text'] as const) {
        const out = encode(doc, { version: '1.2', publicId });
        expect(out.byteOffset).toBe(0);
        expect(out.buffer.byteLength).toBe(out.length);
        expect(decode(out, { version: '1.2' }).doc).toEqual(doc);
      }
    }
  });
});

describe('attribute starts', () => {
  test('each value gets its own start and rest, whatever attributes were encoded before', () => {
    const values = [
      NS,
      'http://www.openmobilealliance.org/DTD/WV-TRC1.2',
      'http://www.openmobilealliance.org/DTD/WV-PA1.2',
      'http://example.com/x',
      '',
    ];
    const doc = (a: string, b: string) => el('WV-CSP-Message', [el('Session', [], { xmlns: b })], { xmlns: a });
    const first = new Map<string, string>();
    // Every pair, three times, in orders that leave each value at every place of the memo.
    for (let round = 0; round < 3; round++) {
      for (const a of values) {
        for (const b of values) {
          const out = encode(doc(a, b), { version: '1.2' });
          expect(decode(out, { version: '1.2' }).doc).toEqual(doc(a, b));
          const seen = first.get(`${a} ${b}`) ?? hex(out);
          first.set(`${a} ${b}`, seen);
          expect(hex(out)).toBe(seen);
        }
      }
      values.reverse();
    }
  });
});
