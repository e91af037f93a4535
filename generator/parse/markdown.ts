/**
 * The markdown front end: unified + remark-parse + remark-gfm (tables) + remark-frontmatter (the
 * YAML block every spec document starts with). Only the syntax tree is used; nothing is rendered.
 */
import type { Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { Position } from 'unist';
import type { SourceSpan } from '../diagnostics.js';

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']).freeze();

export function parseMarkdown(text: string): Root {
  return processor.parse(text);
}

/** A unist position (1-based line/column) as a span in `file`. */
export function spanOf(file: string, position: Position | undefined): SourceSpan {
  if (!position) return { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
  return {
    file,
    line: position.start.line,
    column: position.start.column,
    endLine: position.end.line,
    endColumn: position.end.column,
  };
}
