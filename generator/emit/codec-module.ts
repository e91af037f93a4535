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
  const f = new TsFile(versionSources(model, v, ctx), ctx.importExtension);
  const s = f.syntax;
  f.fileDoc([
    `The WBXML codec of CSP ${v.version}: {@link encode} writes public id ${hex(v.identity.publicId)}; {@link decode} reads`,
    'documents of this version (to pick the version from the bytes, use `decode` of the top-level index).',
  ]);
  const runtime = '../runtime/index';
  const decodeWith = f.import('decode', runtime, 'decodeWith');
  const encodeWith = f.import('encode', runtime, 'encodeWith');
  const [CspElement, DecodeOptions, DecodeResult, EncodeOptions] = ['CspElement', 'DecodeOptions', 'DecodeResult', 'EncodeOptions'].map(
    (n) => s.type(f.ref(f.importType(n, runtime))),
  );
  const CspTables = f.importType('CspTables', runtime);
  const tables = f.import('tables', './tables');
  f.declare(s.exportFrom([f.ref(tables)], undefined));
  f.print();
  // One registry array for every call: the engine keeps what it derives from the tables per
  // registry, and a new `[tables]` per call would derive it again each time.
  f.jsDoc('The registry {@link decode} reads with (one array, so the engine derives its lookups once).');
  f.print('const registry: readonly ', CspTables, '[] = [', tables, '];');
  f.print();
  f.declare(
    s.doc(
      s.exportFunction(
        'encode',
        [s.parameter('doc', CspElement!), s.parameter('options', EncodeOptions!, true)],
        s.type('Uint8Array'),
        s.call(f.ref(encodeWith), s.id('doc'), f.ref(tables), s.id('options')),
      ),
      `Encodes an element tree as a CSP ${v.version} WBXML document. Throws \`WbxmlError\` for what cannot be encoded.`,
    ),
  );
  f.print();
  f.declare(
    s.doc(
      s.exportFunction(
        'decode',
        [s.parameter('bytes', s.type('Uint8Array')), s.parameter('options', DecodeOptions!, true)],
        DecodeResult!,
        s.call(f.ref(decodeWith), s.id('bytes'), s.id('registry'), s.id('options')),
      ),
      `Decodes a CSP ${v.version} WBXML document. Throws \`WbxmlError\` (with the byte offset) for malformed input.`,
    ),
  );
  return f.toString();
}

/** `csp-1.x/index.ts`: the entry point of one version. */
export function emitVersionIndex(model: SpecModel, v: VersionModel, ctx: EmitContext, outputs: readonly OutputKind[]): string {
  const f = new TsFile(versionSources(model, v, ctx), ctx.importExtension);
  const s = f.syntax;
  if (outputs.includes('enums')) f.declare(s.exportFrom('*', f.module('./tokens')));
  if (outputs.includes('codec')) f.declare(s.exportFrom(['decode', 'encode', 'tables'], f.module('./codec')));
  return f.toString();
}

/** `index.ts`: every version as a namespace (`csp13`), and a codec that picks the version itself. */
export function emitIndexModule(
  model: SpecModel,
  versions: readonly VersionModel[],
  ctx: EmitContext,
  outputs: readonly OutputKind[],
): string {
  const f = new TsFile(
    model.versionsDocument ? [ctx.sourcePath(model.versionsDocument.specPath)] : [ctx.sourcePath('.')],
    ctx.importExtension,
  );
  const s = f.syntax;
  const F = s.factory;
  f.fileDoc([
    `IMPS CSP ${versions.map((v) => v.version).join(', ')}: token tables${outputs.includes('codec') ? ' and WBXML codec' : ''} per version.`,
    `Each version is also an entry point of its own (\`./${versionFolder(versions[versions.length - 1]!.version)}/index.${ctx.importExtension}\`).`,
    '@packageDocumentation',
  ]);
  for (const v of versions) f.declare(s.exportFrom({ as: versionNamespace(v.version) }, f.module(`./${versionFolder(v.version)}/index`)));
  if (!outputs.includes('codec')) return f.toString();

  const runtime = './runtime/index';
  const tables = versions.map((v) => f.import('tables', `./${versionFolder(v.version)}/tables`, `${versionNamespace(v.version)}Tables`));
  const decodeWith = f.import('decode', runtime, 'decodeWith');
  const encodeWith = f.import('encode', runtime, 'encodeWith');
  const tablesFor = f.import('tablesFor', runtime);
  const [CspElement, CspTables, DecodeOptions, DecodeResult, EncodeOptions] = [
    'CspElement',
    'CspTables',
    'DecodeOptions',
    'DecodeResult',
    'EncodeOptions',
  ].map((n) => s.type(f.ref(f.importType(n, runtime))));
  f.declare(s.exportFrom('*', f.module(runtime)));
  f.print();
  f.declare(
    s.doc(
      s.exportConst(
        'registry',
        F.createTypeOperatorNode(s.ts.SyntaxKind.ReadonlyKeyword, F.createArrayTypeNode(CspTables!)),
        s.array(tables.map((t) => f.ref(t))),
      ),
      'The tables of every version, oldest first.',
    ),
  );
  f.print();
  f.declare(
    s.doc(
      s.exportFunction(
        'decode',
        [s.parameter('bytes', s.type('Uint8Array')), s.parameter('options', DecodeOptions!, true)],
        DecodeResult!,
        s.call(f.ref(decodeWith), s.id('bytes'), s.id('registry'), s.id('options')),
      ),
      'Decodes a WBXML document of any of these versions, picked by its public id (or, failing that, the root namespace).',
    ),
  );
  f.print();
  // `{ readonly version?: string; }`: the printer writes a one-line type literal with its semicolon.
  const version = s.ts.setEmitFlags(
    F.createTypeLiteralNode([
      F.createPropertySignature(
        [F.createModifier(s.ts.SyntaxKind.ReadonlyKeyword)],
        'version',
        F.createToken(s.ts.SyntaxKind.QuestionToken),
        F.createKeywordTypeNode(s.ts.SyntaxKind.StringKeyword),
      ),
    ]),
    s.ts.EmitFlags.SingleLine,
  );
  const versionOption = F.createPropertyAccessChain(s.id('options'), F.createToken(s.ts.SyntaxKind.QuestionDotToken), 'version');
  f.declare(
    s.doc(
      s.exportFunction(
        'encode',
        [s.parameter('doc', CspElement!), s.parameter('options', F.createIntersectionTypeNode([EncodeOptions!, version]), true)],
        s.type('Uint8Array'),
        s.call(f.ref(encodeWith), s.id('doc'), s.call(f.ref(tablesFor), s.id('doc'), s.id('registry'), versionOption), s.id('options')),
      ),
      "Encodes an element tree with the tables of `options.version`, or else of the version whose namespace the root's xmlns is.",
    ),
  );
  return f.toString();
}
