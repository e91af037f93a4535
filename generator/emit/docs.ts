/**
 * The docs: per version a markdown document laid out like the spec's token sections, with what
 * each change request changed, and a change list between consecutive versions. Rendered with
 * the handlebars templates in `templates/` from a typed view model (handlebars' `strict` mode
 * catches a misspelt field only when it is rendered, so the types are the real check).
 */
import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { diffVersions, type ScopeDiff, type VersionDiff } from '../model/diff.js';
import type { SpecModel, Token, VersionModel } from '../model/types.js';
import { markdownBanner } from './banner.js';
import { versionSources, type EmitContext } from './context.js';
import { hex } from '../common/hex.js';
import { describeScope } from '../common/scope.js';

interface TokenRowView {
  readonly name: string;
  readonly token: string;
  readonly source: string;
  readonly note: string;
}

interface SectionView {
  readonly heading: string;
  readonly columns: string;
  readonly rows: readonly TokenRowView[];
}

interface ChangeView {
  readonly id: string;
  readonly title: string;
  readonly status: string;
  readonly path: string;
  readonly requirements: readonly { readonly ref: string; readonly text: string }[];
  readonly added: readonly { readonly where: string; readonly name: string; readonly token: string; readonly how: string }[];
  readonly corrected: readonly {
    readonly where: string;
    readonly name: string;
    readonly stated: string;
    readonly token: string;
    readonly reason: string;
  }[];
  readonly restated: number;
}

interface VersionDocView {
  readonly banner: string;
  readonly version: string;
  readonly identity: readonly { readonly label: string; readonly value: string }[];
  readonly base: { readonly title: string; readonly path: string; readonly status: string };
  readonly changes: readonly ChangeView[];
  readonly tagSections: readonly SectionView[];
  readonly attributeStarts: SectionView;
  readonly valueSections: readonly SectionView[];
  readonly duplicates: readonly { readonly what: string; readonly resolution: string; readonly reason: string }[];
  readonly dataTypes: readonly { readonly element: string; readonly where: string; readonly type: string }[];
  readonly counts: string;
}

interface ChangesDocView {
  readonly banner: string;
  readonly from: string;
  readonly to: string;
  readonly summary: string;
  readonly scopes: readonly {
    readonly heading: string;
    readonly rows: readonly { readonly change: string; readonly name: string; readonly token: string }[];
  }[];
}

const code = (s: string) => '`' + s.replace(/`/g, 'ˋ') + '`';
/** Plain text (from YAML) as one table cell. Markdown cells of the spec (notes, reasons) are already cells and pass as they are. */
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

/** The note an assignment may carry (why this token), after a colon; plain YAML text made one table cell. */
function assignmentNote(note: string): string {
  return note ? `: ${cell(note)}` : '';
}

function source(t: Token): string {
  const c = t.origin.change;
  if (!c) return t.origin.document;
  if (c.kind === 'assigned') return `${c.changeRequest} (\`XX\` → assigned${assignmentNote(c.note)})`;
  if (c.kind === 'corrected') return `${c.changeRequest} (stated ${hex(c.stated)}, erratum)`;
  return c.changeRequest;
}

function rowView(t: Token): TokenRowView {
  return { name: code(t.name), token: hex(t.token), source: source(t), note: t.note };
}

function whereOf(t: Token): string {
  return t.kind === 'tag' ? `tag, code page ${hex(t.page)}` : t.kind === 'attrstart' ? 'attribute start' : `value (${t.group})`;
}

function versionDocView(model: SpecModel, v: VersionModel, ctx: EmitContext): VersionDocView {
  const ns = v.identity.namespaces;
  const nsText = (n: typeof ns.csp) => `${code(n.uri)}: attribute start ${hex(n.attributeStart)} + ${code(n.suffix)}`;
  const groups = [...new Set(v.values.map((t) => t.group))];
  const total = v.codePages.reduce((n, p) => n + p.tokens.length, 0);
  return {
    banner: markdownBanner(versionSources(model, v, ctx)),
    version: v.version,
    identity: [
      { label: 'WBXML public id', value: `${hex(v.identity.publicId)} (${code(v.identity.publicIdText)})` },
      ...(v.identity.otherPublicIdTexts.length
        ? [{ label: 'Also accepted as literal public id', value: v.identity.otherPublicIdTexts.map(code).join(', ') }]
        : []),
      { label: 'Root element', value: code(v.identity.rootElement) },
      { label: 'CSP namespace', value: nsText(ns.csp) },
      { label: 'TRC namespace', value: nsText(ns.trc) },
      { label: 'PA namespace', value: nsText(ns.pa) },
    ],
    base: { title: v.base.title, path: ctx.sourcePath(v.base.specPath), status: v.base.status },
    changes: v.changes.map((c) => ({
      id: c.document.id,
      title: c.document.title,
      status: c.document.status,
      path: ctx.sourcePath(c.document.specPath),
      requirements: c.requirements.map((r) => ({ ref: r.ref, text: r.text })),
      added: c.added.map((t) => ({
        where: whereOf(t),
        name: code(t.name),
        token: hex(t.token),
        how:
          t.origin.change?.kind === 'assigned'
            ? `\`XX\`, assigned${assignmentNote(t.origin.change.note)}`
            : t.origin.change?.kind === 'corrected'
              ? 'stated, corrected by erratum'
              : 'stated',
      })),
      corrected: c.corrected.map((x) => ({
        where: whereOf(x.token),
        name: code(x.token.name),
        stated: hex(x.stated),
        token: hex(x.token.token),
        reason: cell(x.reason),
      })),
      restated: c.restated,
    })),
    tagSections: v.codePages.map((p) => ({
      heading: `${p.title} (${hex(p.page)})`,
      columns: 'Tag name',
      rows: p.tokens.map(rowView),
    })),
    attributeStarts: {
      heading: 'Attribute start tokens',
      columns: 'Attribute name',
      rows: v.attributeStarts.map((t) => ({ ...rowView(t), name: `${code(t.name)} ${code(t.valuePrefix)}` })),
    },
    valueSections: groups.map((g) => ({ heading: g, columns: 'Value', rows: v.values.filter((t) => t.group === g).map(rowView) })),
    duplicates: v.duplicates.map((d) =>
      d.kind === 'token'
        ? { what: `token ${hex(d.token)}: ${d.names.map(code).join(', ')}`, resolution: `decoded as ${code(d.decodeAs)}`, reason: d.reason }
        : {
            what: `name ${code(d.name)}: ${d.tokens.map((t) => hex(t)).join(', ')}`,
            resolution: `encoded as ${hex(d.encodeAs)}`,
            reason: d.reason,
          },
    ),
    dataTypes: v.dataTypes.map((d) => ({ element: code(d.element), where: `${hex(d.page)}/${hex(d.token)}`, type: d.type })),
    counts: `${total} tag tokens on ${v.codePages.length} code pages, ${v.attributeStarts.length} attribute start tokens, ${v.values.length} value tokens`,
  };
}

function changesDocView(model: SpecModel, diff: VersionDiff, from: VersionModel, to: VersionModel, ctx: EmitContext): ChangesDocView {
  const sources = [...new Set([...versionSources(model, from, ctx), ...versionSources(model, to, ctx)])];
  const count = (f: (s: ScopeDiff) => number) => diff.scopes.reduce((n, s) => n + f(s), 0);
  return {
    banner: markdownBanner(sources),
    from: diff.from,
    to: diff.to,
    summary:
      `${count((s) => s.added.length)} added, ${count((s) => s.removed.length)} removed, ` +
      `${count((s) => s.renamed.length)} renamed, ${count((s) => s.renumbered.length)} renumbered`,
    scopes: diff.scopes.map((s) => ({
      heading: describeScope(s.scope, 'heading'),
      rows: [
        ...s.added.map((e) => ({ change: 'added', name: code(e.name), token: hex(e.token) })),
        ...s.removed.map((e) => ({ change: 'removed', name: code(e.name), token: hex(e.token) })),
        ...s.renamed.map((e) => ({ change: 'renamed', name: `${code(e.from)} → ${code(e.to)}`, token: hex(e.token) })),
        ...s.renumbered.map((e) => ({ change: 'renumbered', name: code(e.name), token: `${hex(e.from)} → ${hex(e.to)}` })),
      ],
    })),
  };
}

export interface Templates {
  readonly version: (view: VersionDocView) => string;
  readonly changes: (view: ChangesDocView) => string;
}

/** Compiles the templates of `dir` (`version.md.hbs`, `changes.md.hbs`, partials `*.partial.hbs`). */
export function loadTemplates(dir: URL | string): Templates {
  const hbs = Handlebars.create();
  const read = (name: string) =>
    readFileSync(new URL(name, typeof dir === 'string' ? new URL(`file://${dir.endsWith('/') ? dir : dir + '/'}`) : dir), 'utf8');
  hbs.registerPartial('tokenTable', read('token-table.partial.hbs'));
  const options = { noEscape: true, strict: true };
  const version = hbs.compile<VersionDocView>(read('version.md.hbs'), options);
  const changes = hbs.compile<ChangesDocView>(read('changes.md.hbs'), options);
  return {
    version: (view) => normalizeMarkdown(version(view)),
    changes: (view) => normalizeMarkdown(changes(view)),
  };
}

/** One blank line at most between blocks and exactly one newline at the end, whatever the template's whitespace. */
function normalizeMarkdown(text: string): string {
  return text
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/\n*$/, '\n');
}

export function emitVersionDoc(model: SpecModel, v: VersionModel, ctx: EmitContext, templates: Templates): string {
  return templates.version(versionDocView(model, v, ctx));
}

export function emitChangesDoc(model: SpecModel, from: VersionModel, to: VersionModel, ctx: EmitContext, templates: Templates): string {
  return templates.changes(changesDocView(model, diffVersions(from, to), from, to, ctx));
}
