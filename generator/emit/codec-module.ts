/**
 * The small generated modules that bind the hand-written engine (`runtime/`) to each version's
 * tables: `csp-1.x/codec.ts`, `csp-1.x/index.ts` and the top-level `index.ts`.
 *
 * Each version is an entry point of its own (`csp-1.3/index.ts` imports no other version), and
 * nothing runs at import but the pure-annotated table builds, so a bundler keeps only what is used:
 * one enum member costs a few bytes, one version's codec its own tables and the engine.
 */
import type { SpecModel, VersionModel } from '../model/types.js';
import type { OutputKind } from '../settings.js';
import { versionFolder, versionSources, type EmitContext } from './context.js';
import { TsFile } from './ts-file.js';
import { hex } from '../common/hex.js';

/** `1.3` → `csp13`: the namespace a version is exported under from the top-level index. */
function versionNamespace(version: string): string {
  return 'csp' + version.replace(/\D/g, '');
}

export function emitCodecModule(model: SpecModel, v: VersionModel, ctx: EmitContext): string {
  const f = new TsFile(versionSources(model, v, ctx));
  f.fileDoc([
    `The WBXML codec of CSP ${v.version}: {@link encode} writes public id ${hex(v.identity.publicId)}; {@link decode} reads`,
    'documents of this version (to pick the version from the bytes, use `decode` of the top-level index).',
  ]);
  const runtime = '../runtime/index.js';
  const decodeWith = f.import('decode', runtime, 'decodeWith');
  const encodeWith = f.import('encode', runtime, 'encodeWith');
  const [CspElement, DecodeOptions, DecodeResult, EncodeOptions] = ['CspElement', 'DecodeOptions', 'DecodeResult', 'EncodeOptions'].map(
    (n) => f.importType(n, runtime),
  );
  const tables = f.import('tables', './tables.js');
  f.print('export { ', tables, ' };');
  f.print();
  f.jsDoc(`Encodes an element tree as a CSP ${v.version} WBXML document. Throws \`WbxmlError\` for what cannot be encoded.`);
  f.print('export function encode(doc: ', CspElement!, ', options?: ', EncodeOptions!, '): Uint8Array {');
  f.indent(() => f.print('return ', encodeWith, '(doc, ', tables, ', options);'));
  f.print('}');
  f.print();
  f.jsDoc(`Decodes a CSP ${v.version} WBXML document. Throws \`WbxmlError\` (with the byte offset) for malformed input.`);
  f.print('export function decode(bytes: Uint8Array, options?: ', DecodeOptions!, '): ', DecodeResult!, ' {');
  f.indent(() => f.print('return ', decodeWith, '(bytes, [', tables, '], options);'));
  f.print('}');
  return f.toString();
}

/** `csp-1.x/index.ts`: the entry point of one version. */
export function emitVersionIndex(model: SpecModel, v: VersionModel, ctx: EmitContext, outputs: readonly OutputKind[]): string {
  const f = new TsFile(versionSources(model, v, ctx));
  if (outputs.includes('enums')) f.print('export * from "./tokens.js";');
  if (outputs.includes('codec')) f.print('export { decode, encode, tables } from "./codec.js";');
  return f.toString();
}

/** `index.ts`: every version as a namespace (`csp13`), and a codec that picks the version itself. */
export function emitIndexModule(
  model: SpecModel,
  versions: readonly VersionModel[],
  ctx: EmitContext,
  outputs: readonly OutputKind[],
): string {
  const f = new TsFile(model.versionsDocument ? [ctx.sourcePath(model.versionsDocument.specPath)] : [ctx.sourcePath('.')]);
  f.fileDoc([
    `IMPS CSP ${versions.map((v) => v.version).join(', ')}: token tables${outputs.includes('codec') ? ' and WBXML codec' : ''} per version.`,
    `Each version is also an entry point of its own (\`./${versionFolder(versions[versions.length - 1]!.version)}/index.js\`).`,
    '@packageDocumentation',
  ]);
  for (const v of versions) f.print(`export * as ${versionNamespace(v.version)} from "./${versionFolder(v.version)}/index.js";`);
  if (!outputs.includes('codec')) return f.toString();

  const runtime = './runtime/index.js';
  const tables = versions.map((v) => f.import('tables', `./${versionFolder(v.version)}/tables.js`, `${versionNamespace(v.version)}Tables`));
  const decodeWith = f.import('decode', runtime, 'decodeWith');
  const encodeWith = f.import('encode', runtime, 'encodeWith');
  const tablesFor = f.import('tablesFor', runtime);
  const [CspElement, CspTables, DecodeOptions, DecodeResult, EncodeOptions] = [
    'CspElement',
    'CspTables',
    'DecodeOptions',
    'DecodeResult',
    'EncodeOptions',
  ].map((n) => f.importType(n, runtime));
  f.print(`export * from "${runtime}";`);
  f.print();
  f.jsDoc('The tables of every version, oldest first.');
  f.print(
    'export const registry: readonly ',
    CspTables!,
    '[] = [',
    tables.map((t, i) => (i === 0 ? [t] : [', ', t])),
    '];',
  );
  f.print();
  f.jsDoc('Decodes a WBXML document of any of these versions, picked by its public id (or, failing that, the root namespace).');
  f.print('export function decode(bytes: Uint8Array, options?: ', DecodeOptions!, '): ', DecodeResult!, ' {');
  f.indent(() => f.print('return ', decodeWith, '(bytes, registry, options);'));
  f.print('}');
  f.print();
  f.jsDoc("Encodes an element tree with the tables of `options.version`, or else of the version whose namespace the root's xmlns is.");
  f.print('export function encode(doc: ', CspElement!, ', options?: ', EncodeOptions!, ' & { readonly version?: string }): Uint8Array {');
  f.indent(() => f.print('return ', encodeWith, '(doc, ', tablesFor, '(doc, registry, options?.version), options);'));
  f.print('}');
  return f.toString();
}
