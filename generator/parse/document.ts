/**
 * One spec document, markdown → {@link ParsedDocument}: front matter, then every table in the
 * order written, each under the heading it stands below. Problems are reported to the bag and the
 * offending row is left out; the rest of the document is still read, so one run shows them all.
 */
import { createHash } from 'node:crypto';
import type { Heading, RootContent, Table } from 'mdast';
import type { DiagnosticBag } from '../diagnostics.js';
import { readToken, type CellText } from './cells.js';
import { readFrontMatter } from './front-matter.js';
import { classifyHeading, type HeadingRole } from './headings.js';
import { parseMarkdown, spanOf } from './markdown.js';
import { readTable, type ReadTable, type TableKind } from './tables.js';
import type {
  AttributeStartRow,
  DataTypeName,
  DataTypeRow,
  DocumentKind,
  DuplicateDecl,
  Located,
  ParsedDocument,
  RequirementRow,
  TokenRow,
  TokenTable,
  VersionRow,
} from './types.js';

/** Marks the next table as prose, for tables the generator must not read. */
const PROSE_MARKER = /^<!--\s*imps-tokengen:\s*prose\s*-->$/;

const ALLOWED_TABLES: Record<DocumentKind, readonly TableKind[]> = {
  base: ['tag', 'attrstart', 'value', 'duplicate-token', 'duplicate-name'],
  'change-request': ['tag', 'attrstart', 'value', 'duplicate-token', 'duplicate-name', 'requirement'],
  datatypes: ['datatype'],
  versions: ['version'],
};

/** XML element and attribute names (no colon: CSP has no prefixed names). */
const XML_NAME = /^[A-Za-z_][A-Za-z0-9._-]*$/;

export interface DocumentPaths {
  /** Path for diagnostics, relative to the working directory. */
  readonly path: string;
  /** Path relative to the spec folder, for banners and provenance. */
  readonly specPath: string;
}

export function parseSpecDocument(text: string, paths: DocumentPaths, bag: DiagnosticBag): ParsedDocument | undefined {
  const file = paths.path;
  const root = parseMarkdown(text);
  const lines = text.split(/\r?\n/);
  const first = root.children[0];
  const meta = readFrontMatter(file, first?.type === 'yaml' ? first : undefined, bag);
  const reader = new DocumentReader(file, lines, meta?.kind, bag);
  for (const node of root.children) reader.visit(node);
  if (!meta) return undefined;
  return {
    path: paths.path,
    specPath: paths.specPath,
    meta,
    tokenTables: reader.tokenTables,
    duplicates: reader.duplicates,
    dataTypes: reader.dataTypes,
    versionRows: reader.versionRows,
    requirements: reader.requirements,
    sha256: createHash('sha256').update(text).digest('hex'),
  };
}

class DocumentReader {
  readonly tokenTables: TokenTable[] = [];
  readonly duplicates: DuplicateDecl[] = [];
  readonly dataTypes: DataTypeRow[] = [];
  readonly versionRows: VersionRow[] = [];
  readonly requirements: RequirementRow[] = [];
  #heading: HeadingRole | undefined;
  #skipNextTable = false;

  constructor(
    private readonly file: string,
    private readonly lines: readonly string[],
    private readonly kind: DocumentKind | undefined,
    private readonly bag: DiagnosticBag,
  ) {}

  visit(node: RootContent): void {
    switch (node.type) {
      case 'heading':
        this.#heading = classifyHeading(node as Heading, this.file, this.bag);
        return;
      case 'html':
        if (PROSE_MARKER.test(node.value.trim())) this.#skipNextTable = true;
        return;
      case 'paragraph': {
        const line = this.lines[node.position!.start.line - 1] ?? '';
        const next = this.lines[node.position!.start.line] ?? '';
        if (line.trimStart().startsWith('|') && /^\s*\|?\s*:?-{3,}/.test(next)) {
          this.bag.error(
            'malformed-table',
            'This looks like a table but is not read as one: the header row and the delimiter row ' +
              '(`| --- | --- |`) must have the same number of cells.',
            spanOf(this.file, node.position),
          );
        }
        return;
      }
      case 'table':
        if (this.#skipNextTable) {
          this.#skipNextTable = false;
          return;
        }
        this.#table(node as Table);
        return;
      default:
        return;
    }
  }

  #table(node: Table): void {
    const table = readTable(node, this.file, this.lines, this.bag);
    if (!table) return;
    if (this.kind && !ALLOWED_TABLES[this.kind].includes(table.kind)) {
      this.bag.error('table-not-allowed', `A ${describeKind(table.kind)} table does not belong in a ${this.kind} document.`, table.at);
      return;
    }
    switch (table.kind) {
      case 'tag':
      case 'attrstart':
      case 'value':
        this.#tokenTable(table);
        return;
      case 'duplicate-token':
      case 'duplicate-name':
        this.#duplicates(table);
        return;
      case 'datatype':
        this.#dataTypes(table);
        return;
      case 'version':
        this.#versions(table);
        return;
      case 'requirement':
        for (const { cells, at } of table.rows) {
          this.requirements.push({ ref: cells[0]!.text, useCase: cells[1]!.raw, text: cells[2]!.raw, at });
        }
        return;
    }
  }

  #tokenTable(table: ReadTable): void {
    const heading = this.#heading;
    if (heading?.kind === 'broken') return; // already reported at the heading
    const expected = { tag: 'tag-page', attrstart: 'attrstart', value: 'value' }[table.kind as 'tag'];
    if (heading?.kind !== expected) {
      const example = {
        tag: '`### 4.2.4 Client capability code page (0x03)`',
        attrstart: '`## 4.3 Attribute start tokens`',
        value: '`### 4.4.1 Common value tokens`',
      }[table.kind as 'tag'];
      this.bag.error(
        'table-outside-section',
        `A ${describeKind(table.kind)} table must stand under a heading such as ${example}; ` +
          (heading ? `the heading above it is \`${heading.section.text}\`.` : 'there is no heading above it.'),
        table.at,
      );
      return;
    }
    const rows: TokenRow[] = [];
    const attrRows: AttributeStartRow[] = [];
    const tokenColumn = table.kind === 'attrstart' ? 2 : 1;
    for (const { cells, at } of table.rows) {
      const nameCell = cells[0]!;
      const name = this.#name(nameCell, table.kind !== 'value', describeKind(table.kind));
      const what = name ? `\`${name.value}\`` : 'this row';
      const token = readToken(cells[tokenColumn]!, this.bag, what);
      const note = table.hasNote ? cells[cells.length - 1]!.raw : '';
      if (token?.kind === 'placeholder' && this.kind === 'base') {
        this.bag.error(
          'placeholder-in-base',
          `Placeholder \`${token.text}\` for ${what} in a base document: a base states published tokens; ` +
            'new tokens belong in a change request.',
          token.at,
        );
        continue;
      }
      if (!name || !token) continue;
      if (table.kind === 'attrstart') {
        const prefixCell = cells[1]!;
        if (prefixCell.text === '') {
          this.bag.error('empty-cell', `Missing attribute value prefix for ${what}.`, prefixCell.at);
          continue;
        }
        attrRows.push({ name, token, note, at, valuePrefix: { value: prefixCell.text, at: prefixCell.at } });
      } else {
        rows.push({ name, token, note, at });
      }
    }
    if (heading.kind === 'tag-page') {
      this.tokenTables.push({ kind: 'tag', page: heading.page, section: heading.section, rows, at: table.at });
    } else if (heading.kind === 'attrstart') {
      this.tokenTables.push({ kind: 'attrstart', section: heading.section, rows: attrRows, at: table.at });
    } else if (heading.kind === 'value') {
      this.tokenTables.push({ kind: 'value', group: heading.group, section: heading.section, rows, at: table.at });
    }
  }

  /** A name cell: non-empty, and an XML name where it names an element or attribute. */
  #name(cell: CellText, xmlName: boolean, what: string): Located<string> | undefined {
    if (cell.text === '') {
      this.bag.error('empty-cell', `Missing name in a ${what} row.`, cell.at);
      return undefined;
    }
    if (xmlName && !XML_NAME.test(cell.text)) {
      this.bag.error(
        'invalid-name',
        `\`${cell.text}\` is not an XML name (letters, digits, \`.\`, \`-\`, \`_\`; no spaces), so it cannot be an element or attribute name.`,
        cell.at,
      );
      return undefined;
    }
    return { value: cell.text, at: cell.at };
  }

  #hexList(cell: CellText, what: string): Located<number>[] | undefined {
    const out: Located<number>[] = [];
    for (const part of cell.text.split(',')) {
      const t = readToken({ text: part.trim(), at: cell.at }, this.bag, what);
      if (!t) return undefined;
      if (t.kind === 'placeholder') {
        this.bag.error('invalid-token', `A duplicate declaration needs assigned tokens, not \`${t.text}\`.`, cell.at);
        return undefined;
      }
      out.push({ value: t.value, at: cell.at });
    }
    return out;
  }

  #duplicates(table: ReadTable): void {
    for (const { cells, at } of table.rows) {
      const [first, list, preferredCell, reasonCell] = cells as [CellText, CellText, CellText, CellText];
      if (table.kind === 'duplicate-token') {
        const tokens = this.#hexList(first, 'a duplicate token');
        const names = list.text.split(',').map((n) => ({ value: n.trim(), at: list.at }));
        if (tokens?.length !== 1 || names.length < 2 || names.some((n) => n.value === '')) {
          if (tokens && (tokens.length !== 1 || names.length < 2)) {
            this.bag.error(
              'invalid-duplicate',
              'A duplicate token row names one token and at least two names (`3D | GROUP_ID, History | GROUP_ID | why`).',
              at,
            );
          }
          continue;
        }
        if (!names.some((n) => n.value === preferredCell.text)) {
          this.bag.error(
            'invalid-duplicate',
            `\`Decode as\` must be one of the names (${names.map((n) => `\`${n.value}\``).join(', ')}).`,
            preferredCell.at,
          );
          continue;
        }
        this.duplicates.push({
          kind: 'token',
          token: tokens[0]!,
          names,
          preferred: { value: preferredCell.text, at: preferredCell.at },
          reason: reasonCell.raw,
          at,
        });
      } else {
        const tokens = this.#hexList(list, `duplicate name \`${first.text}\``);
        const preferred = this.#hexList(preferredCell, '`Encode as`');
        if (!tokens || !preferred) continue;
        if (first.text === '' || tokens.length < 2 || preferred.length !== 1) {
          this.bag.error(
            'invalid-duplicate',
            'A duplicate name row names one name and at least two tokens (`SMS | 43, 75 | 43 | why`).',
            at,
          );
          continue;
        }
        if (!tokens.some((t) => t.value === preferred[0]!.value)) {
          this.bag.error('invalid-duplicate', '`Encode as` must be one of the tokens.', preferredCell.at);
          continue;
        }
        this.duplicates.push({
          kind: 'name',
          name: { value: first.text, at: first.at },
          tokens,
          preferred: preferred[0]!,
          reason: reasonCell.raw,
          at,
        });
      }
    }
  }

  #dataTypes(table: ReadTable): void {
    for (const { cells, at } of table.rows) {
      const element = this.#name(cells[0]!, true, 'data type');
      const typeCell = cells[1]!;
      const type = typeCell.text.toLowerCase().replace(/[-\s]/g, '');
      if (type !== 'integer' && type !== 'datetime') {
        this.bag.error('invalid-datatype', `Unknown data type \`${typeCell.text}\`: expected \`integer\` or \`datetime\`.`, typeCell.at);
        continue;
      }
      if (!element) continue;
      this.dataTypes.push({
        element,
        type: { value: type as DataTypeName, at: typeCell.at },
        note: table.hasNote ? cells[2]!.raw : '',
        at,
      });
    }
  }

  #versions(table: ReadTable): void {
    for (const { cells, at } of table.rows) {
      const [version, publicId, text, others, root, csp, trc, pa] = cells as CellText[] as [
        CellText,
        CellText,
        CellText,
        CellText,
        CellText,
        CellText,
        CellText,
        CellText,
      ];
      if (!/^\d+\.\d+$/.test(version.text)) {
        this.bag.error('invalid-version', `Version \`${version.text}\` must be written major.minor, for example \`1.3\`.`, version.at);
        continue;
      }
      const id = readToken(publicId, this.bag, `the public id of ${version.text}`);
      if (id?.kind !== 'explicit') continue;
      const empty = [text, root, csp, trc, pa].find((c) => c.text === '');
      if (empty) {
        this.bag.error('empty-cell', `Missing value in the row of version ${version.text}.`, empty.at);
        continue;
      }
      const loc = (c: CellText): Located<string> => ({ value: c.text, at: c.at });
      this.versionRows.push({
        version: loc(version),
        publicId: { value: id.value, at: publicId.at },
        publicIdText: loc(text),
        otherPublicIdTexts: others.text === '' ? [] : others.text.split(',').map((t) => ({ value: t.trim(), at: others.at })),
        rootElement: loc(root),
        namespaces: { csp: loc(csp), trc: loc(trc), pa: loc(pa) },
        at,
      });
    }
  }
}

function describeKind(kind: TableKind): string {
  return {
    tag: '`Tag name | Token`',
    attrstart: 'attribute start token',
    value: 'value token',
    datatype: 'data type',
    version: 'versions',
    requirement: 'requirements',
    'duplicate-token': 'duplicate token',
    'duplicate-name': 'duplicate name',
  }[kind];
}
