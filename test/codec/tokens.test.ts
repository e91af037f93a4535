/**
 * Every token of every version through the codec: each tag on its code page, each value token as
 * EXT_T_0, each attribute start with its prefix, checked at the byte level and decoded back.
 */
import { describe, expect, test } from 'vitest';
import { decode, encode, hex, registry, type CspElement, type CspTables } from '../support/codec.js';

function mb(v: number): string {
  const out = [v & 0x7f];
  for (v = Math.floor(v / 128); v > 0; v = Math.floor(v / 128)) out.unshift((v & 0x7f) | 0x80);
  return out.map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

const h2 = (n: number) => n.toString(16).padStart(2, '0');
const root = (t: CspTables, children: CspElement['children']): CspElement => ({ name: t.rootElement, attributes: {}, children });

describe.each(registry.map((t) => [t.version, t] as const))('CSP %s', (_v, t) => {
  test('every tag: SWITCH_PAGE to its page, token | 0x40, decoded back to its name', () => {
    let count = 0;
    t.tagPages.forEach((slots, page) => {
      slots?.forEach((name, token) => {
        if (name === null || name === t.rootElement) return;
        const bytes = encode(root(t, [{ name, attributes: {}, children: [] }]), { version: t.version });
        const body = hex(bytes.subarray(4));
        const tag = `${h2(token | 0x40)} 01`;
        expect(body, `${name} 0x${h2(page)}/0x${h2(token)}`).toBe(page === 0 ? `49 ${tag} 01` : `49 00 ${h2(page)} ${tag} 01`);
        expect(decode(bytes).doc.children).toEqual([{ name, attributes: {}, children: [] }]);
        count++;
      });
    });
    expect(count).toBe(t.tagByName.size - 1);
  });

  test('every value token: EXT_T_0 + mb_u_int32 as the whole text of an element, decoded back', () => {
    const asString: string[] = [];
    for (const [name, token] of t.valueTokens) {
      const el = { name: 'Description', attributes: {}, children: [name] };
      const bytes = encode(el, { version: t.version });
      const decodesAs = t.valueNames.get(token);
      if (decodesAs === name) {
        expect(hex(bytes.subarray(4)), name).toBe(`52 80 ${mb(token)} 01`);
      } else {
        asString.push(name);
        // A name sharing its token with another that decodes first (History/GROUP_ID) goes as a string.
        expect(hex(bytes.subarray(4)), name).toMatch(/^52 03 /);
      }
      expect(decode(bytes).doc).toEqual(el);
    }
    // Only the names the spec's duplicate tables decode as another name.
    expect(asString).toEqual(t.version === '1.3' ? ['History'] : []);
  });

  test('every token decodes: each value token number gives its declared name', () => {
    for (const [token, name] of t.valueNames) {
      const bytes = new Uint8Array([
        0x03,
        t.publicId,
        0x6a,
        0x00,
        0x52,
        0x80,
        ...mb(token)
          .split(' ')
          .map((x) => parseInt(x, 16)),
        0x01,
      ]);
      expect(decode(bytes).doc.children).toEqual([name]);
    }
  });

  test('every attribute start: token + the rest of the value as STR_I', () => {
    for (const a of t.attributeStarts) {
      const value = `${a.valuePrefix}${t.version}`;
      const el = { name: t.rootElement, attributes: { [a.name]: value }, children: [] };
      const bytes = encode(el, { version: t.version });
      expect(hex(bytes.subarray(4)), value).toBe(`c9 ${h2(a.token)} 03 ${hex(new TextEncoder().encode(t.version))} 00 01 01`);
      expect(decode(bytes).doc).toEqual(el);
    }
  });
});

describe('declared duplicates', () => {
  const v = (x: string) => registry.find((r) => r.version === x)!;
  test('SMS (0x43 and 0x75) is encoded as 0x43; both decode as SMS', () => {
    for (const version of ['1.2', '1.3']) {
      expect(v(version).valueTokens.get('SMS')).toBe(0x43);
      expect(v(version).valueNames.get(0x75)).toBe('SMS');
    }
  });
  test('1.3 token 0x3D decodes as GROUP_ID; History is sent as a string so it comes back as History', () => {
    const t = v('1.3');
    expect(t.valueNames.get(0x3d)).toBe('GROUP_ID');
    const el = { name: 'Description', attributes: {}, children: ['History'] };
    expect(decode(encode(el, { version: '1.3' })).doc).toEqual(el);
  });
  test('1.1 IM (0x12 and 0x68) is encoded as 0x12', () => {
    expect(v('1.1').valueTokens.get('IM')).toBe(0x12);
    expect(v('1.1').valueNames.get(0x68)).toBe('IM');
  });
});
