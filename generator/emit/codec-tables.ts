/**
 * `generated/csp-1.x/tables.ts`: one version's tables in the compact row form the hand-written
 * WBXML engine reads — plain data and one call of `runtime/build-tables.ts` that turns them into
 * lookup maps when the module is first imported. The call is marked `/*@__PURE__*\/` (it has no
 * side effects), so a bundler drops the tables of a version nothing encodes or decodes with.
 */
import type { ts } from 'ts-morph';
import type { SpecModel, VersionModel } from '../model/types.js';
import { versionSources, type EmitContext } from './context.js';
import { TsFile } from './ts-file.js';

export function emitCodecTablesModule(model: SpecModel, v: VersionModel, ctx: EmitContext): string {
  const f = new TsFile(versionSources(model, v, ctx), ctx.importExtension);
  const s = f.syntax;
  const buildTables = f.import('buildTables', '../runtime/build-tables');
  const CspTables = f.importType('CspTables', '../runtime/tables');
  const ns = v.identity.namespaces;
  const key = (name: string, value: ts.Expression) => s.property(name, value, false);
  const strings = (list: readonly string[]) => s.array(list.map((x) => s.str(x)));
  const rows = (list: readonly ts.Expression[][]) =>
    s.array(
      list.map((row) => s.array(row)),
      true,
    );
  const dataTypes = (type: string) => strings(v.dataTypes.filter((d) => d.type === type).map((d) => d.element));
  const data = s.object([
    key('version', s.str(v.version)),
    key('publicId', s.hex(v.identity.publicId)),
    key('publicIdText', s.str(v.identity.publicIdText)),
    key('otherPublicIdTexts', strings(v.identity.otherPublicIdTexts)),
    key('rootElement', s.str(v.identity.rootElement)),
    key('namespaces', s.object([key('csp', s.str(ns.csp.uri)), key('trc', s.str(ns.trc.uri)), key('pa', s.str(ns.pa.uri))], false)),
    key('tags', rows(v.codePages.flatMap((p) => p.tokens.map((t) => [s.hex(p.page), s.hex(t.token), s.str(t.name)])))),
    key('attributeStarts', rows(v.attributeStarts.map((t) => [s.hex(t.token), s.str(t.name), s.str(t.valuePrefix)]))),
    key('values', rows(v.values.map((t) => [s.hex(t.token), s.str(t.name)]))),
    key('encodeAs', s.array(v.duplicates.flatMap((d) => (d.kind === 'name' ? [s.array([s.str(d.name), s.hex(d.encodeAs)])] : [])))),
    key('decodeAs', s.array(v.duplicates.flatMap((d) => (d.kind === 'token' ? [s.array([s.hex(d.token), s.str(d.decodeAs)])] : [])))),
    key('integerElements', dataTypes('integer')),
    key('dateTimeElements', dataTypes('datetime')),
  ]);
  f.declare(
    s.doc(
      s.exportConst('tables', s.type(f.ref(CspTables)), s.pure(s.call(f.ref(buildTables), data))),
      `The tables of CSP ${v.version} for the WBXML codec.`,
    ),
  );
  return f.toString();
}
