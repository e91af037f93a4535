/**
 * The value forms that element content and attribute values share (STR_I, STR_T, ENTITY,
 * EXT_T_0) are read by one method of the decoder: an attribute value reads them as content does,
 * with the same fallback for a value token the version lacks and the same error for one that no
 * version defines.
 */
import { expect, test } from 'vitest';
import { decode, fromHex, expectWbxmlError as error } from '../support/codec.js';

// 1.2 (public id 0x11): <WV-CSP-Message xmlns="…CSP" + EXT_T_0 …/>, an empty element with one attribute.
const withValueToken = (token: string) => fromHex(`03 11 6a 00 c9 05 80 ${token} 01 01`);

test('an attribute value token the version lacks is named by a later version, as in content (SSMS 0xA4 is 1.3 only)', () => {
  const r = decode(withValueToken('81 24'));
  expect(r.version).toBe('1.2');
  expect(r.doc.attributes).toEqual({ xmlns: 'http://www.wireless-village.org/CSPSSMS' });
});

test('an attribute value token no version defines: unknown-value at the EXT_T_0', () => {
  const e = error(() => decode(withValueToken('83 ff 7f')));
  expect([e.code, e.offset]).toEqual(['unknown-value', 6]);
});

test('attribute values of every shared form, in one value', () => {
  // STR_I "a", ENTITY U+00E9, EXT_T_0 0xA4, STR_T at 0 ("t")
  const r = decode(fromHex('03 11 6a 02 74 00 c9 05 03 61 00 02 81 69 80 81 24 83 00 01 01'));
  expect(r.doc.attributes).toEqual({ xmlns: 'http://www.wireless-village.org/CSPaéSSMSt' });
});

test('attribute values joined from the same pieces, message after message, are each their own (the decoder keeps the last four joins)', () => {
  // prefix (xmlns start 0x05, 0x06, 0x08) + STR_I: six different values in turn, more than the
  // four joins kept, each decoded three times, so that every kept join is also replaced.
  const texts = ['1.1', '1.2', '1.3', 'x'];
  const starts: [string, string][] = [
    ['05', 'http://www.wireless-village.org/CSP'],
    ['06', 'http://www.wireless-village.org/PA'],
    ['08', 'http://www.openmobilealliance.org/DTD/WV-CSP'],
  ];
  for (let round = 0; round < 3; round++) {
    for (const [token, prefix] of starts) {
      for (const text of texts) {
        const hex = [...new TextEncoder().encode(text)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
        const r = decode(fromHex(`03 11 6a 00 c9 ${token} 03 ${hex} 00 01 01`));
        expect(r.doc.attributes).toEqual({ xmlns: prefix + text });
      }
    }
  }
});
