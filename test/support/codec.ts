/** The codec under test: the generated one, compiled into dist/ by the test setup, plus vector helpers. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED } from './cli.js';

export * from '../../generated/index.js';
export { encodeXml, fromXml } from '../../generator/xml.js';

export const VECTORS = join(SHARED, 'imps-vectors');
export const AOSP = join(VECTORS, 'aosp-im-libwbxml');
export const LIBWBXML_WV = join(VECTORS, 'libwbxml-wv');

export function readVector(dir: string, name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(dir, name)));
}

export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

export function fromHex(s: string): Uint8Array {
  const clean = s.replace(/\s+/g, '');
  return new Uint8Array(clean.match(/../g)?.map((h) => parseInt(h, 16)) ?? []);
}

/** The 116 CSP 1.1 messages of libwbxml's test suite: [file name, XML text]. */
export function libwbxmlMessages(): [string, string][] {
  return readdirSync(LIBWBXML_WV)
    .filter((f) => f.endsWith('.xml'))
    .sort()
    .map((f) => [f, readFileSync(join(LIBWBXML_WV, f), 'utf8')]);
}

/**
 * interVillage's rand.xml: messages captured from a handset, one after the other, some without an
 * XML declaration and with notes between them: each `<WV-CSP-Message …>…</WV-CSP-Message>`.
 */
export function randMessages(): string[] {
  const text = readFileSync(join(VECTORS, 'intervillage/rand.xml'), 'utf8');
  return [...text.matchAll(/<WV-CSP-Message[\s>][\s\S]*?<\/WV-CSP-Message>/g)].map((m) => m[0]);
}
