/**
 * GFM tables: recognizing a table by its header row, and reading its body rows as written.
 *
 * The GFM table syntax is lenient where a spec must not be: a short or long row keeps its cells as written,
 * and a line glued under a table becomes a one-cell row. Both are reported here, never skipped.
 */
import type { Table, TableRow } from 'mdast';
import { describeCharacter, findInvisible, removeInvisible } from '../common/invisible.js';
import type { DiagnosticBag, SourceSpan } from '../diagnostics.js';
import { type CellText, readCell } from './cells.js';
import { spanOf } from './markdown.js';

export type TableKind = 'tag' | 'attrstart' | 'value' | 'datatype' | 'version' | 'requirement' | 'duplicate-token' | 'duplicate-name';

interface HeaderShape {
  readonly kind: TableKind;
  /** Each column: the accepted header spellings (compared case-insensitively, spaces collapsed). */
  readonly columns: readonly (readonly string[])[];
  /** Whether a trailing `Note` column may follow. */
  readonly note: boolean;
  /** Columns of free text (kept as written); the others hold names, tokens and identifiers. */
  readonly prose?: readonly number[];
}

/** The header rows the spec uses; documented in spec/README.md. */
const HEADER_SHAPES: readonly HeaderShape[] = [
  { kind: 'tag', columns: [['tag name'], ['token']], note: true },
  { kind: 'attrstart', columns: [['attribute name'], ['attribute value prefix'], ['token']], note: true },
  {
    kind: 'value',
    columns: [
      ['element value', 'attribute value'],
      ['number', 'token'],
    ],
    note: true,
  },
  { kind: 'datatype', columns: [['element'], ['data type']], note: true },
  {
    kind: 'version',
    columns: [
      ['version'],
      ['public id'],
      ['public id text'],
      ['other public id texts'],
      ['root element'],
      ['csp namespace'],
      ['trc namespace'],
      ['pa namespace'],
    ],
    note: false,
  },
  { kind: 'requirement', columns: [['ref'], ['use case title(s)'], ['requirements']], note: false, prose: [1, 2] },
  { kind: 'duplicate-token', columns: [['duplicate token'], ['names'], ['decode as'], ['reason']], note: false, prose: [3] },
  { kind: 'duplicate-name', columns: [['duplicate name'], ['tokens'], ['encode as'], ['reason']], note: false, prose: [3] },
];

export interface ReadTable {
  readonly kind: TableKind;
  readonly header: readonly CellText[];
  /** Body rows with exactly the header's number of cells (others are reported and left out). */
  readonly rows: readonly { readonly cells: readonly CellText[]; readonly at: SourceSpan }[];
  /** How many body rows the table has, read or not. */
  readonly bodyRows: number;
  readonly hasNote: boolean;
  readonly at: SourceSpan;
}

const normalize = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

function matchHeader(texts: readonly string[]): { shape: HeaderShape; hasNote: boolean } | undefined {
  const norm = texts.map(normalize);
  for (const shape of HEADER_SHAPES) {
    const n = shape.columns.length;
    const hasNote = shape.note && norm.length === n + 1 && norm[n] === 'note';
    if (norm.length !== n && !hasNote) continue;
    if (shape.columns.every((spellings, i) => spellings.includes(norm[i]!))) return { shape, hasNote };
  }
  return undefined;
}

function describeShapes(): string {
  return HEADER_SHAPES.filter((s) => ['tag', 'attrstart', 'value'].includes(s.kind))
    .map((s) => '`' + s.columns.map((c) => c[0]).join(' | ') + '`')
    .join(', ');
}

/**
 * Recognizes a table by its header and reads its rows. `lines` is the document's source, needed
 * to tell a glued paragraph line (no pipe) from a row that really has too few cells.
 */
export function readTable(table: Table, file: string, lines: readonly string[], bag: DiagnosticBag): ReadTable | undefined {
  const [headerRow, ...body] = table.children as TableRow[];
  const at = spanOf(file, table.position);
  if (!headerRow) return undefined;
  const header = headerRow.children.map((c) => readCell(c, file, bag, lines));
  const match = matchHeader(header.map((h) => h.text));
  if (!match) {
    bag.error(
      'unknown-table-header',
      `Unknown table header \`| ${header.map((h) => h.text).join(' | ')} |\`: token tables use ${describeShapes()} ` +
        '(optionally with a last `Note` column); see spec/README.md for the others. ' +
        'Put `<!-- imps-tokengen: prose -->` on the line before a table that is only prose.',
      spanOf(file, headerRow.position),
    );
    return undefined;
  }
  const width = header.length;
  const rows: { cells: CellText[]; at: SourceSpan }[] = [];
  for (const row of body) {
    const rowAt = spanOf(file, row.position);
    const sourceLine = lines[rowAt.line - 1] ?? '';
    if (row.children.length === 1 && width > 1 && !sourceLine.includes('|')) {
      bag.error(
        'glued-line',
        `The line \`${sourceLine.trim()}\` directly under the table is read as a table row: leave a blank line between a table and the text after it.`,
        rowAt,
      );
      continue;
    }
    if (row.children.length !== width) {
      bag.error(
        'row-cell-count',
        `Unexpected ${row.children.length} ${row.children.length === 1 ? 'cell' : 'cells'} in row, expected ${width} ` +
          `(from the header row at ${spanOf(file, headerRow.position).line}:${spanOf(file, headerRow.position).column}).`,
        rowAt,
      );
      continue;
    }
    const prose = new Set([...(match.shape.prose ?? []), ...(match.hasNote ? [width - 1] : [])]);
    const cells = row.children.map((c, i) => {
      const cell = readCell(c, file, bag, lines);
      return prose.has(i) ? cell : withoutInvisible(cell, sourceLine, bag);
    });
    rows.push({ cells, at: rowAt });
  }
  return { kind: match.shape.kind, header, rows, bodyRows: body.length, hasNote: match.hasNote, at };
}

/**
 * A name or token with an invisible character in it (pasted from a word processor or a web page)
 * is a different name that looks the same: reported at the character, naming it. The rest of the
 * pipeline goes on with the name as it looks, so that the one slip is not reported again as an
 * unknown element or a stale declaration.
 */
function withoutInvisible(cell: CellText, sourceLine: string, bag: DiagnosticBag): CellText {
  const found = findInvisible(cell.text);
  if (!found) return cell;
  const inLine = sourceLine.indexOf(found.char, cell.at.column - 1);
  const column = inLine >= 0 ? inLine + 1 : cell.at.column;
  bag.error(
    'invisible-character',
    `\`${cell.text}\` contains ${describeCharacter(found.char)}, an invisible character: delete it (retype the name or token).`,
    { file: cell.at.file, line: cell.at.line, column, endLine: cell.at.line, endColumn: column + 1 },
  );
  return { ...cell, text: removeInvisible(cell.text) };
}
