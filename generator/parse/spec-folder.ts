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

export interface SpecFolder {
  readonly documents: readonly ParsedDocument[];
  /** Documents that could not be read (bad UTF-8, broken front matter), already reported. */
  readonly unreadable: readonly string[];
}

/**
 * Parses every document of the spec folder; problems go to `bag`, broken documents are left out.
 * Places name files relative to `cwd`.
 */
export function readSpecFolder(specDir: string, bag: DiagnosticBag, cwd: string): SpecFolder {
  const documents: ParsedDocument[] = [];
  const unreadable: string[] = [];
  for (const rel of listSpecFiles(specDir, cwd)) {
    const abs = join(specDir, ...rel.split('/'));
    const path = displayPath(abs, cwd);
    const text = decodeText(readBytes(abs, 'Spec document', cwd), path, bag);
    const doc = text === undefined ? undefined : parseSpecDocument(text, { path, specPath: rel }, bag);
    if (doc) documents.push(doc);
    else unreadable.push(path);
  }
  return { documents, unreadable };
}
