/** Paths as the user sees them in messages, banners and the manifest. */
import { relative, sep } from 'node:path';

/** A path as shown to the user: relative to the working directory, with `/` separators. */
export function displayPath(absolute: string, cwd: string = process.cwd()): string {
  const rel = relative(cwd, absolute) || '.';
  return sep === '/' ? rel : rel.split(sep).join('/');
}
