/**
 * The small generated modules that bind the hand-written engine (`runtime/`) to each version's
 * tables: `csp-1.x/codec.ts`, `csp-1.x/index.ts` and the top-level `index.ts`.
 */
import type { SpecModel, VersionModel } from '../model/types.js';
import type { OutputKind } from '../settings.js';
import { tsBanner } from './banner.js';
import { versionFolder, versionSources, type EmitContext } from './context.js';

/** `1.3` → `csp13`: the namespace a version is exported under from the top-level index. */
function versionNamespace(version: string): string {
  return 'csp' + version.replace(/\D/g, '');
}

export function emitCodecModule(model: SpecModel, v: VersionModel, ctx: EmitContext): string {
  return `${tsBanner(versionSources(model, v, ctx))}
/* eslint-disable */

/**
 * The WBXML codec of CSP ${v.version}: {@link encode} writes public id ${'0x' + v.identity.publicId.toString(16).toUpperCase().padStart(2, '0')}; {@link decode} reads
 * documents of this version (to pick the version from the bytes, use \`decode\` of the top-level index).
 */
import { decode as decodeWith, encode as encodeWith } from "../runtime/index.js";
import type { CspElement, DecodeOptions, DecodeResult, EncodeOptions } from "../runtime/index.js";
import { tables } from "./tables.js";

export { tables };

/** Encodes an element tree as a CSP ${v.version} WBXML document. Throws \`WbxmlError\` for what cannot be encoded. */
export function encode(doc: CspElement, options?: EncodeOptions): Uint8Array {
  return encodeWith(doc, tables, options);
}

/** Decodes a CSP ${v.version} WBXML document. Throws \`WbxmlError\` (with the byte offset) for malformed input. */
export function decode(bytes: Uint8Array, options?: DecodeOptions): DecodeResult {
  return decodeWith(bytes, [tables], options);
}
`;
}

export function emitVersionIndex(model: SpecModel, v: VersionModel, ctx: EmitContext, outputs: readonly OutputKind[]): string {
  const lines = [tsBanner(versionSources(model, v, ctx)), '/* eslint-disable */', ''];
  if (outputs.includes('enums')) lines.push('export * from "./tokens.js";');
  if (outputs.includes('codec')) lines.push('export { decode, encode, tables } from "./codec.js";');
  return lines.join('\n') + '\n';
}

export function emitIndexModule(
  model: SpecModel,
  versions: readonly VersionModel[],
  ctx: EmitContext,
  outputs: readonly OutputKind[],
): string {
  const sources = model.versionsDocument ? [ctx.sourcePath(model.versionsDocument.specPath)] : [ctx.sourcePath('.')];
  const lines = [tsBanner(sources), '/* eslint-disable */', ''];
  lines.push(
    '/**',
    ` * IMPS CSP ${versions.map((v) => v.version).join(', ')}: token tables${outputs.includes('codec') ? ' and WBXML codec' : ''} per version.`,
    ' * @packageDocumentation',
    ' */',
  );
  for (const v of versions) lines.push(`export * as ${versionNamespace(v.version)} from "./${versionFolder(v.version)}/index.js";`);
  if (outputs.includes('codec')) {
    lines.push('');
    for (const v of versions)
      lines.push(`import { tables as ${versionNamespace(v.version)}Tables } from "./${versionFolder(v.version)}/tables.js";`);
    lines.push('import { decode as decodeWith, encode as encodeWith, tablesFor } from "./runtime/index.js";');
    lines.push('import type { CspElement, CspTables, DecodeOptions, DecodeResult, EncodeOptions } from "./runtime/index.js";');
    lines.push('export * from "./runtime/index.js";');
    lines.push('');
    lines.push('/** The tables of every version, oldest first. */');
    lines.push(
      `export const registry: readonly CspTables[] = [${versions.map((v) => `${versionNamespace(v.version)}Tables`).join(', ')}];`,
    );
    lines.push('');
    lines.push('/** Decodes a WBXML document of any of these versions, picked by its public id (or, failing that, the root namespace). */');
    lines.push('export function decode(bytes: Uint8Array, options?: DecodeOptions): DecodeResult {');
    lines.push('  return decodeWith(bytes, registry, options);');
    lines.push('}');
    lines.push('');
    lines.push(
      "/** Encodes an element tree with the tables of `options.version`, or else of the version whose namespace the root's xmlns is. */",
    );
    lines.push('export function encode(doc: CspElement, options?: EncodeOptions & { readonly version?: string }): Uint8Array {');
    lines.push('  return encodeWith(doc, tablesFor(doc, registry, options?.version), options);');
    lines.push('}');
  }
  return lines.join('\n') + '\n';
}
