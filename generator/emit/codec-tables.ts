/**
 * `generated/csp-1.x/tables.ts`: one version's tables in the compact row form the hand-written
 * WBXML engine reads (`runtime/build-tables.ts` turns them into lookup maps on first import).
 */
import { printStructure, StructureKind, type WriterFunction } from 'ts-morph';
import type { SpecModel, VersionModel } from '../model/types.js';
import { tsBanner } from './banner.js';
import { versionSources, type EmitContext } from './context.js';
import { hex } from '../common/hex.js';

export function emitCodecTablesModule(model: SpecModel, v: VersionModel, ctx: EmitContext): string {
  const q = (s: string) => JSON.stringify(s);
  const ns = v.identity.namespaces;
  const body: WriterFunction = (w) => {
    w.blankLine();
    w.writeLine(`/** The tables of CSP ${v.version} for the WBXML codec. */`);
    w.write('export const tables: CspTables = buildTables({').newLine();
    w.indent(() => {
      w.writeLine(`version: ${q(v.version)},`);
      w.writeLine(`publicId: ${hex(v.identity.publicId)},`);
      w.writeLine(`publicIdText: ${q(v.identity.publicIdText)},`);
      w.writeLine(`otherPublicIdTexts: [${v.identity.otherPublicIdTexts.map(q).join(', ')}],`);
      w.writeLine(`rootElement: ${q(v.identity.rootElement)},`);
      w.writeLine(`namespaces: { csp: ${q(ns.csp.uri)}, trc: ${q(ns.trc.uri)}, pa: ${q(ns.pa.uri)} },`);
      w.writeLine('tags: [');
      w.indent(() => {
        for (const p of v.codePages) for (const t of p.tokens) w.writeLine(`[${hex(p.page)}, ${hex(t.token)}, ${q(t.name)}],`);
      });
      w.writeLine('],');
      w.writeLine('attributeStarts: [');
      w.indent(() => {
        for (const t of v.attributeStarts) w.writeLine(`[${hex(t.token)}, ${q(t.name)}, ${q(t.valuePrefix)}],`);
      });
      w.writeLine('],');
      w.writeLine('values: [');
      w.indent(() => {
        for (const t of v.values) w.writeLine(`[${hex(t.token)}, ${q(t.name)}],`);
      });
      w.writeLine('],');
      const names = v.duplicates.flatMap((d) => (d.kind === 'name' ? [`[${q(d.name)}, ${hex(d.encodeAs)}]`] : []));
      const tokens = v.duplicates.flatMap((d) => (d.kind === 'token' ? [`[${hex(d.token)}, ${q(d.decodeAs)}]`] : []));
      w.writeLine(`encodeAs: [${names.join(', ')}],`);
      w.writeLine(`decodeAs: [${tokens.join(', ')}],`);
      const of = (type: string) => v.dataTypes.filter((d) => d.type === type).map((d) => q(d.element));
      w.writeLine(`integerElements: [${of('integer').join(', ')}],`);
      w.writeLine(`dateTimeElements: [${of('datetime').join(', ')}],`);
    });
    w.writeLine('});');
  };
  return printStructure(
    {
      kind: StructureKind.SourceFile,
      statements: [
        tsBanner(versionSources(model, v, ctx)),
        '/* eslint-disable */',
        (w) => {
          w.blankLine();
          w.writeLine('import { buildTables } from "../runtime/build-tables.js";');
          w.writeLine('import type { CspTables } from "../runtime/tables.js";');
        },
        body,
      ],
    },
    { indentNumberOfSpaces: 2, newLine: '\n' },
  ).replace(/\n*$/, '\n');
}
