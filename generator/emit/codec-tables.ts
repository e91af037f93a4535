/**
 * `generated/csp-1.x/tables.ts`: one version's tables in the compact row form the hand-written
 * WBXML engine reads — plain data and one call of `runtime/build-tables.ts` that turns them into
 * lookup maps when the module is first imported. The call is marked `/*@__PURE__*\/` (it has no
 * side effects), so a bundler drops the tables of a version nothing encodes or decodes with.
 * A comment names each code page where its rows begin; a tag row is printed one line per 16 tokens.
 */
import type { ts } from 'ts-morph';
import { hex } from '../common/hex.js';
import type { SpecModel, VersionModel } from '../model/types.js';
import type { Names } from '../runtime/build-tables.js';
import { versionSources, type EmitContext } from './context.js';
import { codecTableRows } from './codec-rows.js';
import { TsFile } from './ts-file.js';

export function emitCodecTablesModule(model: SpecModel, v: VersionModel, ctx: EmitContext): string {
  const f = new TsFile(versionSources(model, v, ctx), ctx.importExtension);
  const s = f.syntax;
  const buildTables = f.import('buildTables', '../runtime/build-tables');
  const CspTables = f.importType('CspTables', '../runtime/tables');
  const r = codecTableRows(v);
  const key = (name: string, value: ts.Expression) => s.property(name, value, false);
  const strings = (list: readonly string[]) => s.array(list.map((x) => s.str(x)));
  const names = (n: Names) => (typeof n === 'string' ? s.str(n) : strings(n));
  const rows = (list: readonly ts.Expression[][]) =>
    s.array(
      list.map((row) => s.array(row)),
      true,
    );
  const titles = new Map(v.codePages.map((p) => [p.page, p.title]));
  // A tag row is a code page: one line of 16 tokens (or fewer, up to the next multiple of 16) a line.
  const tags = r.tags.map(([page, token, ...lines], i) => {
    const row = s.array([s.hex(page), s.hex(token), ...lines.map((l) => s.str(l))], lines.length > 1);
    return i > 0 && r.tags[i - 1]![0] === page ? row : s.comment(row, `${hex(page)}: ${titles.get(page) ?? 'code page'}`);
  });
  const data = s.object([
    key('version', s.str(r.version)),
    key('publicId', s.hex(r.publicId)),
    key('publicIdText', s.str(r.publicIdText)),
    key('otherPublicIdTexts', strings(r.otherPublicIdTexts)),
    key('rootElement', s.str(r.rootElement)),
    key(
      'namespaces',
      s.object([key('csp', s.str(r.namespaces.csp)), key('trc', s.str(r.namespaces.trc)), key('pa', s.str(r.namespaces.pa))], false),
    ),
    key('tags', s.array(tags, true)),
    key('attributeStarts', rows(r.attributeStarts.map(([token, name, prefixes]) => [s.hex(token), s.str(name), names(prefixes)]))),
    key('values', rows(r.values.map(([token, list]) => [s.hex(token), names(list)]))),
    key('encodeAs', s.array(r.encodeAs.map(([name, token]) => s.array([s.str(name), s.hex(token)])))),
    key('decodeAs', s.array(r.decodeAs.map(([token, name]) => s.array([s.hex(token), s.str(name)])))),
    key('integerElements', names(r.integerElements)),
    key('dateTimeElements', names(r.dateTimeElements)),
  ]);
  f.declare(
    s.doc(
      s.exportConst('tables', s.type(f.ref(CspTables)), s.pure(s.call(f.ref(buildTables), data))),
      `The tables of CSP ${r.version} for the WBXML codec.`,
    ),
  );
  return f.toString();
}
