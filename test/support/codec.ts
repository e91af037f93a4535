/**
 * The codec under test: the engine's source (generator/runtime/, which generated/runtime/ is a
 * verbatim copy of) with the tables of the shipped spec built in process by `loadCodec` — the same
 * rows `generate` prints into generated/csp-1.x/tables.ts. Nothing here reads generated/, so
 * breaking the engine's source breaks the codec tests, and a stale or broken generated/ does not.
 * Plus the test vectors and their helpers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCodec } from '../../generator/api.js';
import { formatDiagnosticsText } from '../../generator/diagnostics.js';
import { expect } from 'vitest';
import { type CspElement, type CspTables, decode as decodeWith, encode as encodeWith, WbxmlError } from '../../generator/runtime/index.js';
import { ROOT, SHARED } from './paths.js';

export * from '../../generator/runtime/index.js';
export { encodeXml, fromXml } from '../../generator/xml.js';

const codec = await loadCodec({ cwd: ROOT });
if (!codec.ok) throw new Error(`the shipped spec does not validate:\n${formatDiagnosticsText(codec.diagnostics)}`);

/** The tables of CSP 1.1, 1.2 and 1.3, oldest first (what generated/index.ts exports as `registry`). */
export const registry: readonly CspTables[] = codec.registry;
/** Decodes a document of any version, picked by its public id or root namespace (as generated/index.ts does). */
export const decode = codec.decode;
/** Encodes with the tables of `options.version`, else of the root's xmlns (as generated/index.ts does). */
export const encode = codec.encode;

/** One version's codec, shaped like `csp13` of generated/index.ts (and bound the same way as its codec.ts). */
function versionCodec(version: string) {
  const tables = registry.find((t) => t.version === version)!;
  return {
    tables,
    encode: (doc: Parameters<typeof encodeWith>[0], options?: Parameters<typeof encodeWith>[2]) => encodeWith(doc, tables, options),
    decode: (bytes: Uint8Array, options?: Parameters<typeof decodeWith>[2]) => decodeWith(bytes, [tables], options),
  };
}
export const csp11 = versionCodec('1.1');
export const csp12 = versionCodec('1.2');
export const csp13 = versionCodec('1.3');

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

/** A CSP element for hand-built trees. */
export const el = (name: string, children: CspElement['children'] = [], attributes: Record<string, string> = {}): CspElement => ({
  name,
  attributes,
  children,
});

/** The `WbxmlError` `f` throws (the test fails if it throws anything else, or nothing). */
export function expectWbxmlError(f: () => unknown): WbxmlError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(WbxmlError);
    return e as WbxmlError;
  }
  throw new Error('expected a WbxmlError');
}
