/**
 * libwbxml's command-line tools as a second, independent CSP 1.2 client: `xml2wbxml` encodes the
 * requests, `wbxml2xml` decodes the answers. In CI (CI=true) a missing tool is a failure, not a
 * skip (.ci/run installs libwbxml2-utils).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function hasLibwbxml(): boolean {
  return spawnSync('sh', ['-c', 'command -v xml2wbxml && command -v wbxml2xml'], { encoding: 'utf8' }).status === 0;
}

/** Run the libwbxml tests: always in CI, elsewhere when the tools are installed. */
export const libwbxmlRequired = process.env['CI'] === 'true' || hasLibwbxml();

function inTemp<T>(f: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'imps-example-libwbxml-'));
  try {
    return f(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** XML text → WBXML with libwbxml (the XML needs its DOCTYPE for libwbxml to know the language). */
export function xml2wbxml(xml: string): Uint8Array {
  return inTemp((dir) => {
    writeFileSync(join(dir, 'in.xml'), xml);
    const r = spawnSync('xml2wbxml', ['-o', join(dir, 'out.wbxml'), join(dir, 'in.xml')], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`xml2wbxml failed (${r.status}): ${r.stdout}${r.stderr}`);
    return new Uint8Array(readFileSync(join(dir, 'out.wbxml')));
  });
}

/** WBXML → XML text with libwbxml. */
export function wbxml2xml(bytes: Uint8Array): string {
  return inTemp((dir) => {
    writeFileSync(join(dir, 'in.wbxml'), bytes);
    const r = spawnSync('wbxml2xml', ['-m', '0', '-o', join(dir, 'out.xml'), join(dir, 'in.wbxml')], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`wbxml2xml failed (${r.status}): ${r.stdout}${r.stderr}`);
    return readFileSync(join(dir, 'out.xml'), 'utf8');
  });
}
