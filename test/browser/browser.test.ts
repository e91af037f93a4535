/**
 * The generated codec in a real browser: a small page bundled by esbuild from the committed
 * `generated/csp-1.3/index.ts` (the engine and the 1.3 tables, nothing else) runs in headless
 * Chromium, encodes a 1.3 Login-Request, decodes it back, decodes a truncated copy, and writes what
 * it got into the page; Chromium prints the page (`--dump-dom`) and the test checks the bytes.
 *
 * Chromium is Debian's `chromium` package (`.ci/run` installs it). Without it the test is skipped
 * on a developer machine and fails under CI=true.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { expect, test } from 'vitest';
import { ROOT } from '../support/paths.js';
import { tempDir } from '../support/tmp.js';

const CHROMIUM = process.env['CHROMIUM'] ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);

const PAGE_SCRIPT = `
import { ValueToken, decode, encode } from "./generated/csp-1.3/index.js";
import { WbxmlError } from "./generated/index.js";

const el = (name, ...children) => ({ name, attributes: {}, children });
const login = {
  name: "WV-CSP-Message",
  attributes: { xmlns: "http://www.openmobilealliance.org/DTD/IMPS-CSP1.3" },
  children: [
    el("Session",
      el("SessionDescriptor", el("SessionType", "Outband")),
      el("Transaction",
        el("TransactionDescriptor", el("TransactionMode", "Request"), el("TransactionID", "1")),
        {
          name: "TransactionContent",
          attributes: { xmlns: "http://www.openmobilealliance.org/DTD/IMPS-TRC1.3" },
          children: [el("Login-Request", el("UserID", "wv:alice"), el("Password", "secret"), el("TimeToLive", "3600"))],
        })),
  ],
};
const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");
const result = { userAgent: navigator.userAgent };
try {
  const bytes = encode(login);
  result.hex = hex(bytes);
  result.roundTrip = JSON.stringify(decode(bytes).doc) === JSON.stringify(login);
  result.outband = ValueToken.Outband;
  try {
    decode(bytes.subarray(0, bytes.length - 3));
    result.truncated = "decoded";
  } catch (e) {
    result.truncated = e instanceof WbxmlError ? e.code + " at " + e.offset : String(e);
  }
} catch (e) {
  result.error = String(e && e.stack || e);
}
document.getElementById("result").textContent = JSON.stringify(result);
`;

test.skipIf(!available && process.env['CI'] !== 'true')(
  'the 1.3 codec bundled for a browser encodes and decodes a Login-Request in headless Chromium',
  async () => {
    expect(available, `no Chromium at ${CHROMIUM}: install Debian's chromium package (CI installs it)`).toBe(true);
    const dir = tempDir('imps-tokengen-browser-');
    // A classic script: Chromium refuses ES modules from file:// URLs.
    const bundle = await build({
      stdin: { contents: PAGE_SCRIPT, resolveDir: ROOT, loader: 'js', sourcefile: 'page.js' },
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    });
    writeFileSync(join(dir, 'page.js'), bundle.outputFiles[0]!.contents);
    writeFileSync(
      join(dir, 'page.html'),
      '<!doctype html><meta charset="utf-8"><pre id="result">not run</pre><script src="page.js"></script>\n',
    );

    const r = spawnSync(
      CHROMIUM,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        `--user-data-dir=${join(dir, 'profile')}`,
        '--dump-dom',
        pathToFileURL(join(dir, 'page.html')).href,
      ],
      { encoding: 'utf8', timeout: 90_000 },
    );
    const json = /<pre id="result">(.*?)<\/pre>/s.exec(r.stdout)?.[1];
    expect(json, `Chromium exited ${r.status}:\n${r.stderr.slice(-2000)}`).toBeDefined();
    const result = JSON.parse(json!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')) as Record<string, unknown>;
    expect(result['error']).toBeUndefined();
    expect(result['userAgent']).toMatch(/HeadlessChrome\//);
    expect(result['hex']).toBe(
      [
        '03 12 6a 00', // WBXML 1.3, public id 0x12, UTF-8, empty string table
        'c9 0b 03 31 2e 33 00 01', // WV-CSP-Message, xmlns: attribute start 0x0B + "1.3"
        '6d 6e 70 80 19 01 01', // Session, SessionDescriptor, SessionType Outband (EXT_T_0 0x19)
        '72 74 76 80 20 01 75 03 31 00 01 01', // Transaction, TransactionDescriptor: TransactionMode Request, TransactionID "1"
        'f3 0d 03 31 2e 33 00 01', // TransactionContent, xmlns: attribute start 0x0D + "1.3"
        '00 01 5d', // SWITCH_PAGE 1, Login-Request
        '00 00 7a 03 77 76 3a 61 6c 69 63 65 00 01', // page 0: UserID "wv:alice"
        '00 01 61 03 73 65 63 72 65 74 00 01', // page 1: Password "secret"
        '72 c3 02 0e 10 01', // TimeToLive: OPAQUE integer 3600
        '01 01 01 01 01',
      ].join(' '),
    );
    expect(result['roundTrip']).toBe(true);
    expect(result['outband']).toBe(0x19);
    expect(result['truncated']).toMatch(/^truncated at \d+$/);
  },
  120_000,
);
