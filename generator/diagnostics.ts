/**
 * Diagnostics: every problem the generator finds in the spec, the assignment file or the
 * configuration. They are collected (never thrown one by one), sorted by place, and printed as
 * `path:line:col: error|warning: message [rule-id]` like a compiler, or as JSON for tools.
 */
import { showInvisible } from './common/invisible.js';

/** A place in a source file. Lines and columns are 1-based, as editors show them. */
export interface SourceSpan {
  /** POSIX path as shown to the user (relative to the working directory). */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export type Severity = 'error' | 'warning';

/** Another place involved in the same problem (the row a token collides with, the base row...). */
export interface RelatedPlace {
  readonly message: string;
  readonly at: SourceSpan;
}

export interface Diagnostic {
  readonly severity: Severity;
  /** Stable kebab-case id of the rule, documented in the README. */
  readonly ruleId: string;
  /** What is wrong and how to fix it, in one or two sentences; names in backticks. */
  readonly message: string;
  /** Where; absent only for problems that have no place (a missing file is reported at its path). */
  readonly at?: SourceSpan;
  readonly related?: readonly RelatedPlace[];
}

/** A file-level place: the file itself, before any line (a missing file, an unreadable folder). */
export function fileSpan(file: string): SourceSpan {
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
}

/** Collects diagnostics; passed down the pipeline so every stage reports and none stops early. */
export class DiagnosticBag {
  readonly #items: Diagnostic[] = [];

  error(ruleId: string, message: string, at?: SourceSpan, related?: readonly RelatedPlace[]): void {
    this.#items.push(make('error', ruleId, message, at, related));
  }

  warning(ruleId: string, message: string, at?: SourceSpan, related?: readonly RelatedPlace[]): void {
    this.#items.push(make('warning', ruleId, message, at, related));
  }

  add(...diagnostics: readonly Diagnostic[]): void {
    this.#items.push(...diagnostics);
  }

  get hasErrors(): boolean {
    return this.#items.some((d) => d.severity === 'error');
  }

  /** The diagnostics in a stable order (see {@link sortDiagnostics}). */
  list(): readonly Diagnostic[] {
    return sortDiagnostics(this.#items);
  }
}

function make(
  severity: Severity,
  ruleId: string,
  message: string,
  at: SourceSpan | undefined,
  related: readonly RelatedPlace[] | undefined,
): Diagnostic {
  // A name holding an invisible character (U+200B…) would print exactly like the name without it.
  return {
    severity,
    ruleId,
    message: showInvisible(message),
    ...(at ? { at } : {}),
    ...(related && related.length > 0 ? { related: related.map((r) => ({ ...r, message: showInvisible(r.message) })) } : {}),
  };
}

/** Code-unit string order: never locale-dependent, so output is identical on every machine. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorted by file, line, column, rule id, then message; placeless diagnostics first. */
function sortDiagnostics(items: readonly Diagnostic[]): Diagnostic[] {
  return [...items].sort((a, b) => {
    if (!a.at || !b.at) return (a.at ? 1 : 0) - (b.at ? 1 : 0) || compareStrings(a.message, b.message);
    return (
      compareStrings(a.at.file, b.at.file) ||
      a.at.line - b.at.line ||
      a.at.column - b.at.column ||
      compareStrings(a.ruleId, b.ruleId) ||
      compareStrings(a.message, b.message)
    );
  });
}

export function formatPlace(at: SourceSpan): string {
  return `${at.file}:${at.line}:${at.column}`;
}

/** One diagnostic as compiler-style text; related places follow on indented lines. */
export function formatDiagnostic(d: Diagnostic): string {
  const head = `${d.at ? formatPlace(d.at) + ': ' : ''}${d.severity}: ${d.message} [${d.ruleId}]`;
  const tail = (d.related ?? []).map((r) => `\n  ${formatPlace(r.at)}: note: ${r.message}`);
  return head + tail.join('');
}

/** The summary line: `2 errors, 1 warning`. */
export function summarize(items: readonly Diagnostic[]): string {
  const errors = items.filter((d) => d.severity === 'error').length;
  const warnings = items.length - errors;
  return `${errors} ${errors === 1 ? 'error' : 'errors'}, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`;
}

export function formatDiagnosticsText(items: readonly Diagnostic[]): string {
  return items.map((d) => formatDiagnostic(d) + '\n').join('') + summarize(items) + '\n';
}

/** GitHub Actions workflow commands, so problems show up as annotations on a pull request. */
export function formatDiagnosticsGithub(items: readonly Diagnostic[]): string {
  const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  return items
    .map((d) => {
      const where = d.at ? ` file=${d.at.file},line=${d.at.line},col=${d.at.column}` : '';
      return `::${d.severity}${where}::${escapeData(`${d.message} [${d.ruleId}]`)}\n`;
    })
    .join('');
}
