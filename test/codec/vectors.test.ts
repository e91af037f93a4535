/**
 * The byte-exact pairs of AOSP IM's libwbxml tests (../shared/imps-vectors/aosp-im-libwbxml):
 * every encoder XML must encode to its WBXML byte for byte, every WBXML must decode to the message
 * its XML describes, and the inputs AOSP rejects must be rejected with a WbxmlError at the right byte.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  AOSP,
  csp11,
  csp12,
  csp13,
  decode,
  encode,
  encodeXml,
  fromHex,
  fromXml,
  hex,
  readVector,
  registry,
  WbxmlError,
  type CspElement,
} from '../support/codec.js';

const xml = (name: string): string => readFileSync(join(AOSP, name), 'utf8');

/** XML file → WBXML file, as in imps_encoder_test.cpp. */
const ENCODER_PAIRS: [string, string][] = [
  ['encoder_simple_csp12_xml.xml', 'encoder_simple_csp12_wbxml.wbxml'],
  ['encoder_simple_csp12_doctype_xml.xml', 'encoder_simple_csp12_wbxml.wbxml'],
  ['encoder_simple2_csp11_xml.xml', 'encoder_simple2_csp11_wbxml.wbxml'],
  ['encoder_simple_content_xml.xml', 'encoder_simple_content_wbxml.wbxml'],
  ['encoder_simple_integer_xml.xml', 'encoder_simple_integer_wbxml.wbxml'],
  ['encoder_simple_datetime_xml.xml', 'encoder_simple_datetime_wbxml.wbxml'],
  ['encoder_simple_switch_page_xml.xml', 'encoder_simple_switch_page_wbxml.wbxml'],
  ['encoder_statusprim_xml.xml', 'encoder_statusprim_wbxml.wbxml'],
];

describe('AOSP encoder vectors', () => {
  test.each(ENCODER_PAIRS)('%s encodes to %s byte for byte', (x, w) => {
    const { bytes } = encodeXml(xml(x), registry);
    expect(hex(bytes)).toBe(hex(readVector(AOSP, w)));
  });

  test('cap_request: AOSP encodes 1.2 with its 1.3 value table (SHTTP 0xA5, SSMS 0xA4); valueTokensFrom reproduces it', () => {
    const expected = hex(readVector(AOSP, 'encoder_cap_request_wbxml.wbxml'));
    const { bytes } = encodeXml(xml('encoder_cap_request_xml.xml'), registry, { valueTokensFrom: csp13.tables });
    expect(hex(bytes)).toBe(expected);
    // By default 1.2 has no token for them (a 1.3 addition): they go as strings, which every 1.2 peer reads.
    const plain = hex(encodeXml(xml('encoder_cap_request_xml.xml'), registry).bytes);
    expect(plain).toContain('50 03 53 48 54 54 50 00 01'); // <SupportedCIRMethod>STR_I "SHTTP"
    expect(decode(fromHex(plain)).doc).toEqual(decode(fromHex(expected)).doc);
  });

  test('the inline vectors (root only, root with Session, ContentData as string and as OPAQUE)', () => {
    expect(hex(encode({ name: 'WV-CSP-Message', attributes: {}, children: [] }, { version: '1.3' }))).toBe(
      hex(readVector(AOSP, 'encoder_inline_smoke_root_only.wbxml')),
    );
    const session: CspElement = { name: 'WV-CSP-Message', attributes: {}, children: [{ name: 'Session', attributes: {}, children: [] }] };
    expect(hex(encode(session, { version: '1.3' }))).toBe(hex(readVector(AOSP, 'encoder_inline_root_session.wbxml')));
    const asString = { name: 'ContentData', attributes: {}, children: ['Hello'] };
    expect(hex(encode(asString, { version: '1.3' }))).toBe(hex(readVector(AOSP, 'encoder_inline_contentdata_string.wbxml')));
    const asBytes = { name: 'ContentData', attributes: {}, children: [new TextEncoder().encode('Hello')] };
    expect(hex(encode(asBytes, { version: '1.3' }))).toBe(hex(readVector(AOSP, 'encoder_inline_contentdata_opaque.wbxml')));
  });
});

/** WBXML file → the XML it means (the .comment.xml AOSP's test prints, or the encoder's XML). */
const DECODE_PAIRS: [string, string, string][] = [
  ['parser_simple_wbxml.wbxml', 'parser_simple_wbxml.comment.xml', '1.1'],
  ['parser_simple_nocontent_wbxml.wbxml', 'parser_simple_nocontent_wbxml.comment.xml', '1.1'],
  ['parser_simple2_wbxml.wbxml', 'parser_simple2_wbxml.comment.xml', '1.1'],
  ['parser_simple3_wbxml.wbxml', 'parser_simple3_wbxml.comment.xml', '1.1'],
  ['parser_loginresponse_wbxml.wbxml', 'parser_loginresponse_wbxml.comment.xml', '1.1'],
  ['parser_cap_request_wbxml.wbxml', 'parser_cap_request_wbxml.comment.xml', '1.2'],
  ['parser_statusprim_wbxml.wbxml', 'parser_statusprim_wbxml.comment.xml', '1.3'],
  ['parser_sendmsgreq1_wbxml.wbxml', 'parser_sendmsgreq1_wbxml.comment.xml', '1.1'],
  ['parser_literal_wbxml.wbxml', 'parser_literal_wbxml.comment.xml', '1.1'],
  ['encoder_simple_integer_wbxml.wbxml', 'encoder_simple_integer_xml.xml', '1.2'],
  ['encoder_simple_datetime_wbxml.wbxml', 'encoder_simple_datetime_xml.xml', '1.2'],
  ['encoder_simple_switch_page_wbxml.wbxml', 'encoder_simple_switch_page_xml.xml', '1.2'],
  ['encoder_statusprim_wbxml.wbxml', 'encoder_statusprim_xml.xml', '1.3'],
  ['encoder_cap_request_wbxml.wbxml', 'encoder_cap_request_xml.xml', '1.2'],
];

describe('AOSP parser vectors', () => {
  test.each(DECODE_PAIRS)('%s decodes to the message of %s (CSP %s)', (w, x, version) => {
    const r = decode(readVector(AOSP, w));
    expect(r.version).toBe(version);
    expect(r.versionFrom).toBe('public-id');
    expect(r.doc).toEqual(fromXml(xml(x)).doc);
  });

  test('big_entity: ENTITY U+10FFFF, the largest code point, decodes', () => {
    for (const f of ['parser_big_entity_wbxml.wbxml', 'encoder_big_entity_wbxml.wbxml']) {
      const doc = decode(readVector(AOSP, f)).doc;
      const type = (doc.children[0] as CspElement).children[0] as CspElement;
      expect((type.children[0] as CspElement).children).toEqual(['\u{10FFFF}']);
    }
  });

  test.each([
    ['parser_invalid_entity_wbxml.wbxml', 'bad-entity', 15],
    ['encoder_invalid_entity_wbxml.wbxml', 'bad-entity', 15],
    ['parser_incomplete_str_i_wbxml.wbxml', 'truncated', 15],
  ])('%s is rejected: %s at byte %i', (f, code, offset) => {
    const bytes = readVector(AOSP, f);
    expect(() => decode(bytes)).toThrow(WbxmlError);
    try {
      decode(bytes);
    } catch (e) {
      expect((e as WbxmlError).code).toBe(code);
      expect((e as WbxmlError).offset).toBe(offset);
    }
  });

  test('sendmsgreq1 carries a 1.2 xmlns under public id 1.1: decoded with 1.1, the xmlns kept as sent', () => {
    const r = decode(readVector(AOSP, 'parser_sendmsgreq1_wbxml.wbxml'));
    expect(r.version).toBe('1.1');
    expect(r.doc.attributes).toEqual({ xmlns: 'http://www.openmobilealliance.org/DTD/WV-CSP1.2' });
  });

  test('the literal vector: LITERAL, LITERAL_C, LITERAL_A with STR_T values, from the string table', () => {
    const doc = decode(readVector(AOSP, 'parser_literal_wbxml.wbxml')).doc;
    expect(doc.children).toEqual([
      {
        name: 'sometag',
        attributes: {},
        children: [{ name: 'Session', attributes: {}, children: [{ name: 'someMoreTag', attributes: {}, children: [] }] }],
      },
      { name: 'metag', attributes: { attr: 'sometag' }, children: [] },
      { name: 'tag', attributes: { movie: 'transformer' }, children: [] },
    ]);
  });

  test('canonical vectors re-encode to the same bytes (decode → encode is the identity)', () => {
    for (const f of [
      'encoder_simple_csp12_wbxml.wbxml',
      'encoder_simple2_csp11_wbxml.wbxml',
      'encoder_simple_content_wbxml.wbxml',
      'encoder_simple_integer_wbxml.wbxml',
      'encoder_simple_datetime_wbxml.wbxml',
      'encoder_simple_switch_page_wbxml.wbxml',
      'encoder_statusprim_wbxml.wbxml',
      'encoder_inline_contentdata_opaque.wbxml',
    ]) {
      const bytes = readVector(AOSP, f);
      const r = decode(bytes);
      expect(hex(encode(r.doc, { version: r.version })), f).toBe(hex(bytes));
    }
  });

  test('loginresponse sends the integer Code as a string: accepted, and re-encoded as the OPAQUE integer it is', () => {
    const r = decode(readVector(AOSP, 'parser_loginresponse_wbxml.wbxml'));
    expect(hex(readVector(AOSP, 'parser_loginresponse_wbxml.wbxml'))).toContain('4b 03 34 30 31 00 01'); // <Code>STR_I "401"
    const again = encode(r.doc, { version: r.version });
    expect(hex(again)).toContain('4b c3 02 01 91 01'); // <Code>OPAQUE 401
    expect(decode(again).doc).toEqual(r.doc);
  });

  test('per-version codecs decode their own version and refuse another', () => {
    expect(csp11.decode(readVector(AOSP, 'parser_simple_wbxml.wbxml')).version).toBe('1.1');
    expect(csp12.decode(readVector(AOSP, 'encoder_simple_csp12_wbxml.wbxml')).version).toBe('1.2');
    expect(() => csp13.decode(readVector(AOSP, 'encoder_simple_csp12_wbxml.wbxml'))).toThrow(/public id 0x11 is not CSP 1.3/);
  });
});
