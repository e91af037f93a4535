/**
 * Reading the spec folder: every `*.md` file below it except `README.md` is a spec document,
 * parsed in the order {@link listSpecFiles} gives.
 */
import { join } from 'node:path';
import { displayPath } from '../common/paths.js';
import type { DiagnosticBag } from '../diagnostics.js';
import { addPageTitles, readSpecDocument } from './document.js';
import { decodeText, listSpecFiles, readBytes } from './files.js';
import { PageTitles, type PagelessHeading, reportPageless } from './headings.js';
import { checkFileSize } from './limits.js';
import type { ParsedDocument } from './types.js';

export interface SpecFolder {
  readonly documents: readonly ParsedDocument[];
  /** Documents that could not be read (too large, bad UTF-8, broken front matter), already reported. */
  readonly unreadable: readonly string[];
}

/**
 * Parses every document of the spec folder; problems go to `bag`, broken documents are left out.
 * Places name files relative to `cwd`.
 */
export function readSpecFolder(specDir: string, bag: DiagnosticBag, cwd: string): SpecFolder {
  const documents: ParsedDocument[] = [];
  const unreadable: string[] = [];
  const pageless: PagelessHeading[] = [];
  for (const rel of listSpecFiles(specDir, cwd)) {
    const abs = join(specDir, ...rel.split('/'));
    const path = displayPath(abs, cwd);
    const bytes = readBytes(abs, 'Spec document', cwd);
    const text =
      checkFileSize(bytes.length, path, bag, 'Split it into several documents (a change request per topic).') &&
      decodeText(bytes, path, bag);
    const reading = text === false || text === undefined ? undefined : readSpecDocument(text, { path, specPath: rel }, bag);
    if (reading?.document) documents.push(reading.document);
    else unreadable.push(path);
    pageless.push(...(reading?.pageless ?? []));
  }
  // A heading without its page number gets the number the same page has in another document.
  const pages = new PageTitles();
  for (const doc of documents) addPageTitles(pages, doc);
  for (const p of pageless) reportPageless(p, pages, bag);
  return { documents, unreadable };
}
