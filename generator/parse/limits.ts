/**
 * The input budget of a spec file, checked before the markdown parser sees it.
 *
 * micromark (the parser under remark-parse) is linear in the size of ordinary
 * markdown, tables included, but not in three things (profiled; none is in our code):
 * - nesting on a line: each line pays for every block quote and list item open on it, so 2,000 `>`
 *   on one line take about a second and 10,000 overflow the stack;
 * - nested emphasis (`*a *a *a … a* a* a*`) is matched by walking back over everything inside it,
 *   so 2,000 levels take seconds and 4,000 overflow the stack;
 * - block quotes and lists: closing one rebuilds the document's whole event list
 *   (micromark-util-edit-map `consume`), so 4,000 one-line block quotes (20 KB) take 17 s, and
 *   so do 2,000 items of a two-level list.
 * Memory grows by about 1 KB per input byte while a file is parsed (a 5 MB table took 3.2 GB). So
 * a spec file is refused, with the place and the fix, when it is larger than `fileBytes` or goes
 * over the limits below; under them, parsing time is linear in the size (measured by
 * `npm run bench:generate -- --limits`). The budget is documented in spec/README.md ("Input limits").
 *
 * The nesting scan is deliberately an over-estimate (it never needs to know exactly what markdown
 * makes of a line): the limits are far above what a spec document uses (the shipped ones nest at
 * most one level), so a false alarm needs markdown no editor writes.
 */
import type { DiagnosticBag } from '../diagnostics.js';

export const INPUT_LIMITS = {
  /** Bytes per file (spec documents and the assignment file): ten times the largest shipped document. */
  fileBytes: 256 * 1024,
  /** Block quotes and list items open on one line (`> - > x` is three). */
  containerDepth: 32,
  /** Places where a block quote or list starts or ends, in a file (each item of a loose list counts). */
  containerBreaks: 200,
  /** Emphasis (`*`, `_`) nested in emphasis, within one paragraph, heading or table row. */
  emphasisDepth: 32,
} as const;

/** `1.2 MB`, `650 KB`: sizes as an editor's file manager shows them. */
function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toFixed(1))} MiB`;
  return `${Math.ceil(bytes / 1024)} KiB`;
}

/** Reports a file over the size limit at its first line; true when the size is fine. */
export function checkFileSize(byteLength: number, file: string, bag: DiagnosticBag, advice: string): boolean {
  if (byteLength <= INPUT_LIMITS.fileBytes) return true;
  bag.error(
    'file-too-large',
    `The file is ${formatBytes(byteLength)}; spec files may be at most ${formatBytes(INPUT_LIMITS.fileBytes)} ` +
      `(about 10,000 table rows). ${advice}`,
    { file, line: 1, column: 1, endLine: 1, endColumn: 1 },
  );
  return false;
}

/**
 * Scans markdown for nesting the parser handles in more than linear time; reports the first place
 * over a limit. True when the text is within the limits.
 */
export function checkInputLimits(text: string, file: string, bag: DiagnosticBag): boolean {
  const lines = text.split(/\r\n|\n|\r/);
  let breaks = 0;
  let previousDepth = 0;
  let afterBlank = false;
  let emphasis = new EmphasisDepth();
  let inTable = false;
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const prefix = containerPrefix(line);
    const at = (column: number) => ({ file, line: i + 1, column, endLine: i + 1, endColumn: column });
    if (prefix.depth > INPUT_LIMITS.containerDepth) {
      bag.error(
        'nesting-too-deep',
        `This line opens ${prefix.depth} block quotes and list items (\`>\`, \`-\`, \`*\`, \`+\`, \`1.\`); ` +
          `spec files may nest at most ${INPUT_LIMITS.containerDepth}. Remove the extra markers.`,
        at(1),
      );
      return false;
    }
    // Where block quotes and lists start, and where the parser closes them (see above),
    // over-estimated: a container line after a blank line or after text, a line less deep than the
    // one before, a list item as deep as a nested one before it (it closes that one's inner
    // lists), and text after a blank line that ended a container.
    if (line.trim() === '') afterBlank = true;
    else {
      const closes =
        prefix.depth > 0
          ? afterBlank ||
            previousDepth === 0 ||
            prefix.depth < previousDepth ||
            (prefix.listItem && previousDepth > 1 && prefix.depth === previousDepth)
          : afterBlank && previousDepth > 0;
      if (closes && ++breaks > INPUT_LIMITS.containerBreaks) {
        bag.error(
          'too-many-blocks',
          `More than ${INPUT_LIMITS.containerBreaks} block quotes or lists start or end in this file (here is place ${breaks}); ` +
            'spec files may have at most that many (each item of a list with blank lines between items counts), ' +
            'because the markdown parser slows down with each. Write the text as paragraphs, or split the document.',
          at(1),
        );
        return false;
      }
      previousDepth = prefix.depth;
      afterBlank = false;
    }
    const content = line.slice(prefix.length);
    // Fenced code is not parsed for emphasis.
    const fenceMatch = /^ {0,3}(`{3,}|~{3,})/.exec(content);
    if (fence !== undefined) {
      if (fenceMatch && fenceMatch[1]![0] === fence[0] && fenceMatch[1]!.length >= fence.length) fence = undefined;
      continue;
    }
    if (fenceMatch) {
      fence = fenceMatch[1]!;
      continue;
    }
    if (content.trim() === '') {
      // A blank line ends paragraphs and tables.
      emphasis = new EmphasisDepth();
      inTable = false;
      continue;
    }
    // Table cells, headings and table rows are inline content of their own, one line each.
    const next = lines[i + 1];
    if (!inTable && content.includes('|') && next !== undefined && DELIMITER_ROW.test(next.slice(containerPrefix(next).length))) {
      inTable = true;
    }
    if (inTable || /^ {0,3}#{1,6}(\s|$)/.test(content)) emphasis = new EmphasisDepth();
    const deepest = emphasis.scan(content);
    if (deepest !== undefined) {
      bag.error(
        'nesting-too-deep',
        `Emphasis (\`*\`, \`_\`) is nested more than ${INPUT_LIMITS.emphasisDepth} levels deep here; ` +
          `spec files may nest at most ${INPUT_LIMITS.emphasisDepth}. Remove the extra markers, or escape them (\`\\*\`).`,
        at(prefix.length + deepest + 1),
      );
      return false;
    }
  }
  return true;
}

const DELIMITER_ROW = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

/**
 * The container markers a line starts with: block quote markers, list markers, and the
 * indentation before them (a nested list item is indented by at least two columns per level, so
 * every two columns of indentation count as a level).
 */
export function containerPrefix(line: string): { depth: number; length: number; listItem: boolean } {
  let markers = 0;
  let listItem = false;
  let spaces = 0;
  let column = 0;
  let i = 0;
  let length = 0;
  for (;;) {
    while (line[i] === ' ' || line[i] === '\t') {
      const width = line[i] === '\t' ? 4 - (column % 4) : 1;
      spaces += width;
      column += width;
      i++;
    }
    const c = line[i];
    let marker = 0;
    if (c === '>') marker = 1;
    else if ((c === '-' || c === '*' || c === '+') && isGap(line[i + 1])) marker = 1;
    else {
      const digits = /^\d{1,9}[.)]/.exec(line.slice(i, i + 10));
      if (digits && isGap(line[i + digits[0].length])) marker = digits[0].length;
    }
    if (marker === 0) break;
    if (c !== '>') listItem = true;
    markers++;
    i += marker;
    column += marker;
    length = i;
  }
  // One space after each marker separates it from what follows; the rest is indentation.
  if (markers === 0) return { depth: 0, length: 0, listItem };
  return { depth: markers + Math.floor(Math.max(0, spaces - markers) / 2), length, listItem };
}

const isGap = (c: string | undefined) => c === undefined || c === ' ' || c === '\t';

/**
 * How deep emphasis nests in one inline context: openers and closers by the CommonMark flanking
 * rules (simplified: a run that could both open and close is skipped), a closer matching the
 * nearest opener of its character. Only matched pairs count: openers that are never closed cost
 * the parser nothing. Backslash escapes and code spans are skipped.
 */
class EmphasisDepth {
  /** Open delimiter runs: their character, and the deepest nesting matched inside each so far. */
  readonly #stack: { char: string; inner: number }[] = [];

  /** Scans one line; returns the index where the nesting first exceeds the limit, if it does. */
  scan(line: string): number | undefined {
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (c === '\\') {
        i++;
        continue;
      }
      if (c === '`') {
        let run = 1;
        while (line[i + run] === '`') run++;
        const close = line.indexOf('`'.repeat(run), i + run);
        i = close < 0 ? i + run - 1 : close + run - 1;
        continue;
      }
      if (c !== '*' && c !== '_') continue;
      let run = 1;
      while (line[i + run] === c) run++;
      const before = line[i - 1] ?? ' ';
      const after = line[i + run] ?? ' ';
      const left = !isSpace(after) && (!isPunct(after) || isSpace(before) || isPunct(before));
      const right = !isSpace(before) && (!isPunct(before) || isSpace(after) || isPunct(after));
      if (left && !right) this.#stack.push({ char: c, inner: 0 });
      else if (right && !left) {
        let j = this.#stack.length - 1;
        while (j >= 0 && this.#stack[j]!.char !== c) j--;
        if (j >= 0) {
          const depth = this.#stack[j]!.inner + 1;
          if (depth > INPUT_LIMITS.emphasisDepth) return i;
          this.#stack.length = j;
          const outer = this.#stack[j - 1];
          if (outer) outer.inner = Math.max(outer.inner, depth);
        }
      }
      i += run - 1;
    }
    return undefined;
  }
}

const isSpace = (c: string) => /\s/u.test(c);
const isPunct = (c: string) => /[\p{P}\p{S}]/u.test(c);
