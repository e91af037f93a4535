/**
 * `generated/csp-1.x/tables.ts`: one version's tables in the compact row form the hand-written
 * WBXML engine reads — plain data and one call of `runtime/build-tables.ts` that turns them into
 * lookup maps when the module is first imported. The call is marked `/*@__PURE__*\/` (it has no
 * side effects), so a bundler drops the tables of a version nothing encodes or decodes with.
 */
import type { SpecModel, VersionModel } from '../model/types.js';
import { versionSources, type EmitContext } from './context.js';
import { TsFile } from './ts-file.js';
import { hex } from '../common/hex.js';

export function emitCodecTablesModule(model: SpecModel, v: VersionModel, ctx: EmitContext): string {
  const f = new TsFile(versionSources(model, v, ctx));
  const buildTables = f.import('buildTables', '../runtime/build-tables.js');
  const CspTables = f.importType('CspTables', '../runtime/tables.js');
  const q = (s: string) => JSON.stringify(s);
  const ns = v.identity.namespaces;
  f.jsDoc(`The tables of CSP ${v.version} for the WBXML codec.`);
  f.print('export const tables: ', CspTables, ' = /*@__PURE__*/ ', buildTables, '({');
  f.indent(() => {
    f.print(`version: ${q(v.version)},`);
    f.print(`publicId: ${hex(v.identity.publicId)},`);
    f.print(`publicIdText: ${q(v.identity.publicIdText)},`);
    f.print(`otherPublicIdTexts: [${v.identity.otherPublicIdTexts.map(q).join(', ')}],`);
    f.print(`rootElement: ${q(v.identity.rootElement)},`);
    f.print(`namespaces: { csp: ${q(ns.csp.uri)}, trc: ${q(ns.trc.uri)}, pa: ${q(ns.pa.uri)} },`);
    f.print('tags: [');
    f.indent(() => {
      for (const p of v.codePages) for (const t of p.tokens) f.print(`[${hex(p.page)}, ${hex(t.token)}, ${q(t.name)}],`);
    });
    f.print('],');
    f.print('attributeStarts: [');
    f.indent(() => {
      for (const t of v.attributeStarts) f.print(`[${hex(t.token)}, ${q(t.name)}, ${q(t.valuePrefix)}],`);
    });
    f.print('],');
    f.print('values: [');
    f.indent(() => {
      for (const t of v.values) f.print(`[${hex(t.token)}, ${q(t.name)}],`);
    });
    f.print('],');
    const names = v.duplicates.flatMap((d) => (d.kind === 'name' ? [`[${q(d.name)}, ${hex(d.encodeAs)}]`] : []));
    const tokens = v.duplicates.flatMap((d) => (d.kind === 'token' ? [`[${hex(d.token)}, ${q(d.decodeAs)}]`] : []));
    f.print(`encodeAs: [${names.join(', ')}],`);
    f.print(`decodeAs: [${tokens.join(', ')}],`);
    const of = (type: string) => v.dataTypes.filter((d) => d.type === type).map((d) => q(d.element));
    f.print(`integerElements: [${of('integer').join(', ')}],`);
    f.print(`dateTimeElements: [${of('datetime').join(', ')}],`);
  });
  f.print('});');
  return f.toString();
}
