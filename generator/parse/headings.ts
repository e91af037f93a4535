/**
 * Section headings: which token table a heading introduces. The spec names them
 * `4.2.4 Client capability code page (0x03)`, `4.3 Attribute start tokens`,
 * `4.4.1 Common value tokens`; every other heading is prose.
 */
import type { Heading } from 'mdast';
import { toString as textOf } from 'mdast-util-to-string';
import type { DiagnosticBag } from '../diagnostics.js';
import { spanOf } from './markdown.js';
import type { SectionHeading } from './types.js';

export type HeadingRole =
  | { readonly kind: 'tag-page'; readonly page: number; readonly section: SectionHeading }
  | { readonly kind: 'attrstart'; readonly section: SectionHeading }
  | { readonly kind: 'value'; readonly group: string; readonly section: SectionHeading }
  /** A code-page heading that could not be read; tables under it are not reported again. */
  | { readonly kind: 'broken'; readonly section: SectionHeading }
  | { readonly kind: 'prose'; readonly section: SectionHeading };

const NUMBER = /^(\d+(?:\.\d+)*)\.?\s+/;
const PAGE_SUFFIX = /\(\s*(0x)?([0-9a-f]+)\s*\)\s*$/i;

function headingText(node: Heading): string {
  return textOf(node, { includeImageAlt: false }).replace(/\s+/g, ' ').trim();
}

export function classifyHeading(node: Heading, file: string, bag: DiagnosticBag): HeadingRole {
  const text = headingText(node);
  const at = spanOf(file, node.position);
  const numberMatch = NUMBER.exec(text);
  const number = numberMatch?.[1] ?? '';
  let title = numberMatch ? text.slice(numberMatch[0].length) : text;
  const pageMatch = PAGE_SUFFIX.exec(title);
  if (pageMatch) title = title.slice(0, pageMatch.index).trim();
  const section: SectionHeading = { number, title, text, at };

  if (/code page/i.test(title)) {
    if (!pageMatch) {
      bag.error(
        'heading-without-page',
        `Code-page heading \`${text}\` has no page number: end it with the page in hex, for example \`${text} (0x03)\`.`,
        at,
      );
      return { kind: 'broken', section };
    }
    const page = parseInt(pageMatch[2]!, 16);
    if (pageMatch[2]!.length > 2 || page > 0xff) {
      bag.error('invalid-page', `Code page \`${pageMatch[0].trim()}\` in \`${text}\` is not a WBXML code page (0x00-0xFF).`, at);
      return { kind: 'broken', section };
    }
    return { kind: 'tag-page', page, section };
  }
  if (/attribute start tokens/i.test(title)) {
    if (pageMatch && parseInt(pageMatch[2]!, 16) !== 0) {
      bag.error('invalid-page', `Attribute start tokens are only supported on attribute code page 0x00 (\`${text}\`).`, at);
      return { kind: 'broken', section };
    }
    return { kind: 'attrstart', section };
  }
  if (/value tokens$/i.test(title)) return { kind: 'value', group: title, section };
  return { kind: 'prose', section };
}
