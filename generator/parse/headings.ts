/**
 * Section headings: which token table a heading introduces. The spec names them
 * `4.2.4 Client capability code page (0x03)`, `4.3 Attribute start tokens`,
 * `4.4.1 Common value tokens`; every other heading is prose.
 */
import type { Heading } from 'mdast';
import { toString as textOf } from 'mdast-util-to-string';
import { hex } from '../common/hex.js';
import type { DiagnosticBag } from '../diagnostics.js';
import { spanOf } from './markdown.js';
import type { SectionHeading } from './types.js';

export type HeadingRole =
  | { readonly kind: 'tag-page'; readonly page: number; readonly section: SectionHeading }
  | { readonly kind: 'attrstart'; readonly section: SectionHeading }
  | { readonly kind: 'value'; readonly group: string; readonly section: SectionHeading }
  /**
   * A code-page heading without its page number: reported by the caller, which knows the pages
   * of the other documents and so can suggest the right number. Tables under it are not read.
   */
  | { readonly kind: 'pageless'; readonly section: SectionHeading }
  /** A code-page heading that could not be read (reported); tables under it are not reported again. */
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
    if (!pageMatch) return { kind: 'pageless', section };
    const page = parseInt(pageMatch[2]!, 16);
    const earlier = PAGE_SUFFIX.exec(title);
    if (earlier) {
      // `(0x01) (0x02)`: the last number would win without a word, and the other is as likely meant.
      bag.error(
        'invalid-page',
        `Code-page heading \`${text}\` has two page numbers, \`${earlier[0].trim()}\` and \`${pageMatch[0].trim()}\`: keep the right one.`,
        at,
      );
      return { kind: 'broken', section };
    }
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

/** A code-page heading without its page number, with what its document says around it. */
export interface PagelessHeading {
  readonly section: SectionHeading;
  /** The version of the document it is in, when the document has one. */
  readonly version: string | undefined;
  /** The pages of the nearest code-page headings before and after it in the same document. */
  readonly previousPage: number | undefined;
  readonly nextPage: number | undefined;
}

/** The code pages the documents give each title, to suggest the number a heading lacks. */
export class PageTitles {
  readonly #byTitle = new Map<string, { version: string | undefined; page: number; specPath: string }[]>();

  add(title: string, version: string | undefined, page: number, specPath: string): void {
    const key = normalizeTitle(title);
    const list = this.#byTitle.get(key);
    if (list) list.push({ version, page, specPath });
    else this.#byTitle.set(key, [{ version, page, specPath }]);
  }

  /** The page a title has: in documents of the same version if they agree, else in all documents if they agree. */
  lookup(title: string, version: string | undefined): { page: number; specPath: string } | undefined {
    const all = this.#byTitle.get(normalizeTitle(title)) ?? [];
    const agreed = (list: typeof all) => (list.length > 0 && list.every((e) => e.page === list[0]!.page) ? list[0] : undefined);
    return agreed(all.filter((e) => version !== undefined && e.version === version)) ?? agreed(all);
  }
}

const normalizeTitle = (title: string) => title.toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * Reports a code-page heading without its page number, suggesting the number only when it can
 * be known: the page the same title has in another document, or the one page left between the
 * headings before and after it.
 */
export function reportPageless(heading: PagelessHeading, pages: PageTitles, bag: DiagnosticBag): void {
  const { section } = heading;
  const known = pages.lookup(section.title, heading.version);
  const between =
    heading.previousPage !== undefined && heading.nextPage !== undefined && heading.nextPage - heading.previousPage === 2
      ? heading.previousPage + 1
      : undefined;
  const fix = known
    ? `end it with \`(${hex(known.page)})\`, the page \`${section.title}\` has in ${known.specPath}`
    : between !== undefined
      ? `end it with \`(${hex(between)})\`, the page between the code pages before and after it`
      : 'end it with the number of its code page in hex, `(0xNN)`';
  bag.error('heading-without-page', `Code-page heading \`${section.text}\` has no page number: ${fix}.`, section.at);
}
