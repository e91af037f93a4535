/**
 * The markdown front end: unified + remark-parse, with YAML front matter (remark-frontmatter: every
 * spec document starts with it) and GFM tables. Only the syntax tree is used; nothing is rendered.
 *
 * Deliberately GFM tables alone, not the whole of GFM (remark-gfm): its autolink literals would
 * turn a URL or `www.` in a cell into a link the reader then has to unwrap, and strikethrough,
 * footnotes and task lists have no meaning in a token table. Without them a link in a cell is
 * always something an editor wrote on purpose (`[x](…)`, `<…>`), and reported. The table
 * extension is registered the way remark-gfm registers it (micromark syntax + mdast builder).
 *
 * The parser is a dependency we do not control, so it only ever sees text that passed the input
 * limits (./limits.ts), and anything it throws becomes a diagnostic at the file: a spec file can
 * never crash the generator.
 */
import type { Root } from 'mdast';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTable } from 'micromark-extension-gfm-table';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { type Processor, unified } from 'unified';
import { type DiagnosticBag, fileSpan, type SourceSpan } from '../diagnostics.js';
import { describeFailure } from './failure.js';
import { checkInputLimits } from './limits.js';

/** A unified plugin adding GFM tables, and nothing else of GFM, to remark-parse. */
function remarkGfmTables(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfmTable());
  (data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown());
}

const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfmTables).freeze();

/** The syntax tree of `text`, unguarded: for text known to be small and well-formed (tests). */
export function parseMarkdown(text: string): Root {
  return processor.parse(text);
}

/**
 * The syntax tree of a spec file, or undefined (reported) when the text exceeds the input limits
 * or the parser fails on it.
 */
export function readMarkdown(text: string, file: string, bag: DiagnosticBag): Root | undefined {
  if (!checkInputLimits(text, file, bag)) return undefined;
  try {
    return parseMarkdown(text);
  } catch (e) {
    bag.error(
      'markdown-parser-failure',
      `The markdown parser could not read this file (${describeFailure(e)}). ` +
        'The input limits should prevent this; if the file is an ordinary spec document, please report it with the file.',
      fileSpan(file),
    );
    return undefined;
  }
}

type Position = NonNullable<Root['position']>;

/** A unist position (1-based line/column) as a span in `file`. */
export function spanOf(file: string, position: Position | undefined): SourceSpan {
  if (!position) return fileSpan(file);
  return {
    file,
    line: position.start.line,
    column: position.start.column,
    endLine: position.end.line,
    endColumn: position.end.column,
  };
}
