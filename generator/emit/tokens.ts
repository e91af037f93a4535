/**
 * `generated/csp-1.x/tokens.ts`: the token tables of one version as TypeScript — one enum per
 * tag code page, the attribute start tokens and the value tokens, each with string-literal union
 * types of the spec names and name ↔ token lookup tables.
 *
 * Built as ts-morph structures and printed once (`printStructure`): adding members one by one
 * to a live source file re-parses it each time, which is quadratic in the number of tokens.
 * Hex literals are kept by giving initializers as text (`0x1C`), not numbers.
 */
import {
  printStructure,
  StructureKind,
  type CodeBlockWriter,
  type EnumDeclarationStructure,
  type StatementStructures,
  type WriterFunction,
} from 'ts-morph';
import type { AttributeStartToken, CodePage, SpecModel, TagToken, Token, ValueToken, VersionModel } from '../model/types.js';
import { tsBanner } from './banner.js';
import { versionSources, type EmitContext } from './context.js';
import { pageIdentifier, toIdentifier, uniqueIdentifiers } from './identifiers.js';
import { jsdocSafe, provenanceText, tokenWhere } from './provenance.js';
import { hex } from '../common/hex.js';

/** The names the emitted module gives each table; also used by the docs and the codec module. */
interface TableNames {
  /** Enum name, e.g. `ClientCapabilityTag`. */
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

type Statement = StatementStructures | WriterFunction | string;

export function emitTokensModule(model: SpecModel, v: VersionModel, ctx: EmitContext): string {
  const statements: Statement[] = [
    tsBanner(versionSources(model, v, ctx)),
    '/* eslint-disable */',
    (w) => {
      w.blankLine();
      w.writeLine('/**');
      w.writeLine(
        ` * Token tables of CSP version ${v.version}: WBXML public id ${hex(v.identity.publicId)} (\`${v.identity.publicIdText}\`).`,
      );
      if (v.changes.length > 0)
        w.writeLine(` * Composed from ${v.base.id} and the change requests ${v.changes.map((c) => c.document.id).join(', ')}.`);
      w.writeLine(' * @packageDocumentation');
      w.writeLine(' */');
      w.blankLine();
      w.writeLine('/** The version these tables define. */');
      w.writeLine(`export const VERSION = ${JSON.stringify(v.version)} as const;`);
      w.blankLine();
      w.writeLine('/** The WBXML public identifier of this version. */');
      w.writeLine(`export const PUBLIC_ID = ${hex(v.identity.publicId)} as const;`);
    },
  ];

  const pageNames = tagTableNames(v.codePages);
  statements.push({
    kind: StructureKind.Enum,
    name: 'CodePage',
    isExported: true,
    docs: [`The tag code pages of version ${v.version} (WBXML \`SWITCH_PAGE\` operand).`],
    members: v.codePages.map((p) => ({
      name: pageNames.get(p.page)!.enumName.replace(/Tag$/, ''),
      initializer: hex(p.page),
      docs: [`${p.title} (${hex(p.page)}).`],
    })),
  });

  for (const page of v.codePages) {
    const n = pageNames.get(page.page)!;
    statements.push(...table<TagToken>(v, ctx, n, page.tokens, `Tag tokens of code page ${hex(page.page)}, ${page.title}.`, undefined));
  }
  statements.push((w) => {
    w.blankLineIfLastNot();
    w.writeLine(`/** Every element name of version ${v.version}. */`);
    writeUnion(
      w,
      'ElementName',
      [...pageNames.values()].map((n) => n.nameType),
    );
  });

  statements.push(
    ...table<AttributeStartToken>(
      v,
      ctx,
      ATTRIBUTE_START_NAMES,
      v.attributeStarts,
      'Attribute start tokens (attribute code page 0x00): each carries the attribute name and the start of its value.',
      undefined,
    ),
  );
  statements.push(
    ...table<ValueToken>(
      v,
      ctx,
      VALUE_TOKEN_NAMES,
      v.values,
      'Value tokens, sent as `EXT_T_0` + mb_u_int32. All value tables of the spec share this one token space.',
      v,
    ),
  );

  statements.push((w) => {
    w.blankLineIfLastNot();
    w.writeLine('/** Elements whose content is not a string: `integer` (OPAQUE, big-endian) or `datetime` (OPAQUE, 6 bytes). */');
    w.write(`export const ElementDataType: Readonly<Partial<Record<ElementName, "integer" | "datetime">>> = {`).newLine();
    w.indent(() => {
      for (const d of v.dataTypes) w.writeLine(`${JSON.stringify(d.element)}: ${JSON.stringify(d.type)},`);
    });
    w.writeLine('};');
  });

  return printStructure(
    { kind: StructureKind.SourceFile, statements },
    { indentNumberOfSpaces: 2, newLine: '\n', useSingleQuote: false },
  ).replace(/\n*$/, '\n');
}

/** Member order: token order, except that a name with two tokens lists its preferred token first. */
function orderedMembers<T extends Token>(tokens: readonly T[], v: VersionModel | undefined): T[] {
  const preferred = new Set<Token>();
  for (const d of v?.duplicates ?? []) {
    if (d.kind !== 'name') continue;
    const t = tokens.find((x) => x.name === d.name && x.token === d.encodeAs);
    if (t) preferred.add(t);
  }
  return [...tokens].sort((a, b) => {
    if (a.name === b.name && (preferred.has(a) || preferred.has(b))) return preferred.has(a) ? -1 : 1;
    return 0;
  });
}

/**
 * One table: the enum, the union of spec names, name → token (a duplicate name maps to the
 * token the spec prefers) and token → name (a duplicate token maps to the name it prefers).
 */
function table<T extends Token>(
  v: VersionModel,
  ctx: EmitContext,
  n: TableNames,
  tokens: readonly T[],
  summary: string,
  valueSpace: VersionModel | undefined,
): Statement[] {
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

  const enumStructure: EnumDeclarationStructure = {
    kind: StructureKind.Enum,
    name: n.enumName,
    isExported: true,
    docs: [summary],
    members: members.map((t) => ({
      name: memberName.get(t)!,
      initializer: hex(t.token),
      docs: [memberDoc(t, v, ctx, corrected.get(t))],
    })),
  };

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

  const lookups: WriterFunction = (w) => {
    w.blankLineIfLastNot();
    w.writeLine(
      `/** The spec names of {@link ${n.enumName}}${tokens[0]?.kind === 'attrstart' ? ' (attribute start tokens are named by their value prefix)' : ''}. */`,
    );
    writeUnion(
      w,
      n.nameType,
      [...byName.values()].map((t) => JSON.stringify(nameKey(t))),
    );
    w.blankLine();
    w.writeLine(`/** Spec name → token.${encodeAs.size ? ' A name with two tokens maps to the one the spec says to encode.' : ''} */`);
    w.write(`export const ${n.byName}: Readonly<Record<${n.nameType}, ${n.enumName}>> = {`).newLine();
    w.indent(() => {
      for (const t of byName.values()) w.writeLine(`${JSON.stringify(nameKey(t))}: ${n.enumName}.${memberName.get(t)!},`);
    });
    w.writeLine('};');
    w.blankLine();
    w.writeLine(`/** Token → spec name.${decodeAs.size ? ' A token with two names maps to the one the spec says to decode.' : ''} */`);
    w.write(`export const ${n.names}: Readonly<Record<${n.enumName}, ${n.nameType}>> = {`).newLine();
    w.indent(() => {
      for (const t of [...byToken.values()].sort((a, b) => a.token - b.token)) {
        w.writeLine(`[${n.enumName}.${memberName.get(t)!}]: ${JSON.stringify(nameKey(t))},`);
      }
    });
    w.writeLine('};');
  };
  return [enumStructure, lookups];
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

function writeUnion(w: CodeBlockWriter, name: string, members: readonly string[]): void {
  const head = `export type ${name} =`;
  if (members.length === 0) {
    w.writeLine(`${head} never;`);
    return;
  }
  w.writeLine(head);
  w.indent(() => {
    for (const [i, m] of members.entries()) w.writeLine(`| ${m}${i === members.length - 1 ? ';' : ''}`);
  });
}
