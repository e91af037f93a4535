/**
 * The front half of the pipeline: spec folder → parsed documents → composed versions → checks.
 * Every command starts here; it never throws for problems in the spec (they are diagnostics),
 * only {@link UsageError} for a missing folder or an unreadable file.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { displayPath } from './common/paths.js';
import { composeSpec } from './compose/compose.js';
import type { ChangeRequestReport } from './compose/types.js';
import { DEFAULT_ASSIGNMENTS_FILE as DEFAULT_ASSIGNMENTS } from './defaults.js';
import { type Diagnostic, DiagnosticBag, fileSpan } from './diagnostics.js';
import type { SpecModel } from './model/types.js';
import { type ParsedAssignments, parseAssignments } from './parse/assignments.js';
import { decodeText, readBytes } from './parse/files.js';
import { checkFileSize } from './parse/limits.js';
import { readSpecFolder } from './parse/spec-folder.js';
import type { ParsedDocument } from './parse/types.js';
import { validateSpec } from './validate/validate-spec.js';

export interface LoadOptions {
  /** The spec folder. */
  readonly specDir: string;
  /**
   * The assignment file. Default: `assignments.yaml` in the spec folder; when it is absent and a
   * change request has placeholders, that is one error (their tokens are missing). A file named
   * explicitly must exist.
   */
  readonly assignmentsPath?: string;
  /** Do not read any assignment file (for `suggest` on a fresh change request). */
  readonly noAssignments?: boolean;
  /** Compose each version from its base document alone (the state before its change requests). */
  readonly baseOnly?: boolean;
  /** The working directory: places in diagnostics and messages name files relative to it (default: `process.cwd()`). */
  readonly cwd?: string;
}

export interface LoadResult {
  readonly model: SpecModel;
  readonly reports: readonly ChangeRequestReport[];
  readonly documents: readonly ParsedDocument[];
  readonly assignments: ParsedAssignments | undefined;
  readonly diagnostics: readonly Diagnostic[];
  readonly hasErrors: boolean;
}

export function loadSpec(options: LoadOptions): LoadResult {
  const bag = new DiagnosticBag();
  const cwd = options.cwd ?? process.cwd();
  const specDir = resolve(cwd, options.specDir);
  const { documents, unreadable } = readSpecFolder(specDir, bag, cwd);
  const read: AssignmentsRead =
    options.noAssignments || options.baseOnly
      ? { assignments: undefined, state: 'none' }
      : readAssignments(specDir, options.assignmentsPath && resolve(cwd, options.assignmentsPath), bag, cwd);
  const { assignments } = read;
  const composed = composeSpec(documents, assignments, bag, {
    baseOnly: options.baseOnly ?? false,
    assignmentState: read.state,
    unreadableDocuments: unreadable,
  });
  if (read.state === 'missing') reportMissingAssignments(read, composed.reports, bag, cwd);
  validateSpec(composed.model, bag);
  const assignmentFile = assignments
    ? { specPath: displayPath(resolve(cwd, options.assignmentsPath ?? join(specDir, DEFAULT_ASSIGNMENTS)), specDir) }
    : undefined;
  return {
    model: { ...composed.model, assignmentFile },
    reports: composed.reports,
    documents,
    assignments,
    diagnostics: bag.list(),
    hasErrors: bag.hasErrors,
  };
}

type AssignmentsRead =
  | { readonly assignments: ParsedAssignments; readonly state: 'file' }
  | { readonly assignments: undefined; readonly state: 'none' | 'unreadable' }
  /** The default file does not exist; `path` is where it was looked for, `yml` a misnamed one found instead. */
  | { readonly assignments: undefined; readonly state: 'missing'; readonly path: string; readonly yml: string | undefined };

/** The assignment file, or what became of it (an unreadable one is reported here). */
function readAssignments(specDir: string, explicit: string | undefined, bag: DiagnosticBag, cwd: string): AssignmentsRead {
  const path = resolve(explicit ?? join(specDir, DEFAULT_ASSIGNMENTS));
  if (explicit === undefined && !existsSync(path)) {
    const yml = path.replace(/\.yaml$/, '.yml');
    return { assignments: undefined, state: 'missing', path, yml: existsSync(yml) ? yml : undefined };
  }
  const shown = displayPath(path, cwd);
  const bytes = readBytes(path, 'Assignment file', cwd);
  const text = checkFileSize(bytes.length, shown, bag, 'Split the change requests it assigns.') ? decodeText(bytes, shown, bag) : undefined;
  const assignments = text === undefined ? undefined : parseAssignments(text, shown, bag);
  return assignments ? { assignments, state: 'file' } : { assignments: undefined, state: 'unreadable' };
}

/**
 * Without the assignment file every placeholder is unassigned: said once, at the file, rather than
 * once per placeholder (which would hide the cause). Nothing is said when no placeholder needs it.
 */
function reportMissingAssignments(
  read: Extract<AssignmentsRead, { state: 'missing' }>,
  reports: readonly ChangeRequestReport[],
  bag: DiagnosticBag,
  cwd: string,
): void {
  const shown = displayPath(read.path, cwd);
  if (read.yml !== undefined) {
    bag.error(
      'missing-assignment-file',
      `The assignment file is \`${shown}\`, but this one is named \`.yml\`: rename it to \`${DEFAULT_ASSIGNMENTS}\` ` +
        `(or name it with \`--assignments\`).`,
      fileSpan(displayPath(read.yml, cwd)),
    );
    return;
  }
  const waiting = reports
    .map((r) => ({ report: r, rows: r.rows.filter((row) => row.status === 'unassigned') }))
    .filter((w) => w.rows.length > 0);
  const count = waiting.reduce((n, w) => n + w.rows.length, 0);
  if (count === 0) return;
  const crs = waiting.map((w) => `\`${w.report.document.id}\``).join(', ');
  bag.error(
    'missing-assignment-file',
    `The assignment file \`${shown}\` does not exist, so the ${count} ${count === 1 ? 'placeholder' : 'placeholders'} (\`XX\`) of ${crs} ` +
      `${count === 1 ? 'has no token' : 'have no tokens'}. Create it: \`imps-tokengen suggest > ${shown}\` proposes one to review.`,
    fileSpan(shown),
    waiting.map((w) => ({ message: `the first placeholder of \`${w.report.document.id}\``, at: w.rows[0]!.stated.at })),
  );
}
