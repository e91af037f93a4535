/**
 * Reading the spec folder: every `*.md` file below it except `README.md` is a spec document,
 * parsed in the order {@link listSpecFiles} gives.
 */
import { join } from 'node:path';
import type { DiagnosticBag } from '../diagnostics.js';
import { parseSpecDocument } from './document.js';
import { decodeText, listSpecFiles, readBytes } from './files.js';
import type { ParsedDocument } from './types.js';
import { displayPath } from '../common/paths.js';

export { decodeText, displayPath, listSpecFiles, readBytes };

export interface SpecFolder {
  readonly documents: readonly ParsedDocument[];
  /** Documents that could not be read (bad UTF-8, broken front matter), already reported. */
  readonly unreadable: readonly string[];
}

/** Parses every document of the spec folder; problems go to `bag`, broken documents are left out. */
export function readSpecFolder(specDir: string, bag: DiagnosticBag): SpecFolder {
  const documents: ParsedDocument[] = [];
  const unreadable: string[] = [];
  for (const rel of listSpecFiles(specDir)) {
    const abs = join(specDir, ...rel.split('/'));
    const path = displayPath(abs);
    const text = decodeText(readBytes(abs, 'Spec document'), path, bag);
    const doc = text === undefined ? undefined : parseSpecDocument(text, { path, specPath: rel }, bag);
    if (doc) documents.push(doc);
    else unreadable.push(path);
  }
  return { documents, unreadable };
}
