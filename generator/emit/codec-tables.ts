/**
 * `generated/csp-1.x/tables.ts`: one version's tables ({@link codecTableRows}) printed in the
 * compact row form the hand-written WBXML engine reads (`runtime/build-tables.ts` turns them into
 * lookup maps on first import).
 */
import { printStructure, StructureKind, type WriterFunction } from 'ts-morph';
import type { SpecModel, VersionModel } from '../model/types.js';
import { tsBanner } from './banner.js';
import { versionSources, type EmitContext } from './context.js';
import { hex } from '../common/hex.js';
import { codecTableRows } from './codec-rows.js';

export function emitCodecTablesModule(model: SpecModel, v: VersionModel, ctx: EmitContext): string {
  const q = (s: string) => JSON.stringify(s);
  const rows = codecTableRows(v);
  const body: WriterFunction = (w) => {
    w.blankLine();
    w.writeLine(`/** The tables of CSP ${rows.version} for the WBXML codec. */`);
    w.write('export const tables: CspTables = buildTables({').newLine();
    w.indent(() => {
      w.writeLine(`version: ${q(rows.version)},`);
      w.writeLine(`publicId: ${hex(rows.publicId)},`);
      w.writeLine(`publicIdText: ${q(rows.publicIdText)},`);
      w.writeLine(`otherPublicIdTexts: [${rows.otherPublicIdTexts.map(q).join(', ')}],`);
      w.writeLine(`rootElement: ${q(rows.rootElement)},`);
      w.writeLine(`namespaces: { csp: ${q(rows.namespaces.csp)}, trc: ${q(rows.namespaces.trc)}, pa: ${q(rows.namespaces.pa)} },`);
      w.writeLine('tags: [');
      w.indent(() => {
        for (const [page, token, name] of rows.tags) w.writeLine(`[${hex(page)}, ${hex(token)}, ${q(name)}],`);
      });
      w.writeLine('],');
      w.writeLine('attributeStarts: [');
      w.indent(() => {
        for (const [token, name, prefix] of rows.attributeStarts) w.writeLine(`[${hex(token)}, ${q(name)}, ${q(prefix)}],`);
      });
      w.writeLine('],');
      w.writeLine('values: [');
      w.indent(() => {
        for (const [token, name] of rows.values) w.writeLine(`[${hex(token)}, ${q(name)}],`);
      });
      w.writeLine('],');
      w.writeLine(`encodeAs: [${rows.encodeAs.map(([name, token]) => `[${q(name)}, ${hex(token)}]`).join(', ')}],`);
      w.writeLine(`decodeAs: [${rows.decodeAs.map(([token, name]) => `[${hex(token)}, ${q(name)}]`).join(', ')}],`);
      w.writeLine(`integerElements: [${rows.integerElements.map(q).join(', ')}],`);
      w.writeLine(`dateTimeElements: [${rows.dateTimeElements.map(q).join(', ')}],`);
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
