/**
 * The front half of the pipeline: spec folder → parsed documents → composed versions → checks.
 * Every command starts here; it never throws for problems in the spec (they are diagnostics),
 * only {@link UsageError} for a missing folder or an unreadable file.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { composeSpec } from './compose/compose.js';
import type { ChangeRequestReport } from './compose/types.js';
import { DiagnosticBag, type Diagnostic } from './diagnostics.js';
import type { SpecModel } from './model/types.js';
import { parseAssignments, type ParsedAssignments } from './parse/assignments.js';
import { DEFAULT_ASSIGNMENTS_FILE as DEFAULT_ASSIGNMENTS } from './defaults.js';
import { decodeText, readBytes } from './parse/files.js';
import { readSpecFolder } from './parse/spec-folder.js';
import type { ParsedDocument } from './parse/types.js';
import { validateVersion } from './validate/validate-version.js';
import { displayPath } from './common/paths.js';

export interface LoadOptions {
  /** The spec folder. */
  readonly specDir: string;
  /**
   * The assignment file. Default: `assignments.yaml` in the spec folder, which may be absent
   * (then every placeholder is unassigned). A file named explicitly must exist.
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
  const read =
    options.noAssignments || options.baseOnly
      ? { assignments: undefined, unreadable: false }
      : readAssignments(specDir, options.assignmentsPath && resolve(cwd, options.assignmentsPath), bag, cwd);
  const assignments = read.assignments;
  const composed = composeSpec(documents, assignments, bag, {
    baseOnly: options.baseOnly ?? false,
    assignmentsUnreadable: read.unreadable,
    unreadableDocuments: unreadable,
  });
  for (const version of composed.model.versions) validateVersion(version, bag);
  const assignmentFile = assignments
    ? {
        specPath: displayPath(resolve(cwd, options.assignmentsPath ?? join(specDir, DEFAULT_ASSIGNMENTS)), specDir),
        sha256: assignments.sha256,
      }
    : undefined;
  const inputs = assignmentFile
    ? [...composed.model.inputs, { path: assignmentFile.specPath, sha256: assignmentFile.sha256 }]
    : composed.model.inputs;
  return {
    model: { ...composed.model, inputs, assignmentFile },
    reports: composed.reports,
    documents,
    assignments,
    diagnostics: bag.list(),
    hasErrors: bag.hasErrors,
  };
}

/** The assignment file, or nothing; `unreadable` when it exists but could not be read at all (reported). */
function readAssignments(
  specDir: string,
  explicit: string | undefined,
  bag: DiagnosticBag,
  cwd: string,
): { assignments: ParsedAssignments | undefined; unreadable: boolean } {
  const path = explicit ?? join(specDir, DEFAULT_ASSIGNMENTS);
  if (explicit === undefined && !existsSync(path)) return { assignments: undefined, unreadable: false };
  const shown = displayPath(path, cwd);
  const text = decodeText(readBytes(path, 'Assignment file', cwd), shown, bag);
  const assignments = text === undefined ? undefined : parseAssignments(text, shown, bag);
  return { assignments, unreadable: assignments === undefined };
}
