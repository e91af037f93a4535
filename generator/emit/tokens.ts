/**
 * `generated/csp-1.x/tokens.ts`: the token tables of one version as TypeScript — one table per
 * tag code page, the attribute start tokens and the value tokens, each with a string-literal
 * union type of the spec names and name ↔ token lookups.
 *
 * A table is a TypeScript `enum` or, in the erasable style, an `as const` object with a union
 * type of the same name (the shape protobuf-es emits with `erasable_syntax_only`): `CommonTag.Login`
 * and the type `CommonTag` read the same in both. Tokens are written in hex, as the spec writes them.
 *
 * The declarations are syntax trees (ts-syntax.ts: ts-morph's `ts.factory`), printed once each.
 */
import type { AttributeStartToken, CodePage, SpecModel, TagToken, Token, ValueToken, VersionModel } from '../model/types.js';
import type { EnumStyle } from '../settings.js';
import { versionSources, type EmitContext } from './context.js';
import { pageIdentifier, toIdentifier, uniqueIdentifiers } from './identifiers.js';
import { jsdocSafe, provenanceText, tokenWhere } from './provenance.js';
import { TsFile } from './ts-file.js';
import { hex } from '../common/hex.js';

/** The names the emitted module gives one table. */
interface TableNames {
  /** The table (enum or const object), e.g. `ClientCapabilityTag`. */
  readonly enumName: string;
  /** Union type of the spec names, e.g. `ClientCapabilityTagName`. */
  readonly nameType: string;
  /** Name → token lookup, e.g. `ClientCapabilityTagByName`. */
  readonly byName: string;
  /** Token → name lookup, e.g. `ClientCapabilityTagNames`. */
  readonly names: string;
}

function tagTableNames(pages: readonly CodePage[]): Map<number, TableNames> {
  const out = new Map<number, TableNames>();
  const used = new Set<string>();
  for (const p of pages) {
    let base = pageIdentifier(p.title);
    // Two pages with the same title (1.3 has two "Common code page – continued"): the later page
    // carries its number, so the earlier keeps the plain name it had before.
    if (used.has(base)) base = `${base}Page${p.page.toString(16).toUpperCase().padStart(2, '0')}`;
    used.add(base);
    out.set(p.page, names(`${base}Tag`));
  }
  return out;
}

function names(enumName: string): TableNames {
  return { enumName, nameType: `${enumName}Name`, byName: `${enumName}ByName`, names: `${enumName}Names` };
}

const ATTRIBUTE_START_NAMES = names('AttributeStart');
const VALUE_TOKEN_NAMES = names('ValueToken');

/** One member of a table: its identifier, its token and its documentation. */
interface Member {
  readonly name: string;
  readonly value: number;
  readonly doc: string;
}

export function emitTokensModule(model: SpecModel, v: VersionModel, ctx: EmitContext, style: EnumStyle): string {
  const f = new TsFile(versionSources(model, v, ctx), ctx.importExtension);
  const s = f.syntax;
  f.fileDoc([
    `Token tables of CSP version ${v.version}: WBXML public id ${hex(v.identity.publicId)} (\`${v.identity.publicIdText}\`).`,
    ...(v.changes.length > 0
      ? [`Composed from ${v.base.id} and the change requests ${v.changes.map((c) => c.document.id).join(', ')}.`]
      : []),
    '@packageDocumentation',
  ]);
  f.declare(s.doc(s.exportConst('VERSION', undefined, s.asConst(s.str(v.version))), 'The version these tables define.'));
  f.print();
  f.declare(
    s.doc(s.exportConst('PUBLIC_ID', undefined, s.asConst(s.hex(v.identity.publicId))), 'The WBXML public identifier of this version.'),
  );
  f.print();

  const pageNames = tagTableNames(v.codePages);
  declareTable(
    f,
    style,
    'CodePage',
    `The tag code pages of version ${v.version} (WBXML \`SWITCH_PAGE\` operand).`,
    v.codePages.map((p) => ({
      name: pageNames.get(p.page)!.enumName.replace(/Tag$/, ''),
      value: p.page,
      doc: `${p.title} (${hex(p.page)}).`,
    })),
  );

  for (const page of v.codePages) {
    const n = pageNames.get(page.page)!;
    table<TagToken>(f, style, v, ctx, n, page.tokens, `Tag tokens of code page ${hex(page.page)}, ${page.title}.`, undefined);
  }
  f.jsDoc(`Every element name of version ${v.version}.`);
  printUnion(
    f,
    'ElementName',
    [...pageNames.values()].map((n) => n.nameType),
  );
  f.print();

  table<AttributeStartToken>(
    f,
    style,
    v,
    ctx,
    ATTRIBUTE_START_NAMES,
    v.attributeStarts,
    'Attribute start tokens (attribute code page 0x00): each carries the attribute name and the start of its value.',
    undefined,
  );
  table<ValueToken>(
    f,
    style,
    v,
    ctx,
    VALUE_TOKEN_NAMES,
    v.values,
    'Value tokens, sent as `EXT_T_0` + mb_u_int32. All value tables of the spec share this one token space.',
    v,
  );

  const dataType = s.factory.createUnionTypeNode([s.literalType('integer'), s.literalType('datetime')]);
  f.declare(
    s.doc(
      s.exportConst(
        'ElementDataType',
        s.type('Readonly', s.type('Partial', s.type('Record', s.type('ElementName'), dataType))),
        s.object(v.dataTypes.map((d) => s.property(d.element, s.str(d.type)))),
      ),
      'Elements whose content is not a string: `integer` (OPAQUE, big-endian) or `datetime` (OPAQUE, 6 bytes).',
    ),
  );
  return f.toString();
}

/**
 * Member order: token order, except that a name with two tokens lists the token the spec
 * prefers first, at the place of that name's first token (so it keeps the plain identifier).
 */
function orderedMembers<T extends Token>(tokens: readonly T[], v: VersionModel | undefined): T[] {
  const encodeAs = new Map<string, number>();
  for (const d of v?.duplicates ?? []) if (d.kind === 'name') encodeAs.set(d.name, d.encodeAs);
  const preferred = new Map<string, T>();
  for (const t of tokens) if (encodeAs.get(t.name) === t.token) preferred.set(t.name, t);
  const out: T[] = [];
  const placed = new Set<T>();
  for (const t of tokens) {
    if (placed.has(t)) continue;
    const first = preferred.get(t.name);
    if (first && !placed.has(first)) {
      out.push(first);
      placed.add(first);
      if (first === t) continue;
    }
    out.push(t);
    placed.add(t);
  }
  return out;
}

/**
 * One table: the enum (or const object and its type), the union of spec names, name → token (a
 * duplicate name maps to the token the spec prefers) and token → name (a duplicate token maps to
 * the name it prefers).
 */
function table<T extends Token>(
  f: TsFile,
  style: EnumStyle,
  v: VersionModel,
  ctx: EmitContext,
  n: TableNames,
  tokens: readonly T[],
  summary: string,
  valueSpace: VersionModel | undefined,
): void {
  const members = orderedMembers(tokens, valueSpace);
  const memberName = uniqueIdentifiers(
    members,
    (t) => (t.kind === 'attrstart' ? attributeStartLabel(t) : t.name),
    (t) => t.token,
    ctx.identifierStyle,
  );
  const corrected = new Map<Token, string>();
  for (const c of v.changes) {
    for (const x of c.corrected)
      corrected.set(
        x.token,
        `Change request ${c.document.id} states ${hex(x.stated)}; an erratum in ${ctx.assignmentSource ?? 'the assignment file'} corrects it.`,
      );
  }
  declareTable(
    f,
    style,
    n.enumName,
    summary,
    members.map((t) => ({ name: memberName.get(t)!, value: t.token, doc: memberDoc(t, v, ctx, corrected.get(t)) })),
  );

  const encodeAs = new Map<string, number>();
  const decodeAs = new Map<number, string>();
  for (const d of valueSpace?.duplicates ?? []) {
    if (d.kind === 'name') encodeAs.set(d.name, d.encodeAs);
    else decodeAs.set(d.token, d.decodeAs);
  }
  const nameKey = (t: T) => (t.kind === 'attrstart' ? t.valuePrefix : t.name);
  const byName = new Map<string, T>();
  for (const t of members) {
    const preferred = encodeAs.get(t.name);
    if (!byName.has(nameKey(t)) && (preferred === undefined || preferred === t.token)) byName.set(nameKey(t), t);
  }
  const byToken = new Map<number, T>();
  for (const t of members) {
    const preferred = decodeAs.get(t.token);
    if (!byToken.has(t.token) && (preferred === undefined || preferred === t.name)) byToken.set(t.token, t);
  }

  // An enum member reference is inlined by bundlers (esbuild) and compilers; a property of a
  // const object is a property read a bundler must keep, so the const style writes the token
  // itself and lets the declared type check it.
  const s = f.syntax;
  const ref = (t: T) =>
    style === 'enum' ? s.factory.createPropertyAccessExpression(s.id(n.enumName), memberName.get(t)!) : s.hex(t.token);
  f.jsDoc(
    `The spec names of {@link ${n.enumName}}${tokens[0]?.kind === 'attrstart' ? ' (attribute start tokens are named by their value prefix)' : ''}.`,
  );
  printUnion(
    f,
    n.nameType,
    [...byName.values()].map((t) => JSON.stringify(nameKey(t))),
  );
  f.print();
  const lookup = (key: string, value: string) => s.type('Readonly', s.type('Record', s.type(key), s.type(value)));
  f.declare(
    s.doc(
      s.exportConst(n.byName, lookup(n.nameType, n.enumName), s.object([...byName.values()].map((t) => s.property(nameKey(t), ref(t))))),
      `Spec name → token.${encodeAs.size ? ' A name with two tokens maps to the one the spec says to encode.' : ''}`,
    ),
  );
  f.print();
  const tokenKey = (t: T) => (style === 'enum' ? s.factory.createComputedPropertyName(ref(t)) : s.hex(t.token));
  f.declare(
    s.doc(
      s.exportConst(
        n.names,
        lookup(n.enumName, n.nameType),
        s.object([...byToken.values()].sort((a, b) => a.token - b.token).map((t) => s.property(tokenKey(t), s.str(nameKey(t))))),
      ),
      `Token → spec name.${decodeAs.size ? ' A token with two names maps to the one the spec says to decode.' : ''}`,
    ),
  );
  f.print();
}

/**
 * `export enum X { A = 0x05, … }`, or `export const X = { A: 0x05, … } as const;` with
 * `export type X = (typeof X)[keyof typeof X];` — the type of one member is `X.A` for an enum and
 * `typeof X.A` for the const object.
 */
function declareTable(f: TsFile, style: EnumStyle, name: string, summary: string, members: readonly Member[]): void {
  const s = f.syntax;
  if (style === 'enum') {
    f.declare(
      s.doc(
        s.exportEnum(
          name,
          members.map((m) => s.doc(s.factory.createEnumMember(m.name, s.hex(m.value)), m.doc)),
        ),
        summary,
      ),
    );
  } else {
    const F = s.factory;
    const table = () => F.createTypeQueryNode(s.id(name));
    f.declare(
      s.doc(
        s.exportConst(name, undefined, s.asConst(s.object(members.map((m) => s.doc(s.property(m.name, s.hex(m.value), false), m.doc))))),
        summary,
      ),
    );
    f.print();
    f.declare(
      s.doc(
        s.exportType(
          name,
          F.createIndexedAccessTypeNode(
            F.createParenthesizedType(table()),
            F.createTypeOperatorNode(s.ts.SyntaxKind.KeyOfKeyword, table()),
          ),
        ),
        `A token of {@link ${name}}.`,
      ),
    );
  }
  f.print();
}

function memberDoc(t: Token, v: VersionModel, ctx: EmitContext, erratum: string | undefined): string {
  const lines = [`\`${t.name}\`: ${tokenWhere(t)}.`, ...provenanceText(t, v, ctx)];
  // A restated row corrected by an erratum leaves the base's token in place; say so anyway.
  if (erratum && !t.origin.change) lines.push(erratum);
  // Notes are markdown as written in the spec; `\|` is only a table-cell escape.
  if (t.note) lines.push(`Note: ${t.note.replace(/\\\|/g, '|')}`);
  return jsdocSafe(lines.join('\n'));
}

/** Attribute start tokens all name `xmlns`: they are told apart by the last part of their prefix (`XmlnsWVCSP`). */
function attributeStartLabel(t: AttributeStartToken): string {
  const tail = t.valuePrefix.replace(/[/]+$/, '').split('/').pop() ?? '';
  return `${toIdentifier(t.name, 'pascal')}-${tail}`;
}

/**
 * `export type X =` and one `| "member"` a line. Printed as lines, not by the TypeScript printer:
 * it writes a union on one line, and a union of hundreds of spec names on one line would make
 * every change request's diff of the generated code one changed line of kilobytes.
 */
function printUnion(f: TsFile, name: string, members: readonly string[]): void {
  const head = `export type ${name} =`;
  if (members.length === 0) {
    f.print(`${head} never;`);
    return;
  }
  f.print(head);
  f.indent(() => {
    for (const [i, m] of members.entries()) f.print(`| ${m}${i === members.length - 1 ? ';' : ''}`);
  });
}
