/**
 * The input budget of a spec file, checked before the markdown parser sees it.
 *
 * micromark (the parser under mdast-util-from-markdown) is linear in the size of ordinary
 * markdown, tables included, but not in nesting: each line pays for every block quote and list
 * item open on it, so 2,000 `>` on one line take about a second and 10,000 overflow the stack; and
 * nested emphasis (`*a *a *a … a* a* a*`) is matched by walking back over everything inside it,
 * so 2,000 levels take seconds and 4,000 overflow the stack. Memory grows by about 1 KB per input
 * byte while a file is parsed (a 5 MB table took 3.2 GB). So a spec file is refused, with the place
 * and the fix, when it is larger than `fileBytes` or nests deeper than the limits below; under them,
 * parsing time is linear in the size (measured by `npm run bench:generate -- --limits`). The budget
 * is documented in spec/README.md ("Input limits").
 *
 * The nesting scan is deliberately an over-estimate (it never needs to know exactly what markdown
 * makes of a line): the limits are far above what a spec document uses (the shipped ones nest at
 * most one level), so a false alarm needs markdown no editor writes.
 */
import type { DiagnosticBag } from '../diagnostics.js';

export const INPUT_LIMITS = {
  /** Bytes per file (spec documents and the assignment file): 40 times the largest shipped document. */
  fileBytes: 1024 * 1024,
  /** Block quotes and list items open on one line (`> - > x` is three). */
  containerDepth: 32,
  /** Emphasis (`*`, `_`) opened and not yet closed within one paragraph, heading or table row. */
  emphasisDepth: 32,
} as const;

/** `1.2 MB`, `650 KB`: sizes as an editor's file manager shows them. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  return `${Math.ceil(bytes / 1024)} KiB`;
}

/** Reports a file over the size limit at its first line; true when the size is fine. */
export function checkFileSize(byteLength: number, file: string, bag: DiagnosticBag, advice: string): boolean {
  if (byteLength <= INPUT_LIMITS.fileBytes) return true;
  bag.error(
    'file-too-large',
    `The file is ${formatBytes(byteLength)}; spec files may be at most ${formatBytes(INPUT_LIMITS.fileBytes)} ` +
      `(about 40,000 table rows). ${advice}`,
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
        `Emphasis (\`*\`, \`_\`) is opened ${INPUT_LIMITS.emphasisDepth + 1} times here without being closed; ` +
          `spec files may nest at most ${INPUT_LIMITS.emphasisDepth}. Close the emphasis, or escape the marker (\`\\*\`).`,
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
export function containerPrefix(line: string): { depth: number; length: number } {
  let markers = 0;
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
    markers++;
    i += marker;
    column += marker;
    length = i;
  }
  // One space after each marker separates it from what follows; the rest is indentation.
  return { depth: markers + Math.floor(Math.max(0, spaces - markers) / 2), length: markers > 0 ? length : 0 };
}

const isGap = (c: string | undefined) => c === undefined || c === ' ' || c === '\t';

/**
 * Emphasis opened and not yet closed in one inline context, by the CommonMark flanking rules
 * (simplified: a run that could both open and close changes nothing; a run that opens counts its
 * length, so `***` is three levels). Backslash escapes and code spans are skipped.
 */
class EmphasisDepth {
  #depth = 0;

  /** Scans one line; returns the index where the depth first exceeds the limit, if it does. */
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
      if (left && !right) {
        this.#depth += run;
        if (this.#depth > INPUT_LIMITS.emphasisDepth) return i;
      } else if (right && !left) {
        this.#depth = Math.max(0, this.#depth - run);
      }
      i += run - 1;
    }
    return undefined;
  }
}

const isSpace = (c: string) => /\s/u.test(c);
const isPunct = (c: string) => /[\p{P}\p{S}]/u.test(c);
