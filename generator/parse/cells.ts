/**
 * Reading one table cell: its text, the place of that text, and the token literal rules.
 *
 * The place is taken from the cell's children, not from the cell: remark's table cell starts at
 * its leading pipe, while the editor wants the column of the text itself.
 */
import type { PhrasingContent, TableCell } from 'mdast';
import type { DiagnosticBag, SourceSpan } from '../diagnostics.js';
import { spanOf } from './markdown.js';
import type { TokenCell } from './types.js';

export interface CellText {
  /** The text with surrounding white space removed (inline code and emphasis contribute their text). */
  readonly text: string;
  /**
   * The cell's markdown as written (backticks and escapes kept), for prose cells such as notes,
   * whose markup should survive into the docs. Equal to `text` when the source is not given.
   */
  readonly raw: string;
  readonly at: SourceSpan;
}

/** Inline nodes whose text is part of a cell's value; anything else is reported, not dropped. */
const TEXTUAL = new Set(['text', 'inlineCode', 'emphasis', 'strong']);

/** @param lines the document's source lines, to recover the cell's markdown as written */
export function readCell(cell: TableCell, file: string, bag: DiagnosticBag, lines?: readonly string[]): CellText {
  const children = cell.children;
  const first = children[0];
  const last = children[children.length - 1];
  const at = first && last ? spanOf(file, { start: first.position!.start, end: last.position!.end }) : spanOf(file, cell.position);
  // Table cells are single-line, so the markdown is a slice of the cell's line.
  const line = lines && first && at.line === at.endLine ? lines[at.line - 1] : undefined;
  const source = (node: PhrasingContent) =>
    line !== undefined && node.position ? line.slice(node.position.start.column - 1, node.position.end.column - 1) : undefined;
  let text = '';
  for (const child of children) text += textOf(child, file, bag, source);
  // Only the white space markdown itself would trim: `trim()` would also take a NO-BREAK SPACE
  // or a byte-order mark off the ends, and those are reported as invisible characters instead.
  text = text.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
  const raw = line !== undefined ? line.slice(at.column - 1, at.endColumn - 1).trim() : text;
  return { text, raw, at };
}

function textOf(node: PhrasingContent, file: string, bag: DiagnosticBag, source: (node: PhrasingContent) => string | undefined): string {
  const inner = () => ('children' in node ? node.children.map((c) => textOf(c as PhrasingContent, file, bag, source)).join('') : '');
  switch (node.type) {
    case 'text':
    case 'inlineCode':
      return node.value;
    case 'html':
      bag.error(
        'html-in-cell',
        `Unexpected raw HTML \`${node.value}\` in a table cell: a cell holds one name or token. ` +
          'Remove the HTML (write a second row instead of `<br>`).',
        spanOf(file, node.position),
      );
      return '';
    case 'link':
    case 'linkReference': {
      // The link's text is kept so that the row is not reported a second time as empty.
      const text = inner();
      const written = source(node);
      bag.error(
        'unsupported-cell-content',
        `Unexpected link ${written ? `\`${written}\` ` : ''}in a table cell: a cell holds a plain name or token; ` +
          `remove the link and keep the text (\`${text.trim()}\`).`,
        spanOf(file, node.position),
      );
      return text;
    }
    default:
      if (TEXTUAL.has(node.type)) return inner();
      bag.error(
        'unsupported-cell-content',
        `Unexpected ${node.type} in a table cell; write the name or token as plain text.`,
        spanOf(file, node.position),
      );
      return '';
  }
}

/**
 * A token as editors write it: hex with or without `0x`, any case (`0C`, `0x0c`, `` `3D` ``), or
 * the placeholder `XX` of a change request. Returns undefined (after reporting) for anything else.
 */
export function readToken(cell: Pick<CellText, 'text' | 'at'>, bag: DiagnosticBag, what: string): TokenCell | undefined {
  const text = cell.text;
  if (/^(?:0x)?xx$/i.test(text)) return { kind: 'placeholder', text, at: cell.at };
  const m = /^(?:0x)?([0-9a-f]+)$/i.exec(text);
  if (!m) {
    bag.error(
      'invalid-token',
      text === ''
        ? `Missing token for ${what}: write the token in hex (\`1A\` or \`0x1A\`), or \`XX\` for one not yet assigned.`
        : `Unexpected token \`${text}\` for ${what}: expected hex (\`1A\` or \`0x1A\`) or the placeholder \`XX\`.`,
      cell.at,
    );
    return undefined;
  }
  const digits = m[1]!.replace(/^0+(?=.)/, '');
  // mb_u_int32 is the widest token WBXML can carry; wider literals are reported here so that the
  // number never loses precision on its way to the range checks.
  if (digits.length > 8) {
    bag.error(
      'token-range',
      `Token \`${text}\` for ${what} is wider than 32 bits; WBXML tokens are at most mb_u_int32 (0xFFFFFFFF).`,
      cell.at,
    );
    return undefined;
  }
  return { kind: 'explicit', value: parseInt(digits, 16), text, at: cell.at };
}
