/** Paths as the user sees them in messages, banners and the manifest. */
import { relative, sep } from 'node:path';

/**
 * A path as shown to the user: relative to the working directory, with `/` separators. The
 * working directory is always passed in (never `process.cwd()`), so that a run in-process with
 * another working directory names the same paths as the CLI started there.
 */
export function displayPath(absolute: string, cwd: string): string {
  const rel = relative(cwd, absolute) || '.';
  return sep === '/' ? rel : rel.split(sep).join('/');
}
