/**
 * `imps-tokengen encode` and `decode` as a new user runs them (in process): files or stdin/stdout,
 * libwbxml's test XMLs in, libwbxml's WBXML out, errors with their place and the documented exit
 * codes, and the tables from `--spec` (or the shipped spec when there is no spec folder).
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT, runMain } from '../support/cli.js';
import { AOSP, decode, encodeXml, fromXml, hex, LIBWBXML_WV, readVector, registry } from '../support/codec.js';
import { hasCommand, xml2wbxml } from '../support/peers.js';
import { tempDir } from '../support/tmp.js';

describe('encode', () => {
  test('a libwbxml test XML file → the WBXML the API gives, on stdout', async () => {
    const file = join(LIBWBXML_WV, 'wv-001.xml');
    const r = await runMain(['encode', file]);
    expect(r.status, r.stderr).toBe(0);
    expect(hex(new Uint8Array(r.stdoutBytes))).toBe(hex(encodeXml(readFileSync(file, 'utf8'), registry).bytes));
    expect(r.stdoutBytes[1]).toBe(0x10);
  });

  test('stdin → -o file, with --version and --public-id text', async () => {
    const dir = tempDir();
    const xml = readFileSync(join(AOSP, 'encoder_simple_csp12_xml.xml'));
    const r = await runMain(['encode', '--version', '1.2', '--public-id', 'text', '-o', join(dir, 'out.wbxml')], { input: xml });
    expect(r.status, r.stderr).toBe(0);
    const bytes = new Uint8Array(readFileSync(join(dir, 'out.wbxml')));
    expect(decode(bytes).publicId).toBe('-//OMA//DTD WV-CSP 1.2//EN');
  });

  test("AOSP's XML encodes to AOSP's bytes", async () => {
    const r = await runMain(['encode', join(AOSP, 'encoder_statusprim_xml.xml')]);
    expect(hex(new Uint8Array(r.stdoutBytes))).toBe(hex(readVector(AOSP, 'encoder_statusprim_wbxml.wbxml')));
  });

  test('a value that does not fit its type: exit 1, the element path', async () => {
    const r = await runMain(['encode'], {
      input:
        '<WV-CSP-Message xmlns="http://www.openmobilealliance.org/DTD/WV-CSP1.2"><Session><ContentSize>-1</ContentSize></Session></WV-CSP-Message>',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      'imps-tokengen: <stdin>: "-1" is not an unsigned 32-bit integer; this element is an OPAQUE integer (at /WV-CSP-Message/Session/ContentSize) [bad-value]\n',
    );
    expect(r.stdout).toBe('');
  });

  test('XML that is not well-formed: exit 1 with line:column', async () => {
    const r = await runMain(['encode'], {
      input: '<WV-CSP-Message xmlns="http://www.wireless-village.org/CSP1.1">\n<Session></WV-CSP-Message>',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^imps-tokengen: <stdin>: XML 2:\d+: .* \[bad-xml\]\n$/);
  });

  test('no version anywhere: exit 1, and it says how to name one', async () => {
    const r = await runMain(['encode'], { input: '<WV-CSP-Message/>' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('name the version (one of 1.1, 1.2, 1.3)');
  });

  test('usage errors: exit 2', async () => {
    expect((await runMain(['encode', 'no-such-file.xml'])).status).toBe(2);
    const r = await runMain(['encode', '--version', '1.4', join(LIBWBXML_WV, 'wv-001.xml')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('`--version 1.4` is not one of 1.1, 1.2, 1.3');
  });
});

describe('decode', () => {
  test("AOSP's WBXML → indented XML with the version from the public id", async () => {
    const r = await runMain(['decode', join(AOSP, 'parser_cap_request_wbxml.wbxml')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<WV-CSP-Message xmlns="http:\/\/www.openmobilealliance.org\/DTD\/WV-CSP1.2">\n {2}<Session>\n/,
    );
    expect(fromXml(r.stdout).doc).toEqual(fromXml(readFileSync(join(AOSP, 'parser_cap_request_wbxml.comment.xml'), 'utf8')).doc);
  });

  test.runIf(hasCommand('xml2wbxml') || process.env.CI === 'true')(
    'a WBXML file written by libwbxml (literal public id) decodes from stdin',
    async () => {
      const file = join(LIBWBXML_WV, 'wv-050.xml');
      const { bytes } = xml2wbxml([readFileSync(file, 'utf8')])[0]!;
      const r = await runMain(['decode', '--compact'], { input: bytes });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('<SessionType>Inband</SessionType>');
    },
  );

  test('--format json gives the tree, OPAQUE bytes as hex', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'm.wbxml'), readVector(AOSP, 'encoder_inline_contentdata_opaque.wbxml'));
    const r = await runMain(['decode', '--format', 'json', join(dir, 'm.wbxml')]);
    expect(JSON.parse(r.stdout)).toEqual({
      version: '1.3',
      publicId: 0x12,
      doc: { name: 'ContentData', attributes: {}, children: [{ opaque: '48656c6c6f' }] },
    });
  });

  test('malformed WBXML: exit 1, what and at which byte; nothing on stdout', async () => {
    const r = await runMain(['decode', join(AOSP, 'parser_incomplete_str_i_wbxml.wbxml')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `imps-tokengen: ${join(AOSP, 'parser_incomplete_str_i_wbxml.wbxml')}: an inline string (STR_I) without its terminating NUL (at byte 15) [truncated]\n`,
    );
    expect(r.stdout).toBe('');
  });

  test('--version forces the tables (wbxml2xml -l style)', async () => {
    const r = await runMain(['decode', '--version', '1.3', '--compact'], { input: new Uint8Array([0x03, 0x01, 0x6a, 0x00, 0x49, 0x01]) });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('<?xml version="1.0" encoding="UTF-8"?><WV-CSP-Message/>\n');
  });

  test('encode | decode round trip through the CLI', async () => {
    const file = join(LIBWBXML_WV, 'wv-040.xml');
    const wbxml = (await runMain(['encode', file])).stdoutBytes;
    const r = await runMain(['decode'], { input: wbxml });
    expect(fromXml(r.stdout).doc).toEqual(fromXml(readFileSync(file, 'utf8')).doc);
  });
});

describe('where the tables come from', () => {
  const MINI = '<Mini-Message><Count>300</Count></Mini-Message>';
  // Mini-Message 0x05 with content, Count 0x08 with content as the OPAQUE integer 300.
  const MINI_BYTES = '03 7b 6a 00 45 48 c3 02 01 2c 01 01';

  test('--spec: the tables of that spec, both ways', async () => {
    const r = await runMain(['encode', '--spec', 'test/fixtures/mini-spec', '--version', '1.1'], { input: MINI });
    expect(r.stderr).toBe('');
    expect(hex(new Uint8Array(r.stdoutBytes))).toBe(MINI_BYTES);
    const back = await runMain(['decode', '--spec', 'test/fixtures/mini-spec', '--compact'], { input: r.stdoutBytes });
    expect(back.stdout).toBe('<?xml version="1.0" encoding="UTF-8"?><Mini-Message><Count>300</Count></Mini-Message>\n');
    // The shipped spec has no version 1.1 Mini-Message: the same input is another document there.
    expect((await runMain(['decode', '--compact'], { input: r.stdoutBytes })).status).toBe(1);
  });

  test("the config file's spec folder applies, as for every command", async () => {
    const dir = tempDir();
    cpSync(join(ROOT, 'test/fixtures/mini-spec'), join(dir, 'myspec'), { recursive: true });
    writeFileSync(join(dir, 'imps-tokengen.config.json'), '{ "spec": "myspec" }\n');
    const r = await runMain(['encode', '--version', '1.1'], { cwd: dir, input: MINI });
    expect(r.stderr).toBe('');
    expect(hex(new Uint8Array(r.stdoutBytes))).toBe(MINI_BYTES);
  });

  test('without a spec folder: the CSP 1.1-1.3 spec shipped with imps-tokengen', async () => {
    const dir = tempDir();
    const file = join(AOSP, 'encoder_statusprim_xml.xml');
    const r = await runMain(['encode', file], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(hex(new Uint8Array(r.stdoutBytes))).toBe(hex(readVector(AOSP, 'encoder_statusprim_wbxml.wbxml')));
  });

  test('a spec folder named but missing is a usage error (exit 2), never the shipped spec', async () => {
    const dir = tempDir();
    const r = await runMain(['decode', '--spec', 'nowhere'], { cwd: dir, input: new Uint8Array([0x03, 0x12, 0x6a, 0x00, 0x49, 0x01]) });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'imps-tokengen: Spec folder `nowhere` does not exist; pass the folder holding the spec markdown with `--spec`.\n',
    );
  });

  test('a spec with errors: its diagnostics and exit 1, nothing on stdout', async () => {
    const dir = tempDir();
    cpSync(join(ROOT, 'test/fixtures/mini-spec'), join(dir, 'spec'), { recursive: true });
    rmSync(join(dir, 'spec/assignments.yaml'));
    const r = await runMain(['encode'], { cwd: dir, input: MINI });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^spec\/assignments\.yaml:1:1: error: .*\[missing-assignment-file\]\n/);
  });
});
