/**
 * The files of a spec folder, read without parsing them: listing, bytes, UTF-8 text. Kept apart
 * from the markdown parser so that the up-to-date check can hash the inputs without loading it.
 * Files are listed in code-unit order of their path, never in `readdir` order, which differs
 * between machines.
 */
import { type Dirent, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compareStrings, type DiagnosticBag } from '../diagnostics.js';
import { ioReason, UsageError } from '../errors.js';
import { displayPath } from '../common/paths.js';

/** @param cwd the working directory messages name paths relative to */
export function listSpecFiles(specDir: string, cwd: string): string[] {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(specDir);
  } catch {
    throw new UsageError(
      `Spec folder \`${displayPath(specDir, cwd)}\` does not exist; pass the folder holding the spec markdown with \`--spec\`.`,
    );
  }
  if (!stat.isDirectory())
    throw new UsageError(`\`${displayPath(specDir, cwd)}\` is not a folder; \`--spec\` names the folder holding the spec markdown.`);
  const out: string[] = [];
  const walk = (dir: string, rel: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      throw new UsageError(`Cannot read folder \`${displayPath(dir, cwd)}\`: ${ioReason(e)}`);
    }
    for (const entry of entries) {
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(join(dir, entry.name), childRel);
      else if (entry.name.endsWith('.md') && entry.name !== 'README.md') out.push(childRel);
    }
  };
  walk(specDir, '');
  return out.sort(compareStrings);
}

/**
 * Reads a file's bytes; a missing or unreadable file is a usage error (exit code 2), and so is
 * anything but a regular file: reading a FIFO waits for a writer forever, and a `*.md` symlink to
 * a device such as /dev/zero never ends (it filled 4 GB before the size limit could look at it).
 */
export function readBytes(path: string, what: string, cwd: string): Uint8Array {
  try {
    const stat = statSync(path);
    if (!stat.isFile() && !stat.isDirectory()) {
      const kind = stat.isFIFO() ? 'a named pipe' : stat.isSocket() ? 'a socket' : 'a device';
      const advice = what === 'Spec document' ? ': remove it, or rename it so that it does not end in `.md`' : '';
      throw new UsageError(`${what} \`${displayPath(path, cwd)}\` is ${kind}, not a file${advice}.`);
    }
    return readFileSync(path);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'ENOENT'
        ? `${what} \`${displayPath(path, cwd)}\` does not exist.`
        : `Cannot read ${what.toLowerCase()} \`${displayPath(path, cwd)}\`: ${ioReason(e)}`,
    );
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Spec text is UTF-8 with LF or CRLF line endings. Invalid bytes are reported rather than
 * replaced, since a replaced character in a name would silently become a different name. A
 * carriage return without a line feed (classic Mac line endings) is reported too: markdown would
 * take it for a line break but YAML would not, and the errors that follow would not say why.
 */
export function decodeText(bytes: Uint8Array, file: string, bag: DiagnosticBag): string | undefined {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    // Point at the first line holding a bad sequence (the lenient decoder marks it with U+FFFD).
    const lines = new TextDecoder('utf-8').decode(bytes).split('\n');
    const line =
      Math.max(
        0,
        lines.findIndex((l) => l.includes('\uFFFD')),
      ) + 1;
    bag.error('invalid-utf8', 'The file is not valid UTF-8; save it as UTF-8.', { file, line, column: 1, endLine: line, endColumn: 1 });
    return undefined;
  }
  // A byte-order mark would otherwise end up in the front matter's first key.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const loneCr = /\r(?!\n)/.exec(text);
  if (loneCr) {
    const before = text.slice(0, loneCr.index);
    const line = before.split('\n').length;
    const column = loneCr.index - before.lastIndexOf('\n');
    const everywhere = !text.includes('\n');
    bag.error(
      'line-endings',
      everywhere
        ? 'The file has carriage-return-only line endings (classic Mac OS); save it with LF (or CRLF) line endings.'
        : 'A carriage return (CR) without a line feed: lines end with LF or CRLF; remove the stray CR or save the file with LF line endings.',
      { file, line, column, endLine: line, endColumn: column + 1 },
    );
    return undefined;
  }
  return text;
}
