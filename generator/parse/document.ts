/**
 * One spec document, markdown → {@link ParsedDocument}: front matter, then every table in the
 * order written, each under the heading it stands below. Problems are reported to the bag and the
 * offending row is left out; the rest of the document is still read, so one run shows them all.
 *
 * Nothing that looks like a table is dropped without a word: a table with no rows, a section
 * heading with no table under it, a table markdown reads as a code block (indented by a tab) or
 * as text (no delimiter row), and a table inside a block quote or list are all reported.
 */
import type { Code, Heading, Nodes, Paragraph, RootContent, Table } from 'mdast';
import type { DiagnosticBag, SourceSpan } from '../diagnostics.js';
import { readFrontMatter } from './front-matter.js';
import { classifyHeading, type HeadingRole, type PagelessHeading, PageTitles, reportPageless } from './headings.js';
import { readMarkdown, spanOf } from './markdown.js';
import { describeTableKind, readDataTypes, readDuplicates, readRequirements, readTokenRows, readVersionRows } from './rows.js';
import { type ReadTable, readTable, type TableKind } from './tables.js';
import type {
  DataTypeRow,
  DocumentKind,
  DuplicateDecl,
  ParsedDocument,
  RequirementRow,
  SectionHeading,
  TokenTable,
  VersionRow,
} from './types.js';
import { hex } from '../common/hex.js';

/** Marks the next block (a table, a code block or a paragraph) as prose the generator does not read. */
const PROSE_MARKER = /^<!--\s*imps-tokengen:\s*prose\s*-->$/;

const ALLOWED_TABLES: Record<DocumentKind, readonly TableKind[]> = {
  base: ['tag', 'attrstart', 'value', 'duplicate-token', 'duplicate-name'],
  'change-request': ['tag', 'attrstart', 'value', 'duplicate-token', 'duplicate-name', 'requirement'],
  datatypes: ['datatype'],
  versions: ['version'],
};

export interface DocumentPaths {
  /** Path for diagnostics, relative to the working directory. */
  readonly path: string;
  /** Path relative to the spec folder, for banners and provenance. */
  readonly specPath: string;
}

/**
 * What reading one document gives: the document (undefined when its front matter or its markdown
 * could not be read, already reported), and its code-page headings without a page number, which
 * the caller reports once it knows the pages of every document (see {@link reportPageless}).
 */
export interface DocumentReading {
  readonly document: ParsedDocument | undefined;
  readonly pageless: readonly PagelessHeading[];
}

export function readSpecDocument(text: string, paths: DocumentPaths, bag: DiagnosticBag): DocumentReading {
  const file = paths.path;
  const root = readMarkdown(text, file, bag);
  if (!root) return { document: undefined, pageless: [] };
  const lines = text.split(/\r?\n/);
  const first = root.children[0];
  const meta = readFrontMatter(file, first?.type === 'yaml' ? first : undefined, bag);
  const version = meta && 'version' in meta ? meta.version.value : undefined;
  const reader = new DocumentReader(file, lines, meta?.kind, bag);
  for (const node of root.children) reader.visit(node);
  reader.finish();
  const pageless = reader.pageless.map((p) => ({ ...p, version }));
  if (!meta) return { document: undefined, pageless };
  return {
    document: {
      path: paths.path,
      specPath: paths.specPath,
      meta,
      tokenTables: reader.tokenTables,
      duplicates: reader.duplicates,
      dataTypes: reader.dataTypes,
      versionRows: reader.versionRows,
      requirements: reader.requirements,
      unreadTables: reader.unreadTables,
    },
    pageless,
  };
}

/** One document on its own (page-number hints come from this document only). */
export function parseSpecDocument(text: string, paths: DocumentPaths, bag: DiagnosticBag): ParsedDocument | undefined {
  const { document, pageless } = readSpecDocument(text, paths, bag);
  const pages = new PageTitles();
  if (document) addPageTitles(pages, document);
  for (const p of pageless) reportPageless(p, pages, bag);
  return document;
}

/** The code pages a document gives titles to, for {@link reportPageless}. */
export function addPageTitles(pages: PageTitles, doc: ParsedDocument): void {
  const version = 'version' in doc.meta ? doc.meta.version.value : undefined;
  for (const t of doc.tokenTables) if (t.kind === 'tag') pages.add(t.section.title, version, t.page, doc.specPath);
}

/** A token section (code page, attribute start or value tokens) whose extent is still being read. */
interface OpenSection {
  readonly heading: Heading;
  readonly role: HeadingRole;
  hasTable: boolean;
  /** The first block marked prose in the section: it does not count as the section's table. */
  proseBlock?: SourceSpan;
}

class DocumentReader {
  readonly tokenTables: TokenTable[] = [];
  readonly duplicates: DuplicateDecl[] = [];
  readonly dataTypes: DataTypeRow[] = [];
  readonly versionRows: VersionRow[] = [];
  readonly requirements: RequirementRow[] = [];
  readonly pageless: Omit<PagelessHeading, 'version'>[] = [];
  unreadTables = 0;
  #heading: HeadingRole | undefined;
  readonly #sections: OpenSection[] = [];
  #lastPage: number | undefined;
  /** Pageless headings still waiting for the page of the next code-page heading. */
  #awaitingNextPage: Omit<PagelessHeading, 'version' | 'nextPage'>[] = [];
  /** A prose marker that has not met its block yet. */
  #proseMarker: SourceSpan | undefined;
  /** The first section of each code page in this document. */
  readonly #pageSections = new Map<number, SectionHeading>();

  constructor(
    private readonly file: string,
    private readonly lines: readonly string[],
    private readonly kind: DocumentKind | undefined,
    private readonly bag: DiagnosticBag,
  ) {}

  visit(node: RootContent): void {
    if (node.type === 'html' && PROSE_MARKER.test(node.value.trim())) {
      this.#unusedMarker();
      this.#proseMarker = spanOf(this.file, node.position);
      return;
    }
    if (node.type === 'yaml' || node.type === 'definition') return;
    if (this.#proseMarker && (node.type === 'table' || node.type === 'code' || node.type === 'paragraph')) {
      this.#proseMarker = undefined;
      // Prose is not read, so it cannot stand for the section's table: a token table marked
      // prose by mistake would otherwise take its code page out of the output without a word.
      const at = spanOf(this.file, node.position);
      for (const s of this.#sections) s.proseBlock ??= at;
      return;
    }
    this.#unusedMarker();
    switch (node.type) {
      case 'heading':
        this.#heading = this.#enterHeading(node);
        return;
      case 'table':
        this.#tableFound();
        this.#table(node);
        return;
      case 'paragraph':
      case 'code':
        if (this.#tableLike(node)) this.#tableFound();
        return;
      case 'blockquote':
      case 'list':
        if (this.#nestedTables(node)) this.#tableFound();
        return;
      default:
        return;
    }
  }

  /** At the end of the document: sections left open, a marker with nothing after it. */
  finish(): void {
    this.#closeSections(0);
    this.#unusedMarker();
    for (const p of this.#awaitingNextPage) this.pageless.push({ ...p, nextPage: undefined });
    this.#awaitingNextPage = [];
  }

  #enterHeading(node: Heading): HeadingRole {
    this.#closeSections(node.depth);
    const role = classifyHeading(node, this.file, this.bag);
    if (role.kind === 'pageless') this.#awaitingNextPage.push({ section: role.section, previousPage: this.#lastPage });
    if (role.kind === 'tag-page') {
      // A copied heading whose number was not changed would put its tags on the other page
      // without a word (unless a token collides): one section per code page and document.
      const first = this.#pageSections.get(role.page);
      if (first) {
        this.bag.error(
          'duplicate-page-section',
          `Code page ${hex(role.page)} already has a section in this document, \`${first.text}\` at ${first.at.line}:${first.at.column}: ` +
            'fix the page number of this heading, or move its rows into that section.',
          role.section.at,
        );
      } else this.#pageSections.set(role.page, role.section);
      for (const p of this.#awaitingNextPage) this.pageless.push({ ...p, nextPage: role.page });
      this.#awaitingNextPage = [];
      this.#lastPage = role.page;
    }
    if (role.kind === 'tag-page' || role.kind === 'attrstart' || role.kind === 'value') {
      this.#sections.push({ heading: node, role, hasTable: false });
    }
    return role;
  }

  /** Closes the token sections a heading of `depth` ends; one without any table is reported. */
  #closeSections(depth: number): void {
    while (this.#sections.length > 0 && this.#sections[this.#sections.length - 1]!.heading.depth >= depth) {
      const { role, hasTable, proseBlock } = this.#sections.pop()!;
      if (hasTable) continue;
      const what =
        role.kind === 'tag-page'
          ? 'the tags of its code page'
          : role.kind === 'attrstart'
            ? 'the attribute start tokens'
            : 'its value tokens';
      this.bag.error(
        'empty-section',
        proseBlock
          ? `Section \`${role.section.text}\` has no table that is read (the block at ${proseBlock.line}:${proseBlock.column} is marked prose), ` +
              `so ${what} would be missing. Remove the \`<!-- imps-tokengen: prose -->\` line before its table, or remove the heading.`
          : `Section \`${role.section.text}\` has no table, so ${what} would be missing. ` +
              'Put the table right under the heading (not indented, with its `| --- |` row), or remove the heading.',
        role.section.at,
      );
    }
  }

  /** Something table-like stands in the open sections (read, or reported on its own). */
  #tableFound(): void {
    for (const s of this.#sections) s.hasTable = true;
  }

  #unusedMarker(): void {
    if (!this.#proseMarker) return;
    this.bag.warning(
      'unused-prose-marker',
      '`<!-- imps-tokengen: prose -->` marks the next block as prose, but a table, code block or paragraph does not follow it: remove the marker, or move it to the line right before the table.',
      this.#proseMarker,
    );
    this.#proseMarker = undefined;
  }

  /** The source lines of a node. */
  #sourceLines(node: Nodes): readonly string[] {
    const p = node.position;
    return p ? this.lines.slice(p.start.line - 1, p.end.line) : [];
  }

  /**
   * A code block or paragraph that is a table markdown did not read as one: reported, true.
   * "Looks like a table": a `|` on every line (a one-line paragraph must start and end with one).
   */
  #tableLike(node: Code | Paragraph): boolean {
    const lines = this.#sourceLines(node)
      .map((l) => l.trim())
      .filter((l) => l !== '');
    const fence = node.type === 'code' && lines.length > 0 && /^(`{3,}|~{3,})/.test(lines[0]!);
    const content = fence ? lines.slice(1, /^(`{3,}|~{3,})\s*$/.test(lines[lines.length - 1]!) ? -1 : undefined) : lines;
    if (content.length === 0) return false;
    const looksLikeTable =
      content.length === 1
        ? content[0]!.length > 1 && content[0]!.startsWith('|') && content[0]!.endsWith('|')
        : content.every((l) => l.includes('|'));
    if (!looksLikeTable) return false;
    const at = spanOf(this.file, node.position);
    if (node.type === 'code') {
      this.bag.error(
        'table-in-code-block',
        fence
          ? 'This code block holds a table, which is not read: remove the ``` fence lines, ' +
              'or put `<!-- imps-tokengen: prose -->` on the line before it if it is only an example.'
          : 'This table is indented (by a tab or four spaces), so markdown reads it as a code block and its rows are not read: ' +
              'remove the indentation.',
        at,
      );
      return true;
    }
    const second = content[1];
    this.bag.error(
      'malformed-table',
      second !== undefined && /^\|?\s*:?-{3,}/.test(second)
        ? 'This looks like a table but is not read as one: the header row and the delimiter row ' +
            '(`| --- | --- |`) must have the same number of cells.'
        : 'This looks like a table (a `|` on every line) but is not read as one: the line under the header must be ' +
            'the delimiter row (`| --- | --- |`, one cell per header cell).',
      at,
    );
    return true;
  }

  /** Tables (and table-like blocks) inside block quotes and lists: reported; true when there are any. */
  #nestedTables(node: Nodes): boolean {
    let found = false;
    const walk = (n: Nodes): void => {
      if (n.type === 'table') {
        this.bag.error(
          'table-in-container',
          'This table is inside a block quote or a list, where it is not read: tables stand on their own under their section heading. ' +
            'Remove the `>` or list marker in front of its lines.',
          spanOf(this.file, n.position),
        );
        found = true;
        return;
      }
      if (n.type === 'code' || n.type === 'paragraph') {
        if (this.#tableLike(n)) found = true;
        return;
      }
      if (n.type === 'blockquote' || n.type === 'list' || n.type === 'listItem') for (const c of n.children) walk(c);
    };
    walk(node);
    return found;
  }

  #table(node: Table): void {
    const table = readTable(node, this.file, this.lines, this.bag);
    if (!table) return;
    if (this.kind && !ALLOWED_TABLES[this.kind].includes(table.kind)) {
      this.bag.error('table-not-allowed', `A ${describeTableKind(table.kind)} table does not belong in a ${this.kind} document.`, table.at);
      return;
    }
    if (table.bodyRows === 0) {
      this.bag.error(
        'empty-table',
        'This table has a header but no rows: write its rows right under the delimiter row (`| --- | --- |`), or remove the table.',
        table.at,
      );
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
        this.duplicates.push(...readDuplicates(table, this.bag));
        return;
      case 'datatype':
        this.dataTypes.push(...readDataTypes(table, this.bag));
        return;
      case 'version':
        this.versionRows.push(...readVersionRows(table, this.bag));
        return;
      case 'requirement':
        this.requirements.push(...readRequirements(table));
        return;
    }
  }

  #tokenTable(table: ReadTable): void {
    const heading = this.#heading;
    if (heading?.kind === 'broken' || heading?.kind === 'pageless') {
      this.unreadTables++; // reported at the heading
      return;
    }
    const expected = { tag: 'tag-page', attrstart: 'attrstart', value: 'value' }[table.kind as 'tag'];
    if (heading?.kind !== expected) {
      const example = {
        tag: '`### 4.2.4 Client capability code page (0x03)`',
        attrstart: '`## 4.3 Attribute start tokens`',
        value: '`### 4.4.1 Common value tokens`',
      }[table.kind as 'tag'];
      this.bag.error(
        'table-outside-section',
        `A ${describeTableKind(table.kind)} table must stand under a heading such as ${example}; ` +
          (heading ? `the heading above it is \`${heading.section.text}\`.` : 'there is no heading above it.'),
        table.at,
      );
      return;
    }
    const { rows, attributeStarts } = readTokenRows(table, this.kind, this.bag);
    if (heading.kind === 'tag-page') {
      this.tokenTables.push({ kind: 'tag', page: heading.page, section: heading.section, rows, at: table.at });
    } else if (heading.kind === 'attrstart') {
      this.tokenTables.push({ kind: 'attrstart', section: heading.section, rows: attributeStarts, at: table.at });
    } else if (heading.kind === 'value') {
      this.tokenTables.push({ kind: 'value', group: heading.group, section: heading.section, rows, at: table.at });
    }
  }
}
