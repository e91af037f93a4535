/**
 * `generated/csp-1.x/tokens.ts`: the token tables of one version as TypeScript — one table per
 * tag code page, the attribute start tokens and the value tokens, each with a string-literal
 * union type of the spec names and name ↔ token lookups.
 *
 * A table is a TypeScript `enum` or, in the erasable style, an `as const` object with a union
 * type of the same name (the shape protobuf-es emits with `erasable_syntax_only`): `CommonTag.Login`
 * and the type `CommonTag` read the same in both. Tokens are written in hex, as the spec writes them.
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

/** One member of a table: its identifier, its value (hex) and its documentation. */
interface Member {
  readonly name: string;
  readonly value: string;
  readonly doc: string;
}

export function emitTokensModule(model: SpecModel, v: VersionModel, ctx: EmitContext, style: EnumStyle): string {
  const f = new TsFile(versionSources(model, v, ctx));
  f.fileDoc([
    `Token tables of CSP version ${v.version}: WBXML public id ${hex(v.identity.publicId)} (\`${v.identity.publicIdText}\`).`,
    ...(v.changes.length > 0
      ? [`Composed from ${v.base.id} and the change requests ${v.changes.map((c) => c.document.id).join(', ')}.`]
      : []),
    '@packageDocumentation',
  ]);
  f.jsDoc('The version these tables define.');
  f.print(`export const VERSION = ${JSON.stringify(v.version)} as const;`);
  f.print();
  f.jsDoc('The WBXML public identifier of this version.');
  f.print(`export const PUBLIC_ID = ${hex(v.identity.publicId)} as const;`);
  f.print();

  const pageNames = tagTableNames(v.codePages);
  printTable(
    f,
    style,
    'CodePage',
    `The tag code pages of version ${v.version} (WBXML \`SWITCH_PAGE\` operand).`,
    v.codePages.map((p) => ({
      name: pageNames.get(p.page)!.enumName.replace(/Tag$/, ''),
      value: hex(p.page),
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

  f.jsDoc('Elements whose content is not a string: `integer` (OPAQUE, big-endian) or `datetime` (OPAQUE, 6 bytes).');
  f.print('export const ElementDataType: Readonly<Partial<Record<ElementName, "integer" | "datetime">>> = {');
  f.indent(() => {
    for (const d of v.dataTypes) f.print(`${JSON.stringify(d.element)}: ${JSON.stringify(d.type)},`);
  });
  f.print('};');
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
  printTable(
    f,
    style,
    n.enumName,
    summary,
    members.map((t) => ({ name: memberName.get(t)!, value: hex(t.token), doc: memberDoc(t, v, ctx, corrected.get(t)) })),
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
  const ref = (t: T) => (style === 'enum' ? `${n.enumName}.${memberName.get(t)!}` : hex(t.token));
  f.jsDoc(
    `The spec names of {@link ${n.enumName}}${tokens[0]?.kind === 'attrstart' ? ' (attribute start tokens are named by their value prefix)' : ''}.`,
  );
  printUnion(
    f,
    n.nameType,
    [...byName.values()].map((t) => JSON.stringify(nameKey(t))),
  );
  f.print();
  f.jsDoc(`Spec name → token.${encodeAs.size ? ' A name with two tokens maps to the one the spec says to encode.' : ''}`);
  f.print(`export const ${n.byName}: Readonly<Record<${n.nameType}, ${n.enumName}>> = {`);
  f.indent(() => {
    for (const t of byName.values()) f.print(`${JSON.stringify(nameKey(t))}: ${ref(t)},`);
  });
  f.print('};');
  f.print();
  f.jsDoc(`Token → spec name.${decodeAs.size ? ' A token with two names maps to the one the spec says to decode.' : ''}`);
  f.print(`export const ${n.names}: Readonly<Record<${n.enumName}, ${n.nameType}>> = {`);
  f.indent(() => {
    for (const t of [...byToken.values()].sort((a, b) => a.token - b.token)) {
      f.print(style === 'enum' ? `[${ref(t)}]` : ref(t), `: ${JSON.stringify(nameKey(t))},`);
    }
  });
  f.print('};');
  f.print();
}

/**
 * `export enum X { A = 0x05, … }`, or `export const X = { A: 0x05, … } as const;` with
 * `export type X = (typeof X)[keyof typeof X];` — the type of one member is `X.A` for an enum and
 * `typeof X.A` for the const object.
 */
function printTable(f: TsFile, style: EnumStyle, name: string, summary: string, members: readonly Member[]): void {
  f.jsDoc(summary);
  f.print(style === 'enum' ? `export enum ${name} {` : `export const ${name} = {`);
  f.indent(() => {
    members.forEach((m, i) => {
      f.jsDoc(m.doc);
      if (style === 'enum') f.print(`${m.name} = ${m.value}${i < members.length - 1 ? ',' : ''}`);
      else f.print(`${m.name}: ${m.value},`);
    });
  });
  if (style === 'enum') {
    f.print('}');
  } else {
    f.print('} as const;');
    f.print();
    f.jsDoc(`A token of {@link ${name}}.`);
    f.print(`export type ${name} = (typeof ${name})[keyof typeof ${name}];`);
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
